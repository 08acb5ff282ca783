package dev.fanin.internal

import java.util.concurrent.Callable
import java.util.concurrent.Executor
import java.util.function.Function

/**
 * Runs [body] on [executor] as the first task of this group and returns the future of its result,
 * available once the whole group has ended (the Java facade's `Fanin.taskGroup`); the group's
 * failures become [aggregate] of them. A body for its caller's thread is started on a CallerThread,
 * undecorated ([decorate] false), and runs when that says so.
 */
internal fun <R> GroupCore.runBody(
    body: Callable<out R>,
    executor: Executor,
    aggregate: Function<List<Throwable>, out Throwable>,
    decorate: Boolean = true,
): JobFuture<R> {
    val bodyResult = fork(body, executor, decorate)
    val joined = join(aggregate)
    // Backed by the group's job: cancelling it (or completing it otherwise) cancels the group,
    // and a blocking caller can wait for every task to stop (FutureBridge.awaitStopped).
    val result = JobFuture<R>()
    result.job = job
    joined.whenDone { _, failure ->
        if (failure != null) result.failFromWork(failure) else result.completeFromWork(bodyResult.join())
    }
    return result
}

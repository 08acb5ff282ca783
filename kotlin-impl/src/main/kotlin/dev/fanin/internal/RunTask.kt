package dev.fanin.internal

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Job
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.job
import kotlinx.coroutines.withContext
import java.util.concurrent.Callable
import java.util.concurrent.Executor

/**
 * Runs the Java [task] on [executor] as a [TaskRun] of the current coroutine, and suspends until it
 * has ended: returns its value, or a [Thrown] with the exception it threw (the original object) or
 * that the executor threw refusing it.
 *
 * Cancelling the coroutine cancels the run (interrupting the task if it runs) and still suspends
 * until it has stopped, so that no task outlives the coroutine. Fanin calls the task makes belong
 * to it (TaskRun). A task cancelled before it started never runs.
 *
 * [decorate]: whether the task decorator applies (TaskRuns.start).
 *
 * @throws CancellationException if the coroutine was cancelled and the task then returned a value
 *   (it is lost, as in asyncio) or threw the cancellation's echo, or never started.
 */
internal suspend fun runTask(task: Callable<*>, executor: Executor, decorate: Boolean = true): Any? {
    val context = currentCoroutineContext()
    context.ensureActive()
    val runs = OneRun(context.job)
    val outcome = try {
        runs.start(TaskRun(0, task, runs), executor, decorate)
        withContext(NonCancellable) { runs.outcome.await() }
    } finally {
        runs.dispose()
    }
    if (outcome === TaskRun.CANCELLED) {
        context.ensureActive()
        throw CancellationException("the task was cancelled")
    }
    return outcome
}

/** One run, cancelled with the coroutine whose [job] it watches. */
private class OneRun(job: Job) : TaskRuns(watched = job, parent = null) {
    val outcome = CompletableDeferred<Any?>()

    override fun ended(run: TaskRun, outcome: Any?) {
        this.outcome.complete(outcome)
    }
}

package dev.fanin.interop

import dev.fanin.Outcome
import dev.fanin.internal.FutureGather
import dev.fanin.internal.TaskConfig
import dev.fanin.internal.TaskGather
import dev.fanin.internal.checkedArray
import dev.fanin.internal.named
import java.util.concurrent.Callable
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import java.util.concurrent.Executor

/**
 * The engine's gather for the Java facade. Arguments are checked here: a null element throws
 * NullPointerException naming it (`tasks[3]`); the facade checks the arguments themselves.
 *
 * @suppress
 */
@InternalFaninApi
public object GatherBridge {
    /** Runs [tasks] on [executor] (the default executor when null); see `Fanin.gather`. */
    @JvmStatic
    public fun <T> gatherTasks(tasks: List<Callable<out T>?>, executor: Executor?): CompletableFuture<List<T>> =
        startTasks<T>(tasks, executor, false).named("Fanin.gather", tasks.size, "task")

    /** Settled form of [gatherTasks]. */
    @JvmStatic
    public fun <T> gatherTasksSettled(
        tasks: List<Callable<out T>?>,
        executor: Executor?,
    ): CompletableFuture<List<Outcome<T>>> =
        startTasks<Outcome<T>>(tasks, executor, true).named("Fanin.gatherSettled", tasks.size, "task")

    /** Gathers stages the caller holds; see `Fanin.gatherFutures`. */
    @JvmStatic
    public fun <T> gatherFutures(futures: List<CompletionStage<out T>?>): CompletableFuture<List<T>> =
        FutureGather<T>(checkedArray(futures, "futures"), false).start().named("Fanin.gatherFutures", futures.size, "future")

    /** Settled form of [gatherFutures]. */
    @JvmStatic
    public fun <T> gatherFuturesSettled(
        futures: List<CompletionStage<out T>?>,
    ): CompletableFuture<List<Outcome<T>>> = FutureGather<Outcome<T>>(checkedArray(futures, "futures"), true).start()
        .named("Fanin.gatherFuturesSettled", futures.size, "future")

    private fun <R> startTasks(
        tasks: List<Callable<*>?>,
        executor: Executor?,
        settled: Boolean,
    ): CompletableFuture<List<R>> {
        val array: Array<Callable<*>> = checkedArray(tasks, "tasks")
        if (array.isEmpty()) return CompletableFuture.completedFuture(emptyList())
        return TaskGather<R>(array, settled).start(executor ?: TaskConfig.executor())
    }
}

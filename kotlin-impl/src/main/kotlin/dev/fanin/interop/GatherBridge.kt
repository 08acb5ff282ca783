package dev.fanin.interop

import dev.fanin.internal.FutureGather
import dev.fanin.internal.TaskExecutors
import dev.fanin.internal.TaskGather
import dev.fanin.internal.checkedArray
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
        startTasks(tasks, executor, null)

    /** Settled form of [gatherTasks]; outcomes come from [outcomes]. */
    @JvmStatic
    public fun <T, O> gatherTasksSettled(
        tasks: List<Callable<out T>?>,
        executor: Executor?,
        outcomes: OutcomeFactory<T, O>,
    ): CompletableFuture<List<O>> = startTasks(tasks, executor, outcomes)

    /** Gathers stages the caller holds; see `Fanin.gatherFutures`. */
    @JvmStatic
    public fun <T> gatherFutures(futures: List<CompletionStage<out T>?>): CompletableFuture<List<T>> =
        FutureGather<T>(checkedArray(futures, "futures"), null).start()

    /** Settled form of [gatherFutures]; outcomes come from [outcomes]. */
    @JvmStatic
    public fun <T, O> gatherFuturesSettled(
        futures: List<CompletionStage<out T>?>,
        outcomes: OutcomeFactory<T, O>,
    ): CompletableFuture<List<O>> = FutureGather<O>(checkedArray(futures, "futures"), outcomes.erased()).start()

    private fun <R> startTasks(
        tasks: List<Callable<*>?>,
        executor: Executor?,
        outcomes: OutcomeFactory<*, *>?,
    ): CompletableFuture<List<R>> {
        val array: Array<Callable<*>> = checkedArray(tasks, "tasks")
        if (array.isEmpty()) return CompletableFuture.completedFuture(emptyList())
        return TaskGather<R>(array, outcomes?.erased()).start(TaskExecutors.dispatcher(executor))
    }

    @Suppress("UNCHECKED_CAST")
    private fun OutcomeFactory<*, *>.erased(): OutcomeFactory<Any?, Any?> = this as OutcomeFactory<Any?, Any?>
}

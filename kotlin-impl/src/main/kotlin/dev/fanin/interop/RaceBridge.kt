package dev.fanin.interop

import dev.fanin.Completion
import dev.fanin.internal.FirstCompletion
import dev.fanin.internal.TaskExecutors
import dev.fanin.internal.TaskRace
import dev.fanin.internal.checkedArray
import dev.fanin.internal.requireNotNegative
import java.util.concurrent.Callable
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import java.util.concurrent.Executor
import kotlin.time.Duration
import kotlin.time.toKotlinDuration
import java.time.Duration as JavaDuration

/**
 * The engine's race and first completion for the Java facade. A null element throws
 * NullPointerException naming it (`tasks[3]`); the facade checks the arguments themselves.
 *
 * @suppress
 */
@InternalFaninApi
public object RaceBridge {
    /**
     * Runs [tasks] on [executor] (the default executor when null), starting them [stagger] apart
     * (all at once when null); see `Fanin.race`.
     */
    @JvmStatic
    public fun <T> race(tasks: List<Callable<out T>?>, stagger: JavaDuration?, executor: Executor?): CompletableFuture<T> {
        val array: Array<Callable<*>> = checkedArray(tasks, "tasks")
        require(array.isNotEmpty()) { "tasks is empty" }
        // A huge Java duration becomes Duration.INFINITE: the next task starts only on a failure.
        val delay = if (stagger == null) Duration.ZERO else requireNotNegative(stagger, "stagger").toKotlinDuration()
        return TaskRace<T>(array, delay, executor ?: TaskExecutors.default).start()
    }

    /** Waits for the first of [futures] to complete; see `Fanin.firstCompleted`. */
    @JvmStatic
    public fun <T, F : CompletionStage<out T>> firstCompleted(futures: List<F?>): CompletableFuture<Completion<T, F>> {
        val array = checkedArray<CompletionStage<*>>(futures, "futures")
        require(array.isNotEmpty()) { "futures is empty" }
        @Suppress("UNCHECKED_CAST")
        return FirstCompletion<T, F>(array as Array<F>).start()
    }
}

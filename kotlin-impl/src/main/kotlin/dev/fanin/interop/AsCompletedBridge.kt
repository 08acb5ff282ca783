package dev.fanin.interop

import dev.fanin.internal.AmbientJob
import dev.fanin.internal.CompletionSequence
import dev.fanin.internal.TaskStarter
import dev.fanin.internal.InputStarter
import dev.fanin.internal.ItemFactory
import dev.fanin.internal.StageStarter
import dev.fanin.internal.SequencePublisher
import dev.fanin.internal.TaskConfig
import dev.fanin.internal.checkedArray
import dev.fanin.internal.named
import dev.fanin.internal.requireNotNegative
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executor
import java.util.concurrent.Flow
import kotlin.time.Duration
import kotlin.time.toKotlinDuration
import java.time.Duration as JavaDuration

/**
 * The engine's asCompleted for the Java facade.
 *
 * @suppress
 */
@InternalFaninApi
public object AsCompletedBridge {
    /** Builds the facade's item from an input's index, the input itself and how it ended. */
    public fun interface Items<out R> {
        /** The item for input [index]: [value] if [exception] is null. */
        public fun create(index: Int, input: Any, value: Any?, exception: Throwable?): R
    }

    /**
     * A running as-completed sequence as the Java facade sees it; [operation] is the facade method
     * that started it, which names its futures and its publisher in toString.
     */
    public class Sequence<R : Any> internal constructor(
        internal val sequence: CompletionSequence<R>,
        internal val operation: String,
    ) {
        /** The future of the next item, or of null after the last. */
        public fun next(): CompletableFuture<R?> = sequence.next().named(operation)

        /** toString's state of the sequence, such as "5 started, 2 not taken, open"; never blocks. */
        public fun describe(): String = sequence.describe()

        /** The next item if one is ready now, else null: [next] then says why. */
        public fun poll(): R? = sequence.poll()

        /** Whether another item will come; may pull the source. */
        public fun hasNext(): Boolean = sequence.hasNext()

        /** Cancels the tasks Fanin started and fails waiting consumers; does not wait. */
        public fun close() {
            sequence.close()
        }

        /**
         * [close], then waits, without responding to interrupts, until every task Fanin started
         * has stopped. Returns whether the thread was interrupted while waiting (its interrupt
         * status is then clear).
         */
        public fun closeAndAwaitStopped(): Boolean {
            sequence.close()
            return sequence.awaitStopped()
        }

        /**
         * Waits, as [closeAndAwaitStopped] does, until every task Fanin started has stopped, without
         * closing: for a taker that saw the deadline pass, which cancelled them.
         */
        public fun awaitStopped(): Boolean = sequence.awaitStopped()
    }

    /**
     * Tasks Fanin runs on [executor] (the default executor if null), all started at once; see
     * `Fanin.asCompleted(List)`.
     */
    @JvmStatic
    public fun <R : Any> tasks(tasks: List<*>, timeout: JavaDuration?, executor: Executor?, items: Items<R>): Sequence<R> {
        val array = checkedArray<Any>(tasks, "tasks")
        val starter = TaskStarter(executor ?: TaskConfig.executor())
        return start(array.iterator(), "tasks", windowFor(array.size), false, starter, timeout, items, "Fanin.asCompleted")
    }

    /** Futures the caller holds; see `Fanin.asCompletedFutures`. */
    @JvmStatic
    public fun <R : Any> futures(futures: List<*>, timeout: JavaDuration?, items: Items<R>): Sequence<R> {
        val array = checkedArray<Any>(futures, "futures")
        return start(
            array.iterator(), "futures", windowFor(array.size), false, StageStarter, timeout, items, "Fanin.asCompletedFutures",
        )
    }

    /**
     * Tasks pulled lazily from [source], at most [limit] at a time, run on [executor] (the default
     * executor if null); see `Fanin.asCompleted(Iterator, int)`.
     */
    @JvmStatic
    public fun <R : Any> bounded(
        source: Iterator<*>,
        limit: Int,
        ordered: Boolean,
        executor: Executor?,
        items: Items<R>,
    ): Sequence<R> {
        require(limit >= 1) { "limit < 1: $limit" }
        val starter = TaskStarter(executor ?: TaskConfig.executor())
        val operation = if (ordered) "Fanin.asCompletedOrdered" else "Fanin.asCompleted"
        return start(source, "source", limit, ordered, starter, null, items, operation)
    }

    /** The items of [sequence] as a Publisher that honours demand; one subscriber. */
    @JvmStatic
    public fun <R : Any> publisher(sequence: Sequence<R>): Flow.Publisher<R> =
        SequencePublisher(sequence.sequence, sequence.operation)

    /**
     * Room for every input plus one more pull, so the end of a finite list is seen as soon as its
     * last input has started, not only after a result is taken.
     */
    private fun windowFor(size: Int): Int = if (size == Int.MAX_VALUE) size else size + 1

    private fun <R : Any> start(
        source: Iterator<Any?>,
        name: String,
        limit: Int,
        ordered: Boolean,
        starter: InputStarter,
        timeout: JavaDuration?,
        items: Items<R>,
        operation: String,
    ): Sequence<R> {
        timeout?.let { requireNotNegative(it) }
        val factory = ItemFactory { index, input, value, exception -> items.create(index, input, value, exception) }
        val sequence = CompletionSequence(source, name, maxOf(limit, 1), ordered, starter, factory, AmbientJob.get())
        return Sequence(sequence.start(timeout?.toKotlinDuration() ?: Duration.INFINITE), operation)
    }
}

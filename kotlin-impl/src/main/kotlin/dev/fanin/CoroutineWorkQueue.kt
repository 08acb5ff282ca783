package dev.fanin

import dev.fanin.internal.channelState
import dev.fanin.internal.describe
import kotlinx.coroutines.channels.BufferOverflow
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.ChannelResult
import kotlinx.coroutines.channels.SendChannel
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.selects.SelectClause2

/**
 * A channel that also counts the items sent into it and not yet processed, so that a producer can
 * wait until consumers have processed everything (asyncio's `Queue.task_done()` and `Queue.join()`).
 *
 * Each element sent counts as one unfinished item. A consumer calls [itemDone] once for each item
 * it received, when it has finished processing it, failed or not: call it in a `finally`, because an
 * item never marked done makes [join] wait forever, even after the queue is closed (as in asyncio). [join] suspends until no item is unfinished. An
 * element that never reaches a consumer (dropped by the buffer's overflow policy, discarded by
 * [cancel], or whose send was cancelled or failed) stops counting when kotlinx hands it to
 * `onUndeliveredElement`, so [join] does not wait for it.
 *
 * It is a kotlinx [Channel] in every other way, shared by coroutines and (through
 * `dev.fanin.java.WorkQueue`) Java threads. One difference: [onSend] is not supported, because a
 * send made through `select` could not be counted (adr/0008); it throws
 * [UnsupportedOperationException].
 *
 * ```
 * val queue = CoroutineWorkQueue<Job>(capacity = 64)
 * repeat(4) { launch { for (job in queue) try { run(job) } finally { queue.itemDone() } } }
 * jobs.forEach { queue.send(it) }
 * queue.join()   // every job has run
 * queue.close()
 * ```
 */
public class CoroutineWorkQueue<E> private constructor(
    private val unfinished: MutableStateFlow<Long>,
    private val channel: Channel<E>,
) : Channel<E> by channel {
    /**
     * Counts [element] as unfinished, then sends it like [Channel.send].
     *
     * **Cancellation and failure.** If the send is cancelled or the channel is closed, the element
     * stops counting (kotlinx passes it to `onUndeliveredElement`) and the exception is rethrown.
     */
    override suspend fun send(element: E) {
        unfinished.add(1)
        channel.send(element)
    }

    /** Counts [element] as unfinished, then tries to send it like [Channel.trySend]; a failed try does not count. */
    override fun trySend(element: E): ChannelResult<Unit> {
        unfinished.add(1)
        val result = channel.trySend(element)
        if (!result.isSuccess) unfinished.add(-1)
        return result
    }

    /** Not supported: a send made through `select` could not be counted. Use [send] or [trySend]. */
    override val onSend: SelectClause2<E, SendChannel<E>>
        get() = throw UnsupportedOperationException("CoroutineWorkQueue counts its sends; select cannot send to it")

    /**
     * Marks one received item as processed.
     *
     * @throws IllegalStateException if no item is unfinished (called more times than elements were
     *   sent and not dropped)
     */
    public fun itemDone() {
        while (true) {
            val current = unfinished.value
            check(current > 0) { "itemDone() called more times than items were sent" }
            if (unfinished.compareAndSet(current, current - 1)) return
        }
    }

    /** The number of items sent and not yet marked done (or dropped). */
    public val unfinishedItems: Long get() = unfinished.value

    /**
     * Suspends until every item sent so far has been marked done with [itemDone] or dropped.
     * Returns at once if there is none.
     *
     * **Cancellation.** Cancellable; cancelling it affects neither the queue nor its items.
     */
    public suspend fun join() {
        unfinished.first { it == 0L }
    }

    /**
     * `CoroutineWorkQueue[3 unfinished, open]`. Never the elements, as a kotlinx channel's own
     * toString lists them: their toString is user code. Never blocks; internal/Describe.kt says how
     * the open or closed state is read.
     */
    override fun toString(): String = describe("CoroutineWorkQueue", "$unfinishedItems unfinished", channelState(channel))

    /** Creates work queues: `WorkQueue(capacity)`. */
    public companion object {
        /**
         * A work queue with the buffer kotlinx's `Channel(capacity, onBufferOverflow,
         * onUndeliveredElement)` would have; [onUndeliveredElement] is called after the element
         * stopped counting.
         *
         * @throws IllegalArgumentException if [capacity] is negative and not one of kotlinx's
         *   constants, or [onBufferOverflow] is DROP_LATEST: kotlinx does not report the element it
         *   drops from a `trySend`, so such a queue could not stop counting it (adr/0008)
         */
        public operator fun <E> invoke(
            capacity: Int = Channel.UNLIMITED,
            onBufferOverflow: BufferOverflow = BufferOverflow.SUSPEND,
            onUndeliveredElement: ((E) -> Unit)? = null,
        ): CoroutineWorkQueue<E> {
            require(onBufferOverflow != BufferOverflow.DROP_LATEST || capacity == Channel.UNLIMITED) {
                "a work queue cannot drop the latest element (its send could not be counted): use DROP_OLDEST or SUSPEND"
            }
            val unfinished = MutableStateFlow(0L)
            val channel = Channel<E>(capacity, onBufferOverflow) { element ->
                unfinished.add(-1)
                onUndeliveredElement?.invoke(element)
            }
            return CoroutineWorkQueue(unfinished, channel)
        }

        private fun MutableStateFlow<Long>.add(delta: Long) {
            while (true) {
                val current = value
                if (compareAndSet(current, current + delta)) return
            }
        }
    }
}

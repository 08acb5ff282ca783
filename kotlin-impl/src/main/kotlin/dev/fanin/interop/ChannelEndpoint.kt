package dev.fanin.interop

import dev.fanin.CoroutineWorkQueue
import dev.fanin.internal.ParkedCall
import dev.fanin.internal.ThreadChannel
import dev.fanin.internal.channelState
import dev.fanin.internal.joinParts
import dev.fanin.internal.named
import dev.fanin.internal.startJobFuture
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.BufferOverflow
import kotlinx.coroutines.channels.Channel
import java.util.concurrent.CompletableFuture
import java.util.function.Consumer
import java.util.function.Function
import java.time.Duration as JavaDuration

/**
 * The Java facade's `Channel`: a kotlinx [channel] operated from Java threads by the engine's
 * [ThreadChannel]. Closed channels are reported with the exception `closed` makes from the close
 * cause (null for a normal close).
 *
 * @suppress
 */
@InternalFaninApi
public class ChannelEndpoint<E : Any> private constructor(
    /** The engine's side of this endpoint; select clauses are made from it. */
    internal val ops: ThreadChannel<E>,
    /** The capacity as kotlinx counts it, for toString; negative for a channel made elsewhere. */
    private val capacity: Int,
    private val overflow: BufferOverflow,
) {
    /** An endpoint for a kotlinx channel made elsewhere: its callback follows kotlinx's rules. */
    public constructor(channel: Channel<E>, closed: Function<Throwable?, RuntimeException>) :
        this(ThreadChannel.of(channel, closed), -1, BufferOverflow.SUSPEND)

    /** The kotlinx channel; coroutines may use it at the same time. */
    public val channel: Channel<E> get() = ops.channel

    /** How the facade builds the typed result of a non-throwing receive. */
    public interface Receipts<E, R> {
        /** [element] was received. */
        public fun received(element: E): R

        /** Nothing was received: the channel was empty, or the deadline passed. */
        public fun empty(): R

        /** The channel is closed and drained; [cause] is null for a normal close. */
        public fun closed(cause: Throwable?): R
    }

    /** Sends [element], waiting as long as it takes; see `Channel.send`. */
    @Throws(InterruptedException::class)
    public fun send(element: E) {
        ops.send(element)
    }

    /** Sends [element] if that needs no waiting; see `Channel.trySend`. */
    public fun trySend(element: E): Boolean = ops.trySend(element)

    /** Sends [element], waiting at most [timeout]; see `Channel.trySend(E, Duration)`. */
    @Throws(InterruptedException::class)
    public fun trySend(element: E, timeout: JavaDuration): Boolean = ops.trySend(element, timeout)

    /** The future of sending [element]; see `Channel.sendAsync`. */
    public fun sendAsync(element: E): CompletableFuture<Void?> = ops.sendAsync(element).named("Channel.sendAsync")

    /** Receives an element, waiting as long as it takes; see `Channel.receive`. */
    @Throws(InterruptedException::class)
    public fun receive(): E = ops.receive()

    /** Receives an element or learns that the channel is closed; see `Channel.receiveCatching`. */
    @Throws(InterruptedException::class)
    public fun <R> receiveCatching(receipts: Receipts<E, R>): R =
        ops.receiveWithin(ParkedCall.FOREVER, receipts::received, receipts::empty, receipts::closed)

    /** Receives an element if one is ready; see `Channel.tryReceive`. */
    public fun <R> tryReceive(receipts: Receipts<E, R>): R =
        ops.tryReceive(receipts::received, receipts::empty, receipts::closed)

    /** Receives an element, waiting at most [timeout]; see `Channel.tryReceive(Duration)`. */
    @Throws(InterruptedException::class)
    public fun <R> tryReceive(timeout: JavaDuration, receipts: Receipts<E, R>): R =
        ops.tryReceive(timeout, receipts::received, receipts::empty, receipts::closed)

    /** Whether the channel is closed for sending. */
    public val isClosedForSend: Boolean get() = ops.isClosedForSend

    /** Whether the channel is closed and drained. */
    public val isClosedForReceive: Boolean get() = ops.isClosedForReceive

    /**
     * The channel's shape and state for the facade's toString, such as "capacity 16, open" or
     * "unbounded, 3 unfinished, closed" (a work queue): never its elements, whose toString is user
     * code. The capacity is left out for a channel made elsewhere. See Describe.kt for how the state
     * is read.
     */
    public fun describe(): String {
        val shape = when {
            capacity < 0 -> null
            capacity == 0 -> "rendezvous"
            capacity == Channel.UNLIMITED -> "unbounded"
            else -> "capacity $capacity"
        }
        val drops = when (overflow) {
            BufferOverflow.SUSPEND -> null
            BufferOverflow.DROP_OLDEST -> "drops oldest"
            BufferOverflow.DROP_LATEST -> "drops latest"
        }
        val unfinished = (channel as? CoroutineWorkQueue<*>)?.let { "${it.unfinishedItems} unfinished" }
        return joinParts(shape, drops, unfinished, channelState(channel))
    }

    /** The future of the next element; see `Channel.receiveAsync`. */
    public fun receiveAsync(): CompletableFuture<E> = ops.receiveAsync().named("Channel.receiveAsync")

    /** Waits until every item of the work queue is done; see `WorkQueue.joinAsync`. */
    public fun joinAsync(): CompletableFuture<Void?> {
        val queue = channel as CoroutineWorkQueue<*>
        return startJobFuture<Void?>(Dispatchers.Unconfined) {
            queue.join()
            null
        }.named("WorkQueue.joinAsync")
    }

    public companion object {
        /**
         * An endpoint with a new kotlinx channel, for the Java facade's factories: [capacity] as
         * kotlinx counts it, the [overflow] policy, and [onUndelivered] (may be null). A
         * [CoroutineWorkQueue] if [tracked].
         */
        @JvmStatic
        public fun <E : Any> create(
            capacity: Int,
            overflow: BufferOverflow,
            onUndelivered: Consumer<in E>?,
            tracked: Boolean,
            closed: Function<Throwable?, RuntimeException>,
        ): ChannelEndpoint<E> {
            require(capacity >= 0) { "capacity < 0: $capacity" }
            require(capacity > 0 || overflow == BufferOverflow.SUSPEND) {
                "capacity must be at least 1 when the overflow policy drops elements: $overflow"
            }
            require(!tracked || overflow != BufferOverflow.DROP_LATEST) {
                "a work queue cannot drop the latest element (its send could not be counted): use DROP_OLDEST or WAIT"
            }
            val ops = ThreadChannel.create(capacity, overflow, onUndelivered, closed) { callback ->
                if (tracked) CoroutineWorkQueue(capacity, overflow, callback) else Channel(capacity, overflow, callback)
            }
            return ChannelEndpoint(ops, capacity, overflow)
        }
    }
}

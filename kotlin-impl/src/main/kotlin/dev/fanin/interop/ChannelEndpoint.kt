package dev.fanin.interop

import dev.fanin.CoroutineWorkQueue
import dev.fanin.internal.FutureCall
import dev.fanin.internal.ParkedCall
import dev.fanin.internal.Thrown
import dev.fanin.internal.UndeliveredFilter
import dev.fanin.internal.VirtualThreads
import dev.fanin.internal.requireNotNegative
import dev.fanin.internal.startJobFuture
import kotlinx.coroutines.DelicateCoroutinesApi
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.BufferOverflow
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.ClosedReceiveChannelException
import kotlinx.coroutines.channels.ClosedSendChannelException
import java.util.concurrent.CompletableFuture
import java.util.function.Consumer
import java.util.function.Function
import kotlin.coroutines.intrinsics.COROUTINE_SUSPENDED
import java.time.Duration as JavaDuration

/**
 * The engine behind the Java facade's `Channel`: a kotlinx [channel] operated from Java threads.
 *
 * Every operation first tries to complete at once on the calling thread (a `trySend` or
 * `tryReceive`, nothing allocated). Only an operation that must wait becomes a suspend call on the
 * caller's thread, with a [ParkedCall] (blocking forms) or a [FutureCall] (future forms) as its
 * continuation. Closed channels are reported with the exception [closed] makes from the close
 * cause (null for a normal close).
 *
 * @suppress
 */
@InternalFaninApi
public class ChannelEndpoint<E : Any> private constructor(
    /** The kotlinx channel; coroutines may use it at the same time. */
    public val channel: Channel<E>,
    private val closed: Function<Throwable?, RuntimeException>,
    /** Keeps a failed send's element with its sender; null for a channel without a callback. */
    internal val filter: UndeliveredFilter<E>?,
    /** Whether a send may drop its own element, which only kotlinx's suspending send reports. */
    internal val dropsLatest: Boolean,
    /** How long a waiting virtual thread spins before it parks; see [ParkedCall]. */
    private val virtualSpins: Int,
) {
    /** An endpoint for a kotlinx channel made elsewhere: its callback follows kotlinx's rules. */
    public constructor(channel: Channel<E>, closed: Function<Throwable?, RuntimeException>) :
        this(channel, closed, null, false, UNKNOWN_KIND_SPINS)

    /**
     * Spins for a thread about to wait here. A platform thread's park and unpark cost far more than
     * a virtual thread's (docs/benchmarks.md), so it spins long whatever the channel; a virtual
     * thread's spin holds a carrier, so it spins only on a rendezvous.
     */
    private fun spinsHere(): Int = if (VirtualThreads.current()) virtualSpins else PLATFORM_SPINS

    @Suppress("UNCHECKED_CAST")
    private val anyChannel = channel as Channel<Any?>

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
        sendWithin(element, ParkedCall.FOREVER)
    }

    /** Sends [element] if that needs no waiting; see `Channel.trySend`. */
    public fun trySend(element: E): Boolean {
        if (dropsLatest) return sendDroppingLatest(element)
        val attempt = channel.trySend(element)
        if (attempt.isClosed) throw closed.apply(closeCauseOf(attempt.exceptionOrNull()))
        return attempt.isSuccess
    }

    /** Sends [element], waiting at most [timeout]; see `Channel.trySend(E, Duration)`. */
    @Throws(InterruptedException::class)
    public fun trySend(element: E, timeout: JavaDuration): Boolean {
        val timeoutNanos = nanosOf(timeout)
        return if (timeoutNanos == 0L) {
            if (Thread.interrupted()) throw InterruptedException()
            trySend(element)
        } else {
            sendWithin(element, timeoutNanos)
        }
    }

    private fun sendWithin(element: E, timeoutNanos: Long): Boolean {
        if (Thread.interrupted()) throw InterruptedException()
        return trySend(element) || sendSuspending(element, timeoutNanos)
    }

    /**
     * A send on a DROP_LATEST channel, which never waits: made through kotlinx's suspending send,
     * because only that one hands a dropped element to the callback.
     */
    private fun sendDroppingLatest(element: E): Boolean = sendSuspending(element, ParkedCall.FOREVER)

    /**
     * kotlinx's suspending send made from this thread, waiting at most [timeoutNanos]; false if the
     * deadline withdrew it. A send that fails keeps its element away from the user's callback.
     */
    private fun sendSuspending(element: E, timeoutNanos: Long): Boolean {
        val send = filter?.begin(element)
        var sent = false
        try {
            val call = ParkedCall(spinsHere())
            var outcome = call.start(anyChannel, element, SEND)
            if (outcome === COROUTINE_SUSPENDED) outcome = call.await(timeoutNanos)
            if (outcome === ParkedCall.TIMED_OUT) return false
            if (outcome is Thrown) throw sendFailure(outcome.exception)
            sent = true
            return true
        } finally {
            if (send != null) filter.end(send, sent)
        }
    }

    /** The future of sending [element]; see `Channel.sendAsync`. */
    public fun sendAsync(element: E): CompletableFuture<Void?> {
        if (!dropsLatest) {
            val attempt = channel.trySend(element)
            if (attempt.isSuccess) return CompletableFuture.completedFuture(null)
            if (attempt.isClosed) {
                return CompletableFuture.failedFuture(closed.apply(closeCauseOf(attempt.exceptionOrNull())))
            }
        }
        val filter = filter
        val future = FutureCall<Void?>({ null }, ::sendFailure) { withdrawal ->
            if (filter == null) {
                withdrawal.run()
            } else {
                val send = filter.begin(element)
                try {
                    withdrawal.run()
                } finally {
                    filter.end(send, false)
                }
            }
        }
        val send = filter?.begin(element)
        var outcome: Any? = COROUTINE_SUSPENDED
        try {
            outcome = future.start(anyChannel, element, SEND)
        } finally {
            if (send != null) filter.end(send, outcome !== COROUTINE_SUSPENDED && outcome !is Thrown)
        }
        return future
    }

    /** Receives an element, waiting as long as it takes; see `Channel.receive`. */
    @Throws(InterruptedException::class)
    public fun receive(): E {
        if (Thread.interrupted()) throw InterruptedException()
        val attempt = channel.tryReceive()
        if (attempt.isSuccess) return attempt.getOrThrow()
        if (attempt.isClosed) throw closed.apply(attempt.exceptionOrNull())
        val outcome = receiveSlowly(ParkedCall.FOREVER)
        if (outcome is Thrown) throw receiveFailure(outcome.exception)
        @Suppress("UNCHECKED_CAST")
        return outcome as E
    }

    /** Receives an element or learns that the channel is closed; see `Channel.receiveCatching`. */
    @Throws(InterruptedException::class)
    public fun <R> receiveCatching(receipts: Receipts<E, R>): R = receiveWithin(ParkedCall.FOREVER, receipts)

    /** Receives an element if one is ready; see `Channel.tryReceive`. */
    public fun <R> tryReceive(receipts: Receipts<E, R>): R {
        val attempt = channel.tryReceive()
        return when {
            attempt.isSuccess -> receipts.received(attempt.getOrThrow())
            attempt.isClosed -> receipts.closed(attempt.exceptionOrNull())
            else -> receipts.empty()
        }
    }

    /** Receives an element, waiting at most [timeout]; see `Channel.tryReceive(Duration)`. */
    @Throws(InterruptedException::class)
    public fun <R> tryReceive(timeout: JavaDuration, receipts: Receipts<E, R>): R {
        val timeoutNanos = nanosOf(timeout)
        return if (timeoutNanos == 0L) {
            if (Thread.interrupted()) throw InterruptedException()
            tryReceive(receipts)
        } else {
            receiveWithin(timeoutNanos, receipts)
        }
    }

    /** Whether the channel is closed for sending. */
    @OptIn(DelicateCoroutinesApi::class)
    public val isClosedForSend: Boolean get() = channel.isClosedForSend

    /** Whether the channel is closed and drained. */
    @OptIn(DelicateCoroutinesApi::class)
    public val isClosedForReceive: Boolean get() = channel.isClosedForReceive

    // isClosedForReceive after a failed receive: the channel is closed for good by then.
    @OptIn(DelicateCoroutinesApi::class)
    private fun <R> receiveWithin(timeoutNanos: Long, receipts: Receipts<E, R>): R {
        if (Thread.interrupted()) throw InterruptedException()
        val attempt = channel.tryReceive()
        if (attempt.isSuccess) return receipts.received(attempt.getOrThrow())
        if (attempt.isClosed) return receipts.closed(attempt.exceptionOrNull())
        val outcome = receiveSlowly(timeoutNanos)
        if (outcome === ParkedCall.TIMED_OUT) return receipts.empty()
        if (outcome is Thrown) {
            val cause = closeCauseOf(outcome.exception)
            if (!channel.isClosedForReceive) throw outcome.exception
            return receipts.closed(cause)
        }
        @Suppress("UNCHECKED_CAST")
        return receipts.received(outcome as E)
    }

    private fun receiveSlowly(timeoutNanos: Long): Any? {
        val call = ParkedCall(spinsHere())
        val outcome = call.start(anyChannel, RECEIVE)
        return if (outcome === COROUTINE_SUSPENDED) call.await(timeoutNanos) else outcome
    }

    /** The future of the next element; see `Channel.receiveAsync`. */
    public fun receiveAsync(): CompletableFuture<E> {
        val attempt = channel.tryReceive()
        if (attempt.isSuccess) return CompletableFuture.completedFuture(attempt.getOrThrow())
        if (attempt.isClosed) return CompletableFuture.failedFuture(closed.apply(attempt.exceptionOrNull()))
        @Suppress("UNCHECKED_CAST")
        val future = FutureCall<E>({ it as E }, ::receiveFailure)
        future.start(anyChannel, RECEIVE)
        return future
    }

    @OptIn(DelicateCoroutinesApi::class)
    private fun sendFailure(exception: Throwable): Throwable =
        if (exception is ClosedSendChannelException || channel.isClosedForSend) {
            closed.apply(closeCauseOf(exception))
        } else {
            exception
        }

    @OptIn(DelicateCoroutinesApi::class)
    private fun receiveFailure(exception: Throwable): Throwable =
        if (exception is ClosedReceiveChannelException || channel.isClosedForReceive) {
            closed.apply(closeCauseOf(exception))
        } else {
            exception
        }

    /** Waits until every item of the work queue is done; see `WorkQueue.joinAsync`. */
    public fun joinAsync(): CompletableFuture<Void?> {
        val queue = channel as CoroutineWorkQueue<*>
        return startJobFuture(Dispatchers.Unconfined) {
            queue.join()
            null
        }
    }

    public companion object {
        // ChannelJavaBenchmark's parking floor spins as PLATFORM_SPINS and RENDEZVOUS_SPINS say,
        // so that it measures this endpoint's path without its extras: change them together.

        /** Spins of a waiting platform thread: about 8 µs. */
        private const val PLATFORM_SPINS = 512

        /** Spins of a virtual thread waiting on a rendezvous: about 2 µs. */
        private const val RENDEZVOUS_SPINS = 128

        /** Spins of a virtual thread on a channel whose kind is not known (made by kotlinx, wrapped). */
        private const val UNKNOWN_KIND_SPINS = 32

        // Function references, not lambdas: kotlinx calls them without a coroutine state machine.
        private val SEND: suspend Channel<Any?>.(Any?) -> Any? = Channel<Any?>::send
        private val RECEIVE: suspend Channel<Any?>.() -> Any? = Channel<Any?>::receive

        /** [timeout] in nanoseconds, saturated; a negative timeout is rejected. */
        private fun nanosOf(timeout: JavaDuration): Long {
            return try {
                requireNotNegative(timeout).toNanos()
            } catch (_: ArithmeticException) {
                Long.MAX_VALUE
            }
        }

        /** The cause a channel was closed with, given the exception a send or receive saw. */
        private fun closeCauseOf(exception: Throwable?): Throwable? =
            if (exception is ClosedSendChannelException || exception is ClosedReceiveChannelException) null else exception

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
            val filter = onUndelivered?.let { consumer -> UndeliveredFilter<E> { consumer.accept(it) } }
            val callback = filter?.callback
            val channel = if (tracked) CoroutineWorkQueue(capacity, overflow, callback) else Channel(capacity, overflow, callback)
            val dropsLatest = overflow == BufferOverflow.DROP_LATEST && capacity != Channel.UNLIMITED
            return ChannelEndpoint(channel, closed, filter, dropsLatest, if (capacity == 0) RENDEZVOUS_SPINS else 0)
        }
    }
}

package dev.fanin.internal

import kotlinx.coroutines.DelicateCoroutinesApi
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
 * A kotlinx [channel] operated from Java threads: the engine behind the Java facade's `Channel`
 * (through the bridge's `ChannelEndpoint`).
 *
 * Every operation first tries to complete at once on the calling thread (a `trySend` or
 * `tryReceive`, nothing allocated). Only an operation that must wait becomes a suspend call on the
 * caller's thread, with a [ParkedCall] (blocking forms) or a [FutureCall] (future forms) as its
 * continuation. Closed channels are reported with the exception [closed] makes from the close
 * cause (null for a normal close).
 *
 * The receives that do not throw hand their result to one of three functions (onReceived, onEmpty,
 * onClosed); they are inline, so that passing the caller's functions costs no allocation.
 */
internal class ThreadChannel<E : Any> private constructor(
    /** The kotlinx channel; coroutines may use it at the same time. */
    val channel: Channel<E>,
    private val closed: Function<Throwable?, RuntimeException>,
    /** Keeps a failed send's element with its sender; null for a channel without a callback. */
    private val filter: UndeliveredFilter<E>?,
    /** Whether a send may drop its own element, which only kotlinx's suspending send reports. */
    private val dropsLatest: Boolean,
    /** How long a waiting virtual thread spins before it parks; see [ParkedCall]. */
    private val virtualSpins: Int,
) {
    /**
     * Spins for a thread about to wait here. A platform thread's park and unpark cost far more than
     * a virtual thread's (docs/benchmarks.md), so it spins long whatever the channel; a virtual
     * thread's spin holds a carrier, so it spins only on a rendezvous.
     */
    private fun spinsHere(): Int = if (VirtualThreads.current()) virtualSpins else Tuning.PLATFORM_WAIT_SPINS

    @Suppress("UNCHECKED_CAST")
    private val anyChannel = channel as Channel<Any?>

    /** Sends [element], waiting as long as it takes; see `Channel.send`. */
    fun send(element: E) {
        sendWithin(element, ParkedCall.FOREVER)
    }

    /** Sends [element] if that needs no waiting; see `Channel.trySend`. */
    fun trySend(element: E): Boolean {
        if (dropsLatest) return sendDroppingLatest(element)
        val attempt = channel.trySend(element)
        if (attempt.isClosed) throw closed.apply(closeCauseOf(attempt.exceptionOrNull()))
        return attempt.isSuccess
    }

    /** Sends [element], waiting at most [timeout]; see `Channel.trySend(E, Duration)`. */
    fun trySend(element: E, timeout: JavaDuration): Boolean {
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
    @OptIn(DelicateCoroutinesApi::class)
    private fun sendSuspending(element: E, timeoutNanos: Long): Boolean {
        // A send that may wait offers its element to the filter; a DROP_LATEST send never waits,
        // and holding back callbacks on its own thread is enough (UndeliveredFilter).
        val filter = filter
        val send = if (filter == null) null else if (dropsLatest) filter.begin(element) else filter.offer(element)
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
            if (send != null) filter?.end(send, sent, !sent && channel.isClosedForSend)
        }
    }

    /** The future of sending [element]; see `Channel.sendAsync`. */
    @OptIn(DelicateCoroutinesApi::class)
    fun sendAsync(element: E): CompletableFuture<Void?> {
        if (!dropsLatest) {
            val attempt = channel.trySend(element)
            if (attempt.isSuccess) return CompletableFuture.completedFuture(null)
            if (attempt.isClosed) {
                return CompletableFuture.failedFuture(closed.apply(closeCauseOf(attempt.exceptionOrNull())))
            }
        }
        val filter = filter
        val future = if (filter == null) {
            FutureCall<Void?>({ null }, ::sendFailure)
        } else {
            // Offered until the call ends, however it ends (UndeliveredFilter).
            val offer = filter.offer(element)
            FutureCall<Void?>({ null }, ::sendFailure) { real, outcome ->
                val sent = real && outcome !is Thrown
                filter.end(offer, sent, !sent && channel.isClosedForSend)
            }
        }
        future.start(anyChannel, element, SEND)
        return future
    }

    /** Receives an element, waiting as long as it takes; see `Channel.receive`. */
    fun receive(): E {
        if (Thread.interrupted()) throw InterruptedException()
        val attempt = channel.tryReceive()
        if (attempt.isSuccess) return attempt.getOrThrow()
        if (attempt.isClosed) throw closed.apply(attempt.exceptionOrNull())
        val outcome = receiveSlowly(ParkedCall.FOREVER)
        if (outcome is Thrown) throw receiveFailure(outcome.exception)
        @Suppress("UNCHECKED_CAST")
        return outcome as E
    }

    /**
     * Receives an element if one is ready; see `Channel.tryReceive`. Returns [onReceived] of the
     * element, [onEmpty] if none is ready, or [onClosed] of the close cause (null for a normal close).
     */
    inline fun <R> tryReceive(onReceived: (E) -> R, onEmpty: () -> R, onClosed: (Throwable?) -> R): R {
        val attempt = channel.tryReceive()
        return when {
            attempt.isSuccess -> onReceived(attempt.getOrThrow())
            attempt.isClosed -> onClosed(attempt.exceptionOrNull())
            else -> onEmpty()
        }
    }

    /**
     * Receives an element, waiting at most [timeout], and returns as [receiveWithin] does; see
     * `Channel.tryReceive(Duration)`.
     */
    inline fun <R> tryReceive(timeout: JavaDuration, onReceived: (E) -> R, onEmpty: () -> R, onClosed: (Throwable?) -> R): R {
        val timeoutNanos = nanosOf(timeout)
        return if (timeoutNanos == 0L) {
            if (Thread.interrupted()) throw InterruptedException()
            tryReceive(onReceived, onEmpty, onClosed)
        } else {
            receiveWithin(timeoutNanos, onReceived, onEmpty, onClosed)
        }
    }

    /**
     * Receives an element, waiting at most [timeoutNanos] ([ParkedCall.FOREVER]: as long as it
     * takes), and returns as [tryReceive] does; [onEmpty] when the deadline passed. See
     * `Channel.receiveCatching`.
     */
    // isClosedForReceive after a failed receive: the channel is closed for good by then.
    @OptIn(DelicateCoroutinesApi::class)
    inline fun <R> receiveWithin(timeoutNanos: Long, onReceived: (E) -> R, onEmpty: () -> R, onClosed: (Throwable?) -> R): R {
        if (Thread.interrupted()) throw InterruptedException()
        val attempt = channel.tryReceive()
        if (attempt.isSuccess) return onReceived(attempt.getOrThrow())
        if (attempt.isClosed) return onClosed(attempt.exceptionOrNull())
        val outcome = receiveSlowly(timeoutNanos)
        if (outcome === ParkedCall.TIMED_OUT) return onEmpty()
        if (outcome is Thrown) {
            val cause = closeCauseOf(outcome.exception)
            if (!channel.isClosedForReceive) throw outcome.exception
            return onClosed(cause)
        }
        @Suppress("UNCHECKED_CAST")
        return onReceived(outcome as E)
    }

    /** Whether the channel is closed for sending. */
    @OptIn(DelicateCoroutinesApi::class)
    val isClosedForSend: Boolean get() = channel.isClosedForSend

    /** Whether the channel is closed and drained. */
    @OptIn(DelicateCoroutinesApi::class)
    val isClosedForReceive: Boolean get() = channel.isClosedForReceive

    /** The waiting part of a receive: the element, a [Thrown], or [ParkedCall.TIMED_OUT]. */
    fun receiveSlowly(timeoutNanos: Long): Any? {
        val call = ParkedCall(spinsHere())
        val outcome = call.start(anyChannel, RECEIVE)
        return if (outcome === COROUTINE_SUSPENDED) call.await(timeoutNanos) else outcome
    }

    /** The future of the next element; see `Channel.receiveAsync`. */
    fun receiveAsync(): CompletableFuture<E> {
        val attempt = channel.tryReceive()
        if (attempt.isSuccess) return CompletableFuture.completedFuture(attempt.getOrThrow())
        if (attempt.isClosed) return CompletableFuture.failedFuture(closed.apply(attempt.exceptionOrNull()))
        @Suppress("UNCHECKED_CAST")
        val future = FutureCall<E>({ it as E }, ::receiveFailure)
        future.start(anyChannel, RECEIVE)
        return future
    }

    /** A select clause receiving from this channel. */
    fun receiveClause(untilClosed: Boolean = false): SelectClauseSpec = SelectClauseSpec.Receive(anyChannel, untilClosed)

    /** A select clause sending [element] to this channel, with its filter and overflow policy. */
    fun sendClause(element: Any): SelectClauseSpec {
        @Suppress("UNCHECKED_CAST")
        return SelectClauseSpec.Send(anyChannel, element, filter as UndeliveredFilter<Any?>?, dropsLatest)
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

    companion object {
        // Function references, not lambdas: kotlinx calls them without a coroutine state machine.
        private val SEND: suspend Channel<Any?>.(Any?) -> Any? = Channel<Any?>::send
        private val RECEIVE: suspend Channel<Any?>.() -> Any? = Channel<Any?>::receive

        /** [timeout] in nanoseconds, saturated; a negative timeout is rejected. */
        fun nanosOf(timeout: JavaDuration): Long {
            return try {
                requireNotNegative(timeout).toNanos()
            } catch (_: ArithmeticException) {
                Long.MAX_VALUE
            }
        }

        /** The cause a channel was closed with, given the exception a send or receive saw. */
        fun closeCauseOf(exception: Throwable?): Throwable? =
            if (exception is ClosedSendChannelException || exception is ClosedReceiveChannelException) null else exception

        /**
         * A channel made elsewhere, by kotlinx or a user: its callback follows kotlinx's rules. Its
         * kind is unknown, so a virtual thread waiting on it parks without spinning.
         */
        fun <E : Any> of(channel: Channel<E>, closed: Function<Throwable?, RuntimeException>): ThreadChannel<E> =
            ThreadChannel(channel, closed, null, false, 0)

        /**
         * A new channel with [capacity] as kotlinx counts it, the [overflow] policy, and
         * [onUndelivered] (may be null); [newChannel] makes the kotlinx channel from the callback to
         * give it (null for none). The arguments are checked by the caller.
         */
        fun <E : Any> create(
            capacity: Int,
            overflow: BufferOverflow,
            onUndelivered: Consumer<in E>?,
            closed: Function<Throwable?, RuntimeException>,
            newChannel: (callback: ((E) -> Unit)?) -> Channel<E>,
        ): ThreadChannel<E> {
            val filter = onUndelivered?.let { consumer -> UndeliveredFilter<E> { consumer.accept(it) } }
            val channel = newChannel(filter?.callback)
            val dropsLatest = overflow == BufferOverflow.DROP_LATEST && capacity != Channel.UNLIMITED
            return ThreadChannel(channel, closed, filter, dropsLatest, if (capacity == 0) Tuning.VIRTUAL_RENDEZVOUS_SPINS else 0)
        }
    }
}

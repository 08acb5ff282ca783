package dev.fanin.interop

import dev.fanin.internal.ClosedChannel
import dev.fanin.internal.Fired
import dev.fanin.internal.FutureCall
import dev.fanin.internal.ParkedCall
import dev.fanin.internal.SelectClauseSpec
import dev.fanin.internal.SelectSpec
import dev.fanin.internal.Thrown
import dev.fanin.internal.UndeliveredFilter
import dev.fanin.internal.VirtualThreads
import dev.fanin.internal.requireNotNegative
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.ClosedSendChannelException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import java.util.function.Function
import kotlin.coroutines.intrinsics.COROUTINE_SUSPENDED
import java.time.Duration as JavaDuration

/**
 * The engine's select for the Java facade: one kotlinx select over the facade's clauses, made on
 * the caller's thread like a channel operation ([ChannelEndpoint]).
 *
 * @suppress
 */
@InternalFaninApi
public object SelectBridge {
    /** A clause, as the engine registers it. */
    public class Clause internal constructor(internal val spec: SelectClauseSpec)

    /**
     * Which clause fired: its [index] in the facade's list, or -1 for the default, and what it
     * fired with. For a receive: the element, or [closed] with [closeCause]. For a completion: the
     * value, or the [failure]. Otherwise nothing.
     */
    public class Selected internal constructor(
        public val index: Int,
        public val value: Any?,
        public val closed: Boolean,
        public val closeCause: Throwable?,
        public val failure: Throwable?,
    )

    /** A receive from [endpoint]'s channel. */
    @JvmStatic
    public fun receive(endpoint: ChannelEndpoint<*>): Clause {
        @Suppress("UNCHECKED_CAST")
        return Clause(SelectClauseSpec.Receive(endpoint.channel as Channel<Any?>))
    }

    /** A send of [element] to [endpoint]'s channel. */
    @JvmStatic
    public fun send(endpoint: ChannelEndpoint<*>, element: Any): Clause {
        @Suppress("UNCHECKED_CAST")
        return Clause(
            SelectClauseSpec.Send(
                endpoint.channel as Channel<Any?>,
                element,
                endpoint.filter as UndeliveredFilter<Any?>?,
                endpoint.dropsLatest,
            ),
        )
    }

    /** The completion of [stage]. */
    @JvmStatic
    public fun complete(stage: CompletionStage<*>): Clause = Clause(SelectClauseSpec.Complete(stage))

    /** A clause that fires once [timeout] has passed. */
    @JvmStatic
    public fun timeout(timeout: JavaDuration): Clause {
        requireNotNegative(timeout)
        // Rounded up, as kotlinx does: a timer never fires before its timeout has passed.
        val millis = try {
            val whole = timeout.toMillis()
            if (timeout.minusMillis(whole).isZero) whole else whole + 1
        } catch (_: ArithmeticException) {
            Long.MAX_VALUE
        }
        return Clause(SelectClauseSpec.Timeout(millis))
    }

    /**
     * Runs a select on this thread: the first clause ready, in [order] (indexes into [clauses]),
     * fires; if none is and [hasDefault], the default does; else the thread waits.
     *
     * @throws InterruptedException if interrupted while waiting; every clause was withdrawn
     * @throws RuntimeException what [closed] makes of a send clause's closed channel
     */
    @JvmStatic
    @Throws(InterruptedException::class)
    public fun select(
        clauses: List<Clause>,
        order: IntArray,
        hasDefault: Boolean,
        closed: Function<Throwable?, RuntimeException>,
    ): Selected {
        if (Thread.interrupted()) throw InterruptedException()
        val call = ParkedCall(if (VirtualThreads.current()) VIRTUAL_SPINS else PLATFORM_SPINS)
        val spec = spec(clauses, order, hasDefault)
        var outcome = call.start(spec, RUN)
        if (outcome === COROUTINE_SUSPENDED) outcome = call.await(ParkedCall.FOREVER)
        if (outcome is Thrown) throw failure(spec, outcome.exception, closed)
        return selected(outcome as Fired)
    }

    /**
     * Starts a select and returns the future of [handle] applied to the fired clause, applied on
     * the thread that completes the select. Completing the future otherwise withdraws every clause.
     */
    @JvmStatic
    public fun <R> selectAsync(
        clauses: List<Clause>,
        order: IntArray,
        hasDefault: Boolean,
        closed: Function<Throwable?, RuntimeException>,
        handle: Function<Selected, R>,
    ): CompletableFuture<R> {
        val spec = spec(clauses, order, hasDefault)
        val future = FutureCall(
            { handle.apply(selected(it as Fired)) },
            { failure(spec, it, closed) },
            mapsWithUserCode = true,
        )
        future.start(spec, RUN)
        return future
    }

    private fun spec(clauses: List<Clause>, order: IntArray, hasDefault: Boolean): SelectSpec =
        SelectSpec(clauses.map { it.spec }, order, hasDefault)

    private fun selected(fired: Fired): Selected = when (val value = fired.value) {
        is ClosedChannel -> Selected(fired.index, null, true, value.cause, null)
        is Thrown -> Selected(fired.index, null, false, null, value.exception)
        else -> Selected(fired.index, value, false, null, null)
    }

    /**
     * A send clause on a closed channel fails the select with the facade's closed exception; kotlinx
     * throws the close cause itself, or ClosedSendChannelException after a normal close.
     */
    private fun failure(spec: SelectSpec, exception: Throwable, closed: Function<Throwable?, RuntimeException>): Throwable =
        when {
            exception is ClosedSendChannelException -> closed.apply(null)
            spec.sendsToClosedChannel() -> closed.apply(exception)
            else -> exception
        }

    private const val PLATFORM_SPINS = 512
    private const val VIRTUAL_SPINS = 64

    private val RUN: suspend SelectSpec.() -> Any? = SelectSpec::run
}

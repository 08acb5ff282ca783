package dev.fanin.internal

import kotlinx.coroutines.channels.ClosedSendChannelException
import java.util.concurrent.CompletableFuture
import java.util.function.Function
import kotlin.coroutines.intrinsics.COROUTINE_SUSPENDED
import java.time.Duration as JavaDuration

/**
 * A select made from Java threads: one kotlinx select over a [SelectSpec], run on the caller's
 * thread like a channel operation ([ThreadChannel]). The engine behind the bridge's `SelectBridge`.
 */
internal object ThreadSelect {
    /** A clause that fires once [timeout] has passed. */
    fun timeoutClause(timeout: JavaDuration): SelectClauseSpec {
        requireNotNegative(timeout)
        // Rounded up, as kotlinx does: a timer never fires before its timeout has passed.
        val millis = try {
            val whole = timeout.toMillis()
            if (timeout.minusMillis(whole).isZero) whole else whole + 1
        } catch (_: ArithmeticException) {
            Long.MAX_VALUE
        }
        return SelectClauseSpec.Timeout(millis)
    }

    /**
     * Runs [spec] on this thread: the first clause ready fires; if none is and it has a default,
     * the default does; else the thread waits.
     *
     * @throws InterruptedException if interrupted while waiting; every clause was withdrawn
     * @throws RuntimeException what [closed] makes of a send clause's closed channel
     */
    fun select(spec: SelectSpec, closed: Function<Throwable?, RuntimeException>): Fired {
        val spins = if (VirtualThreads.current()) Tuning.VIRTUAL_SELECT_SPINS else Tuning.PLATFORM_WAIT_SPINS
        val start = spec.startTime()
        while (true) {
            // Also between passes: a pass that ended with AGAIN took nothing, so an interrupt
            // during it (ParkedCall keeps the status) is reported here.
            if (Thread.interrupted()) throw InterruptedException()
            val call = ParkedCall(spins)
            var outcome = call.start(spec, start, PASS)
            if (outcome === COROUTINE_SUSPENDED) outcome = call.await(ParkedCall.FOREVER)
            if (outcome === ThreadCall.AGAIN) continue
            if (outcome is Thrown) throw failure(spec, outcome.exception, closed)
            return outcome as Fired
        }
    }

    /**
     * Starts [spec] and returns the future of [handle] applied to the fired clause, applied on the
     * thread that completes the select. Completing the future otherwise withdraws every clause.
     */
    fun <R> selectAsync(
        spec: SelectSpec,
        closed: Function<Throwable?, RuntimeException>,
        handle: (Fired) -> R,
    ): CompletableFuture<R> {
        val future = FutureCall(
            { handle(it as Fired) },
            { failure(spec, it, closed) },
            mapsWithUserCode = true,
            inPasses = true,
        )
        future.start(spec, spec.startTime(), PASS)
        return future
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

    private val PASS: suspend SelectSpec.(Long) -> Any? = SelectSpec::pass
}

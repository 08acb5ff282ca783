package dev.fanin.internal

import java.util.concurrent.CompletableFuture
import kotlin.coroutines.intrinsics.COROUTINE_SUSPENDED

/*
 * The future side of a ThreadCall: the outcome completes a CompletableFuture.
 *
 * Anyone who completes the future other than the call itself (cancel, complete, orTimeout,
 * completeExceptionally) first withdraws the call, so that it cannot go on and take or send an
 * element nobody will hear of. Withdrawing cancels the job, which either cancels the suspended call
 * (kotlinx resumes it with the withdrawal, on this thread) or finds it already completed by another
 * thread that is about to resume it. In that second case the withdrawer waits those few
 * instructions for the outcome, and the future completes with it: a received element is not lost
 * to a cancelled or timed-out future, and a sent one is not reported as unsent.
 */

/**
 * The future of a suspend call made from a Java thread. [mapValue] maps the call's value and
 * [mapFailure] its exception to what the future reports. [aroundWithdrawal] runs the withdrawal
 * (the channel uses it to keep a withdrawn send's element with the sender). Inside a Fanin task the
 * future is linked to the task's job once started ([AmbientJob.link]): the task's cancellation
 * withdraws the call through [cancel], and the task does not complete before the call.
 */
internal class FutureCall<T>(
    private val mapValue: (Any?) -> T,
    private val mapFailure: (Throwable) -> Throwable,
    private val aroundWithdrawal: (Runnable) -> Unit = { it.run() },
) : CompletableFuture<T>() {
    private val call = object : ThreadCall() {
        override fun onOutcome(outcome: Any?) = settle(outcome)
    }

    /** Set once the call has ended and its outcome has been applied. */
    @Volatile
    private var ended = false

    /** Starts [operation] on this thread; the future completes with its outcome. Returns the immediate outcome or [COROUTINE_SUSPENDED]. */
    fun <R> start(receiver: R, operation: suspend R.() -> Any?): Any? = started(call.start(receiver, operation))

    /** Starts [operation] with [param] on this thread, as [ThreadCall.start] does. */
    fun <R, P> start(receiver: R, param: P, operation: suspend R.(P) -> Any?): Any? =
        started(call.start(receiver, param, operation))

    private fun started(immediate: Any?): Any? {
        if (immediate !== COROUTINE_SUSPENDED) settle(immediate) else AmbientJob.link(this)
        return immediate
    }

    private fun settle(outcome: Any?) {
        call.job.complete()
        when {
            call.isWithdrawn(outcome) -> Unit // the withdrawer completes the future
            outcome is Thrown -> super.completeExceptionally(mapFailure(outcome.exception))
            else -> try {
                super.complete(mapValue(outcome))
            } catch (t: Throwable) {
                super.completeExceptionally(t) // a mapping that runs user code (a select's handler) threw
            }
        }
        ended = true
    }

    /** Withdraws the call unless it has ended, and waits until it has. */
    private fun withdraw() {
        // isDone: the outcome was applied (a dependent of that completion may be calling us).
        if (ended || isDone) return
        aroundWithdrawal(Runnable { call.job.cancel() })
        var spins = 0
        while (!ended) if (++spins < YIELD_AFTER) Thread.onSpinWait() else Thread.yield()
    }

    override fun cancel(mayInterruptIfRunning: Boolean): Boolean {
        withdraw()
        return super.cancel(mayInterruptIfRunning)
    }

    override fun complete(value: T): Boolean {
        withdraw()
        return super.complete(value)
    }

    override fun completeExceptionally(ex: Throwable): Boolean {
        withdraw()
        return super.completeExceptionally(ex)
    }

    private companion object {
        /** Spins before a withdrawer starts yielding to a resumer that lost its core. */
        const val YIELD_AFTER = 128
    }
}

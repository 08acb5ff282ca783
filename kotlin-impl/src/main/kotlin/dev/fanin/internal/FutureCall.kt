package dev.fanin.internal

import kotlinx.coroutines.Job
import java.util.concurrent.CompletableFuture
import kotlin.coroutines.intrinsics.COROUTINE_SUSPENDED

/*
 * The future side of a ThreadCall: the outcome completes a CompletableFuture.
 *
 * cancel() withdraws the call and reports what really happened. It cancels the job, which either
 * cancels the suspended call (kotlinx then resumes it with the withdrawal, on this thread, and the
 * future is cancelled) or finds it already completed by another thread that is about to resume it.
 * In that second case cancel() waits those few instructions for the outcome and the future
 * completes with it: a received element is not lost to a cancelled future, and a sent one is not
 * reported as unsent.
 */

/**
 * The future of a suspend call made from a Java thread. [mapValue] maps the call's value and
 * [mapFailure] its exception to what the future reports. The call is a child of [parent] (the
 * ambient job) when there is one, so cancelling that job withdraws it.
 */
internal class FutureCall<T>(
    parent: Job?,
    private val mapValue: (Any?) -> T,
    private val mapFailure: (Throwable) -> Throwable,
) : CompletableFuture<T>() {
    private val call = object : ThreadCall(parent) {
        override fun onOutcome(outcome: Any?) = settle(outcome)
    }

    /** Starts [operation] on this thread; the future completes with its outcome. */
    fun <R> start(receiver: R, operation: suspend R.() -> Any?): CompletableFuture<T> {
        val immediate = call.start(receiver, operation)
        if (immediate !== COROUTINE_SUSPENDED) settle(immediate)
        return this
    }

    private fun settle(outcome: Any?) {
        call.job.complete()
        when {
            call.isWithdrawn(outcome) -> super.cancel(false)
            outcome is Thrown -> completeExceptionally(mapFailure(outcome.exception))
            else -> complete(mapValue(outcome))
        }
    }

    override fun cancel(mayInterruptIfRunning: Boolean): Boolean {
        if (isDone) return isCancelled
        call.job.cancel()
        // The call is now withdrawn (and this future cancelled, on this thread) or was completed
        // by another thread that is resuming it; wait for that resumption.
        var spins = 0
        while (!isDone) if (++spins < YIELD_AFTER) Thread.onSpinWait() else Thread.yield()
        return isCancelled
    }

    private companion object {
        /** Spins before cancel() starts yielding to a resumer that lost its core. */
        const val YIELD_AFTER = 128
    }
}

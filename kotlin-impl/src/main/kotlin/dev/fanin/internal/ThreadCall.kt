package dev.fanin.internal

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableJob
import kotlinx.coroutines.Job
import kotlin.coroutines.Continuation
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.intrinsics.COROUTINE_SUSPENDED
import kotlin.coroutines.intrinsics.startCoroutineUninterceptedOrReturn

/*
 * How a Java thread makes a suspend call (a channel send or receive) without a coroutine: the call
 * is started on the caller's thread with a ThreadCall as its continuation. If the call completes at
 * once it returns its result there, and nothing else happens. If it suspends, whoever completes it
 * later (a receiver on another thread, a coroutine) calls resumeWith, and the subclass wakes the
 * waiting thread or completes a future.
 *
 * The continuation's context is a Job and nothing else. The Job is how a Java thread withdraws a
 * call: cancelling it (with a Withdrawal, so that the outcome tells a withdrawal from a channel's
 * own cancellation) cancels the suspended call, which kotlinx then undoes (a waiting sender keeps
 * its element, a waiting receiver takes nothing). There is no dispatcher, so kotlinx resumes
 * the call on the thread that completes it; subclasses only record the outcome there and hand off.
 */

/** A suspend call made from a Java thread; [resumeWith] receives its outcome. */
internal abstract class ThreadCall : Continuation<Any?> {
    /**
     * Cancelling this job withdraws the call. It has no parent on purpose: kotlinx cancels a call
     * whose job is already cancelled even after it completed at once (prompt cancellation), so an
     * element could be taken or sent and then reported withdrawn. Only a withdrawal after the call
     * suspended is safe, and that is the only way this job is cancelled.
     */
    @JvmField
    val job: CompletableJob = Job()

    override val context: CoroutineContext get() = job

    /**
     * Starts [call] on this thread. Returns its value, or a [Thrown], if it completed at once; else
     * [COROUTINE_SUSPENDED], and [resumeWith] will receive the outcome.
     */
    fun <R> start(receiver: R, call: suspend R.() -> Any?): Any? = try {
        call.startCoroutineUninterceptedOrReturn(receiver, this)
    } catch (t: Throwable) {
        Thrown(t)
    }

    /**
     * Starts [call] with [param] on this thread, as [start] does. [call] should be a function
     * reference, which kotlinx invokes without allocating a coroutine state machine.
     */
    fun <R, P> start(receiver: R, param: P, call: suspend R.(P) -> Any?): Any? = try {
        // A suspend function of arity 2 is, on the JVM, a function of arity 3 whose last parameter
        // is the continuation; this is how kotlinx starts coroutines too.
        @Suppress("UNCHECKED_CAST")
        (call as Function3<R, P, Continuation<Any?>, Any?>).invoke(receiver, param, this)
    } catch (t: Throwable) {
        Thrown(t)
    }

    override fun resumeWith(result: Result<Any?>) {
        val exception = result.exceptionOrNull()
        onOutcome(if (exception == null) result.getOrNull() else Thrown(exception.withoutRecoveredCopy()))
    }

    /** The call ended with [outcome], a value or a [Thrown]; runs on the thread that ended it. */
    protected abstract fun onOutcome(outcome: Any?)

    /**
     * Withdraws the call: cancels [job] with a [Withdrawal], which kotlinx resumes the call with if
     * it cancelled it. Call only after the call suspended (see [job]).
     */
    fun withdraw() {
        job.cancel(Withdrawal())
    }

    /**
     * Whether [outcome] is the withdrawal [withdraw] caused, so the call did nothing. Told by its
     * class, not by any CancellationException: a cancelled channel resumes its waiting senders and
     * receivers with a CancellationException of its own, and that outcome is real (the channel
     * failed the call), even when [withdraw] raced it.
     */
    fun isWithdrawn(outcome: Any?): Boolean = outcome is Thrown && outcome.exception is Withdrawal

    companion object {
        /**
         * The outcome of one pass of an operation made of passes (a select with until-closed
         * clauses, SelectSpec.pass): it did nothing the caller must hear of, and the operation goes
         * on as a new call. Each pass is its own call so that it is withdrawn only once suspended.
         */
        @JvmField
        val AGAIN: Any = Any()
    }

    /** The cause [withdraw] cancels [job] with; never reaches a caller, so it has no stack trace. */
    private class Withdrawal : CancellationException("the call was withdrawn") {
        override fun fillInStackTrace(): Throwable = this
    }
}

/**
 * The exception itself rather than the copy kotlinx's stack-trace recovery (on when assertions are
 * enabled) makes when it resumes a continuation: a copy has the same class and message and the
 * original as its cause. Java callers are promised the original object (a close cause, say).
 */
internal fun Throwable.withoutRecoveredCopy(): Throwable {
    val original = safeCause() ?: return this
    return if (isRecoveredCopy(this, original)) original else this
}

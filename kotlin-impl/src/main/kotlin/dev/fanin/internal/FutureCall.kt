package dev.fanin.internal

import java.util.concurrent.CompletableFuture
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executor
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater
import java.util.function.Supplier
import kotlin.coroutines.intrinsics.COROUTINE_SUSPENDED

/*
 * The future side of a ThreadCall: the outcome completes a CompletableFuture.
 *
 * Anyone who completes the future other than the call itself (cancel, complete, orTimeout,
 * completeExceptionally, completeAsync, obtrude) first withdraws the call, so that it cannot go on and take or send an
 * element nobody will hear of. Withdrawing cancels the job, which either cancels the suspended call
 * (kotlinx resumes it with the withdrawal, on this thread) or finds it already completed by another
 * thread that is about to resume it. In that second case the withdrawer waits those few
 * instructions for the outcome, and the future completes with it: a received element is not lost
 * to a cancelled or timed-out future, and a sent one is not reported as unsent. The wait spins
 * briefly and then parks on a latch the outcome opens (HandoffWait.kt): the resumer may have lost
 * its carrier, and a spinning withdrawer would keep it from getting one back.
 *
 * An operation made of passes (a select with until-closed clauses) runs each pass as a new call
 * (ThreadCall.AGAIN), started by the thread that ended the last one. A call is withdrawn only once
 * it has suspended ([current]): the withdrawer marks the future WITHDRAWING and withdraws the
 * suspended call it replaced; the starter of a later pass publishes it with a CAS once suspended, and
 * withdraws it itself if the CAS finds the mark. Either way the call that is waiting is withdrawn.
 */

/**
 * The future of a suspend call made from a Java thread. [mapValue] maps the call's value and
 * [mapFailure] its exception to what the future reports. [onEnded] learns how the call ended, on
 * the thread that ended it, before the future completes (the channel ends its send's offer there,
 * UndeliveredFilter): whether it was real (false: withdrawn) and its outcome. Inside a Fanin task the
 * future is linked to the task's job once started ([AmbientJob.link]): the task's cancellation
 * withdraws the call through [cancel], and the task does not complete before the call.
 */
internal class FutureCall<T>(
    private val mapValue: (Any?) -> T,
    private val mapFailure: (Throwable) -> Throwable,
    /** Whether [mapValue] runs user code (a select's handler), which must not run inside kotlinx. */
    private val mapsWithUserCode: Boolean = false,
    /** Whether the operation is made of passes, each a new call (see the file comment). */
    private val inPasses: Boolean = false,
    private val onEnded: ((real: Boolean, outcome: Any?) -> Unit)? = null,
) : CompletableFuture<T>() {
    private val call = newCall()

    /**
     * Null until the call suspends; then the suspended call (a later pass replaces it), or
     * [WITHDRAWING] once a withdrawer came. Set through [CURRENT] after the first.
     */
    @Volatile
    private var current: Any? = null

    /** How to start the next pass of an operation [inPasses] as the given call; null otherwise. */
    private var nextPass: ((ThreadCall) -> Any?)? = null

    /** Set once the call has ended, withdrawn or not. */
    @Volatile
    private var ended = false

    /** Set (before [ended]) when the call ended with a real outcome, which the future will get. */
    @Volatile
    private var arrived = false

    /**
     * Null until a withdrawer must park for the outcome: then the latch it waits on, which the
     * outcome opens; [OPEN_LATCH] once the call has ended. Set only through [ENDED_LATCH].
     */
    @Volatile
    @Suppress("unused")
    private var endedLatch: CountDownLatch? = null

    /** toString's name for this future, as WorkFuture's; set through [named] before it is returned. */
    private var label: String? = null

    /** Names this future for toString ("Channel.receiveAsync"); returns it. */
    fun named(operation: String): FutureCall<T> {
        label = operation
        return this
    }

    /** "Channel.receiveAsync[incomplete]" (Describe.kt): never CompletableFuture's own, which calls the exception's toString. */
    override fun toString(): String = describeFuture(this, label ?: "FutureCall", null)

    /** Starts [operation] on this thread; the future completes with its outcome. Returns the immediate outcome or [COROUTINE_SUSPENDED]. */
    fun <R> start(receiver: R, operation: suspend R.() -> Any?): Any? {
        if (inPasses) nextPass = { call -> call.start(receiver, operation) }
        return started(call.start(receiver, operation))
    }

    /** Starts [operation] with [param] on this thread, as [ThreadCall.start] does. */
    fun <R, P> start(receiver: R, param: P, operation: suspend R.(P) -> Any?): Any? {
        if (inPasses) nextPass = { call -> call.start(receiver, param, operation) }
        return started(call.start(receiver, param, operation))
    }

    private fun started(immediate: Any?): Any? {
        if (immediate === COROUTINE_SUSPENDED) {
            current = call // no withdrawer yet: the future has not been returned
        } else if (arrive(immediate, inline = true)) {
            return immediate
        }
        AmbientJob.link(this)
        return COROUTINE_SUSPENDED
    }

    /** A call whose outcome [arrive]s here: the first, and one per later pass of an operation [inPasses]. */
    private fun newCall(): ThreadCall = object : ThreadCall() {
        override fun onOutcome(outcome: Any?) {
            arrive(outcome, inline = false)
        }
    }

    /**
     * The call ended with [outcome]. [ThreadCall.AGAIN] starts the next pass on this thread; returns
     * false if that pass suspended (a later call ends it), else true once the operation has [end]ed.
     */
    private fun arrive(outcome: Any?, inline: Boolean): Boolean {
        var last = outcome
        while (last === ThreadCall.AGAIN) {
            val suspended = current
            if (suspended === WITHDRAWING) break // the withdrawal wins: this pass did nothing
            val next = newCall()
            last = nextPass!!(next)
            if (last === COROUTINE_SUSPENDED) {
                if (!CURRENT.compareAndSet(this, suspended, next)) next.withdraw() // a withdrawer came
                return false
            }
        }
        end(last, inline)
        return true
    }

    /**
     * The operation ended. A real outcome completes the future, on the thread that ended the call,
     * except that a mapping with user code (a select's handler) runs on Fanin's default executor
     * when the call had suspended: the resuming thread is inside kotlinx's channel or select code,
     * and a handler that uses the same channel could wait there forever for a cell this thread is
     * still resuming, or block kotlinx's one timer thread. Any other completion also moves there
     * when the resuming thread is one of kotlinx's own (a ticker, a coroutine on Dispatchers.Default
     * that sent): the future's dependent stages would run on it (see KotlinxThreads). An inline
     * outcome completes the future before anyone could add a stage to it.
     */
    private fun end(outcome: Any?, inline: Boolean) {
        // The job is left as it is: completing it here would race a withdrawer cancelling it, and
        // the loser blocks on the job's monitor. On JDK 24+ that unmounts a virtual thread, and this
        // thread may be a resumer that holds a kotlinx channel cell other threads spin on: with as
        // many spinners as carriers it would never run again. A withdrawal after this finds ended set.
        val real = outcome !== ThreadCall.AGAIN && !call.isWithdrawn(outcome)
        onEnded?.invoke(real, outcome)
        if (real) arrived = true // else the withdrawer completes the future
        ended = true
        ENDED_LATCH.getAndSet(this, OPEN_LATCH)?.countDown()
        if (!arrived) return
        if (inline || (!mapsWithUserCode && !KotlinxThreads.isCurrent())) {
            apply(outcome)
        } else {
            TaskExecutors.default.execute { apply(outcome) }
        }
    }

    private fun apply(outcome: Any?) {
        if (outcome is Thrown) {
            super.completeExceptionally(mapFailure(outcome.exception))
        } else {
            try {
                super.complete(mapValue(outcome))
            } catch (t: Throwable) {
                super.completeExceptionally(t) // a mapping that runs user code (a select's handler) threw
            }
        }
    }

    /**
     * Withdraws the call unless it has ended, and waits until it has (a resumer on another thread
     * takes a few instructions; the wait ignores interrupts and keeps them). Returns whether it was withdrawn, so that an outside completion
     * may apply; false if the call's own outcome arrived and will complete the future.
     */
    private fun withdraw(): Boolean {
        if (!ended) {
            (CURRENT.getAndSet(this, WITHDRAWING) as? ThreadCall)?.withdraw()
            awaitEnded()
        }
        return !arrived
    }

    private fun awaitEnded() {
        var spins = Tuning.HANDOFF_SPINS
        while (!ended && spins-- > 0) Thread.onSpinWait()
        if (ended) return
        val mine = CountDownLatch(1)
        val latch = if (ENDED_LATCH.compareAndSet(this, null, mine)) mine else ENDED_LATCH.get(this)!!
        awaitUninterruptibly(latch) // opened by arrive, which sets ended first
    }

    override fun cancel(mayInterruptIfRunning: Boolean): Boolean =
        if (withdraw()) super.cancel(mayInterruptIfRunning) else isCancelled

    override fun complete(value: T): Boolean = withdraw() && super.complete(value)

    override fun completeExceptionally(ex: Throwable): Boolean = withdraw() && super.completeExceptionally(ex)

    override fun completeAsync(supplier: Supplier<out T>, executor: Executor): CompletableFuture<T> =
        completeAsyncThroughOverrides(supplier, executor)

    override fun completeAsync(supplier: Supplier<out T>): CompletableFuture<T> = completeAsync(supplier, defaultExecutor())

    override fun obtrudeValue(value: T) {
        withdraw()
        super.obtrudeValue(value)
    }

    override fun obtrudeException(ex: Throwable) {
        withdraw()
        super.obtrudeException(ex)
    }

    private companion object {
        /** [current] once a withdrawer came. */
        val WITHDRAWING = Any()

        val CURRENT: AtomicReferenceFieldUpdater<FutureCall<*>, Any?> =
            AtomicReferenceFieldUpdater.newUpdater(FutureCall::class.java, Any::class.java, "current")

        val ENDED_LATCH: AtomicReferenceFieldUpdater<FutureCall<*>, CountDownLatch?> =
            AtomicReferenceFieldUpdater.newUpdater(FutureCall::class.java, CountDownLatch::class.java, "endedLatch")
    }
}

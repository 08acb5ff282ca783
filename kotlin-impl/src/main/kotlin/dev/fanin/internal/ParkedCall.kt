package dev.fanin.internal

import java.util.concurrent.locks.LockSupport

/*
 * The blocking side of a ThreadCall: the calling thread waits for the outcome, spinning briefly
 * and then parking. Parking a virtual thread frees its carrier.
 *
 * Why spin first, and only on a rendezvous: there the other side usually arrives within a few
 * hundred nanoseconds, while park and unpark cost microseconds on a platform thread. On a buffered
 * channel spinning backfires: a receiver that wakes at once takes elements one by one, while one
 * that parks lets the sender fill the buffer and then drains it in a batch. The caller chooses
 * [spins]; docs/benchmarks.md has what a spin costs and buys.
 *
 * Interrupts and deadlines withdraw the call by cancelling its job, then keep waiting for the
 * outcome: kotlinx either cancels the call (the outcome is the withdrawal) or has already completed
 * it on another thread (the outcome is a real result, which wins and is returned: an element, or a
 * cancelled channel's failure). So an element is never lost or delivered twice; the interrupt is
 * then reported by the thread's interrupt status. The wait is a bounded spin, then a park: the
 * resumer unparks the waiter, never the other way round, so nothing here waits on a spin alone.
 */

/** A [ThreadCall] that the calling thread waits for. Use once, on the thread that created it. */
internal class ParkedCall(private val spins: Int) : ThreadCall() {
    private val thread: Thread = Thread.currentThread()

    @Volatile
    private var outcome: Any? = PENDING

    /**
     * Set before the waiter first parks. The resumer writes the outcome, then unparks only if this is
     * set; the waiter sets it, then reads the outcome before parking. One of them sees the other's
     * write, so no wakeup is lost, and a call resumed while its waiter spins costs no unpark.
     */
    @Volatile
    private var parking = false

    override fun onOutcome(outcome: Any?) {
        this.outcome = outcome
        if (parking) LockSupport.unpark(thread)
    }

    /**
     * Waits until the call started with [start] has ended and returns its outcome: a value, a
     * [Thrown], or [TIMED_OUT] if the call was withdrawn because [timeoutNanos] passed
     * ([FOREVER] waits without a deadline).
     *
     * @throws InterruptedException if the thread was interrupted and the call was withdrawn; the
     *   interrupt status is then clear. If the call completed anyway, it is returned and the status set.
     */
    fun await(timeoutNanos: Long): Any? {
        var spins = spins
        while (outcome === PENDING && spins-- > 0) Thread.onSpinWait()
        parking = true
        var interrupted = false
        var withdrawn = false
        val deadline = if (timeoutNanos == FOREVER) 0L else System.nanoTime() + timeoutNanos
        while (outcome === PENDING) {
            if (timeoutNanos == FOREVER || withdrawn) {
                LockSupport.park(this)
            } else {
                val left = deadline - System.nanoTime()
                if (left <= 0L) {
                    withdrawn = true
                    withdraw()
                    continue
                }
                LockSupport.parkNanos(this, left)
            }
            if (Thread.interrupted() && !interrupted) {
                interrupted = true
                withdrawn = true
                withdraw()
            }
        }
        val result = outcome
        if (isWithdrawn(result)) {
            if (interrupted) throw InterruptedException()
            return TIMED_OUT
        }
        if (interrupted) thread.interrupt()
        return result
    }

    companion object {
        /** [await] without a deadline. */
        const val FOREVER: Long = -1L

        private val PENDING = Any()

        /** The outcome of a call withdrawn at its deadline. */
        @JvmField
        val TIMED_OUT: Any = Any()
    }
}

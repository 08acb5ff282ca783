package dev.fanin.internal

import java.util.concurrent.ConcurrentHashMap

/*
 * The interrupts Fanin has sent to cancel a running task (TaskRun.cancel) and not yet taken back,
 * counted per thread, so that a run takes back its own interrupt and no one else's.
 *
 * A thread has one interrupt status, and Fanin is not the only one to set it: the caller of a
 * blocking call whose body runs on its own thread (CallerThread) may be interrupted by anyone, and
 * runs nest on one thread (a body on its caller's thread inside another, a task run in place). The
 * count tells them apart where they can be told apart:
 * - A canceller about to interrupt a runner whose status is already set, with no interrupt of
 *   Fanin's outstanding on that thread, has found someone else's: the run keeps it (TaskRun).
 *   Happens-before makes the read exact: a sender counts before it interrupts, and seeing an
 *   interrupt synchronizes with sending it (JLS 17.4.4), so a status that Fanin set is seen with
 *   its count.
 * - A run taking back its interrupt clears the status and sets it again if it keeps someone else's
 *   or another of Fanin's is still outstanding on its thread: an enclosing run's, meant for the code
 *   this thread returns to.
 * What cannot be told apart: an interrupt from outside that arrives while one of Fanin's is
 * outstanding on the thread. The two are one status, and it is taken back with Fanin's.
 *
 * Only the cancellation of a running task comes here (a map update per interrupt sent), never the
 * normal path. Every count is taken back by the runner it was sent to, so the map holds only threads
 * with an interrupt in flight.
 */
internal object SentInterrupts {
    private val outstanding = ConcurrentHashMap<Thread, Int>()

    /** Whether [thread]'s interrupt status is set by someone other than Fanin; see above. */
    fun foreignPending(thread: Thread): Boolean = thread.isInterrupted && !outstanding.containsKey(thread)

    /** Interrupts [thread], counting the interrupt first; the thread must take it back. */
    fun interrupt(thread: Thread) {
        outstanding.merge(thread, 1, Int::plus)
        thread.interrupt()
    }

    /**
     * Takes back one interrupt Fanin sent to the calling thread, which has arrived: the status ends
     * set only if [keep] (someone else's was pending when it was sent) or another one of Fanin's is
     * still outstanding on this thread.
     */
    fun takeBack(keep: Boolean) {
        val self = Thread.currentThread()
        Thread.interrupted()
        val left = outstanding.compute(self) { _, count -> if (count == null || count <= 1) null else count - 1 }
        if (keep || left != null) self.interrupt()
    }
}

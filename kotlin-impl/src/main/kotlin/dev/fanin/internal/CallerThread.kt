package dev.fanin.internal

import java.util.concurrent.Callable
import java.util.concurrent.Executor

/*
 * The body of a blocking call (FaninBlocking.taskGroup, FaninBlocking.timeoutScope) run on the
 * caller's own thread, as JDK 25's StructuredTaskScope runs its body on the owner thread and
 * TaskGroup.open() with try-with-resources always did: the caller's thread locals, ScopedValue
 * bindings and whatever else is bound to the thread are there.
 *
 * The body is still a TaskRun of the operation's set, started on this executor and then run in place
 * by [runHere], outside any coroutine frame (DeferredStart): its nested Fanin calls belong to it, and
 * the operation's deadline, failure or cancellation cancels them and interrupts the body, as for any
 * task. It is not decorated (TaskRuns.start): its context is already there.
 *
 * Interrupts. Two kinds can reach the caller's thread while the body runs.
 * - The run's own, sent when the operation cancels the body: TaskRun takes it back before runHere
 *   returns, so it never leaks out of the call, whether the body saw it or returned first.
 * - Someone else's (the caller's thread interrupted, the blocking contract's "interrupted while
 *   waiting"): the call then cancels the work, waits until it has stopped and throws
 *   InterruptedException. It is recognised by what it leaves behind: an InterruptedException the
 *   body threw before any cancellation of it began, which is then the one thrown, or an interrupt
 *   status still set once TaskRun took its own back (it keeps one that was pending when it
 *   interrupted, or that an enclosing run on this thread sent).
 * Not recognised: an interrupt that arrives after the run's own and before the body returns. A
 * thread has one interrupt status, so the two are one; the call ends as the cancellation decides
 * (TimeoutException, the group's failure), with the status cleared, as kotlinx's runInterruptible
 * does. The operation was failing anyway; only the reason is the other one.
 */

/** The executor and wrapper of a body run on its caller's thread; see the comment above. One per call. */
internal class CallerThread : DeferredStart() {
    @Volatile
    private var run: TaskRun? = null

    /** Whether the body's code started (here; a body cancelled first never runs). */
    private var started = false

    /** What the body threw, if an interrupt from outside the operation made it throw. */
    @Volatile
    private var outsideInterrupt: InterruptedException? = null

    /** [code] as the task to start on this executor: it notes an InterruptedException from outside. */
    fun body(code: Callable<*>): Callable<Any?> = Callable {
        started = true
        try {
            code.call()
        } catch (e: InterruptedException) {
            // Before any cancel began, the run had not interrupted this thread: someone else did.
            if (run?.cancelBegan == false) outsideInterrupt = e
            throw e
        }
    }

    override fun kept(run: TaskRun) {
        this.run = run
    }

    /**
     * Runs the body here, if it was started and not cancelled first. If the caller's thread was
     * interrupted from outside meanwhile, cancels [work], waits until it has stopped (a second
     * interrupt meanwhile is the same request) and throws that InterruptedException, the interrupt
     * status clear.
     */
    @Throws(InterruptedException::class)
    fun runHere(work: JobFuture<*>) {
        release(IN_PLACE)
        if (!started) return // the caller's interrupt status is as it was: the wait will see it
        val interrupt = outsideInterrupt ?: if (Thread.interrupted()) InterruptedException() else return
        Thread.interrupted()
        work.cancel(true)
        awaitStopped(work.job)
        throw interrupt
    }

    private companion object {
        val IN_PLACE = Executor { it.run() }
    }
}

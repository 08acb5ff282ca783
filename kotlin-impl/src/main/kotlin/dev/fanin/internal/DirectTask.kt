package dev.fanin.internal

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableJob
import kotlinx.coroutines.Job
import java.util.concurrent.Callable
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater
import java.util.concurrent.locks.LockSupport

/*
 * A Java Callable of an as-completed sequence, run straight on its Executor as a Runnable. The
 * coroutine, job, future and runInterruptible machinery that startJobFuture gives a task cost about
 * a kilobyte and a microsecond per task, most of what an asCompleted over many small tasks cost
 * (docs/benchmarks.md). A sequence cancels its tasks only all at once, so they need no job of
 * their own for that: DirectTaskStarter tracks the tasks not yet stopped and cancels them when the
 * sequence's job is cancelled. What a task started through startJobFuture had, a DirectTask keeps:
 * - Cancelled before it starts, it never runs. Cancelled while it runs, its thread is interrupted,
 *   and the interrupt is cleared before the thread runs anything else (FutureTask's protocol, and
 *   runInterruptible's). Either way it reports a CancellationException, whatever the Callable then
 *   returned or threw.
 * - Fanin calls its code makes belong to a job of its own, a child of the sequence's job, made when
 *   the first such call asks for it (AmbientJob.Source): most tasks make none. Its outcome is
 *   reported once that job, and so every nested call it left running, has completed.
 * - An Executor that refuses it: it reports the RejectedExecutionException (or whatever else the
 *   Executor threw) and never runs.
 */

/** One Callable of an as-completed sequence; [DirectTaskStarter] creates, tracks and cancels it. */
internal class DirectTask(
    private val index: Int,
    private val task: Callable<*>,
    private val sequenceJob: Job,
    private val arrivals: Arrivals,
    private val tracker: DirectTaskStarter,
) : Runnable, AmbientJob.Source {
    @Volatile
    private var state: Int = NEW

    /** The thread running the Callable; written before [state] becomes RUNNING. */
    @Volatile
    private var runner: Thread? = null

    /** The job of the Fanin calls this task's code made; touched only by [runner]. */
    private var nested: CompletableJob? = null

    /** The task started before this one, in the starter's list; written by the sequence's puller. */
    @Volatile
    var next: DirectTask? = null

    /** Whether this task no longer runs and never will (its interrupt, if any, cleared). */
    val isStopped: Boolean get() = state == STOPPED

    override fun job(): Job = nested ?: Job(sequenceJob).also { nested = it }

    override fun run() {
        runner = Thread.currentThread()
        if (!STATE.compareAndSet(this, NEW, RUNNING)) {
            runner = null // cancelled or refused before it started
            return
        }
        var value: Any? = null
        var thrown: Throwable? = null
        TaskCensus.enter()
        val ambient = AmbientJob.enter(this)
        try {
            value = task.call()
        } catch (t: Throwable) {
            thrown = taskFailure(t)
        } finally {
            AmbientJob.exit(ambient)
            TaskCensus.exit()
        }
        // A task group opened by the Callable exists only if it made a Fanin call, so has a job.
        nested?.let { UnclosedGroups.closeLeftOpen(it) }?.let { diagnosis ->
            val own = thrown
            if (own == null) thrown = diagnosis else own.addSuppressed(diagnosis)
        }
        val cancelled = !STATE.compareAndSet(this, RUNNING, STOPPED)
        if (cancelled) {
            // The canceller interrupts this thread at most once; wait for it, then clear it, so
            // that the interrupt cannot reach whatever this thread runs next.
            awaitInterrupted()
            Thread.interrupted()
            state = STOPPED
        }
        runner = null
        tracker.taskHasStopped()
        if (cancelled) finish(null, cancellation()) else finish(value, thrown)
    }

    /**
     * Waits until the canceller has interrupted this thread (state INTERRUPTING ends): spins for
     * the usual few instructions, then parks until [cancel] unparks it (HandoffWait.kt). The
     * interrupt is cleared before each park, else park would return at once; whatever arrives
     * later is cleared by the caller.
     */
    private fun awaitInterrupted() {
        var spins = HANDOFF_SPINS
        while (state == INTERRUPTING) {
            if (spins-- > 0) {
                Thread.onSpinWait()
            } else {
                Thread.interrupted()
                if (state == INTERRUPTING) LockSupport.park(this)
            }
        }
    }

    /** Stops the task: one that has not started never runs; a running one is interrupted. */
    fun cancel() {
        while (true) {
            when (state) {
                NEW -> if (STATE.compareAndSet(this, NEW, STOPPED)) {
                    tracker.taskHasStopped()
                    arrivals.arrived(index, task, null, cancellation())
                    return
                }
                RUNNING -> if (STATE.compareAndSet(this, RUNNING, INTERRUPTING)) {
                    val runner = runner // written before RUNNING, cleared only after INTERRUPTING ends
                    try {
                        runner?.interrupt()
                    } finally {
                        state = INTERRUPTED
                        LockSupport.unpark(runner) // the runner may be parked in awaitInterrupted
                    }
                    return
                }
                else -> return
            }
        }
    }

    /** The executor refused the task: it reports [refusal] unless it was cancelled first. */
    fun refuse(refusal: Throwable) {
        if (STATE.compareAndSet(this, NEW, STOPPED)) {
            tracker.taskHasStopped()
            arrivals.arrived(index, task, null, refusal)
        }
    }

    private fun finish(value: Any?, exception: Throwable?) {
        val nested = nested
        if (nested == null) {
            arrivals.arrived(index, task, value, exception)
        } else {
            nested.complete()
            nested.invokeOnCompletion { arrivals.arrived(index, task, value, exception) }
        }
    }

    private companion object {
        const val NEW = 0
        const val RUNNING = 1
        const val INTERRUPTING = 2
        const val INTERRUPTED = 3
        const val STOPPED = 4

        val STATE: AtomicIntegerFieldUpdater<DirectTask> =
            AtomicIntegerFieldUpdater.newUpdater(DirectTask::class.java, "state")

        fun cancellation() = CancellationException("the iteration was closed")
    }
}

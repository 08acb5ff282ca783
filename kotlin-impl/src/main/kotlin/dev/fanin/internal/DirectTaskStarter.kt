package dev.fanin.internal

import kotlinx.coroutines.InternalCoroutinesApi
import kotlinx.coroutines.Job
import java.util.concurrent.Callable
import java.util.concurrent.Executor
import java.util.concurrent.locks.ReentrantLock
import kotlin.concurrent.withLock

/*
 * Runs the Java Callables of one as-completed sequence on an Executor as DirectTasks, and stops
 * them all when the sequence's job is cancelled (closed, its source failed, or its parent
 * cancelled).
 *
 * The tasks it has started form a list, newest first, that only the sequence's puller changes:
 * starts come from one thread at a time, handed over under the sequence's lock. A task's thread
 * never touches the list; its task's own state says when it has stopped. A lock taken by the puller to add and
 * by every task to remove itself made 1,024 small tasks cost 1.7 times an ExecutorCompletionService
 * instead of 1.3 (measured with the lock removed), mostly in contention between the pool's threads.
 * - Memory stays O(running): every so many starts, the puller unlinks the stopped tasks, as often
 *   as there were tasks still running at the last pruning (at least PRUNE_MIN), so pruning is
 *   amortised O(1) per start and the list holds at most about twice the running tasks.
 * - Cancellation reads the list from any thread. Unlinking never changes a removed task's own
 *   link, so a reader standing on one still reaches every later task. A task added after the
 *   canceller read the head is caught by the puller instead: it publishes the new head, then reads
 *   [cancelled]; the canceller sets [cancelled], then reads the head. Both are volatile, so at
 *   least one of them sees the other, and a task cancelled twice is cancelled once.
 * - awaitStopped walks the list and waits on each task not yet stopped. A stopping task signals
 *   only when someone waits ([awaiting]), with the same write-then-read pairing against the
 *   waiter (the task's final state, then [awaiting]), so the usual stop costs a volatile read.
 */

/** Runs a sequence's Callables as [DirectTask]s on [executor]; see the comment above. */
internal class DirectTaskStarter(private val executor: Executor) : InputStarter {
    /** The newest task started; older ones follow through [DirectTask.next]. Written by the puller. */
    @Volatile
    private var head: DirectTask? = null

    /** Set once the sequence's job is cancelled: later tasks never start. */
    @Volatile
    private var cancelled = false

    // The puller's own bookkeeping for pruning.
    private var startsSincePrune = 0
    private var runningAtPrune = 0
    private var watching = false

    private val lock = ReentrantLock()
    private val taskStopped = lock.newCondition()

    /** Threads in [awaitStopped]; written under [lock]. */
    @Volatile
    private var awaiting = 0

    @OptIn(InternalCoroutinesApi::class)
    override fun start(index: Int, input: Any, job: Job, arrivals: Arrivals) {
        if (!watching) {
            watching = true
            // When cancelling begins, not when the job has completed: that waits for nested calls
            // the tasks made, which may wait for the tasks.
            job.invokeOnCompletion(onCancelling = true) { cause -> if (cause != null) cancelAll() }
        }
        val task = DirectTask(index, input as Callable<*>, job, arrivals, this)
        task.next = head
        head = task
        if (++startsSincePrune > maxOf(PRUNE_MIN, runningAtPrune)) prune()
        if (cancelled) {
            task.cancel() // reports the cancellation; the task never runs
            return
        }
        try {
            executor.execute(task)
        } catch (refusal: Throwable) {
            // RejectedExecutionException, or an Executor breaking its contract: the task's failure
            // either way, so that it is reported and counts as stopped.
            task.refuse(refusal)
        }
    }

    /** Called by each task once it [is stopped][DirectTask.isStopped]: wakes [awaitStopped]. */
    fun taskHasStopped() {
        if (awaiting > 0) lock.withLock { taskStopped.signalAll() }
    }

    override fun awaitStopped(): Boolean {
        var task = firstRunning(head)
        if (task != null) {
            lock.withLock {
                awaiting++
                try {
                    // Read again now that a stopping task will signal: it may have stopped just before.
                    task = firstRunning(task)
                    while (task != null) {
                        taskStopped.awaitUninterruptibly()
                        task = firstRunning(task)
                    }
                } finally {
                    awaiting--
                }
            }
        }
        return Thread.interrupted()
    }

    private fun cancelAll() {
        cancelled = true
        var task = head
        while (task != null) {
            task.cancel()
            task = task.next
        }
    }

    /** Unlinks the stopped tasks; the puller only. */
    private fun prune() {
        var running = 0
        var kept: DirectTask? = null
        var task = head
        while (task != null) {
            val next = task.next
            if (task.isStopped) {
                if (kept == null) head = next else kept.next = next
            } else {
                running++
                kept = task
            }
            task = next
        }
        runningAtPrune = running
        startsSincePrune = 0
    }

    /** How many tasks the list holds now, stopped ones not yet pruned included; for tests. */
    internal fun tracked(): Int {
        var count = 0
        var task = head
        while (task != null) {
            count++
            task = task.next
        }
        return count
    }

    private fun firstRunning(from: DirectTask?): DirectTask? {
        var task = from
        while (task != null && task.isStopped) task = task.next
        return task
    }

    private companion object {
        const val PRUNE_MIN = 64
    }
}

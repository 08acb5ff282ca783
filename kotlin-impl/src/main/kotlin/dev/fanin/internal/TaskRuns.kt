package dev.fanin.internal

import kotlinx.coroutines.AbstractCoroutine
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.DisposableHandle
import kotlinx.coroutines.InternalCoroutinesApi
import kotlinx.coroutines.Job
import java.util.ArrayDeque
import java.util.concurrent.Executor
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater
import java.util.concurrent.locks.Condition
import java.util.concurrent.locks.ReentrantLock
import kotlin.concurrent.withLock
import kotlin.coroutines.EmptyCoroutineContext

/*
 * The TaskRuns one operation started (a gather, a task group, an as-completed sequence, one
 * waitFor or timeout scope): cancelled together when [job] begins cancelling, and told how each
 * ended ([ended]). The operation is the owner: it subclasses this and decides what an outcome
 * means (a slot, a logged failure, an arrival).
 *
 * The job. A set either *holds* a job of its own, a child of the caller's ambient job that stays
 * active until the owner has released it ([release]: no more runs will start) and every run has
 * ended: so a
 * parent job, a blocking caller waiting for it (awaitStopped) and a JobFuture over it see the
 * operation end only once its tasks have stopped. Cancelling that job cancels the runs and releases
 * it. It is a coroutine that never starts (HeldJob): a cancel leaves it cancelling, not completed,
 * until the runs have ended and it is resumed. Or a set *watches* a job its
 * owner already has (an as-completed sequence's, a coroutine's) and only cancels its runs when that
 * job begins cancelling; the owner waits for the runs itself ([awaitStopped]).
 *
 * The list. Runs form a list, newest first, that starts push onto with a CAS (starts may come from
 * any thread: tasks of a group fork more). Nobody removes a run when it ends; every so many starts,
 * one thread at a time unlinks the ended runs after the head, once there have been more starts
 * than runs still running at the last pruning. A pruning walks at most those runs plus the starts
 * since, so it is amortised O(1) per start, and the list holds about twice the running runs: memory
 * is O(running), not O(started).
 * - Cancellation reads the list from any thread. Unlinking never changes a removed run's own link,
 *   so a reader standing on one still reaches every later run. A run pushed after the canceller
 *   read the head is caught by its starter instead: it pushes, then reads [cancelled]; the
 *   canceller sets [cancelled], then reads the head. Both are volatile, so at least one of them
 *   sees the other, and a run cancelled twice is cancelled once.
 * - awaitStopped walks the list and waits on each run not yet ended. An ending run signals only
 *   when someone waits ([awaiting]), with the same write-then-read pairing against the waiter (the
 *   run's final state, then [awaiting]), so the usual end costs a volatile read.
 */

/**
 * The runs of one operation; see the comment above. Either [watched] is the owner's job, or the set
 * holds a job of its own, a child of [parent] (a root when null), active until [release] and the
 * end of every run.
 */
@OptIn(InternalCoroutinesApi::class)
internal abstract class TaskRuns(watched: Job?, parent: Job?) {
    /** The job this set holds, or null for a watching set. */
    private val held: HeldJob? = if (watched == null) HeldJob(parent) else null

    /** The set's job: held (see [release]) or watched. Nested calls of the runs are owned by it. */
    val job: Job = watched ?: held!!

    /** Runs started and not ended, plus one for a held job until [release]. */
    @Volatile
    private var pending = if (watched == null) 1 else 0

    /** 1 once released; a watched set has nothing to release. */
    @Volatile
    private var released = if (watched == null) 0 else 1

    @Volatile
    private var head: TaskRun? = null

    /** Set once [job] began cancelling: later runs never start. */
    @Volatile
    private var cancelled = false

    // Pruning's heuristics, touched without synchronisation: a lost update only moves a pruning.
    private var startsSincePrune = 0
    private var runningAtPrune = 0
    @Volatile
    private var pruning = 0

    /** Made by the first thread that waits ([awaitStopped], [awaitEnded]): most sets have none. */
    @Volatile
    private var waitLock: ReentrantLock? = null
    private var runEnded: Condition? = null // written with waitLock, read under it

    /** Threads waiting for runs to end; written under [waitLock]. */
    @Volatile
    private var awaiting = 0

    private val watch: DisposableHandle =
        // When cancelling begins, not when the job has completed: that waits for the runs.
        job.invokeOnCompletion(onCancelling = true) { cause -> if (cause != null) cancelAll() }

    /**
     * Called once per run, as it ends, with its outcome: a value, a [Thrown], or
     * [TaskRun.CANCELLED]. Called before the run's future completes; must not throw.
     */
    abstract fun ended(run: TaskRun, outcome: Any?)

    /**
     * Starts [run] on [executor]; whatever execute throws is the run's failure. A run started once
     * the set has been cancelled, or once its held job has ended, never runs: it reports the
     * cancellation.
     *
     * Unless [decorate] is false, the task is first given to the task decorator (TaskConfig), here,
     * on the starting thread, so that the decorator can capture that thread's context; whatever the
     * decorator throws is the run's failure too. Not decorated: a blocking call's body that runs on
     * its caller's own thread (its context is already there), and select-loop work, decorated once
     * on the thread that added it (its runs start on a kotlinx thread, which must not run user code).
     */
    fun start(run: TaskRun, executor: Executor, decorate: Boolean = true) {
        if (PENDING.getAndIncrement(this) < 0) {
            run.cancel() // the held job has ended: nothing may run in it any more
            return
        }
        push(run)
        if (++startsSincePrune > runningAtPrune) prune()
        if (cancelled) {
            run.cancel() // reports the cancellation; the task never runs
            return
        }
        if (decorate) {
            try {
                run.code = TaskConfig.decorate(run.task)
            } catch (failure: Throwable) {
                run.refuse(failure) // as if the executor had refused it: the task's failure
                return
            }
        }
        try {
            executor.execute(run)
        } catch (refusal: Throwable) {
            // RejectedExecutionException, or an Executor breaking its contract: the task's failure
            // either way, so that it is reported and counts as ended (adr/0015).
            run.refuse(refusal)
        }
    }

    /** No more runs will start: a held job completes once every run has ended. Idempotent. */
    fun release() {
        if (released == 0 && RELEASED.compareAndSet(this, 0, 1)) countOff()
    }

    /** Cancels every run, started or to come; a held job then ends once they have. */
    fun cancel(cause: CancellationException? = null) {
        job.cancel(cause)
    }

    /** Stops watching a watched job: for an owner whose job outlives the set. */
    fun dispose() {
        watch.dispose()
    }

    /**
     * Runs whose future is not done yet, for toString: a walk of the list without synchronisation,
     * a snapshot that may be stale. (Not the count-off counter: a run counts off only after its
     * future completed, so a caller that has just seen a task's future complete would still find it
     * counted.)
     */
    val running: Int get() {
        var count = 0
        var run = head
        while (run != null) {
            if (!run.isDone) count++
            run = run.next
        }
        return count
    }

    /** Called by each run once it has ended, after [ended]. */
    fun runEnded() {
        countOff()
        if (awaiting > 0) waitLock!!.withLock { runEnded!!.signalAll() }
    }

    /**
     * Counts one off [pending]. A held set ends the first time the count reaches 0 (which needs the
     * release), unless a start slipped in: the CAS to ENDED settles that race, and a start that
     * finds ENDED (negative) cancels its run instead of running it in a job that has completed.
     */
    private fun countOff() {
        if (PENDING.decrementAndGet(this) == 0 && held != null && PENDING.compareAndSet(this, 0, ENDED)) held.end()
    }

    /**
     * Blocks, ignoring interrupts, until every run started so far has ended; returns whether the
     * thread was interrupted (its status is then clear).
     */
    fun awaitStopped(): Boolean {
        var run = head
        return awaitUntil {
            run = firstRunning(run)
            run == null
        }
    }

    /** [awaitStopped] for [run] alone. */
    fun awaitEnded(run: TaskRun): Boolean = awaitUntil { run.hasEnded }

    /**
     * Blocks, ignoring interrupts, until [done]; returns whether the thread was interrupted (its
     * status is then clear). An ending run signals only while someone waits ([awaiting]).
     */
    private inline fun awaitUntil(done: () -> Boolean): Boolean {
        if (!done()) {
            waitLock().withLock {
                awaiting++
                try {
                    // Checked again now that an ending run will signal: one may have ended just before.
                    while (!done()) runEnded!!.awaitUninterruptibly()
                } finally {
                    awaiting--
                }
            }
        }
        return Thread.interrupted()
    }

    private fun waitLock(): ReentrantLock {
        waitLock?.let { return it }
        synchronized(this) {
            return waitLock ?: ReentrantLock().also {
                runEnded = it.newCondition()
                waitLock = it // published after runEnded: a reader that sees the lock sees the condition
            }
        }
    }

    private fun cancelAll() {
        cancelled = true
        var run = head
        while (run != null) {
            run.cancel()
            run = run.next
        }
        release()
    }

    private fun push(run: TaskRun) {
        while (true) {
            val first = head
            run.next = first
            if (HEAD.compareAndSet(this, first, run)) return
        }
    }

    /**
     * Unlinks the ended runs after the head, by one thread at a time. Pushes only change the head
     * (and the new run's link before it is published), so they never write a link this changes.
     */
    private fun prune() {
        if (!PRUNING.compareAndSet(this, 0, 1)) return
        try {
            val first = head ?: return
            var running = if (first.hasEnded) 0 else 1
            var kept: TaskRun = first
            var run = first.next
            while (run != null) {
                val next = run.next
                if (run.hasEnded) {
                    kept.next = next
                } else {
                    running++
                    kept = run
                }
                run = next
            }
            runningAtPrune = running
            startsSincePrune = 0
        } finally {
            pruning = 0
        }
    }

    /** How many runs the list holds now, ended ones not yet pruned included; for tests. */
    internal fun tracked(): Int {
        var count = 0
        var run = head
        while (run != null) {
            count++
            run = run.next
        }
        return count
    }

    private fun firstRunning(from: TaskRun?): TaskRun? {
        var run = from
        while (run != null && run.hasEnded) run = run.next
        return run
    }

    private companion object {
        /** [pending] once a held set has ended: far below any count a start or end can reach. */
        const val ENDED = Int.MIN_VALUE / 2

        val PENDING: AtomicIntegerFieldUpdater<TaskRuns> =
            AtomicIntegerFieldUpdater.newUpdater(TaskRuns::class.java, "pending")

        val PRUNING: AtomicIntegerFieldUpdater<TaskRuns> =
            AtomicIntegerFieldUpdater.newUpdater(TaskRuns::class.java, "pruning")

        val RELEASED: AtomicIntegerFieldUpdater<TaskRuns> =
            AtomicIntegerFieldUpdater.newUpdater(TaskRuns::class.java, "released")

        val HEAD: AtomicReferenceFieldUpdater<TaskRuns, TaskRun?> =
            AtomicReferenceFieldUpdater.newUpdater(TaskRuns::class.java, TaskRun::class.java, "head")
    }
}

/**
 * A job that stays active until [end], and once cancelled stays cancelling until [end]: a coroutine
 * that is never started, which kotlinx completes only when it is resumed, as it completes any
 * coroutine when its body returns. A plain `Job()` would complete at once when cancelled.
 *
 * Completing it runs its parent's completion handlers on this thread, and in a nest those end the
 * run that made the parent, whose set then ends its own job: one level after another, recursively,
 * a thousand deep in a deep nest. So ends go through a per-thread trampoline, as cancellations do
 * (CancelTrampoline): an end reached while one is running on this thread is queued and run by the
 * outermost one's loop, and the stack holds one level at a time.
 */
@OptIn(InternalCoroutinesApi::class)
private class HeldJob(parent: Job?) : AbstractCoroutine<Unit>(parent ?: EmptyCoroutineContext, true, true) {
    /** Lets the job complete (cancelled, if it was cancelled); called once. */
    fun end() {
        val pending = queued.get()
        if (pending != null) {
            pending.add(this)
            return
        }
        val mine = ArrayDeque<HeldJob>()
        queued.set(mine)
        try {
            var next: HeldJob? = this
            while (next != null) {
                next.resumeWith(Result.success(Unit))
                next = mine.poll()
            }
        } finally {
            queued.set(null)
        }
    }

    private companion object {
        /** Ends queued on this thread while an end is running on it; null otherwise. */
        val queued = ThreadLocal<ArrayDeque<HeldJob>?>()
    }
}

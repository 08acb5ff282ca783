package dev.fanin.internal

import kotlinx.coroutines.CompletableJob
import kotlinx.coroutines.Job
import java.util.concurrent.Callable
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater
import java.util.concurrent.locks.LockSupport

/*
 * The one way Fanin runs a Java Callable: as a Runnable straight on its Executor, with no
 * coroutine, job or second future of its own. Every Java operation that runs tasks (gather,
 * waitFor, timeoutScope, task groups, asCompleted, select-loop work) starts them as TaskRuns of a
 * TaskRuns set, which cancels them together and learns how each ended. A run is also the future
 * of its task (a task group's fork returns it), so a task costs one object besides the executor's.
 *
 * Guarantees, the same for every operation:
 * - Cancelled before it starts, it never runs. Cancelled while it runs, its thread is interrupted
 *   once, and the interrupt is cleared before the thread runs anything else (FutureTask's
 *   protocol). The canceller and the finishing thread meet in one CAS on [state]; a finisher that
 *   lost parks until the interrupt has been sent.
 * - A run cancelled while its code ran reports the cancellation, unless the code then threw an
 *   exception of its own (not the cancellation's echo, isCancellationEcho): a clean-up that fails
 *   is a failure, reported as asyncio and the Kotlin forms report it (adr/0014).
 * - The Fanin calls its code makes belong to [nested], a job made on the first such call (most
 *   tasks make none). It is not a kotlinx child of the set's job: cancelling the run cancels it
 *   through CancelTrampoline, one level at a time however deep the nest (adr/0016), and [owners]
 *   records whose calls it holds, for the ancestry awaitStoppedUnlessWithin asks about. The run
 *   reports only once [nested] has completed, so when a run has ended, every call its code made has
 *   too. A cancellation that arrives after the code returned still cancels those calls.
 * - Task groups the code opened and left open are closed, and the run fails saying so
 *   (UnclosedGroups).
 * - An Executor that throws anything from execute refuses the run: it reports what was thrown, as
 *   the task's failure, and never runs (adr/0015).
 * - Only the interrupt the run sent is taken back (SentInterrupts). One from outside Fanin that
 *   was already pending when the canceller sent it, or one that an enclosing run on the same thread
 *   sent (a task run in place, a blocking call's body on its caller's thread: CallerThread), is
 *   kept. One from outside that arrives after this run's and before its code returns cannot be told
 *   apart from it (a thread has one interrupt status) and is taken back too.
 *
 * Reporting order: the set's owner records the outcome, then this future completes, then the set
 * counts the run off. So an owner's failure log has a failure before anyone can see the task's
 * future fail, and a set whose every run has ended has completed every run's future.
 */

/** One Java task run on an Executor; see the comment above. [index] is its place in its set's input. */
internal class TaskRun(
    @JvmField val index: Int,
    @JvmField val task: Callable<*>,
    private val runs: TaskRuns,
) : WorkFuture<Any?>(), Runnable, AmbientJob.Source {
    @Volatile
    private var state: Int = NEW

    /** The thread running the Callable; written before [state] becomes RUNNING. */
    @Volatile
    private var runner: Thread? = null

    /** The job of the Fanin calls this task's code made; written by [runner] only. */
    @Volatile
    private var nested: CompletableJob? = null

    /**
     * What [run] calls: [task], or what the task decorator made of it (TaskRuns.start, before the
     * executor gets the run). [task] stays the caller's own object, an as-completed item's input.
     */
    @JvmField
    var code: Callable<*> = task

    /**
     * Whether the runner's interrupt status was already set from outside Fanin when the canceller
     * interrupted it: the runner keeps that interrupt. Written before [state] leaves INTERRUPTING,
     * read after.
     */
    private var keepInterrupt = false

    /** The run started before this one, in its set's list (TaskRuns). */
    @Volatile
    @JvmField
    var next: TaskRun? = null

    /** Whether the run has reported: its code will not run again and its nested calls completed. */
    val hasEnded: Boolean get() = state == ENDED

    /**
     * Asked by the run's own code while it runs: whether [cancel] has begun interrupting it (the
     * state left RUNNING before the interrupt was sent), so that an interrupt it sees may be the run's.
     */
    val cancelBegan: Boolean get() = state != RUNNING

    /**
     * Blocks, ignoring interrupts, until the run has ended; returns whether the thread was
     * interrupted (its status is then clear).
     */
    fun awaitEnded(): Boolean = runs.awaitEnded(this)

    override fun job(): Job = nested ?: Job().also { calls ->
        owners[calls] = runs.job
        nested = calls
        // Read after the write above, as cancel() reads nested after moving state on: one of the
        // two sees the other. Only the runner calls this, while its code runs.
        if (state != RUNNING) CancelTrampoline.cancel(calls, null)
    }

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
            value = code.call()
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
        val interrupted = !STATE.compareAndSet(this, RUNNING, RETURNED)
        if (interrupted) {
            // The canceller interrupts this thread at most once; wait for it, then take it back,
            // so that it cannot reach whatever this thread runs next. Someone else's stays (see
            // the comment above): an enclosing run's is for its code, which this thread returns to.
            awaitInterrupted()
            SentInterrupts.takeBack(keepInterrupt)
            state = RETURNED
        }
        runner = null
        val cancelled = interrupted
        val own = thrown
        val outcome = when {
            own != null && !(cancelled && own.isCancellationEcho()) -> Thrown(own)
            cancelled -> CANCELLED
            else -> value
        }
        finish(outcome)
    }

    /**
     * Waits until the canceller has interrupted this thread (state INTERRUPTING ends): parks until
     * [cancel] unparks it (HandoffWait.kt). The interrupt is cleared before each park, else park
     * would return at once; whatever arrives later is cleared by the caller.
     */
    private fun awaitInterrupted() {
        while (state == INTERRUPTING) {
            Thread.interrupted()
            if (state == INTERRUPTING) LockSupport.park(this)
        }
    }

    /**
     * Stops the task: one that has not started never runs and reports the cancellation; a running
     * one is interrupted; the Fanin calls its code made are cancelled until the run has ended.
     *
     * The state moves on before the nested calls are cancelled: code that sees one of its calls
     * cancelled then finds its run cancelled too, so it reports the cancellation, not the echo as a
     * failure of its own.
     */
    fun cancel() {
        while (true) {
            when (state) {
                NEW -> if (STATE.compareAndSet(this, NEW, RETURNED)) {
                    finish(CANCELLED)
                    return
                }
                RUNNING -> {
                    val runner = runner // written before RUNNING, cleared only after INTERRUPTING ends
                    // Looked at before the CAS: once INTERRUPTING, the runner may be clearing its
                    // status while it waits for this interrupt (awaitInterrupted).
                    val foreign = runner != null && SentInterrupts.foreignPending(runner)
                    if (!STATE.compareAndSet(this, RUNNING, INTERRUPTING)) continue
                    keepInterrupt = foreign
                    try {
                        runner?.let(SentInterrupts::interrupt)
                    } finally {
                        state = INTERRUPTED
                        LockSupport.unpark(runner) // the runner may be parked in awaitInterrupted
                    }
                    cancelNested()
                    return
                }
                else -> {
                    // Already cancelled, or its code returned and its nested calls may still run.
                    cancelNested()
                    return
                }
            }
        }
    }

    private fun cancelNested() {
        nested?.let { CancelTrampoline.cancel(it, null) }
    }

    /** The executor threw [refusal] from execute: the run reports it unless it was cancelled first. */
    fun refuse(refusal: Throwable) {
        if (STATE.compareAndSet(this, NEW, RETURNED)) finish(Thrown(refusal))
    }

    /**
     * "TaskGroup.fork[...]": the only runs users hold are a task group's forks (other operations
     * keep theirs inside), and a run keeps no name field, so that a task costs no more bytes.
     */
    override fun description(): String = "TaskGroup.fork"

    /** Completing this future from outside cancels the task (WorkFuture's rule). */
    override fun stopWork(mayInterruptIfRunning: Boolean) {
        cancel()
    }

    /** Reports [outcome] once the calls the code made have completed. */
    private fun finish(outcome: Any?) {
        val calls = nested
        if (calls == null) {
            report(outcome)
        } else {
            calls.complete()
            calls.invokeOnCompletion {
                owners.remove(calls)
                report(outcome)
            }
        }
    }

    private fun report(outcome: Any?) {
        try {
            runs.ended(this, outcome)
        } finally {
            try {
                when (outcome) {
                    CANCELLED -> cancelFromWorkInBulk()
                    is Thrown -> failFromWork(outcome.exception)
                    else -> completeFromWork(outcome)
                }
            } finally {
                state = ENDED
                runs.runEnded()
            }
        }
    }

    companion object {
        private const val NEW = 0
        private const val RUNNING = 1
        private const val INTERRUPTING = 2
        private const val INTERRUPTED = 3
        private const val RETURNED = 4 // the code will not run (again); nested calls may still run
        private const val ENDED = 5

        /** The outcome of a run that was cancelled (and did not fail of its own accord). */
        @JvmField
        val CANCELLED = Any()

        private val STATE: AtomicIntegerFieldUpdater<TaskRun> =
            AtomicIntegerFieldUpdater.newUpdater(TaskRun::class.java, "state")

        /** The set job each live nested job's calls belong to; see awaitStoppedUnlessWithin. */
        private val owners = ConcurrentHashMap<Job, Job>()

        /** The job of the set whose run's calls [nested] holds, if it is such a job. */
        fun ownerOf(nested: Job): Job? = owners[nested]
    }
}

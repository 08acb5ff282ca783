package dev.fanin.internal

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Job
import java.util.concurrent.Callable
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executor
import java.util.concurrent.TimeoutException
import java.util.function.Function
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.time.Duration

/*
 * The task group behind the Java facade (the Kotlin `taskGroup` is written with supervisorScope).
 *
 * Tasks are TaskRuns of one set whose held job is the group's `job`. A run never fails the job (its
 * outcome travels as a value), so the group decides what a failure does: it is logged in order
 * and, with CANCEL_ALL, cancels `job`, which interrupts every running task and the body (which
 * runs as a task, on an executor or on its caller's thread: CallerThread). A task that ends after the group's cancellation reached it counts as cancelled,
 * not failed, unless it throws something other than the cancellation's echo (a clean-up that
 * fails): that is a failure, listed after the one that caused the cancellation, as in asyncio and
 * Kotlin's taskGroup. A task that throws CancellationException itself counts as cancelled.
 *
 * Phases: open (forks accepted; after a CANCEL_ALL failure they give cancelled futures) -> joining
 * (join() released the set: its job completes once every run has ended, forks made by running
 * tasks included) -> ended (the job completed: forks refused). A cancellation also releases the
 * set, so a group cancelled before join() (close(), a task that left it open) ends once its tasks
 * have stopped. Failures are logged as each run ends, before its future completes; a run counts
 * off only after its future completed, so the join future, settled from the job's completion,
 * sees every failure and every forked future done. The timer is not in the set, so it does not
 * hold the join up; it is cancelled when the job completes.
 */
internal class GroupCore(private val parent: Job?, private val cancelAll: Boolean, timeout: Duration) {
    private val runs = Runs()

    /** The group's job: a child of [parent], completed once the group has ended. */
    val job: Job = runs.job

    /** Whether [UnclosedGroups] tracks this group until it is joined; see [trackUntilJoined]. */
    @Volatile
    private var tracked = false
    private val failures = FailureLog()

    @Volatile
    private var expired = false

    /** Set by join(), under the lock: from then on a completed job means the group has ended. */
    @Volatile
    private var joining = false

    /**
     * The future [join] returns, made with the group rather than at the join. The first JobFuture a
     * JVM makes loads its class, and a new subclass of WorkFuture invalidates the compiled code of
     * every task that is running at that moment (the JIT had relied on TaskRun being the only one):
     * each task then resumes deoptimized. Made at the join, after a million forks, that cost the
     * scale test's `java-taskgroup` 2.6 times its wall time (docs/benchmarks.md).
     */
    private val joinFuture = JobFuture<Any?>()

    @Volatile
    private var aggregate: Function<List<Throwable>, out Throwable>? = null

    init {
        if (!timeout.isInfinite()) {
            val timer = EngineScope.launchDeadline(EmptyCoroutineContext, timeout) {
                // Handed over from the timer thread: the group may have ended meanwhile.
                if (!job.isCompleted) {
                    expired = true
                    runs.cancel(CancellationException("the task group's deadline passed"))
                }
            }
            job.invokeOnCompletion { timer.cancel() }
        }
    }

    private inner class Runs : TaskRuns(watched = null, parent = parent) {
        override fun ended(run: TaskRun, outcome: Any?) {
            if (outcome is Thrown && outcome.exception !is java.util.concurrent.CancellationException) {
                failed(outcome.exception)
            }
        }
    }

    /**
     * Lets [UnclosedGroups] close this group if the Fanin task that opened it returns before it is
     * joined: for a group the caller joins itself (`TaskGroup.open`), not one Fanin joins at once.
     */
    fun trackUntilJoined() {
        val owner = parent ?: return
        tracked = true
        UnclosedGroups.opened(owner, this)
    }

    /**
     * Starts [task] in the group on [executor], decorated unless [decorate] is false
     * (TaskRuns.start); see `TaskGroup.fork`.
     */
    fun <T> fork(task: Callable<out T>, executor: Executor, decorate: Boolean = true): CompletableFuture<T> {
        check(!(joining && job.isCompleted)) { "the task group has ended" }
        val run = TaskRun(0, task, runs)
        runs.start(run, executor, decorate)
        @Suppress("UNCHECKED_CAST")
        return run as CompletableFuture<T>
    }

    private fun failed(failure: Throwable) {
        failures.add(failure)
        if (cancelAll) runs.cancel(CancellationException("a task of the group failed"))
    }

    /**
     * Lets the group end once every task has completed, and returns the future of that moment. It
     * fails with a TimeoutException if the deadline passed, with [aggregate] of the failures if any
     * task failed, and is cancelled if the group was cancelled otherwise. Cancelling it cancels the
     * group.
     */
    fun join(aggregate: Function<List<Throwable>, out Throwable>): CompletableFuture<Any?> {
        synchronized(this) {
            if (joining) return joinFuture
            joinFuture.job = job
            this.aggregate = aggregate
            joining = true
        }
        if (tracked) UnclosedGroups.joined(parent!!, this)
        runs.release()
        job.invokeOnCompletion { settleJoined() }
        return joinFuture
    }

    /** Settles the join future once the group's job has completed. */
    private fun settleJoined() {
        val future = joinFuture
        val failed = failures.snapshot()
        future.outcome = when {
            expired -> Thrown(TimeoutException("the task group's deadline passed")).also { t ->
                failed.forEach { t.exception.addSuppressed(it) }
            }
            failed.isNotEmpty() -> Thrown(aggregate!!.apply(failed))
            else -> null
        }
        // settle() prefers a Thrown outcome; otherwise a cancelled job cancels the future.
        future.settle(if (job.isCancelled) CancellationException("the task group was cancelled") else null)
    }

    /** Cancels every task; the group then ends once they have stopped. */
    fun cancel() {
        runs.cancel()
    }

    /**
     * toString's state, such as "open, 3 running, 1 failed": the phase, the forked tasks that have
     * not stopped (their jobs, children of the group's; a task's future completes after its job),
     * the failures logged. Lock-free reads (Describe.kt); may be stale. A group being joined is
     * still open: it takes forks until its job completes.
     */
    fun describe(): String {
        val phase = when {
            expired -> "expired"
            job.isCancelled -> if (job.isCompleted) "cancelled" else "cancelling"
            job.isCompleted -> "ended"
            else -> "open"
        }
        return "$phase, ${runs.running} running, ${failures.size} failed"
    }
}

package dev.fanin.internal

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableJob
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Job
import java.util.concurrent.Callable
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeoutException
import java.util.concurrent.atomic.AtomicInteger
import java.util.function.Function
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.time.Duration

/*
 * The task group behind the Java facade (the Kotlin `taskGroup` is written with supervisorScope).
 *
 * Tasks are coroutines that are children of `job`; they never fail the job (their exceptions travel
 * as values), so the group decides what a failure does: it is recorded in order and, with
 * CANCEL_ALL, cancels `job`, which interrupts every running task and the body (which runs as a task).
 * A task that ends after the group's cancellation reached it counts as cancelled, not failed,
 * unless it throws something other than the cancellation's echo (a clean-up that fails): that is
 * a failure, listed after the one that caused the cancellation, as in asyncio and Kotlin's taskGroup.
 *
 * Phases: open (forks accepted; after a CANCEL_ALL failure they give cancelled futures) -> joining
 * (join() completed the job: it completes once every task has, forks made by running tasks
 * included, because kotlinx waits for children attached while a job is completing) -> ended (the
 * job completed after join(): forks refused). close() cancels and joins. Failures are logged inside
 * each task, before its job completes; the join future settles only when the job has completed and
 * every task future is done. The timer is not a
 * child of the job, so it does not hold the join up; it is cancelled when the job completes.
 */
internal class GroupCore(private val parent: Job?, private val cancelAll: Boolean, timeout: Duration) {
    val job: CompletableJob = Job(parent)

    /** Whether [UnclosedGroups] tracks this group until it is joined; see [trackUntilJoined]. */
    @Volatile
    private var tracked = false
    private val failures = FailureLog()

    @Volatile
    private var expired = false

    /** Set by join(): from then on a completed job means the group has ended. */
    @Volatile
    private var joining = false

    /** Forked task futures not yet completed. */
    private val unsettled = AtomicInteger()

    @Volatile
    private var joined: JobFuture<Any?>? = null

    @Volatile
    private var aggregate: Function<List<Throwable>, out Throwable>? = null

    init {
        if (!timeout.isInfinite()) {
            val timer = EngineScope.launchDeadline(EmptyCoroutineContext, timeout) {
                // Handed over from the timer thread: the group may have ended meanwhile.
                if (!job.isCompleted) {
                    expired = true
                    job.cancel(CancellationException("the task group's deadline passed"))
                }
            }
            job.invokeOnCompletion { timer.cancel() }
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

    /** Starts [task] in the group; see `TaskGroup.fork`. */
    fun <T> fork(task: Callable<out T>, dispatcher: CoroutineDispatcher): CompletableFuture<T> {
        check(!(joining && job.isCompleted)) { "the task group has ended" }
        unsettled.incrementAndGet()
        // An executor that refuses the task (throws anything from execute: see ExecutorDispatcher)
        // fails it with what it threw, as in gather: the task never ran to log it, so it is logged
        // as its future completes, before any echo of it (a body that joined that future) can be.
        val future = startJobFuture<T>(dispatcher, job, refused = ::failed) {
            // Logged inside the task, before its job completes, so before the group's job can. A
            // task that throws CancellationException itself counts as cancelled, not failed, as in
            // asyncio and Kotlin's taskGroup; its future is cancelled.
            runBlockingTask(task).also {
                if (it is Thrown && it.exception !is java.util.concurrent.CancellationException) failed(it.exception)
            }
        }
        // A task's future is completed by a handler of the task's job, which the group's job does
        // not wait for; join() waits for these too, so every forked future is done when it returns.
        future.whenDone { _, _ -> if (unsettled.decrementAndGet() == 0) settleIfEnded() }
        return future
    }

    private fun failed(failure: Throwable) {
        failures.add(failure)
        if (cancelAll) job.cancel(CancellationException("a task of the group failed"))
    }

    /**
     * Lets the group end once every task has completed, and returns the future of that moment. It
     * fails with a TimeoutException if the deadline passed, with [aggregate] of the failures if any
     * task failed, and is cancelled if the group was cancelled otherwise. Cancelling it cancels the
     * group.
     */
    fun join(aggregate: Function<List<Throwable>, out Throwable>): CompletableFuture<Any?> {
        synchronized(this) {
            joined?.let { return it }
            val future = JobFuture<Any?>()
            future.job = job
            joined = future
            this.aggregate = aggregate
        }
        joining = true
        if (tracked) UnclosedGroups.joined(parent!!, this)
        job.complete()
        job.invokeOnCompletion { settleIfEnded() }
        return joined!!
    }

    /** Settles the join future once the group's job has completed and every task future is done. */
    private fun settleIfEnded() {
        val future = joined ?: return
        if (!job.isCompleted || unsettled.get() != 0 || future.isDone) return
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
        job.cancel()
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
        return "$phase, ${job.children.count { !it.isCompleted }} running, ${failures.size} failed"
    }
}

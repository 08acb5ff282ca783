package dev.fanin.internal

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableJob
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import java.util.concurrent.Callable
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeoutException
import java.util.function.Function
import kotlin.time.Duration

/*
 * The task group behind the Java facade (the Kotlin `taskGroup` is written with supervisorScope).
 *
 * Tasks are coroutines that are children of `job`; they never fail the job (their exceptions travel
 * as values), so the group decides what a failure does: it is recorded in order and, with
 * CANCEL_ALL, cancels `job`, which interrupts every running task and the body (which runs as a task).
 * A task that ends after the group's cancellation reached it counts as cancelled, not failed.
 *
 * Phases: open (forks accepted) -> joining (join() completed the job: it completes once every task
 * has, forks made by running tasks included, because kotlinx waits for children attached while a
 * job is completing) -> ended (forks refused). cancel() can end it at any phase. The timer is not a
 * child of the job, so it does not hold the join up; it is cancelled when the job completes.
 */
internal class GroupCore(parent: Job?, private val cancelAll: Boolean, timeout: Duration) {
    val job: CompletableJob = Job(parent)
    private val failures = FailureLog()

    @Volatile
    private var expired = false

    init {
        if (!timeout.isInfinite()) {
            val timer = EngineScope.launch(Dispatchers.Unconfined) {
                delay(timeout)
                expired = true
                job.cancel(CancellationException("the task group's deadline passed"))
            }
            job.invokeOnCompletion { timer.cancel() }
        }
    }

    /** Starts [task] in the group; see `TaskGroup.fork`. */
    fun <T> fork(task: Callable<out T>, dispatcher: CoroutineDispatcher): CompletableFuture<T> {
        check(!job.isCompleted) { "the task group has ended" }
        val future = startJobFuture<T>(dispatcher, job) { runBlockingTask(task) }
        future.whenComplete { _, failure -> if (failure != null && failure !is CancellationException) failed(failure) }
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
        val joined = JobFuture<Any?>()
        joined.job = job
        job.complete()
        job.invokeOnCompletion { cause ->
            val failed = failures.snapshot()
            joined.outcome = when {
                expired -> Thrown(TimeoutException("the task group's deadline passed")).also { t ->
                    failed.forEach { t.exception.addSuppressed(it) }
                }
                failed.isNotEmpty() -> Thrown(aggregate.apply(failed))
                else -> null
            }
            joined.settle(if (joined.outcome is Thrown) null else cause)
        }
        return joined
    }

    /** Cancels every task; the group then ends once they have stopped. */
    fun cancel() {
        job.cancel()
    }
}

package dev.fanin.internal

import kotlinx.coroutines.CancellationException
import java.util.concurrent.Callable
import java.util.concurrent.Executor
import java.util.concurrent.atomic.AtomicReference

/*
 * gather over Java Callables that Fanin runs, as TaskRuns of one set whose held job is the gather's
 * (a child of the ambient job).
 *
 * Every task is started, then the set is released, so its job completes once every run has ended;
 * the future settles from that job's completion handler. Each run writes its slot as it ends
 * (TaskRuns.ended), before it counts off, and the last count-off precedes the job's completion, so
 * the handler sees every slot.
 *
 * Fail-fast mode: the first failure is recorded and cancels the set, which interrupts the running
 * tasks. The future completes with that failure only when the job has completed, i.e. after every
 * task has stopped: no work outlives the call. Every later failure is added to the first as
 * suppressed, as kotlinx's coroutineScope does for the Kotlin gather: one that raced the first, and
 * one a task threw while being cancelled unless it is the cancellation's echo (which the run turns
 * into its cancellation).
 * Settled mode: nothing is cancelled; each slot becomes an outcome.
 *
 * Not guaranteed: which of two failures that race counts as first.
 */
internal class TaskGather<R>(
    private val tasks: Array<Callable<*>>,
    private val settled: Boolean,
) : JobFuture<List<R>>() {
    private val slots = arrayOfNulls<Any?>(tasks.size)
    private val firstFailure = AtomicReference<Throwable?>()
    private val runs = Runs()

    fun start(executor: Executor): TaskGather<R> {
        job = runs.job
        for (i in tasks.indices) runs.start(TaskRun(i, tasks[i], runs), executor)
        runs.release()
        job.invokeOnCompletion { settleFromSlots() }
        return this
    }

    private inner class Runs : TaskRuns(watched = null, parent = AmbientJob.get()) {
        override fun ended(run: TaskRun, outcome: Any?) {
            val index = run.index
            if (settled) {
                slots[index] = if (outcome === TaskRun.CANCELLED) outcomeOfFailure(cancellation()) else outcomeOf(outcome)
            } else if (outcome is Thrown) {
                fail(outcome.exception)
            } else if (outcome !== TaskRun.CANCELLED) {
                slots[index] = outcome
            }
        }
    }

    private fun fail(failure: Throwable) {
        if (firstFailure.compareAndSet(null, failure)) {
            runs.cancel()
            return
        }
        val first = firstFailure.get()!!
        if (failure !== first && !failure.isCancellationEcho()) {
            first.addSuppressed(failure)
        }
    }

    /** Called once, when every task has ended and the gather's job has completed. */
    private fun settleFromSlots() {
        val failure = firstFailure.get()
        when {
            failure != null -> failFromWork(failure)
            job.isCancelled -> cancelFromWork()
            else -> completeFromWork(ImmutableArrayList(slots))
        }
    }

    private companion object {
        fun cancellation() = CancellationException("the gather was cancelled")
    }
}

package dev.fanin.internal

import kotlinx.coroutines.Job
import java.util.concurrent.Callable
import java.util.concurrent.Executor

/**
 * Starts the Java Callables of one as-completed sequence as [TaskRun]s on [executor]. Its set
 * watches the sequence's job: closing the sequence, its source failing or its parent being
 * cancelled cancels every run, and [awaitStopped] waits for them.
 */
internal class TaskStarter(private val executor: Executor) : InputStarter {
    /** Made on the first start, when the sequence's job is known; written by the sequence's puller. */
    @Volatile
    private var runs: Runs? = null

    override fun start(index: Int, input: Any, job: Job, arrivals: Arrivals) {
        val set = runs ?: Runs(job, arrivals).also { runs = it }
        set.start(TaskRun(index, input as Callable<*>, set), executor)
    }

    override fun awaitStopped(): Boolean = runs?.awaitStopped() ?: Thread.interrupted()

    /** How many runs the set's list holds now; for tests. */
    internal fun tracked(): Int = runs?.tracked() ?: 0

    private class Runs(job: Job, private val arrivals: Arrivals) : TaskRuns(watched = job, parent = null) {
        override fun ended(run: TaskRun, outcome: Any?) {
            when (outcome) {
                TaskRun.CANCELLED -> arrivals.arrived(run.index, run.task, null, cancellation())
                is Thrown -> arrivals.arrived(run.index, run.task, null, outcome.exception)
                else -> arrivals.arrived(run.index, run.task, outcome, null)
            }
        }
    }

    private companion object {
        fun cancellation() = kotlinx.coroutines.CancellationException("the iteration was closed")
    }
}

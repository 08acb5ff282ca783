package dev.fanin.internal

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Job
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.util.concurrent.Callable
import java.util.concurrent.Executor
import java.util.concurrent.atomic.AtomicInteger

/**
 * The registry of an as-completed sequence's Java tasks ([TaskStarter] over [TaskRuns]): pruned as it grows,
 * so it holds about the running tasks however many have started, and still cancelling every task
 * not yet stopped, across prunings. Executors here run tasks inline or hold them, so each check is
 * sequential and exact.
 */
class TaskStarterTest {
    /** Reports of one sequence: how many values and how many cancellations, by index. */
    private class Reports : Arrivals {
        val values = AtomicInteger()
        val cancelled = HashSet<Int>()

        override fun arrived(index: Int, input: Any, value: Any?, exception: Throwable?) {
            if (exception is CancellationException) {
                synchronized(cancelled) { assertTrue(cancelled.add(index), "cancelled twice: $index") }
            } else {
                assertEquals(index, value)
                values.incrementAndGet()
            }
        }
    }

    /** Holds the tasks it is given; runs them when asked. */
    private class HeldExecutor : Executor {
        val held = ArrayList<Runnable>()

        override fun execute(command: Runnable) {
            held.add(command)
        }
    }

    @Test
    fun start_tasksThatStopAtOnce_registryStaysSmall() {
        val starter = TaskStarter(Runnable::run)
        val reports = Reports()
        val job = Job()
        repeat(10_000) { index -> starter.start(index, Callable { index }, job, reports) }
        assertEquals(10_000, reports.values.get())
        // Pruned once the starts outnumber the runs still running: never all 10,000.
        assertTrue(starter.tracked() <= 65, "tracked: ${starter.tracked()}")
        job.cancel()
    }

    @Test
    fun cancel_afterManyPrunings_everyUnstartedTaskReportsCancelledOnceAndNeverRuns() {
        val executor = HeldExecutor()
        val starter = TaskStarter(executor)
        val reports = Reports()
        val job = Job()
        val ran = AtomicInteger()
        // Every third task runs (and stops) at once; the others wait in the executor, so prunings
        // unlink stopped tasks between live ones.
        repeat(600) { index ->
            starter.start(index, Callable { ran.incrementAndGet(); index }, job, reports)
            if (index % 3 == 0) executor.held.removeAt(executor.held.size - 1).run()
        }
        assertEquals(200, ran.get())
        assertTrue(starter.tracked() < 600, "pruned: ${starter.tracked()}")

        job.cancel()
        assertEquals(400, reports.cancelled.size)
        executor.held.forEach(Runnable::run)
        assertEquals(200, ran.get(), "a cancelled task ran")
        assertFalse(starter.awaitStopped())

        // A task started after the cancellation never runs either.
        starter.start(600, Callable { ran.incrementAndGet(); 600 }, job, reports)
        assertTrue(600 in reports.cancelled)
        assertEquals(200, ran.get())
    }
}

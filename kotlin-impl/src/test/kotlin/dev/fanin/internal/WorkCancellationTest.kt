package dev.fanin.internal

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.util.concurrent.Callable
import java.util.concurrent.CancellationException
import java.util.concurrent.Executor

/**
 * A run its set cancels ends as a cancelled future whose CancellationException has no stack trace
 * (WorkFuture.cancelFromWorkInBulk): a race's losers and a failed gather's unstarted tasks are
 * cancelled many at a time, and a trace per future was most of what cancelling them cost.
 */
class WorkCancellationTest {
    private class Runs : TaskRuns(watched = null, parent = null) {
        override fun ended(run: TaskRun, outcome: Any?) = Unit
    }

    @Test
    fun cancelledRun_futureIsCancelled_withoutStackTrace() {
        val runs = Runs()
        val held = ArrayList<Runnable>()
        val run = TaskRun(0, Callable { "never" }, runs)
        runs.start(run, Executor { held.add(it) })
        runs.cancel()

        assertTrue(run.isCancelled)
        assertThrows(CancellationException::class.java) { run.join() }
        // What the future holds: from JDK 23, join() throws a new exception with it as the cause.
        val thrown = run.handle { _, failure -> failure }.getNow(null)
        assertInstanceOf(WorkCancellation::class.java, thrown)
        assertEquals(0, thrown.stackTrace.size)
        assertEquals("the task was cancelled", thrown.message)
        held.forEach { it.run() } // a run cancelled before it started never runs its task
        assertTrue(runs.job.isCompleted)
    }

    @Test
    fun workCancellation_isOnePerFuture() {
        val a = WorkCancellation()
        val b = WorkCancellation()
        a.addSuppressed(IllegalStateException("only on a"))
        assertEquals(0, b.suppressed.size)
        assertSame(a, a.fillInStackTrace())
    }
}

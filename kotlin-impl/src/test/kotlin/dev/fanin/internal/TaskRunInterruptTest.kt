package dev.fanin.internal

import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.util.concurrent.Callable
import java.util.concurrent.Executor

/**
 * A run takes back the interrupt it sent and no other (TaskRun, SentInterrupts). The runs here run
 * in place on the test's thread, as a blocking call's body runs on its caller's thread, so the
 * thread's interrupt status after each run is what the caller would be left with.
 */
class TaskRunInterruptTest {
    private class Runs : TaskRuns(watched = null, parent = null) {
        override fun ended(run: TaskRun, outcome: Any?) {}
    }

    private val inPlace = Executor(Runnable::run)

    @AfterEach
    fun clearInterrupt() {
        Thread.interrupted()
    }

    /** A run cancelled while its code runs interrupts it, and the interrupt is gone once it returns. */
    @Test
    fun cancel_whileRunning_interruptTakenBack() {
        val runs = Runs()
        var sawInterrupt = false
        lateinit var run: TaskRun
        run = TaskRun(0, Callable {
            run.cancel()
            sawInterrupt = Thread.currentThread().isInterrupted
            "returned"
        }, runs)
        runs.start(run, inPlace)
        assertTrue(sawInterrupt, "the code was not interrupted")
        assertFalse(Thread.interrupted(), "the run's interrupt stayed on the thread")
        assertTrue(run.isCancelled)
    }

    /** An interrupt from outside Fanin, pending when the run is cancelled, stays on the thread. */
    @Test
    fun cancel_interruptFromOutsidePending_kept() {
        val runs = Runs()
        lateinit var run: TaskRun
        run = TaskRun(0, Callable {
            Thread.currentThread().interrupt() // someone else's
            run.cancel()
            "returned"
        }, runs)
        runs.start(run, inPlace)
        assertTrue(Thread.interrupted(), "the interrupt from outside was taken back with the run's")
    }

    /**
     * A run inside another on the same thread, both cancelled: the inner run takes back its own
     * interrupt and leaves the outer run's for the outer code, which sees it; the outer run then
     * takes it back. The outer run's canceller, finding the inner run's interrupt pending, does not
     * take it for one from outside.
     */
    @Test
    fun cancel_nestedRunsOnOneThread_eachTakesBackItsOwn() {
        val outerRuns = Runs()
        val innerRuns = Runs()
        var outerSawItsInterrupt = false
        lateinit var outer: TaskRun
        lateinit var inner: TaskRun
        inner = TaskRun(0, Callable {
            inner.cancel()
            outer.cancel()
            "inner returned"
        }, innerRuns)
        outer = TaskRun(0, Callable {
            innerRuns.start(inner, inPlace)
            outerSawItsInterrupt = Thread.currentThread().isInterrupted
            "outer returned"
        }, outerRuns)
        outerRuns.start(outer, inPlace)
        assertTrue(outerSawItsInterrupt, "the inner run took back the outer run's interrupt")
        assertFalse(Thread.interrupted(), "an interrupt stayed on the thread")
    }
}

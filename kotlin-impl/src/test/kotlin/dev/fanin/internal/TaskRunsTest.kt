package dev.fanin.internal

import kotlinx.coroutines.Job
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.util.concurrent.Callable
import java.util.concurrent.CyclicBarrier
import java.util.concurrent.Executor
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicIntegerArray

/**
 * The set of runs every Java operation starts its tasks in ([TaskRuns]): starts from several threads
 * at once (a task group's tasks fork more), pruning while they push, a cancellation racing them,
 * and the held job's end. Executors here run tasks inline, so every outcome is known when a start
 * returns.
 */
class TaskRunsTest {
    /** Counts each run's reports by index; a second report of one run is an error. */
    private class CountingRuns(parent: Job?, size: Int) : TaskRuns(watched = null, parent = parent) {
        val reports = AtomicIntegerArray(size)
        val cancelled = AtomicInteger()

        override fun ended(run: TaskRun, outcome: Any?) {
            reports.incrementAndGet(run.index)
            if (outcome === TaskRun.CANCELLED) cancelled.incrementAndGet()
        }
    }

    private val inline = Executor(Runnable::run)

    @Test
    fun start_fromFourThreadsAtOnce_everyRunReportsOnceAndTheListStaysSmall() {
        val threads = 4
        val perThread = 5_000
        val runs = CountingRuns(null, threads * perThread)
        val barrier = CyclicBarrier(threads)
        val workers = (0 until threads).map { t ->
            Thread {
                barrier.await()
                for (i in 0 until perThread) {
                    val index = t * perThread + i
                    runs.start(TaskRun(index, Callable { index }, runs), inline)
                }
            }.apply { start() }
        }
        workers.forEach { it.join(TimeUnit.SECONDS.toMillis(30)) }
        runs.release()
        for (i in 0 until threads * perThread) assertEquals(1, runs.reports.get(i), "run $i")
        // Pruned once the starts outnumber the runs still running, whatever thread starts: never all 20,000.
        assertTrue(runs.tracked() < 1_000, "tracked: ${runs.tracked()}")
        assertTrue(runs.job.isCompleted)
    }

    @Test
    fun cancel_racingStartsFromTwoThreads_everyRunReportsOnceAndNoneRunsAfterTheCancel() {
        repeat(200) { round ->
            val perThread = 200
            val runs = CountingRuns(null, 2 * perThread)
            val cancelDone = AtomicBoolean()
            val ranAfterCancel = AtomicInteger()
            val held = java.util.concurrent.ConcurrentLinkedQueue<Runnable>()
            // Holds every run: none has started when the cancel runs, so each must end cancelled
            // and never call its Callable, even when the held runnables are run afterwards.
            val holding = Executor { held.add(it) }
            val barrier = CyclicBarrier(3)
            val starters = (0 until 2).map { t ->
                Thread {
                    barrier.await()
                    for (i in 0 until perThread) {
                        val index = t * perThread + i
                        runs.start(TaskRun(index, Callable { if (cancelDone.get()) ranAfterCancel.incrementAndGet() }, runs), holding)
                    }
                }.apply { start() }
            }
            barrier.await()
            runs.cancel()
            cancelDone.set(true)
            starters.forEach { it.join(TimeUnit.SECONDS.toMillis(30)) }
            held.forEach(Runnable::run)
            runs.release()
            for (i in 0 until 2 * perThread) assertEquals(1, runs.reports.get(i), "round $round, run $i")
            assertEquals(2 * perThread, runs.cancelled.get(), "round $round")
            assertEquals(0, ranAfterCancel.get(), "round $round")
            assertTrue(runs.job.isCompleted, "round $round")
            assertFalse(runs.awaitStopped())
        }
    }

    @Test
    fun heldJob_completesOnlyAfterReleaseAndEveryRunEnded_laterStartsNeverRun() {
        val parent = Job()
        val runs = CountingRuns(parent, 3)
        val held = ArrayList<Runnable>()
        runs.start(TaskRun(0, Callable { 0 }, runs), inline)
        runs.start(TaskRun(1, Callable { 1 }, runs), Executor { held.add(it) })
        assertFalse(runs.job.isCompleted, "not released")
        runs.release()
        assertFalse(runs.job.isCompleted, "run 1 has not ended")
        held.single().run()
        assertTrue(runs.job.isCompleted)
        assertFalse(runs.job.isCancelled)

        val ran = AtomicBoolean()
        val late = TaskRun(2, Callable { ran.set(true) }, runs)
        runs.start(late, inline)
        assertFalse(ran.get(), "a run started after the set ended ran")
        assertTrue(late.isCancelled)
        parent.complete()
        assertTrue(parent.isCompleted)
    }
}

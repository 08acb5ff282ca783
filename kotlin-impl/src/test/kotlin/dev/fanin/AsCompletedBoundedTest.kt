package dev.fanin

import dev.fanin.testing.NoLeaksExtension
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.emptyFlow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.flowOf
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.advanceTimeBy
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith
import java.io.IOException
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/**
 * The bounded forms of [asCompleted] and [asCompletedOrdered] over a [Flow] or a [Sequence] of
 * suspend lambdas, in virtual time.
 */
@ExtendWith(NoLeaksExtension::class)
class AsCompletedBoundedTest {

    /** Results come in completion order, each with the index the source gave its task and the task itself. */
    @Test
    fun asCompletedBounded_emitsInCompletionOrderWithIndexAndHandle() = runTest {
        val tasks = listOf<suspend () -> String>(
            { delay(3.seconds); "a" },
            { delay(1.seconds); "b" },
            { delay(1.seconds); "c" },
            { delay(500.milliseconds); "d" },
        )
        // limit 2: a and b start at 0; c when b is emitted (1 s); d when c is emitted (2 s).
        val seen = mutableListOf<Pair<Long, Completion<String, suspend () -> String>>>()
        tasks.asFlow().asCompleted(limit = 2).collect { seen += currentTime to it }
        assertEquals(listOf(1, 2, 3, 0), seen.map { it.second.index })
        assertEquals(listOf(1000L, 2000L, 2500L, 3000L), seen.map { it.first })
        assertEquals(listOf("b", "c", "d", "a"), seen.map { it.second.value })
        for ((_, completion) in seen) assertSame(tasks[completion.index], completion.handle)
    }

    /** With limit 1 the tasks run one after another, in source order. */
    @Test
    fun asCompletedBounded_limitOne_runsTasksOneAtATime() = runTest {
        val tasks = List<suspend () -> Int>(3) { i -> { delay((3 - i).seconds); i } }
        val seen = mutableListOf<Pair<Long, Int>>()
        tasks.asSequence().asCompleted(limit = 1).collect { seen += currentTime to it.value }
        assertEquals(listOf(3000L to 0, 5000L to 1, 6000L to 2), seen)
    }

    /** Nothing is started, and the source is not pulled, until the flow is collected. */
    @Test
    fun asCompletedBounded_isCold() = runTest {
        val pulled = AtomicInteger()
        val started = AtomicInteger()
        val source = flow<suspend () -> Int> {
            repeat(3) { i -> pulled.incrementAndGet(); emit { started.incrementAndGet(); i } }
        }
        val result = source.asCompleted(limit = 2)
        runCurrent()
        assertEquals(0, pulled.get())
        assertEquals(0, started.get())
        assertEquals(listOf(0, 1, 2), result.toList().map { it.value }.sorted())
        assertEquals(3, started.get())
    }

    /** An empty source gives an empty flow, in every bounded form. */
    @Test
    fun asCompletedBounded_emptySource_emitsNothing() = runTest {
        assertTrue(emptyFlow<suspend () -> Int>().asCompleted(limit = 3).toList().isEmpty())
        assertTrue(emptyFlow<suspend () -> Int>().asCompletedOrdered(limit = 3).toList().isEmpty())
        assertTrue(emptySequence<suspend () -> Int>().asCompleted(limit = 3).toList().isEmpty())
        assertTrue(emptySequence<suspend () -> Int>().asCompletedOrdered(limit = 3).toList().isEmpty())
        assertEquals(0L, currentTime)
    }

    /**
     * With a slow collector, running tasks plus results not yet emitted never exceed the limit, and
     * the limit is reached.
     */
    @Test
    fun asCompletedBounded_slowCollector_runningOrUnemittedNeverExceedsLimit() = runTest {
        val limit = 4
        val window = AtomicInteger()
        var maxWindow = 0
        val tasks = List<suspend () -> Int>(30) { i ->
            {
                maxWindow = maxOf(maxWindow, window.incrementAndGet())
                delay(((i * 7) % 5 + 1).seconds)
                i
            }
        }
        val seen = mutableListOf<Int>()
        tasks.asFlow().asCompleted(limit).collect {
            delay(2.seconds) // slower than most tasks: results wait for the collector
            seen += it.index
            window.decrementAndGet()
        }
        assertEquals((0 until 30).toList(), seen.sorted())
        assertEquals(limit, maxWindow)
        assertEquals(0, window.get())
    }

    /**
     * A slow collector throttles the source: however long the collector takes, the source has
     * produced only a bounded number of tasks beyond those emitted, and never runs to its end.
     */
    @Test
    fun asCompletedBounded_slowCollector_throttlesSource() = runTest {
        val limit = 3
        val produced = AtomicInteger()
        val emitted = AtomicInteger()
        val source = flow<suspend () -> Int> {
            for (i in 0 until 1_000) {
                produced.incrementAndGet()
                emit { i }
            }
        }
        val collector = launch {
            source.asCompleted(limit).collect {
                emitted.incrementAndGet()
                delay(10.seconds)
            }
        }
        repeat(5) {
            runCurrent()
            val ahead = produced.get() - emitted.get()
            // A strict bound of `limit` is checked by asCompletedBounded_sourceNeverPulledMoreThanLimitAhead.
            assertTrue(ahead <= limit + 1, "source produced ${produced.get()} with ${emitted.get()} emitted")
            advanceTimeBy(10.seconds)
        }
        assertEquals(5, emitted.get())
        assertTrue(produced.get() <= 5 + limit + 1, "produced ${produced.get()}")
        collector.cancel()
        collector.join()
    }

    /**
     * The source is pulled only as slots free up: it has never produced more than `limit` tasks
     * beyond those whose results were emitted, in either bounded form.
     */
    @Test
    fun asCompletedBounded_sourceNeverPulledMoreThanLimitAhead() = runTest {
        val limit = 3
        val maxAhead = mutableMapOf<String, Int>()
        for (ordered in listOf(false, true)) {
            val emitted = AtomicInteger()
            var ahead = 0
            val source = flow<suspend () -> Int> {
                for (i in 0 until 20) {
                    ahead = maxOf(ahead, i + 1 - emitted.get())
                    emit { delay(1.seconds); i }
                }
            }
            val flow = if (ordered) source.asCompletedOrdered(limit) else source.asCompleted(limit)
            flow.collect {
                emitted.incrementAndGet()
                delay(5.seconds)
            }
            assertEquals(20, emitted.get())
            maxAhead[if (ordered) "asCompletedOrdered" else "asCompleted"] = ahead
        }
        assertEquals(mapOf("asCompleted" to limit, "asCompletedOrdered" to limit), maxAhead,
            "most tasks the source had produced beyond the emitted results, with limit $limit")
    }

    /** A failed task is a result in its turn; the other tasks go on. */
    @Test
    fun asCompletedBounded_taskFails_deliveredInItsTurnOthersContinue() = runTest {
        val boom = IOException("boom")
        val tasks = listOf<suspend () -> String>(
            { delay(2.seconds); "slow" },
            { delay(1.seconds); throw boom },
            { delay(2.seconds); "after" }, // starts at 1 s, when the failure is emitted
        )
        val seen = tasks.asFlow().asCompleted(limit = 2).toList()
        assertEquals(listOf(1, 0, 2), seen.map { it.index })
        assertSame(boom, assertInstanceOf(Outcome.Failure::class.java, seen[0].outcome).exception)
        assertSame(boom, assertThrows(UncheckedTaskException::class.java) { seen[0].value }.cause)
        assertEquals("slow", seen[1].value)
        assertEquals("after", seen[2].value)
        assertEquals(3.seconds.inWholeMilliseconds, currentTime)
    }

    /** A source that throws fails the flow with its exception and cancels the running tasks. */
    @Test
    fun asCompletedBounded_sourceThrows_failsFlowAndCancelsRunningTasks() = runTest {
        for (ordered in listOf(false, true)) {
            val stopped = AtomicInteger()
            val source = flow<suspend () -> String> {
                emit { try { awaitCancellation() } finally { stopped.incrementAndGet() } }
                emit { delay(1.seconds); "quick" }
                emit { try { awaitCancellation() } finally { stopped.incrementAndGet() } }
                delay(2.seconds)
                throw IOException("source broke")
            }
            val start = currentTime
            val seen = mutableListOf<String>()
            val flow = if (ordered) source.asCompletedOrdered(limit = 4) else source.asCompleted(limit = 4)
            val e = assertThrowsSuspending<IOException> { flow.collect { seen += it.value } }
            assertEquals("source broke", e.message)
            assertEquals(2, stopped.get(), "ordered=$ordered")
            assertEquals(start + 2.seconds.inWholeMilliseconds, currentTime, "ordered=$ordered")
            // Unordered, the quick result was emitted at 1 s; ordered, it waits behind task 0.
            assertEquals(if (ordered) emptyList<String>() else listOf("quick"), seen)
        }
    }

    /** A Sequence whose iterator throws fails the flow with that exception and cancels the running tasks. */
    @Test
    fun asCompletedBoundedSequence_iteratorThrows_failsFlowAndCancelsRunningTasks() = runTest {
        val started = AtomicInteger()
        val stopped = AtomicInteger()
        val tasks = sequence<suspend () -> Int> {
            yield { delay(1.seconds); 0 }
            yield { started.incrementAndGet(); try { awaitCancellation() } finally { stopped.incrementAndGet() } }
            throw IllegalStateException("sequence broke")
        }
        for (ordered in listOf(false, true)) {
            val flow = if (ordered) tasks.asCompletedOrdered(limit = 2) else tasks.asCompleted(limit = 2)
            val e = assertThrowsSuspending<IllegalStateException> { flow.collect() }
            assertEquals("sequence broke", e.message)
            // The failure may come before the tasks got to run; none of those that ran is left running.
            assertEquals(started.get(), stopped.get(), "ordered=$ordered")
        }
        // The throwing pull happens only once a slot frees: after the 1 s task's result was emitted.
        assertTrue(currentTime >= 1.seconds.inWholeMilliseconds)
    }

    /** Leaving the flow early (take(1)) cancels the running tasks and stops pulling the source. */
    @Test
    fun asCompletedBounded_takeOne_cancelsRunningTasks() = runTest {
        for (ordered in listOf(false, true)) {
            val stopped = AtomicInteger()
            val pulled = AtomicInteger()
            val source = flow<suspend () -> Int> {
                pulled.incrementAndGet()
                emit { delay(1.seconds); 0 }
                repeat(100) {
                    pulled.incrementAndGet()
                    emit { try { awaitCancellation() } finally { stopped.incrementAndGet() } }
                }
            }
            val flow = if (ordered) source.asCompletedOrdered(limit = 3) else source.asCompleted(limit = 3)
            val first = flow.take(1).toList().single()
            assertEquals(0, first.index, "ordered=$ordered")
            assertEquals(2, stopped.get(), "ordered=$ordered")
            assertTrue(pulled.get() <= 5, "ordered=$ordered: pulled ${pulled.get()}")
        }
    }

    /** Cancelling the collector cancels every running task. */
    @Test
    fun asCompletedBounded_collectorCancelled_cancelsRunningTasks() = runTest {
        for (ordered in listOf(false, true)) {
            val stopped = AtomicInteger()
            val tasks = generateSequence<suspend () -> Unit> { { try { awaitCancellation() } finally { stopped.incrementAndGet() } } }
            val collector = launch {
                if (ordered) tasks.asCompletedOrdered(limit = 5).collect() else tasks.asCompleted(limit = 5).collect()
            }
            runCurrent()
            collector.cancel()
            collector.join()
            assertTrue(collector.isCancelled)
            assertEquals(5, stopped.get(), "ordered=$ordered")
        }
    }

    /** A limit below 1 is rejected with IllegalArgumentException when the flow is created, in every bounded form. */
    @Test
    fun asCompletedBounded_limitBelowOne_throwsIllegalArgumentException() {
        val flow = flowOf<suspend () -> Int>({ 1 })
        val sequence = sequenceOf<suspend () -> Int>({ 1 })
        for (limit in listOf(0, -1, Int.MIN_VALUE)) {
            val e = assertThrows(IllegalArgumentException::class.java) { flow.asCompleted(limit) }
            assertTrue(e.message!!.contains("limit"), e.message)
            assertThrows(IllegalArgumentException::class.java) { flow.asCompletedOrdered(limit) }
            assertThrows(IllegalArgumentException::class.java) { sequence.asCompleted(limit) }
            assertThrows(IllegalArgumentException::class.java) { sequence.asCompletedOrdered(limit) }
        }
    }

    /**
     * The ordered form emits in source order, holding back at most `limit` finished results, and
     * never has more than `limit` tasks running or waiting to be emitted.
     */
    @Test
    fun asCompletedOrdered_emitsInSourceOrder_holdsBackAtMostLimit() = runTest {
        val limit = 4
        val started = AtomicInteger()
        val finished = AtomicInteger()
        val emitted = AtomicInteger()
        var maxHeldBack = 0
        var maxWindow = 0
        // Later tasks are faster, so their results must be held back behind earlier ones.
        val tasks = List<suspend () -> Int>(20) { i ->
            {
                maxWindow = maxOf(maxWindow, started.incrementAndGet() - emitted.get())
                delay((20 - i).seconds / 4)
                maxHeldBack = maxOf(maxHeldBack, finished.incrementAndGet() - emitted.get())
                i
            }
        }
        val seen = mutableListOf<Completion<Int, suspend () -> Int>>()
        tasks.asSequence().asCompletedOrdered(limit).collect {
            seen += it
            emitted.incrementAndGet()
        }
        assertEquals((0 until 20).toList(), seen.map { it.index })
        assertEquals((0 until 20).toList(), seen.map { it.value })
        for (completion in seen) assertSame(tasks[completion.index], completion.handle)
        assertEquals(limit, maxWindow)
        assertEquals(limit, maxHeldBack, "most results held back")
    }

    /** The ordered form delivers a failed task's result in its source position. */
    @Test
    fun asCompletedOrdered_taskFails_deliveredInSourcePosition() = runTest {
        val tasks = listOf<suspend () -> Int>(
            { delay(2.seconds); 0 },
            { throw IOException("boom") },
            { delay(1.seconds); 2 },
        )
        val seen = tasks.asFlow().asCompletedOrdered(limit = 3).toList()
        assertEquals(listOf(0, 1, 2), seen.map { it.index })
        assertEquals("boom", assertInstanceOf(Outcome.Failure::class.java, seen[1].outcome).exception.message)
        assertEquals(2, seen[2].value)
        assertEquals(2.seconds.inWholeMilliseconds, currentTime)
    }

    /** A million-element lazy Sequence of trivial tasks with limit 64 completes, every index emitted once. */
    @Test
    fun asCompletedBoundedSequence_millionTasks_completes() = runTest {
        val n = 1_000_000
        val seen = BooleanArray(n)
        var count = 0
        generateSequence(0) { it + 1 }.take(n).map<Int, suspend () -> Int> { i -> { i } }
            .asCompleted(limit = 64)
            .collect {
                if (it.value != it.index || seen[it.index]) assertEquals(it.index, it.value, "index ${it.index}, repeated: ${seen[it.index]}")
                seen[it.index] = true
                count++
            }
        assertEquals(n, count)
    }

    /** The same million-element Sequence through the ordered form comes out in source order. */
    @Test
    fun asCompletedOrderedSequence_millionTasks_completesInOrder() = runTest {
        val n = 1_000_000
        var next = 0
        generateSequence(0) { it + 1 }.take(n).map<Int, suspend () -> Int> { i -> { i } }
            .asCompletedOrdered(limit = 64)
            .collect {
                if (it.index != next || it.value != next) assertEquals(next, it.index, "value ${it.value}")
                next++
            }
        assertEquals(n, next)
    }
}

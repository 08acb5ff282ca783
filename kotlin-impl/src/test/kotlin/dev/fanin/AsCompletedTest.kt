package dev.fanin

import dev.fanin.testing.NoLeaksExtension
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.advanceTimeBy
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith
import java.io.IOException
import java.util.concurrent.TimeoutException
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/** [asCompleted] over a list of suspend lambdas and over deferreds the caller holds, in virtual time. */
@ExtendWith(NoLeaksExtension::class)
class AsCompletedTest {

    /** Results come in completion order, each with its task's index and the task itself, as each completes. */
    @Test
    fun asCompleted_tasks_emitsInCompletionOrderWithIndexAndHandle() = runTest {
        val tasks = listOf<suspend () -> String>(
            { delay(3.seconds); "a" },
            { delay(1.seconds); "b" },
            { delay(2.seconds); "c" },
        )
        val seen = mutableListOf<Pair<Long, Completion<String, suspend () -> String>>>()
        asCompleted(tasks).collect { seen += currentTime to it }
        assertEquals(listOf(1, 2, 0), seen.map { it.second.index })
        assertEquals(listOf("b", "c", "a"), seen.map { it.second.value })
        assertEquals(listOf(1000L, 2000L, 3000L), seen.map { it.first })
        for ((_, completion) in seen) {
            assertSame(tasks[completion.index], completion.handle, "handle of ${completion.index}")
            assertInstanceOf(Outcome.Success::class.java, completion.outcome)
        }
    }

    /** The tasks start only when the flow is collected, and all start at once. */
    @Test
    fun asCompleted_tasks_startWhenCollectedAndRunConcurrently() = runTest {
        val started = AtomicInteger()
        val tasks = List<suspend () -> Int>(5) { i -> { started.incrementAndGet(); delay(1.seconds); i } }
        val flow = asCompleted(tasks)
        runCurrent()
        assertEquals(0, started.get())
        assertEquals(5, flow.toList().size)
        assertEquals(5, started.get())
        assertEquals(1.seconds.inWholeMilliseconds, currentTime)
    }

    /** A failed task is a result in its turn, with its exception; the other tasks go on and are emitted after it. */
    @Test
    fun asCompleted_taskFails_deliveredInItsTurnOthersContinue() = runTest {
        val boom = IOException("boom")
        var lastFinished = false
        val tasks = listOf<suspend () -> String>(
            { delay(3.seconds); lastFinished = true; "slow" },
            { delay(1.seconds); throw boom },
            { delay(2.seconds); "middle" },
        )
        val seen = asCompleted(tasks).toList()
        assertEquals(listOf(1, 2, 0), seen.map { it.index })
        val failure = assertInstanceOf(Outcome.Failure::class.java, seen[0].outcome)
        assertSame(boom, failure.exception)
        assertEquals("middle", seen[1].value)
        assertEquals("slow", seen[2].value)
        assertTrue(lastFinished)
        assertEquals(3.seconds.inWholeMilliseconds, currentTime)
    }

    /** Completion.value returns a success's value and throws a failure's or a cancellation's exception. */
    @Test
    fun completion_value_throwsForFailureAndCancellation() = runTest {
        val tasks = listOf<suspend () -> String>(
            { "ok" },
            { delay(1.seconds); throw IOException("boom") },
            { delay(2.seconds); throw CancellationException("gave up") },
        )
        val seen = asCompleted(tasks).toList()
        assertEquals(listOf(0, 1, 2), seen.map { it.index })
        assertEquals("ok", seen[0].value)
        val failure = assertThrows(UncheckedTaskException::class.java) { seen[1].value }.cause
        assertEquals("boom", assertInstanceOf(IOException::class.java, failure).message)
        assertInstanceOf(Outcome.Cancelled::class.java, seen[2].outcome)
        val cancelled = assertThrows(CancellationException::class.java) { seen[2].value }
        assertEquals("gave up", cancelled.message)
    }

    /**
     * On timeout the results that arrived before the deadline are emitted, then the flow throws
     * TimeoutException (not a CancellationException) at the deadline, and the unfinished task is cancelled.
     */
    @Test
    fun asCompleted_timeout_emitsEarlierResultsThenThrowsTimeoutException() = runTest {
        var slowStopped = false
        val tasks = listOf<suspend () -> String>(
            { try { awaitCancellation() } finally { slowStopped = true } },
            { delay(1.seconds); "one" },
            { delay(2.seconds); "two" },
        )
        val seen = mutableListOf<Pair<Long, Int>>()
        val e = assertThrowsSuspending<Throwable> {
            asCompleted(tasks, 3.seconds).collect { seen += currentTime to it.index }
        }
        assertInstanceOf(TimeoutException::class.java, e)
        assertFalse(e is CancellationException, "threw a CancellationException: $e")
        assertEquals(listOf(1000L to 1, 2000L to 2), seen)
        assertEquals(3.seconds.inWholeMilliseconds, currentTime)
        assertTrue(slowStopped)
    }

    /** Results that arrived before the deadline are still emitted when a slow collector reaches them after it. */
    @Test
    fun asCompleted_timeoutWhileCollectorBusy_stillEmitsArrivedResults() = runTest {
        val tasks = listOf<suspend () -> Int>(
            { delay(1.seconds); 0 },
            { delay(2.seconds); 1 },
            { awaitCancellation() },
        )
        val seen = mutableListOf<Int>()
        assertThrowsSuspending<TimeoutException> {
            asCompleted(tasks, 3.seconds).collect {
                seen += it.index
                delay(5.seconds) // the deadline passes while the collector is busy with the first result
            }
        }
        assertEquals(listOf(0, 1), seen)
        assertEquals(11.seconds.inWholeMilliseconds, currentTime)
    }

    /** A timeout that is never reached changes nothing: all results are emitted and the flow completes. */
    @Test
    fun asCompleted_timeoutNotReached_completesNormally() = runTest {
        val tasks = listOf<suspend () -> Int>({ delay(1.seconds); 1 }, { delay(2.seconds); 2 })
        assertEquals(listOf(1, 2), asCompleted(tasks, 5.seconds).toList().map { it.value })
        assertEquals(2.seconds.inWholeMilliseconds, currentTime)
        runCurrent()
    }

    /** Leaving the flow early (take(1)) cancels the tasks it started that have not finished. */
    @Test
    fun asCompleted_takeOne_cancelsUnfinishedTasks() = runTest {
        val stopped = AtomicInteger()
        val tasks = listOf<suspend () -> String>(
            { try { awaitCancellation() } finally { stopped.incrementAndGet() } },
            { delay(1.seconds); "first" },
            { try { delay(10.seconds); "late" } finally { stopped.incrementAndGet() } },
        )
        val first = asCompleted(tasks).take(1).toList().single()
        assertEquals(1, first.index)
        assertEquals("first", first.value)
        assertEquals(2, stopped.get())
        assertEquals(1.seconds.inWholeMilliseconds, currentTime)
    }

    /** Cancelling the collector cancels every unfinished task, and the collector ends cancelled. */
    @Test
    fun asCompleted_collectorCancelled_cancelsTasks() = runTest {
        val stopped = AtomicInteger()
        val tasks = List<suspend () -> Unit>(3) { { try { awaitCancellation() } finally { stopped.incrementAndGet() } } }
        val collector = launch { asCompleted(tasks).collect() }
        runCurrent()
        collector.cancel()
        collector.join()
        assertTrue(collector.isCancelled)
        assertEquals(3, stopped.get())
    }

    /** Lambdas written in the call (vararg, like gather) need no declared list type; handles are the lambdas. */
    @Test
    fun asCompleted_vararg_tagsEachResultWithItsLambda() = runTest {
        val slow: suspend () -> String = { delay(20); "slow" }
        val fast: suspend () -> String = { delay(10); "fast" }

        val results = asCompleted(slow, fast).toList()
        assertEquals(listOf(1 to "fast", 0 to "slow"), results.map { it.index to it.value })
        assertSame(fast, results[0].handle)
        assertEquals(listOf("slow"), asCompleted({ delay(10); "slow" }, timeout = 1.seconds).toList().map { it.value })
    }

    /** An empty list gives an empty flow, with or without a timeout. */
    @Test
    fun asCompleted_empty_emitsNothing() = runTest {
        assertTrue(asCompleted(emptyList<suspend () -> Int>()).toList().isEmpty())
        assertTrue(asCompleted(emptyList<suspend () -> Int>(), 1.seconds).toList().isEmpty())
        assertTrue(asCompletedDeferreds(emptyList<Deferred<Int>>()).toList().isEmpty())
        assertTrue(asCompletedDeferreds(emptyList<Deferred<Int>>(), 1.seconds).toList().isEmpty())
        assertEquals(0L, currentTime)
    }

    /** A negative timeout is rejected with IllegalArgumentException when the flow is created, in both forms. */
    @Test
    fun asCompleted_negativeTimeout_throwsIllegalArgumentException() {
        val tasks = listOf<suspend () -> Int>({ 1 })
        val e = assertThrows(IllegalArgumentException::class.java) { asCompleted(tasks, (-1).milliseconds) }
        assertTrue(e.message!!.contains("timeout"), e.message)
        val deferred = CompletableDeferred(1)
        assertThrows(IllegalArgumentException::class.java) { asCompletedDeferreds(listOf(deferred), (-1).seconds) }
    }

    /** Deferreds come in completion order with their index and the deferred itself; failed and cancelled ones in their turn. */
    @Test
    fun asCompletedDeferreds_emitsInCompletionOrderWithIndexAndHandle() = runTest {
        val deferreds = List(4) { CompletableDeferred<Int>() }
        launch { delay(1.seconds); deferreds[2].complete(2) }
        launch { delay(2.seconds); deferreds[0].completeExceptionally(IOException("boom")) }
        launch { delay(3.seconds); deferreds[3].cancel() }
        launch { delay(4.seconds); deferreds[1].complete(1) }
        val seen = mutableListOf<Pair<Long, Completion<Int, Deferred<Int>>>>()
        asCompletedDeferreds(deferreds).collect { seen += currentTime to it }
        assertEquals(listOf(2, 0, 3, 1), seen.map { it.second.index })
        assertEquals(listOf(1000L, 2000L, 3000L, 4000L), seen.map { it.first })
        for ((_, completion) in seen) assertSame(deferreds[completion.index], completion.handle)
        assertEquals(2, seen[0].second.value)
        val failure = assertInstanceOf(Outcome.Failure::class.java, seen[1].second.outcome)
        assertInstanceOf(IOException::class.java, failure.exception)
        assertEquals("boom", failure.exception.message)
        assertInstanceOf(Outcome.Cancelled::class.java, seen[2].second.outcome)
        assertThrows(CancellationException::class.java) { seen[2].second.value }
        assertEquals(1, seen[3].second.value)
    }

    /** Deferreds already complete when the flow is collected are all emitted, in input order among equals. */
    @Test
    fun asCompletedDeferreds_alreadyComplete_allEmitted() = runTest {
        val deferreds = List(3) { CompletableDeferred(it) }
        assertEquals(listOf(0, 1, 2), asCompletedDeferreds(deferreds).toList().map { it.value }.sorted())
        assertEquals(0L, currentTime)
    }

    /** Leaving the deferreds' flow early (take(1) or first()) cancels none of the caller's deferreds. */
    @Test
    fun asCompletedDeferreds_takeOne_cancelsNoDeferred() = runTest {
        val fast = async { delay(1.seconds); "fast" }
        val slow = async { delay(5.seconds); "slow" }
        val pending = CompletableDeferred<String>()
        val first = asCompletedDeferreds(listOf(slow, pending, fast)).take(1).toList().single()
        assertSame(fast, first.handle)
        assertEquals(2, first.index)
        assertEquals(1.seconds.inWholeMilliseconds, currentTime)
        assertEquals("fast", asCompletedDeferreds(listOf(slow, pending, fast)).first().value)
        runCurrent()
        assertTrue(slow.isActive)
        assertTrue(pending.isActive)
        assertEquals("slow", slow.await())
        pending.complete("later")
        assertEquals("later", pending.await())
    }

    /** On timeout the deferreds' flow throws TimeoutException after the earlier results, and cancels no deferred. */
    @Test
    fun asCompletedDeferreds_timeout_throwsTimeoutExceptionAndCancelsNoDeferred() = runTest {
        val fast = async { delay(1.seconds); "fast" }
        val slow = async { delay(5.seconds); "slow" }
        val seen = mutableListOf<String>()
        val e = assertThrowsSuspending<Throwable> {
            asCompletedDeferreds(listOf(slow, fast), 2.seconds).collect { seen += it.value }
        }
        assertInstanceOf(TimeoutException::class.java, e)
        assertFalse(e is CancellationException, "threw a CancellationException: $e")
        assertEquals(listOf("fast"), seen)
        assertEquals(2.seconds.inWholeMilliseconds, currentTime)
        assertTrue(slow.isActive)
        assertEquals("slow", slow.await())
        assertEquals(5.seconds.inWholeMilliseconds, currentTime)
    }

    /** Cancelling the collector of the deferreds' flow cancels none of the deferreds. */
    @Test
    fun asCompletedDeferreds_collectorCancelled_cancelsNoDeferred() = runTest {
        val a = CompletableDeferred<Int>()
        val b = async { delay(5.seconds); 2 }
        val collector = launch { asCompletedDeferreds(listOf(a, b)).collect() }
        advanceTimeBy(1.seconds)
        runCurrent()
        collector.cancel()
        collector.join()
        assertTrue(a.isActive)
        assertTrue(b.isActive)
        a.complete(1)
        assertEquals(2, b.await())
    }
}

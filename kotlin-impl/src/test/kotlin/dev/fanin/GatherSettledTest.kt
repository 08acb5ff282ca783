package dev.fanin

import dev.fanin.testing.NoLeaksExtension
import dev.fanin.testing.OrderChecker
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withContext
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith
import java.io.IOException
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.seconds

/** [gatherSettled] over suspend lambdas and over deferreds, and the [Outcome] it returns. */
@ExtendWith(NoLeaksExtension::class)
class GatherSettledTest {

    /** Each task gets its own outcome in argument order: a null value, a failure and a cancellation included. */
    @Test
    fun gatherSettled_mixedTasks_oneOutcomeEachInArgumentOrder() = runTest {
        val outcomes = gatherSettled<String?>(
            { delay(3.seconds); "late" },
            { null },
            { delay(1.seconds); throw IOException("boom") },
            { delay(2.seconds); throw CancellationException("stopped") },
        )
        assertEquals(4, outcomes.size)
        assertEquals(Outcome.Success("late"), outcomes[0])
        assertEquals(Outcome.Success(null), outcomes[1])
        val failure = assertInstanceOf(Outcome.Failure::class.java, outcomes[2])
        assertInstanceOf(IOException::class.java, failure.exception)
        assertEquals("boom", failure.exception.message)
        assertInstanceOf(Outcome.Cancelled::class.java, outcomes[3])
        assertEquals(3.seconds.inWholeMilliseconds, currentTime)
    }

    /** A failing task cancels none of its siblings: they run on and their values are returned. */
    @Test
    fun gatherSettled_taskFails_siblingsRunOn() = runTest {
        val order = OrderChecker()
        val gate = CompletableDeferred<Unit>()
        val result = async {
            gatherSettled(
                { order.expect(1); gate.await(); order.expect(4); "sibling" },
                { order.expect(2); throw IOException("boom") },
            )
        }
        runCurrent()
        order.expect(3)
        assertFalse(result.isCompleted)
        gate.complete(Unit)
        val outcomes = result.await()
        order.finish(5)
        assertEquals(Outcome.Success("sibling"), outcomes[0])
        assertInstanceOf(Outcome.Failure::class.java, outcomes[1])
        order.check()
    }

    /** Empty input, in every form, returns an empty list without suspending. */
    @Test
    fun gatherSettled_emptyInput_returnsEmptyListAtOnce() = runTest {
        assertEquals(emptyList<Outcome<Int>>(), gatherSettled<Int>())
        assertEquals(emptyList<Outcome<Int>>(), gatherSettled(emptyList<suspend () -> Int>()))
        assertEquals(emptyList<Outcome<Int>>(), gatherDeferredsSettled(emptyList<Deferred<Int>>()))
        assertEquals(0L, currentTime)
    }

    /** Cancelling the caller cancels every task and throws CancellationException only after their cleanup ran. */
    @Test
    fun gatherSettled_callerCancelled_cancelsTasksAndWaitsForThem() = runTest {
        val stopped = AtomicInteger()
        var thrown: Throwable? = null
        val caller = launch {
            try {
                gatherSettled(
                    {
                        try {
                            awaitCancellation()
                        } finally {
                            withContext(NonCancellable) { delay(1.seconds) }
                            stopped.incrementAndGet()
                        }
                    },
                    { try { awaitCancellation() } finally { stopped.incrementAndGet() } },
                )
            } catch (e: Throwable) {
                assertEquals(2, stopped.get(), "tasks stopped before gatherSettled threw")
                thrown = e
                throw e
            }
        }
        runCurrent()
        caller.cancel()
        caller.join()
        assertTrue(thrown is CancellationException, "gatherSettled threw $thrown")
        assertEquals(2, stopped.get())
        assertEquals(1.seconds.inWholeMilliseconds, currentTime)
    }

    /** Deferreds that completed with null, failed, were cancelled or complete later each give their outcome in order. */
    @Test
    fun gatherSettledDeferreds_mixedDeferreds_oneOutcomeEachInArgumentOrder() = runTest {
        val boom = IOException("boom")
        val nullValue = CompletableDeferred<String?>().apply { complete(null) }
        val failed = CompletableDeferred<String?>().apply { completeExceptionally(boom) }
        val cancelled = CompletableDeferred<String?>().apply { cancel(CancellationException("no longer needed")) }
        val later = CompletableDeferred<String?>()
        val result = async { gatherDeferredsSettled(listOf(nullValue, failed, cancelled, later)) }
        runCurrent()
        assertFalse(result.isCompleted)
        later.complete("later")
        val outcomes = result.await()
        assertEquals(Outcome.Success(null), outcomes[0])
        val failure = assertInstanceOf(Outcome.Failure::class.java, outcomes[1])
        assertInstanceOf(IOException::class.java, failure.exception)
        assertEquals("boom", failure.exception.message)
        val cancellation = assertInstanceOf(Outcome.Cancelled::class.java, outcomes[2])
        assertEquals("no longer needed", cancellation.exception.message)
        assertEquals(Outcome.Success("later"), outcomes[3])
    }

    /** Cancelling the caller of gatherSettled over deferreds cancels every deferred it was waiting for. */
    @Test
    fun gatherSettledDeferreds_callerCancelled_cancelsDeferreds() = runTest {
        val a = CompletableDeferred<Int>()
        val b = CompletableDeferred<Int>()
        var thrown: Throwable? = null
        val caller = launch {
            try {
                gatherDeferredsSettled(listOf(a, b))
            } catch (e: Throwable) {
                thrown = e
                throw e
            }
        }
        runCurrent()
        caller.cancel()
        caller.join()
        assertTrue(thrown is CancellationException, "gatherSettled threw $thrown")
        assertTrue(a.isCancelled)
        assertTrue(b.isCancelled)
    }

    /** A settled gather over a million suspend lambdas completes without overflowing the stack. */
    @Test
    fun gatherSettled_millionTasks_completesWithoutStackOverflow() = runTest {
        val n = 1_000_000
        val outcomes = gatherSettled(List<suspend () -> Int>(n) { i -> { i } })
        assertEquals(n, outcomes.size)
        assertEquals(Outcome.Success(n - 1), outcomes[n - 1])
    }

    /**
     * getOrThrow returns a success's value (null included), throws an unchecked failure and a
     * cancellation as they are, and a checked failure in UncheckedTaskException (adr/0013).
     */
    @Test
    fun outcome_getOrThrow_returnsValueOrThrowsTheException() {
        assertNull(Outcome.Success(null).getOrThrow())
        assertEquals("v", Outcome.Success("v").getOrThrow())
        val bad = IllegalStateException("bad")
        assertSame(bad, assertThrows(IllegalStateException::class.java) { Outcome.Failure<String>(bad).getOrThrow() })
        val boom = IOException("boom")
        val wrapped = assertThrows(UncheckedTaskException::class.java) { Outcome.Failure<String>(boom).getOrThrow() }
        assertSame(boom, wrapped.cause)
        val stop = CancellationException("stop")
        assertSame(stop, assertThrows(CancellationException::class.java) { Outcome.Cancelled<String>(stop).getOrThrow() })
    }
}

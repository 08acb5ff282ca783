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
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith
import java.io.IOException
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.seconds

/** [gather] over suspend lambdas and over deferreds the caller holds. */
@ExtendWith(NoLeaksExtension::class)
class GatherTest {

    /** Results come in argument order even when the tasks complete in reverse order. */
    @Test
    fun gather_tasksCompleteInReverse_resultsInArgumentOrder() = runTest {
        val gates = List(3) { CompletableDeferred<Unit>() }
        val completed = mutableListOf<String>()
        val result = async {
            gather(
                { gates[0].await(); completed += "a"; "a" },
                { gates[1].await(); completed += "b"; "b" },
                { gates[2].await(); completed += "c"; "c" },
            )
        }
        runCurrent()
        for (i in 2 downTo 0) {
            assertFalse(result.isCompleted)
            gates[i].complete(Unit)
            runCurrent()
        }
        assertEquals(listOf("c", "b", "a"), completed)
        assertEquals(listOf("a", "b", "c"), result.await())
    }

    /** The Iterable form runs its tasks concurrently and returns results in argument order. */
    @Test
    fun gather_iterableOfTimedTasks_runsConcurrentlyInArgumentOrder() = runTest {
        val tasks: List<suspend () -> Int> = listOf(
            { delay(3.seconds); 1 },
            { delay(1.seconds); 2 },
            { delay(2.seconds); 3 },
        )
        assertEquals(listOf(1, 2, 3), gather(tasks))
        assertEquals(3.seconds.inWholeMilliseconds, currentTime)
    }

    /** A task may return null, and the result list holds it in its place. */
    @Test
    fun gather_taskReturnsNull_listHoldsNull() = runTest {
        assertEquals(listOf("a", null), gather({ "a" }, { null }))
    }

    /** Empty input, in every form, returns an empty list without suspending. */
    @Test
    fun gather_emptyInput_returnsEmptyListAtOnce() = runTest {
        assertEquals(emptyList<Int>(), gather<Int>())
        assertEquals(emptyList<Int>(), gather(emptyList<suspend () -> Int>()))
        assertEquals(emptyList<Int>(), gatherDeferreds(emptyList<Deferred<Int>>()))
        assertEquals(0L, currentTime)
    }

    /** The first failure cancels the siblings, and gather rethrows it only after they have completed. */
    @Test
    fun gather_taskFails_cancelsSiblingsAndRethrowsAfterTheyCompleted() = runTest {
        val order = OrderChecker()
        val failure = assertThrowsSuspending<IOException> {
            gather<String>(
                {
                    order.expect(1)
                    try {
                        awaitCancellation()
                    } finally {
                        order.expect(3)
                    }
                },
                {
                    order.expect(2)
                    throw IOException("boom")
                },
            )
        }
        order.expect(4)
        assertEquals("boom", failure.message)
        order.finish(5)
        order.check()
    }

    /** gather does not rethrow the failure until a sibling's slow, non-cancellable cleanup has finished. */
    @Test
    fun gather_taskFails_waitsForSiblingCleanup() = runTest {
        val order = OrderChecker()
        val failure = assertThrowsSuspending<IllegalStateException> {
            gather<Unit>(
                {
                    try {
                        awaitCancellation()
                    } finally {
                        withContext(NonCancellable) { delay(1.seconds) }
                        order.expect(2)
                    }
                },
                {
                    delay(2.seconds)
                    order.expect(1)
                    error("late failure")
                },
            )
        }
        order.finish(3)
        assertEquals("late failure", failure.message)
        assertEquals(3.seconds.inWholeMilliseconds, currentTime)
        order.check()
    }

    /** Cancelling the caller cancels every task, and gather throws CancellationException once they completed. */
    @Test
    fun gather_callerCancelled_cancelsEveryTask() = runTest {
        val started = AtomicInteger()
        val stopped = AtomicInteger()
        var thrown: Throwable? = null
        val caller = launch {
            try {
                gather(
                    { started.incrementAndGet(); try { awaitCancellation() } finally { stopped.incrementAndGet() } },
                    { started.incrementAndGet(); try { awaitCancellation() } finally { stopped.incrementAndGet() } },
                )
            } catch (e: Throwable) {
                assertEquals(2, stopped.get(), "tasks stopped before gather threw")
                thrown = e
                throw e
            }
        }
        runCurrent()
        assertEquals(2, started.get())
        caller.cancel()
        caller.join()
        assertTrue(caller.isCancelled)
        assertTrue(thrown is CancellationException, "gather threw $thrown")
        assertEquals(2, stopped.get())
    }

    /** gather over deferreds returns their values in argument order whatever order they complete in. */
    @Test
    fun gatherDeferreds_completeInReverse_valuesInArgumentOrder() = runTest {
        val deferreds = List(3) { CompletableDeferred<Int>() }
        val result = async { gatherDeferreds(deferreds) }
        runCurrent()
        for (i in 2 downTo 0) {
            assertFalse(result.isCompleted)
            deferreds[i].complete(i * 10)
            runCurrent()
        }
        assertEquals(listOf(0, 10, 20), result.await())
    }

    /** A failing deferred makes gather throw its exception, but cancels none of the caller's other deferreds. */
    @Test
    fun gatherDeferreds_oneFails_cancelsNoneOfTheCallersDeferreds() = runTest {
        val pending = CompletableDeferred<String>()
        val failing = CompletableDeferred<String>()
        launch { failing.completeExceptionally(IOException("boom")) }
        val failure = assertThrowsSuspending<IOException> { gatherDeferreds(listOf(pending, failing)) }
        assertEquals("boom", failure.message)
        assertTrue(pending.isActive)
        assertFalse(pending.isCancelled)
        pending.complete("still usable")
        assertEquals("still usable", pending.await())
    }

    /** Cancelling the caller of gather over deferreds cancels every deferred it was waiting for. */
    @Test
    fun gatherDeferreds_callerCancelled_cancelsDeferreds() = runTest {
        val a = CompletableDeferred<String>()
        val b = CompletableDeferred<String>()
        var thrown: Throwable? = null
        val caller = launch {
            try {
                gatherDeferreds(listOf(a, b))
            } catch (e: Throwable) {
                thrown = e
                throw e
            }
        }
        runCurrent()
        caller.cancel()
        caller.join()
        assertTrue(thrown is CancellationException, "gather threw $thrown")
        assertTrue(a.isCancelled)
        assertTrue(b.isCancelled)
    }

    /** A gather over a million suspend lambdas completes in argument order without overflowing the stack. */
    @Test
    fun gather_millionTasks_completesWithoutStackOverflow() = runTest {
        val n = 1_000_000
        val result = gather(List<suspend () -> Int>(n) { i -> { i } })
        assertEquals(n, result.size)
        for (i in 0 until n) {
            if (result[i] != i) assertEquals(i, result[i], "result[$i]")
        }
    }
}

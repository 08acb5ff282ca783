package dev.fanin

import dev.fanin.testing.NoLeaksExtension
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.async
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith
import java.io.IOException

/** [firstCompleted] over the caller's own deferreds. */
@ExtendWith(NoLeaksExtension::class)
class FirstCompletedTest {
    /** The deferred that completes first is reported with its position and value; the others keep running. */
    @Test
    fun firstCompleted_completesLater_reportsItsIndexAndValue() = runTest {
        val a = CompletableDeferred<String>()
        val b = CompletableDeferred<String>()
        val call = async { firstCompleted(listOf(a, b)) }
        runCurrent()
        assertFalse(call.isCompleted)
        b.complete("b")
        val first = call.await()
        assertEquals(1, first.index)
        assertSame(b, first.handle)
        assertEquals(Outcome.Success("b"), first.outcome)
        assertFalse(a.isCompleted)
        assertFalse(a.isCancelled)
    }

    /** Of the deferreds already complete, the first in argument order is reported, a failed one included. */
    @Test
    fun firstCompleted_alreadyDone_firstInArgumentOrder() = runTest {
        val pending = CompletableDeferred<String>()
        val boom = IOException("boom")
        val failed = CompletableDeferred<String>().apply { completeExceptionally(boom) }
        val done = CompletableDeferred("done")
        val first = firstCompleted(listOf(pending, failed, done))
        assertEquals(1, first.index)
        assertInstanceOf(Outcome.Failure::class.java, first.outcome)
        assertFalse(first.isSuccess)
        pending.complete("late")
    }

    /** A cancelled deferred is a completion whose outcome is Cancelled. */
    @Test
    fun firstCompleted_cancelled_isCancelledOutcome() = runTest {
        val cancelled = CompletableDeferred<String>().apply { cancel() }
        assertInstanceOf(Outcome.Cancelled::class.java, firstCompleted(listOf(cancelled)).outcome)
    }

    /** A deferred given twice is reported at its first position. */
    @Test
    fun firstCompleted_duplicate_reportedAtFirstPosition() = runTest {
        val other = CompletableDeferred<String>()
        val twice = CompletableDeferred<String>()
        val call = async { firstCompleted(listOf(other, twice, twice)) }
        runCurrent()
        twice.complete("x")
        assertEquals(1, call.await().index)
        other.complete("y")
    }

    /** Cancelling the caller cancels none of the deferreds. */
    @Test
    fun firstCompleted_callerCancelled_deferredsKeepRunning() = runTest {
        val inputs: List<Deferred<String>> = listOf(CompletableDeferred(), CompletableDeferred())
        val call = async { firstCompleted(inputs) }
        runCurrent()
        call.cancel()
        runCurrent()
        assertTrue(call.isCancelled)
        inputs.forEach { assertFalse(it.isCompleted) }
        inputs.forEach { (it as CompletableDeferred).complete("done") }
    }

    /** Empty input is rejected, naming the argument. */
    @Test
    fun firstCompleted_empty_rejected() = runTest {
        val thrown = assertThrowsSuspending<IllegalArgumentException> { firstCompleted(emptyList<Deferred<String>>()) }
        assertEquals("deferreds is empty", thrown.message)
    }
}

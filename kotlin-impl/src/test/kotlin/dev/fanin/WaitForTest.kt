package dev.fanin

import dev.fanin.testing.NoLeaksExtension
import dev.fanin.testing.OrderChecker
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.advanceTimeBy
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
import java.util.concurrent.TimeoutException
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/** [waitFor] over a block and over a deferred, in virtual time. */
@ExtendWith(NoLeaksExtension::class)
class WaitForTest {

    /** A block that finishes before the deadline returns its result at the time it finished. */
    @Test
    fun waitFor_blockFinishesInTime_returnsItsResult() = runTest {
        assertEquals("done", waitFor(2.seconds) { delay(1.seconds); "done" })
        assertEquals(1.seconds.inWholeMilliseconds, currentTime)
    }

    /** A block still running at the deadline makes waitFor throw TimeoutException, not a CancellationException, at the deadline. */
    @Test
    fun waitFor_blockTooSlow_throwsTimeoutExceptionAtDeadline() = runTest {
        val e = assertThrowsSuspending<Throwable> { waitFor(1.seconds) { delay(5.seconds); "late" } }
        assertTrue(e is TimeoutException, "threw $e")
        assertFalse(e is CancellationException, "threw a CancellationException: $e")
        assertEquals(1.seconds.inWholeMilliseconds, currentTime)
    }

    /** On expiry the block is cancelled and waited for: its cleanup runs before the TimeoutException is observed. */
    @Test
    fun waitFor_timeout_cancelsBlockAndWaitsForIt() = runTest {
        val order = OrderChecker()
        assertThrowsSuspending<TimeoutException> {
            waitFor(1.seconds) {
                order.expect(1)
                try {
                    awaitCancellation()
                } finally {
                    withContext(NonCancellable) { delay(500.milliseconds) }
                    order.expect(2)
                }
            }
        }
        order.finish(3)
        assertEquals(1500L, currentTime)
        order.check()
    }

    /** A zero timeout never starts the block (asyncio's wait_for(coro, 0) never runs it) and throws TimeoutException at once. */
    @Test
    fun waitFor_zeroTimeout_neverStartsBlock() = runTest {
        var started = false
        assertThrowsSuspending<TimeoutException> { waitFor(Duration.ZERO) { started = true } }
        assertFalse(started)
        assertEquals(0L, currentTime)
    }

    /** A block whose clean-up throws while the expiry cancels it: that exception, not TimeoutException. */
    @Test
    fun waitFor_cleanupThrowsOnExpiry_throwsCleanupException() = runTest {
        val e = assertThrowsSuspending<IllegalStateException> {
            waitFor(1.seconds) {
                try {
                    awaitCancellation()
                } finally {
                    throw IllegalStateException("cleanup failed")
                }
            }
        }
        assertEquals("cleanup failed", e.message)
        assertEquals(1000L, currentTime)
    }

    /** An exception thrown by the block is rethrown as it is (same type and message). */
    @Test
    fun waitFor_blockThrows_rethrowsItsException() = runTest {
        val e = assertThrowsSuspending<IOException> { waitFor(1.seconds) { delay(100.milliseconds); throw IOException("boom") } }
        assertEquals("boom", e.message)
        assertEquals(100L, currentTime)
    }

    /** Cancelling the caller cancels the block and gives CancellationException, never TimeoutException. */
    @Test
    fun waitFor_callerCancelled_throwsCancellationNotTimeout() = runTest {
        var thrown: Throwable? = null
        var blockStopped = false
        val caller = launch {
            try {
                waitFor(1.seconds) { try { awaitCancellation() } finally { blockStopped = true } }
            } catch (e: Throwable) {
                thrown = e
                throw e
            }
        }
        advanceTimeBy(500.milliseconds)
        runCurrent()
        caller.cancel()
        caller.join()
        assertTrue(blockStopped)
        assertTrue(thrown is CancellationException, "waitFor threw $thrown")
        assertEquals(500L, currentTime)
    }

    /** A deferred that completes before the deadline gives its value. */
    @Test
    fun waitForDeferred_completesInTime_returnsValue() = runTest {
        val deferred = CompletableDeferred<String>()
        launch { delay(1.seconds); deferred.complete("value") }
        assertEquals("value", waitFor(deferred, 2.seconds))
        assertEquals(1.seconds.inWholeMilliseconds, currentTime)
    }

    /** On expiry the deferred is cancelled and waited for, and then waitFor throws TimeoutException. */
    @Test
    fun waitForDeferred_tooSlow_cancelsDeferredWaitsAndThrowsTimeout() = runTest {
        val order = OrderChecker()
        val deferred = async {
            order.expect(1)
            try {
                awaitCancellation()
            } finally {
                withContext(NonCancellable) { delay(500.milliseconds) }
                order.expect(2)
            }
        }
        val e = assertThrowsSuspending<Throwable> { waitFor(deferred, 1.seconds) }
        order.finish(3)
        assertTrue(e is TimeoutException, "threw $e")
        assertTrue(deferred.isCancelled)
        assertEquals(1500L, currentTime)
        order.check()
    }

    /** A deferred's failure is rethrown (same type and message). */
    @Test
    fun waitForDeferred_deferredFails_rethrowsItsException() = runTest {
        val deferred = CompletableDeferred<String>()
        launch { delay(100.milliseconds); deferred.completeExceptionally(IOException("boom")) }
        val e = assertThrowsSuspending<IOException> { waitFor(deferred, 1.seconds) }
        assertEquals("boom", e.message)
    }

    /** A zero timeout on a pending deferred cancels it and throws TimeoutException at once. */
    @Test
    fun waitForDeferred_zeroTimeout_expiresAtOnceAndCancelsDeferred() = runTest {
        val deferred = CompletableDeferred<String>()
        assertThrowsSuspending<TimeoutException> { waitFor(deferred, Duration.ZERO) }
        assertTrue(deferred.isCancelled)
        assertEquals(0L, currentTime)
    }

    /** Cancelling the caller cancels the deferred and gives CancellationException, never TimeoutException. */
    @Test
    fun waitForDeferred_callerCancelled_cancelsDeferred() = runTest {
        val deferred = CompletableDeferred<String>()
        var thrown: Throwable? = null
        val caller = launch {
            try {
                waitFor(deferred, 1.seconds)
            } catch (e: Throwable) {
                thrown = e
                throw e
            }
        }
        advanceTimeBy(500.milliseconds)
        runCurrent()
        caller.cancel()
        caller.join()
        assertTrue(thrown is CancellationException, "waitFor threw $thrown")
        assertTrue(deferred.isCancelled)
    }
}

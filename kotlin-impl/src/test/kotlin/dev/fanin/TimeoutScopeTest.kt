package dev.fanin

import dev.fanin.testing.NoLeaksExtension
import dev.fanin.testing.OrderChecker
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.advanceTimeBy
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith
import java.io.IOException
import java.util.concurrent.TimeoutException
import kotlin.time.Duration
import kotlin.time.Duration.Companion.days
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/** [timeoutScope] and its [TimeoutScope] handle, in virtual time. */
@ExtendWith(NoLeaksExtension::class)
class TimeoutScopeTest {

    /** A body that returns before the deadline gives its result, and the scope never reports expiry. */
    @Test
    fun timeoutScope_bodyReturnsInTime_returnsResultNotExpired() = runTest {
        var handle: TimeoutScope? = null
        val result = timeoutScope(2.seconds) {
            handle = this
            delay(1.seconds)
            assertFalse(isExpired)
            "done"
        }
        assertEquals("done", result)
        assertEquals(1.seconds.inWholeMilliseconds, currentTime)
        assertFalse(handle!!.isExpired)
        handle!!.reschedule(Duration.ZERO) // no effect once the body has returned
        runCurrent()
        assertFalse(handle!!.isExpired)
    }

    /** A body still running at the deadline makes timeoutScope throw TimeoutException at the deadline. */
    @Test
    fun timeoutScope_deadlinePasses_throwsTimeoutExceptionAtDeadline() = runTest {
        val e = assertThrowsSuspending<Throwable> { timeoutScope(1.seconds) { awaitCancellation() } }
        assertInstanceOf(TimeoutException::class.java, e)
        assertFalse(e is CancellationException, "threw a CancellationException: $e")
        assertEquals(1.seconds.inWholeMilliseconds, currentTime)
    }

    /** isExpired is false while the deadline is ahead and true in the body's cleanup after it passed. */
    @Test
    fun timeoutScope_isExpired_trueOnlyAfterDeadline() = runTest {
        var expiredInCleanup = false
        assertThrowsSuspending<TimeoutException> {
            timeoutScope(1.seconds) {
                delay(999.milliseconds)
                assertFalse(isExpired)
                try {
                    awaitCancellation()
                } finally {
                    expiredInCleanup = isExpired
                }
            }
        }
        assertTrue(expiredInCleanup)
    }

    /** reschedule to a later deadline extends it: the scope expires that long after the call. */
    @Test
    fun timeoutScope_rescheduleLater_extendsDeadline() = runTest {
        assertThrowsSuspending<TimeoutException> {
            timeoutScope(1.seconds) {
                delay(500.milliseconds)
                reschedule(2.seconds)
                awaitCancellation()
            }
        }
        assertEquals(2500L, currentTime)
    }

    /** reschedule to an earlier deadline shortens it: the scope expires that long after the call. */
    @Test
    fun timeoutScope_rescheduleSooner_shortensDeadline() = runTest {
        assertThrowsSuspending<TimeoutException> {
            timeoutScope(10.seconds) {
                delay(100.milliseconds)
                reschedule(200.milliseconds)
                awaitCancellation()
            }
        }
        assertEquals(300L, currentTime)
    }

    /** reschedule(INFINITE) removes the deadline: the body runs past the original timeout and returns. */
    @Test
    fun timeoutScope_rescheduleInfinite_removesDeadline() = runTest {
        val result = timeoutScope(1.seconds) {
            reschedule(Duration.INFINITE)
            delay(10.seconds)
            "finished"
        }
        assertEquals("finished", result)
        assertEquals(10.seconds.inWholeMilliseconds, currentTime)
    }

    /** An infinite timeout never expires, however long the body takes. */
    @Test
    fun timeoutScope_infiniteTimeout_neverExpires() = runTest {
        assertEquals("ok", timeoutScope(Duration.INFINITE) { delay(1000.days); "ok" })
        assertEquals(1000.days.inWholeMilliseconds, currentTime)
    }

    /** reschedule(ZERO) expires the scope at the body's next suspension, without advancing time. */
    @Test
    fun timeoutScope_rescheduleZero_expiresAtNextSuspension() = runTest {
        val order = OrderChecker()
        assertThrowsSuspending<TimeoutException> {
            timeoutScope(10.seconds) {
                delay(1.seconds)
                reschedule(Duration.ZERO)
                order.expect(1)
                try {
                    yield()
                    order.expectUnreached()
                } finally {
                    order.expect(2)
                }
            }
        }
        order.finish(3)
        assertEquals(1.seconds.inWholeMilliseconds, currentTime)
        order.check()
    }

    /** reschedule after expiry has no effect: the scope stays expired and still throws TimeoutException. */
    @Test
    fun timeoutScope_rescheduleAfterExpiry_hasNoEffect() = runTest {
        assertThrowsSuspending<TimeoutException> {
            timeoutScope(1.seconds) {
                try {
                    awaitCancellation()
                } finally {
                    reschedule(Duration.INFINITE)
                    assertTrue(isExpired)
                }
            }
        }
        assertEquals(1.seconds.inWholeMilliseconds, currentTime)
    }

    /** Expiry cancels the coroutines the body started and a nested gather, and throws only after their cleanup. */
    @Test
    fun timeoutScope_expiry_cancelsNestedCoroutinesBeforeThrowing() = runTest {
        val order = OrderChecker()
        assertThrowsSuspending<TimeoutException> {
            timeoutScope(1.seconds) {
                launch {
                    order.expect(1)
                    try {
                        awaitCancellation()
                    } finally {
                        order.expect(3)
                    }
                }
                gather<Unit>({
                    order.expect(2)
                    try {
                        awaitCancellation()
                    } finally {
                        withContext(NonCancellable) { delay(1.seconds) }
                        order.expect(4)
                    }
                })
            }
        }
        order.finish(5)
        assertEquals(2.seconds.inWholeMilliseconds, currentTime)
        order.check()
    }

    /** A result the body produces after the deadline passed is discarded, and timeoutScope still throws TimeoutException. */
    @Test
    fun timeoutScope_resultAfterExpiry_stillThrowsTimeout() = runTest {
        assertThrowsSuspending<TimeoutException> {
            timeoutScope(1.seconds) {
                withContext(NonCancellable) { delay(2.seconds) }
                "late result"
            }
        }
        assertEquals(2.seconds.inWholeMilliseconds, currentTime)
    }

    /** A body that swallows the expiry's cancellation and returns a value still gives TimeoutException. */
    @Test
    fun timeoutScope_bodySwallowsCancellation_stillThrowsTimeout() = runTest {
        assertThrowsSuspending<TimeoutException> {
            timeoutScope(1.seconds) {
                try {
                    awaitCancellation()
                } catch (e: CancellationException) {
                    "swallowed"
                }
            }
        }
        assertEquals(1.seconds.inWholeMilliseconds, currentTime)
    }

    /** An exception the body throws before the deadline is rethrown as it is. */
    @Test
    fun timeoutScope_bodyThrows_rethrowsItsException() = runTest {
        val e = assertThrowsSuspending<IOException> {
            timeoutScope(1.seconds) {
                delay(100.milliseconds)
                throw IOException("boom")
            }
        }
        assertEquals("boom", e.message)
    }

    /**
     * A zero timeout throws TimeoutException at once and never starts the body, even one that would
     * not suspend (on a multi-threaded dispatcher, starting it would race the timer).
     */
    @Test
    fun timeoutScope_zeroTimeout_neverStartsBody() = runTest {
        var started = false
        assertThrowsSuspending<TimeoutException> { timeoutScope(Duration.ZERO) { started = true; 42 } }
        assertFalse(started)
        assertEquals(0L, currentTime)
    }

    /** Cancelling the caller before the deadline gives CancellationException, never TimeoutException. */
    @Test
    fun timeoutScope_callerCancelled_throwsCancellationNotTimeout() = runTest {
        var thrown: Throwable? = null
        val caller = launch {
            try {
                timeoutScope(1.seconds) { awaitCancellation() }
            } catch (e: Throwable) {
                thrown = e
                throw e
            }
        }
        advanceTimeBy(500.milliseconds)
        runCurrent()
        caller.cancel()
        caller.join()
        assertTrue(thrown is CancellationException, "timeoutScope threw $thrown")
        assertEquals(500L, currentTime)
    }

    /** Cancelling the caller after expiry, while the body is still cleaning up, gives CancellationException, not TimeoutException. */
    @Test
    fun timeoutScope_callerCancelledAfterExpiry_throwsCancellationNotTimeout() = runTest {
        var thrown: Throwable? = null
        var handle: TimeoutScope? = null
        val caller = launch {
            try {
                timeoutScope(1.seconds) {
                    handle = this
                    try {
                        awaitCancellation()
                    } finally {
                        withContext(NonCancellable) { delay(1.seconds) }
                    }
                }
            } catch (e: Throwable) {
                thrown = e
                throw e
            }
        }
        advanceTimeBy(1500.milliseconds)
        runCurrent()
        assertTrue(handle!!.isExpired)
        caller.cancel()
        caller.join()
        assertTrue(thrown is CancellationException, "timeoutScope threw $thrown")
        assertEquals(2.seconds.inWholeMilliseconds, currentTime)
    }

    /** When an outer scope expires first, the inner scope throws CancellationException and only the outer one TimeoutException. */
    @Test
    fun timeoutScope_outerExpiresBeforeInner_innerCancelledOuterTimesOut() = runTest {
        var innerThrew: Throwable? = null
        val outer = assertThrowsSuspending<Throwable> {
            timeoutScope(1.seconds) {
                try {
                    timeoutScope(5.seconds) { awaitCancellation() }
                } catch (e: Throwable) {
                    innerThrew = e
                    throw e
                }
            }
        }
        assertTrue(innerThrew is CancellationException, "inner scope threw $innerThrew")
        assertInstanceOf(TimeoutException::class.java, outer)
        assertEquals(1.seconds.inWholeMilliseconds, currentTime)
    }

    /** When an inner scope expires first, its TimeoutException reaches the outer body, which can recover. */
    @Test
    fun timeoutScope_innerExpiresFirst_outerBodySeesTimeout() = runTest {
        val result = timeoutScope(5.seconds) {
            try {
                timeoutScope(1.seconds) { awaitCancellation() }
            } catch (e: TimeoutException) {
                assertFalse(isExpired)
                "recovered"
            }
        }
        assertEquals("recovered", result)
        assertEquals(1.seconds.inWholeMilliseconds, currentTime)
    }

    /** A coroutine the body launched is cancelled at the deadline even if the body itself has already returned. */
    @Test
    fun timeoutScope_childOutlivesBody_isCancelledAtDeadline() = runTest {
        var childCancelled = false
        val e = assertThrowsSuspending<Throwable> {
            timeoutScope(1.seconds) {
                launch {
                    try {
                        delay(10.seconds)
                    } catch (c: CancellationException) {
                        childCancelled = true
                        throw c
                    }
                }
                "body returned"
            }
        }
        assertInstanceOf(TimeoutException::class.java, e)
        assertTrue(childCancelled)
        assertEquals(1.seconds.inWholeMilliseconds, currentTime)
    }
}

package dev.fanin

import dev.fanin.testing.NoLeaksExtension
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

/**
 * A negative timeout is rejected with IllegalArgumentException naming it, before anything runs, in
 * every call that takes one (adr/0010); zero still expires at once (the calls' own tests).
 */
@ExtendWith(NoLeaksExtension::class)
class NegativeDurationsTest {
    private val negative = (-1).seconds

    /** The block of waitFor never starts. */
    @Test
    fun waitFor_negativeTimeout_throwsIllegalArgumentExceptionNamingIt() = runTest {
        var started = false
        val e = assertThrowsSuspending<IllegalArgumentException> { waitFor(negative) { started = true } }
        assertEquals("timeout < 0: -1s", e.message)
        assertFalse(started)
    }

    /** The deferred is the caller's: a rejected waitFor leaves it alone. */
    @Test
    fun waitForDeferred_negativeTimeout_throwsAndLeavesDeferredAlone() = runTest {
        val deferred = CompletableDeferred<Int>()
        assertThrowsSuspending<IllegalArgumentException> { waitFor(deferred, negative) }
        assertFalse(deferred.isCancelled)
        deferred.complete(1)
    }

    /** The body of timeoutScope never starts. */
    @Test
    fun timeoutScope_negativeTimeout_throwsIllegalArgumentExceptionNamingIt() = runTest {
        var started = false
        val e = assertThrowsSuspending<IllegalArgumentException> { timeoutScope(negative) { started = true } }
        assertEquals("timeout < 0: -1s", e.message)
        assertFalse(started)
    }

    /** The block of taskGroup never starts. */
    @Test
    fun taskGroup_negativeTimeout_throwsIllegalArgumentExceptionNamingIt() = runTest {
        var started = false
        val e = assertThrowsSuspending<IllegalArgumentException> {
            taskGroup(timeout = negative) { started = true }
        }
        assertEquals("timeout < 0: -1s", e.message)
        assertFalse(started)
    }

    /** A rejected reschedule leaves the deadline where it was: the body completes. */
    @Test
    fun reschedule_negativeTimeout_throwsAndKeepsTheDeadline() = runTest {
        val result = timeoutScope(Duration.INFINITE) {
            val e = assertThrowsSuspending<IllegalArgumentException> { reschedule(negative) }
            assertEquals("timeout < 0: -1s", e.message)
            assertFalse(isExpired)
            "done"
        }
        assertEquals("done", result)
    }
}

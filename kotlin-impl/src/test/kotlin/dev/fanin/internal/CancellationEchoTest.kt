package dev.fanin.internal

import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.io.InterruptedIOException
import java.nio.channels.ClosedByInterruptException
import java.util.concurrent.CancellationException

/** Which exceptions a cancelled Java task may throw and still count as cancelled (adr/0014). */
class CancellationEchoTest {
    @Test
    fun interruptShapes_andWrapped_areEchoes() {
        assertTrue(InterruptedException().isCancellationEcho())
        assertTrue(InterruptedIOException().isCancellationEcho())
        assertTrue(ClosedByInterruptException().isCancellationEcho())
        assertTrue(CancellationException().isCancellationEcho())
        assertTrue(RuntimeException(IllegalStateException(InterruptedException())).isCancellationEcho())
    }

    @Test
    fun ownFailures_areNotEchoes() {
        assertFalse(IllegalStateException("cleanup failed").isCancellationEcho())
        assertFalse(RuntimeException(java.io.IOException("disk")).isCancellationEcho())
    }

    /** A cause chain that loops is followed to a bounded depth, not forever. */
    @Test
    fun cyclicCauseChain_answersWithoutLooping() {
        val a = RuntimeException("a")
        val b = RuntimeException("b", a)
        a.initCause(b)
        assertFalse(a.isCancellationEcho())
    }
}

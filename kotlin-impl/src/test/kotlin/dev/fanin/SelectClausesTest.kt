package dev.fanin

import dev.fanin.testing.NoLeaksExtension
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.selects.select
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith
import java.io.IOException
import java.util.concurrent.CompletableFuture

/** Fanin's clauses for kotlinx `select`: [onComplete] over a CompletionStage, and [onDefault]. */
@ExtendWith(NoLeaksExtension::class)
class SelectClausesTest {
    /** A completed future fires with its value; a failed one with its own exception. */
    @Test
    fun onComplete_completedOrFailed_firesWithOutcome() = runTest {
        val done = CompletableFuture.completedFuture("value")
        assertEquals(Outcome.Success("value"), select { onComplete(done) { it } })
        val failure = IOException("boom")
        val failed = select<Outcome<String>> { onComplete(CompletableFuture.failedFuture<String>(failure)) { it } }
        assertSame(failure, (failed as Outcome.Failure).exception)
    }

    /** A pending future fires once completed, and a losing future clause does not cancel it. */
    @Test
    fun onComplete_pendingThenCompleted_firesAndLoserNotCancelled() = runTest {
        val first = CompletableFuture<String>()
        val second = CompletableFuture<String>()
        val selected = async(start = CoroutineStart.UNDISPATCHED) {
            select<String> {
                onComplete(first) { "first" }
                onComplete(second) { "second" }
            }
        }
        runCurrent()
        assertFalse(selected.isCompleted)
        second.complete("x")
        assertEquals("second", selected.await())
        assertFalse(first.isDone)
    }

    /** With nothing ready the default fires and takes nothing; a ready clause wins over it. */
    @Test
    fun onDefault_nothingReadyOrReady_firesOnlyWhenNothingReady() = runTest {
        val channel = Channel<String>(1)
        assertEquals("default", select { channel.onReceive { it }; onDefault { "default" } })
        channel.send("x")
        assertEquals("x", select { channel.onReceive { it }; onDefault { "default" } })
        assertTrue(channel.tryReceive().isFailure)
    }
}

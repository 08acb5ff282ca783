package dev.fanin.samples.guide

import dev.fanin.testing.NoLeaksExtension
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.extension.ExtendWith
import org.junit.jupiter.api.io.TempDir
import java.io.FileNotFoundException
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/** The guide's Kotlin examples do what the guide says. The timeout is only a guard against hangs. */
@ExtendWith(NoLeaksExtension::class)
@Timeout(30)
class KotlinGuideSnippetsTest {
    @TempDir
    lateinit var dir: Path

    /** gather's results, summed. */
    @Test
    fun total_sumsTheResults() = runBlocking {
        assertEquals(42, total(listOf(suspend { 1 }, suspend { 2 }, suspend { 39 })))
    }

    /** Every id is looked up, never more than four at a time, by position. */
    @Test
    fun lookUpAll_findsEveryId_atMostFourAtATime() = runBlocking {
        val running = AtomicInteger()
        val mostRunning = AtomicInteger()
        val found = lookUpAll((100 until 150).asSequence()) { id ->
            mostRunning.accumulateAndGet(running.incrementAndGet()) { a, b -> maxOf(a, b) }
            try {
                check(id != 107) { "no user $id" }
                "user $id"
            } finally {
                running.decrementAndGet()
            }
        }
        assertEquals(49, found.size, "every lookup but the failed one")
        assertEquals("user 100", found[0])
        assertEquals("user 149", found[49])
        assertTrue(mostRunning.get() <= 4) { "at most 4 at once, saw ${mostRunning.get()}" }
    }

    /** Files are read on Dispatchers.IO, results in argument order. */
    @Test
    fun readAll_readsInOrder() = runBlocking {
        val a = Files.writeString(dir.resolve("a.txt"), "alpha")
        val b = Files.writeString(dir.resolve("b.txt"), "beta")
        assertEquals(listOf("beta", "alpha"), readAll(listOf(b, a)))
    }

    /** A quote in time is returned; one that never comes gives null after the timeout. */
    @Test
    fun quoteOrNull_nullOnTimeout() = runBlocking {
        assertEquals("42.0", quoteOrNull(10.seconds) { "42.0" })
        val never = CompletableDeferred<String>()
        assertNull(quoteOrNull(50.milliseconds) { never.await() })
    }

    /** Every I/O failure is reported, even a single one; other loads finish. */
    @Test
    fun failedLoads_listsEveryFailure() = runBlocking {
        val ok: suspend () -> String = { "ok" }
        val missingA: suspend () -> String = { throw FileNotFoundException("a.txt") }
        val missingB: suspend () -> String = { throw FileNotFoundException("b.txt") }
        assertEquals(emptyList<Throwable>(), failedLoads(listOf(ok)))
        assertEquals(listOf("a.txt"), failedLoads(listOf(ok, missingA)).map { it.message })
        val two = failedLoads(listOf(missingA, ok, missingB))
        assertEquals(listOf("a.txt", "b.txt"), two.mapNotNull { it.message }.sorted())
    }

    /** One select processes both channels until both are closed, one long after the other, and then returns. */
    @Test
    fun processUntilClosed_bothChannelsClosed_everyElementThenReturns() = runBlocking {
        val orders = Channel<String>(2)
        val refunds = Channel<String>()
        orders.send("o1")
        orders.close()
        val processed = mutableListOf<String>()
        val consumer = launch { processUntilClosed(orders, refunds) { processed += it } }
        refunds.send("r1") // a rendezvous: returns once the select has taken it
        refunds.close()
        consumer.join()
        assertEquals(listOf("order o1", "refund r1"), processed.sorted())
    }
}

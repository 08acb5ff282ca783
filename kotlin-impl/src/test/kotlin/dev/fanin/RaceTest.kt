package dev.fanin

import dev.fanin.testing.NoLeaksExtension
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.delay
import kotlinx.coroutines.test.advanceTimeBy
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withContext
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith
import java.io.IOException
import java.util.concurrent.CopyOnWriteArrayList
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/** [race], in virtual time. */
@ExtendWith(NoLeaksExtension::class)
class RaceTest {
    /** What the tasks of one race did: starts in order, with the virtual time of each, and which were cancelled. */
    private class Log {
        val starts = CopyOnWriteArrayList<Pair<String, Long>>()
        val cancelled = CopyOnWriteArrayList<String>()
        val stopped = CopyOnWriteArrayList<String>()
    }

    /** A task that records its start at [now], then runs [body], recording its cancellation and its end. */
    private fun Log.task(name: String, now: () -> Long, body: suspend () -> String): suspend () -> String = {
        starts += name to now()
        try {
            body()
        } catch (e: CancellationException) {
            cancelled += name
            throw e
        } finally {
            stopped += name
        }
    }

    /** The first task to succeed wins; the others were cancelled and had stopped when race returned. */
    @Test
    fun race_firstSuccessWins_losersCancelledAndStopped() = runTest {
        val log = Log()
        val result = race(
            log.task("slow", { currentTime }) { awaitCancellation() },
            log.task("fast", { currentTime }) { delay(1.seconds); "fast" },
            log.task("slower", { currentTime }) { delay(5.seconds); "slower" },
        )
        assertEquals("fast", result)
        assertEquals(1000, currentTime)
        assertEquals(setOf("slow", "slower"), log.cancelled.toSet())
        assertEquals(setOf("slow", "fast", "slower"), log.stopped.toSet())
    }

    /** A failure does not end the race: a later success wins. */
    @Test
    fun race_failureThenSuccess_successWins() = runTest {
        val result = race(
            { delay(1.seconds); throw IOException("down") },
            { delay(2.seconds); "up" },
        )
        assertEquals("up", result)
        assertEquals(2000, currentTime)
    }

    /** When every task fails, one RaceFailedException lists every failure, in the order they happened. */
    @Test
    fun race_allFail_aggregateInCompletionOrder() = runTest {
        val thrown = assertThrowsSuspending<RaceFailedException> {
            race<String>(
                { delay(3.seconds); throw IllegalStateException("a") },
                { delay(1.seconds); throw IOException("b") },
                { delay(2.seconds); throw ArithmeticException("c") },
            )
        }
        assertEquals(listOf("b", "c", "a"), thrown.failures.map { it.message })
        assertEquals("b", thrown.cause!!.message)
        assertEquals(listOf(IOException::class.java), thrown.failuresOf<IOException>().map { it.javaClass })
        assertTrue(thrown.message.startsWith("all 3 task(s) failed: java.io.IOException: b; "), thrown.message)
    }

    /** The aggregate holds each task's own exception object (caught in the task's own coroutine). */
    @Test
    fun race_allFail_failuresAreTheTasksOwnObjects() = runTest {
        val a = IOException("a")
        val b = IOException("b")
        val thrown = assertThrowsSuspending<RaceFailedException> {
            race<String>({ throw a }, { delay(1.seconds); throw b })
        }
        assertSame(a, thrown.failures[0])
        assertSame(b, thrown.failures[1])
    }

    /** A task that throws CancellationException itself, without being cancelled, has failed: it is listed. */
    @Test
    fun race_taskThrowsCancellationItself_countsAsFailure() = runTest {
        val gaveUp = CancellationException("gave up")
        val thrown = assertThrowsSuspending<RaceFailedException> { race<String>({ throw gaveUp }) }
        assertEquals(listOf("gave up"), thrown.failures.map { it.message })
        assertEquals("up", race({ throw CancellationException("gave up") }, { delay(1.seconds); "up" }))
    }

    /** Staggered: each task starts one stagger after the one before, in argument order, while none has finished. */
    @Test
    fun race_staggered_startsInOrderOneStaggerApart() = runTest {
        val log = Log()
        val result = race(
            log.task("a", { currentTime }) { awaitCancellation() },
            log.task("b", { currentTime }) { awaitCancellation() },
            log.task("c", { currentTime }) { delay(500.milliseconds); "c" },
            stagger = 1.seconds,
        )
        assertEquals("c", result)
        assertEquals(listOf("a" to 0L, "b" to 1000L, "c" to 2000L), log.starts.toList())
        assertEquals(2500, currentTime)
        assertEquals(setOf("a", "b"), log.cancelled.toSet())
    }

    /** Staggered: a failure starts the next task at once, and its stagger counts from then. */
    @Test
    fun race_staggered_failureStartsNextAtOnce() = runTest {
        val log = Log()
        val result = race(
            log.task("a", { currentTime }) { delay(300.milliseconds); throw IOException("a") },
            log.task("b", { currentTime }) { awaitCancellation() },
            log.task("c", { currentTime }) { "c" },
            stagger = 1.seconds,
        )
        assertEquals("c", result)
        assertEquals(listOf("a" to 0L, "b" to 300L, "c" to 1300L), log.starts.toList())
    }

    /** Staggered: only the failure of the task started last starts the next; an earlier one's does not. */
    @Test
    fun race_staggered_earlierTaskFailing_startsNothing() = runTest {
        val log = Log()
        val result = race(
            log.task("a", { currentTime }) { delay(1500.milliseconds); throw IOException("a") },
            log.task("b", { currentTime }) { awaitCancellation() },
            log.task("c", { currentTime }) { "c" },
            stagger = 1.seconds,
        )
        assertEquals("c", result)
        assertEquals(listOf("a" to 0L, "b" to 1000L, "c" to 2000L), log.starts.toList())
    }

    /** An infinite stagger tries the tasks in turn: each starts only when the one before has failed. */
    @Test
    fun race_infiniteStagger_triesInTurn() = runTest {
        val log = Log()
        val result = race(
            log.task("a", { currentTime }) { delay(10.seconds); throw IOException("a") },
            log.task("b", { currentTime }) { delay(20.seconds); throw IOException("b") },
            log.task("c", { currentTime }) { "c" },
            log.task("d", { currentTime }) { "d" },
            stagger = Duration.INFINITE,
        )
        assertEquals("c", result)
        assertEquals(listOf("a" to 0L, "b" to 10_000L, "c" to 30_000L), log.starts.toList())
    }

    /** Once a task has won, the tasks not started yet never start, and no stagger timer is left behind. */
    @Test
    fun race_staggeredWinner_laterTasksNeverStart() = runTest {
        val log = Log()
        val result = race(
            log.task("a", { currentTime }) { delay(100.milliseconds); "a" },
            log.task("b", { currentTime }) { "b" },
            stagger = 1.seconds,
        )
        assertEquals("a", result)
        advanceTimeBy(10.seconds)
        runCurrent()
        assertEquals(listOf("a" to 0L), log.starts.toList())
    }

    /** Cancelling the caller cancels every task and returns only once they have stopped. */
    @Test
    fun race_callerCancelled_tasksCancelledAndStopped() = runTest {
        val log = Log()
        val cleanedUp = CompletableDeferred<Unit>()
        val call = async {
            race(
                log.task("a", { currentTime }) { awaitCancellation() },
                log.task("b", { currentTime }) {
                    try {
                        awaitCancellation()
                    } finally {
                        withContext(NonCancellable) { delay(1.seconds) }
                        cleanedUp.complete(Unit)
                    }
                },
            )
        }
        runCurrent()
        call.cancel()
        runCurrent()
        assertFalse(call.isCompleted, "returned before a task had stopped")
        advanceTimeBy(1.seconds)
        runCurrent()
        assertTrue(call.isCancelled)
        assertTrue(cleanedUp.isCompleted)
        assertEquals(setOf("a", "b"), log.cancelled.toSet())
    }

    /** A loser that throws while being cancelled (a clean-up that fails) does not change the result. */
    @Test
    fun race_loserThrowsWhileCancelled_winnerStillReturned() = runTest {
        val result = race(
            {
                try {
                    awaitCancellation()
                } finally {
                    @Suppress("ThrowFromFinallyBlock")
                    throw IOException("clean-up failed")
                }
            },
            { delay(1.seconds); "won" },
        )
        assertEquals("won", result)
    }

    /** A loser that catches its cancellation and returns a value has lost: its value is dropped. */
    @Test
    fun race_loserSwallowsCancellation_valueDropped() = runTest {
        val result = race(
            {
                try {
                    awaitCancellation()
                } catch (_: CancellationException) {
                    "swallowed"
                }
            },
            { delay(1.seconds); "won" },
        )
        assertEquals("won", result)
    }

    /** A task may win with null. */
    @Test
    fun race_winnerReturnsNull_returnsNull() = runTest {
        assertEquals(null, race<String?>({ null }, { awaitCancellation() }))
    }

    /** Empty input and a negative stagger are rejected, naming the argument. */
    @Test
    fun race_badArguments_rejected() = runTest {
        val empty = assertThrowsSuspending<IllegalArgumentException> { race<String>(emptyList()) }
        assertEquals("tasks is empty", empty.message)
        val negative = assertThrowsSuspending<IllegalArgumentException> { race({ "a" }, stagger = (-1).seconds) }
        assertEquals("stagger < 0: -1s", negative.message)
    }

    /** RaceFailedException refuses an empty list of failures. */
    @Test
    fun raceFailedException_empty_rejected() {
        assertThrows(IllegalArgumentException::class.java) { RaceFailedException(emptyList()) }
    }
}

package dev.fanin.samples.tour

import dev.fanin.testing.NoLeaksExtension
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.extension.ExtendWith
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import kotlin.text.Charsets.UTF_8

/**
 * The Kotlin tour prints exactly these lines, so documentation quoting its output cannot drift. The
 * timeout is only a guard against hangs: the tour's order is driven by deferreds, not by time.
 */
@ExtendWith(NoLeaksExtension::class)
@Timeout(30)
class KotlinTourTest {

    /** gather prints the tasks finishing in reverse order and the results in argument order. */
    @Test
    fun gatherTour_tasksFinishInReverse_printsResultsInArgumentOrder() {
        assertEquals(GATHER, printed { gatherTour(it) })
    }

    /** gatherSettled prints one outcome per task: a null success, a failure and a success. */
    @Test
    fun gatherSettledTour_mixedTasks_printsEachOutcome() {
        assertEquals(GATHER_SETTLED, printed { gatherSettledTour(it) })
    }

    /** waitFor prints the timeout after the block's cancellation, then a result that came in time. */
    @Test
    fun waitForTour_blockNeverFinishes_printsCancellationThenTimeout() {
        assertEquals(WAIT_FOR, printed { waitForTour(it) })
    }

    /** timeoutScope prints the nested task's cancellation before the timeout, then a rescheduled expiry. */
    @Test
    fun timeoutScopeTour_deadlinePassesOrMoves_printsCancellationsThenTimeouts() {
        assertEquals(TIMEOUT_SCOPE, printed { timeoutScopeTour(it) })
    }

    /** The work queue's join returns once every item is done, and closing it ends the workers. */
    @Test
    fun workQueueTour_threeWorkers_printsTotalThenEnd() {
        assertEquals(WORK_QUEUE, printed { workQueueTour(it) })
    }

    /** The whole tour prints every section in order, each under its header line. */
    @Test
    fun kotlinTour_allSections_printsHeadersAndSectionsInOrder() {
        val expected = listOf("== gather: results in argument order ==") + GATHER +
            listOf("== gatherSettled: one outcome per task ==") + GATHER_SETTLED +
            listOf("== waitFor: one block with a deadline ==") + WAIT_FOR +
            listOf("== timeoutScope: a deadline for a block of code ==") + TIMEOUT_SCOPE +
            listOf("== CoroutineWorkQueue: workers and a producer that waits for them ==") + WORK_QUEUE
        assertEquals(expected, printed { kotlinTour(it) })
    }

    private fun printed(section: suspend (PrintStream) -> Unit): List<String> {
        val bytes = ByteArrayOutputStream()
        PrintStream(bytes, true, UTF_8).use { out -> runBlocking { section(out) } }
        return bytes.toString(UTF_8).lines().dropLastWhile { it.isEmpty() }
    }

    private companion object {
        val GATHER = listOf(
            "gathering 3 tasks; each waits for the next one to finish",
            "task 2 finished",
            "task 1 finished",
            "task 0 finished",
            "results: [result 0, result 1, result 2]",
        )

        val GATHER_SETTLED = listOf(
            "task 0: Success, value null",
            "task 1: Failure, java.io.IOException: disk full",
            "task 2: Success, value saved",
        )

        val WAIT_FOR = listOf(
            "block cancelled",
            "timed out after 100 ms",
            "block cancelled before waitFor threw: true",
            "finished in time: fresh quote",
        )

        val WORK_QUEUE = listOf(
            "join returned: total 55, unfinished 0",
            "the workers ended when the queue closed",
        )

        val TIMEOUT_SCOPE = listOf(
            "body gathers a task that never finishes",
            "nested task cancelled",
            "scope timed out after 100 ms",
            "body: step 1 done, expired: false",
            "body: step 2 gets 100 ms",
            "body: step 2 cancelled, expired: true",
            "scope timed out at the new deadline",
        )
    }
}

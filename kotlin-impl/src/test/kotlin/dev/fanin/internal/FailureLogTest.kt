package dev.fanin.internal

import dev.fanin.UncheckedTaskException
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import java.io.IOException
import java.util.concurrent.CompletionException
import java.util.concurrent.ExecutionException

/** What a task group logs as a failure and what it drops as an echo of one (adr/0007, adr/0015). */
@Timeout(60) // a hang guard: manyFailures took minutes when each add compared with every logged failure
class FailureLogTest {
    private val boom = IllegalStateException("boom")

    /** The same object, the awaiting wrappers and kotlinx's recovered copy are echoes. */
    @Test
    fun echoes_sameObjectWrappersAndRecoveredCopy_notListed() {
        val log = FailureLog()
        log.add(boom)
        log.add(boom)
        log.add(CompletionException(boom))
        log.add(ExecutionException(boom))
        log.add(UncheckedTaskException(boom))
        log.add(IllegalStateException("boom", boom)) // what kotlinx's recovery makes
        assertEquals(listOf(boom), log.snapshot())
    }

    /** An echo of an echo is one too: join() of a future that failed with a CompletionException. */
    @Test
    fun echoOfEcho_notListed() {
        val log = FailureLog()
        log.add(boom)
        val echo = CompletionException(boom)
        log.add(echo)
        log.add(ExecutionException(echo))
        assertEquals(listOf(boom), log.snapshot())
    }

    /** A task's own exception with a logged failure as its cause says something new: it is listed. */
    @Test
    fun ownExceptionCausedByLoggedFailure_listed() {
        val log = FailureLog()
        log.add(boom)
        val own = IOException("could not save after the load failed", boom)
        val sameClassOtherMessage = IllegalStateException("retry failed", boom)
        log.add(own)
        log.add(sameClassOtherMessage)
        assertEquals(listOf(boom, own, sameClassOtherMessage), log.snapshot())
    }

    /** A wrapper whose cause was never logged is a failure of its own. */
    @Test
    fun wrapperOfUnloggedFailure_listed() {
        val log = FailureLog()
        val wrapper = CompletionException(IOException("elsewhere"))
        log.add(wrapper)
        assertEquals(listOf(wrapper), log.snapshot())
    }

    /** A failure whose getCause and getMessage throw is compared by identity only, and listed. */
    @Test
    fun hostileAccessors_listedWithoutCallingThem() {
        val log = FailureLog()
        log.add(boom)
        val hostile = object : IllegalStateException("hostile") {
            override val cause: Throwable get() = throw UnsupportedOperationException("getCause")
            override val message: String get() = throw UnsupportedOperationException("getMessage")
        }
        log.add(hostile)
        log.add(hostile)
        assertEquals(listOf(boom, hostile), log.snapshot())
    }

    /**
     * Many distinct failures are all listed, in order. Each add is O(1) (an identity set): before,
     * every add compared the failure with every logged one, 5 * 10^9 comparisons for this test.
     * TaskGroupJavaBenchmark.faninKeepRunningAllFail measures it; this test asserts no timing.
     */
    @Test
    fun manyFailures_allListedInOrder() {
        val log = FailureLog()
        val failures = List(100_000) { IllegalStateException(null, boom) }
        failures.forEach(log::add)
        assertEquals(failures, log.snapshot())
    }
}

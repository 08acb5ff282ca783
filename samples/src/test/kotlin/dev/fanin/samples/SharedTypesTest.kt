package dev.fanin.samples

import dev.fanin.Outcome
import dev.fanin.TaskGroupException
import dev.fanin.gatherSettled
import dev.fanin.java.FaninBlocking
import dev.fanin.java.TaskGroup
import dev.fanin.taskGroup
import dev.fanin.testing.NoLeaksExtension
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.extension.ExtendWith
import java.io.IOException
import java.util.concurrent.Callable

/**
 * The Kotlin side of one library for both languages: what the Java facade throws and returns is
 * caught and matched with the same types Kotlin code uses (the Java side is `SharedTypesJavaTest`).
 */
@ExtendWith(NoLeaksExtension::class)
@Timeout(60)
class SharedTypesTest {
    /** A Kotlin `catch (e: TaskGroupException)` catches the exception of a group Java code ran. */
    @Test
    fun javaGroupFails_kotlinCatchesTaskGroupException() {
        val boom = IOException("boom")
        val caught = try {
            FaninBlocking.taskGroup<Any?> { group ->
                group.fork(Callable<String> { throw boom })
                null
            }
            null
        } catch (e: TaskGroupException) {
            e
        }
        assertSame(boom, caught!!.failures.single())
        assertEquals(listOf(boom), caught.failuresOf<IOException>())

        val handle = try {
            TaskGroup.open().use { group ->
                group.fork(Callable<String> { throw boom })
                group.join()
            }
            null
        } catch (e: TaskGroupException) {
            e
        }
        assertSame(boom, handle!!.cause)
    }

    /** Outcomes from the Java facade's gatherSettled are matched exhaustively by a Kotlin `when`. */
    @Test
    fun javaGatherSettled_kotlinWhenIsExhaustive() {
        val outcomes = FaninBlocking.gatherSettled(
            listOf(Callable { "a" }, Callable<String> { throw IOException("b") }),
        )
        val described = outcomes.map { outcome ->
            when (outcome) {
                is Outcome.Success -> "ok ${outcome.value}"
                is Outcome.Failure -> "failed ${outcome.exception.message}"
                is Outcome.Cancelled -> "cancelled"
            }
        }
        assertEquals(listOf("ok a", "failed b"), described)
    }

    /** Outcomes made by Kotlin's gatherSettled are the ones Java code matches (see SharedTypesJavaTest). */
    @Test
    fun kotlinGatherSettled_sameTypeAsJava() = runBlocking {
        val kotlin = gatherSettled({ "a" }, { throw IOException("b") })
        val java = FaninBlocking.gatherSettled(listOf(Callable { "a" }, Callable<String> { throw IOException("b") }))
        assertEquals(kotlin.map { it.javaClass }, java.map { it.javaClass })
        assertEquals(kotlin[0], java[0])
    }
}

/** Called from Java: runs a Kotlin task group whose two tasks fail, and returns nothing. */
fun runFailingKotlinGroup(first: Exception, second: Exception): Unit = runBlocking {
    taskGroup(onFailure = dev.fanin.OnFailure.KEEP_RUNNING) {
        fork { throw first }
        fork { throw second }
    }
}

/** Called from Java: Kotlin's gatherSettled over a value, a failure and a cancellation. */
fun kotlinOutcomes(failure: Exception): List<Outcome<String>> = runBlocking {
    gatherSettled({ "a" }, { throw failure }, { throw kotlinx.coroutines.CancellationException("gave up") })
}

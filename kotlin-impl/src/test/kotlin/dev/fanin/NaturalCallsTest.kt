package dev.fanin

import dev.fanin.testing.NoLeaksExtension
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith
import kotlin.time.Duration.Companion.seconds

/**
 * The calls a Kotlin user writes first compile as they are, without a declared type or a `val`
 * first (adr/0020): tasks built with `map { suspend { ... } }` inside the call, and deferreds built
 * with `map { async { ... } }`. Mostly a compile test: before the deferred forms had names of their
 * own, each call over tasks below was an overload resolution ambiguity.
 */
@ExtendWith(NoLeaksExtension::class)
class NaturalCallsTest {
    private val ids = listOf(3, 1, 2)

    private suspend fun fetch(id: Int): String {
        delay(id.seconds)
        return "page $id"
    }

    /** gather and gatherSettled over `ids.map { suspend { ... } }`, with and without a named parameter. */
    @Test
    fun gather_tasksMappedInTheCall_compilesAndKeepsArgumentOrder() = runTest {
        assertEquals(listOf("page 3", "page 1", "page 2"), gather(ids.map { suspend { fetch(it) } }))
        assertEquals(listOf("page 3", "page 1", "page 2"), gather(ids.map { id -> suspend { fetch(id) } }))
        val outcomes = gatherSettled(ids.map { suspend { fetch(it) } })
        assertEquals(ids.map { Outcome.Success("page $it") }, outcomes)
    }

    /** asCompleted over `ids.map { suspend { ... } }`, with and without a timeout. */
    @Test
    fun asCompleted_tasksMappedInTheCall_compilesAndEmitsInCompletionOrder() = runTest {
        assertEquals(listOf(1, 2, 0), asCompleted(ids.map { suspend { fetch(it) } }).toList().map { it.index })
        val values = asCompleted(ids.map { suspend { fetch(it) } }, timeout = 10.seconds).map { it.value }.toList()
        assertEquals(listOf("page 1", "page 2", "page 3"), values)
    }

    /** The deferred forms over `ids.map { async { ... } }`. */
    @Test
    fun deferredForms_deferredsMappedInTheCall_compile() = runTest {
        assertEquals(listOf("page 3", "page 1", "page 2"), gatherDeferreds(ids.map { async { fetch(it) } }))
        val outcomes = gatherDeferredsSettled(ids.map { async { fetch(it) } })
        assertEquals(ids.map { Outcome.Success("page $it") }, outcomes)
        assertEquals(listOf(1, 2, 0), asCompletedDeferreds(ids.map { async { fetch(it) } }).toList().map { it.index })
    }
}

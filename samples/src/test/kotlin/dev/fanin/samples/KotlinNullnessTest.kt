package dev.fanin.samples

import dev.fanin.Completion
import dev.fanin.Outcome
import dev.fanin.ReturnWhen
import dev.fanin.WaitResult
import dev.fanin.java.BufferOverflow
import dev.fanin.java.Channel
import dev.fanin.java.ChannelClosedException
import dev.fanin.java.Completions
import dev.fanin.java.Fanin
import dev.fanin.java.FaninBlocking
import dev.fanin.java.ReceiveResult
import dev.fanin.java.Select
import dev.fanin.java.SelectLoop
import dev.fanin.java.TaskGroup
import dev.fanin.java.Ticker
import dev.fanin.java.WorkQueue
import dev.fanin.testing.NoLeaksExtension
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.extension.ExtendWith
import java.time.Duration
import java.time.Instant
import java.util.Optional
import java.util.concurrent.Callable
import java.util.concurrent.CompletableFuture
import kotlin.reflect.KType
import kotlin.reflect.typeOf

/**
 * Kotlin callers of the Java facade see JSpecify's nullness, not platform types: a result Fanin never
 * makes null has a non-null Kotlin type, and a task's result is exactly as nullable as the task.
 *
 * The check is twofold. This file compiles under `-Werror` (the samples' Kotlin test compilation)
 * with JSpecify in strict mode, without one `!!`, and uses each non-null result directly and each
 * nullable one through `?.` or a comparison with null, which Kotlin would reject (an unnecessary
 * safe call is a warning) if the types were the other way round. And [staticType] records the type
 * the compiler inferred, which the tests assert: a platform type (`String!`, what Kotlin would infer
 * without the annotations) shows a `!` there and fails them.
 *
 * What the JDK's own types give is not Fanin's to change, because the JDK is not annotated:
 * `CompletableFuture.join()` and `Optional.get()` return platform types, so the tests check the
 * facade's return types and their type arguments. And a task's result type comes from its `Callable`,
 * whose `call()` returns a platform type: Kotlin infers `Callable { "a" }` as a task of `String!`, and
 * `FaninBlocking.gather(listOf(Callable { "a" }))` as a `List<String!>`. The tests therefore write
 * `Callable<String> { "a" }`; a caller can do the same, or declare the result's type
 * (`val pages: List<String> = ...`).
 */
@ExtendWith(NoLeaksExtension::class)
@Timeout(60)
class KotlinNullnessTest {

    /** The futures form: the future and its type argument are non-null for tasks that return non-null. */
    @Test
    fun fanin_nonNullTasks_nonNullTypes() {
        val pages = Fanin.gather(listOf(Callable<String> { "a" }, Callable<String> { "b" }))
        assertExactType<CompletableFuture<List<String>>>(staticType(pages))
        assertEquals(listOf("a", "b"), pages.join())

        val settled = Fanin.gatherSettled(listOf(Callable<Int> { 1 }))
        assertExactType<CompletableFuture<List<Outcome<Int>>>>(staticType(settled))
        assertEquals(listOf(Outcome.Success(1)), settled.join())

        val page = Fanin.waitFor(Callable<String> { "c" }, Duration.ofSeconds(30))
        assertExactType<CompletableFuture<String>>(staticType(page))
        assertEquals("c", page.join())

        val nothing = Fanin.waitFor(Callable<String?> { null }, Duration.ofSeconds(30))
        assertExactType<CompletableFuture<String?>>(staticType(nothing))
        assertNull(nothing.join())
    }

    /** The blocking form returns non-null types for non-null tasks and nullable ones for nullable tasks. */
    @Test
    fun faninBlocking_resultsAsNullableAsTasks() {
        val pages = FaninBlocking.gather(listOf(Callable<String> { "a" }, Callable<String> { "b" }))
        assertExactType<List<String>>(staticType(pages))
        assertEquals(2, pages.sumOf { it.length })

        val maybe = FaninBlocking.gather(listOf(Callable<String?> { null }, Callable<String> { "b" }))
        assertExactType<List<String?>>(staticType(maybe))
        assertEquals(listOf(null, 1), maybe.map { it?.length })

        val outcomes = FaninBlocking.gatherSettled(listOf(Callable<String> { "a" }))
        assertExactType<List<Outcome<String>>>(staticType(outcomes))
        assertEquals("a", outcomes.single().getOrThrow())

        val futures = FaninBlocking.gatherFutures(listOf(CompletableFuture.completedFuture("x")))
        assertEquals(1, futures.single().length)

        val value = FaninBlocking.waitFor(Callable<String> { "v" }, Duration.ofSeconds(30))
        assertExactType<String>(staticType(value))
        assertEquals(1, value.length)

        val none = FaninBlocking.waitFor(Callable<String?> { null }, Duration.ofSeconds(30))
        assertExactType<String?>(staticType(none))
        assertNull(none?.length)

        val scoped = FaninBlocking.timeoutScope(Duration.ofSeconds(30)) { _ -> "s" }
        assertExactType<String>(staticType(scoped))
        assertEquals(1, scoped.length)

        val grouped = FaninBlocking.taskGroup { group ->
            val a = group.fork(Callable<String> { "a" })
            assertExactType<CompletableFuture<String>>(staticType(a))
            a
        }
        assertExactType<CompletableFuture<String>>(staticType(grouped))
        assertEquals("a", grouped.join())

        val split = FaninBlocking.waitUntil(ReturnWhen.ALL_COMPLETED, listOf(grouped))
        assertExactType<WaitResult<CompletableFuture<String>>>(staticType(split))
        assertEquals(listOf(grouped), split.done)
    }

    /** An as-completed iteration hands out non-null completions whose value is as nullable as the task. */
    @Test
    fun completions_takeNonNull_valueAsNullableAsTask() {
        FaninBlocking.asCompleted(listOf(Callable<String> { "a" })).use { completions ->
            assertExactType<Completions<String, Callable<String>>>(staticType(completions))
            val first = completions.take()
            assertExactType<Completion<String, Callable<String>>>(staticType(first))
            assertEquals(1, first.value.length)
        }
        FaninBlocking.asCompleted(listOf(Callable<String?> { null })).use { completions ->
            val first = completions.take()
            assertExactType<Completion<String?, Callable<String?>>>(staticType(first))
            assertNull(first.value?.length)
        }
    }

    /** Channel elements are non-null; the futures of sends and joins hold a nullable `Void`. */
    @Test
    fun channel_elementsNonNull() {
        val channel = Channel.buffered<String>(4)
        assertTrue(channel.trySend("a"))
        val sent = channel.sendAsync("b")
        assertExactType<CompletableFuture<Void?>>(staticType(sent))
        assertNull(sent.join())
        val received = channel.receive()
        assertExactType<String>(staticType(received))
        assertEquals(1, received.length)
        val result = channel.tryReceive()
        assertExactType<ReceiveResult<String>>(staticType(result))
        assertEquals(1, result.element().length)
        assertExactType<CompletableFuture<String>>(staticType(channel.receiveAsync()))
        channel.close()
        for (each in channel) {
            assertEquals(1, each.length)
        }

        val counted = Channel.create<String>(1, BufferOverflow.WAIT, null)
        counted.close()
        assertEquals("the channel is closed", ChannelClosedException(null).message)

        val queue = WorkQueue.unbounded<String>()
        queue.send("job")
        val job = queue.receive()
        assertExactType<String>(staticType(job))
        queue.itemDone()
        val joined = queue.joinAsync()
        assertExactType<CompletableFuture<Void?>>(staticType(joined))
        assertNull(joined.join())
        queue.close()
    }

    /** A select's result is as nullable as its handlers; a ticker's ticks are non-null. */
    @Test
    fun selectAndTicker_resultsAsNullableAsHandlers() {
        val channel = Channel.buffered<String>(1)
        channel.send("x")
        val got = Select.create<String>().onReceive(channel) { element -> "got $element" }.select()
        assertExactType<String>(staticType(got))
        assertEquals("got x", got)

        val idle = Select.create<String?>().onReceive(channel) { element -> element }.onDefault { null }.select()
        assertExactType<String?>(staticType(idle))
        assertNull(idle?.length)

        Ticker.every(Duration.ofMillis(1)).use { ticker ->
            val tick = ticker.ticks().receive()
            assertExactType<Instant>(staticType(tick))
            assertTrue(tick.epochSecond > 0)
        }
    }

    /** A select loop's sources and firings keep the values' nullness; `valueIf` is a non-null Optional. */
    @Test
    fun selectLoop_valueIfNonNullOptional() {
        val channel = Channel.buffered<String>(1)
        channel.send("p")
        SelectLoop.open().use { loop ->
            val pings = loop.addReceive(channel)
            assertExactType<SelectLoop.Source<String>>(staticType(pings))
            val fired = loop.awaitFired().single()
            val ping = fired.valueIf(pings)
            assertExactType<Optional<String>>(staticType(ping))
            assertEquals(Optional.of("p"), ping)
            loop.remove(pings)

            val done = loop.addFuture(CompletableFuture.completedFuture<String?>(null))
            assertExactType<SelectLoop.Source<String?>>(staticType(done))
            val second = loop.awaitFired().single()
            assertNull(second.outcome().getOrThrow())
            assertEquals(Optional.empty<String>(), second.valueIf(done))
        }
    }

    /** A task group's forks are as nullable as their tasks; a Runnable's future holds a nullable `Void`. */
    @Test
    fun taskGroup_forksAsNullableAsTasks() {
        TaskGroup.open().use { group ->
            val name = group.fork(Callable<String> { "n" })
            assertExactType<CompletableFuture<String>>(staticType(name))
            val none = group.fork(Callable<String?> { null })
            assertExactType<CompletableFuture<String?>>(staticType(none))
            val ran = group.fork(Runnable {})
            assertExactType<CompletableFuture<Void?>>(staticType(ran))
            group.join()
            assertEquals("n", name.join())
            assertNull(none.join())
            assertNull(ran.join())
        }
    }

    private companion object {
        /** The type the compiler inferred for [value]: a platform type shows a `!` in it. */
        inline fun <reified T> staticType(@Suppress("unused") value: T): KType = typeOf<T>()

        /** Asserts that [actual], a [staticType], is [T] exactly: same nullness, no platform type. */
        inline fun <reified T> assertExactType(actual: KType) {
            val expected = typeOf<T>()
            assertTrue('!' !in actual.toString(), "platform type: $actual")
            assertEquals(expected.toString(), actual.toString())
        }
    }
}

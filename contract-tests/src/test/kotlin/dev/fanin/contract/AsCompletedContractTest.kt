package dev.fanin.contract

import dev.fanin.testing.NoLeaksExtension
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.extension.ExtendWith
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.EnumSource
import java.time.Duration
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

/** asCompleted: plain, with a timeout, over the caller's futures, and the bounded window; one contract, three forms. */
@ExtendWith(NoLeaksExtension::class)
@Timeout(60)
class AsCompletedContractTest {
    private val s = Scenario()
    private val gates = List(5) { CompletableFuture<Unit>() }

    private fun gated(n: Int): List<Task> = List(n) { i -> s.returns("t$i", i, after = gates[i]) }

    private fun next(iteration: Iteration, index: Int, outcome: Settled) {
        assertEquals(Step.Next(Item(index, index, outcome)), iteration.next())
    }

    /** Results come in completion order, each naming its input's index and the input itself; a failure is an item too. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun asCompleted_completionOrder_indexAndHandle(form: Form) {
        val boom = Boom.of("boom")
        val tasks = listOf(s.returns("a", 0, after = gates[0]), s.throws("b", boom, after = gates[1]), s.returns("c", 2, after = gates[2]))
        Iterations.asCompleted(form, tasks).use { iteration ->
            gates[2].complete(Unit)
            next(iteration, 2, Settled.Ok(2))
            gates[0].complete(Unit)
            next(iteration, 0, Settled.Ok(0))
            gates[1].complete(Unit)
            next(iteration, 1, Settled.Err(boom))
            assertEquals(Step.End, iteration.next())
        }
    }

    /** No input: the iteration ends at once. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun asCompleted_emptyInput_endsAtOnce(form: Form) {
        Iterations.asCompleted(form, emptyList()).use { assertEquals(listOf(Step.End), it.drain()) }
        Iterations.asCompleted(form, emptyList(), Duration.ZERO).use { assertEquals(listOf(Step.End), it.drain()) }
    }

    /** Every huge timeout is accepted: all results, then the end. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun asCompleted_hugeTimeouts_allResults(form: Form) {
        for (timeout in HUGE_TIMEOUTS) {
            val t = s.returns("t $timeout", 1)
            Iterations.asCompleted(form, listOf(t), timeout).use {
                assertEquals(listOf(Step.Next(Item(0, 0, Settled.Ok(1))), Step.End), it.drain())
            }
        }
    }

    /**
     * With a timeout: results ready before the deadline are handed out first, then TimeoutException;
     * the tasks still running are cancelled when the deadline passes, before the iteration is closed.
     */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun asCompleted_timeout_readyResultsThenTimeoutAndRunningTasksCancelled(form: Form) {
        val a = s.returns("a", 0)
        val b = s.blocks("b")
        Iterations.asCompleted(form, listOf(a, b), Duration.ofSeconds(1)).use { iteration ->
            next(iteration, 0, Settled.Ok(0))
            assertEquals(Step.TimedOut, iteration.next())
            b.stopped.get(HANG_SECONDS, TimeUnit.SECONDS)
            assertTrue(b.sawCancellation, "$form: the running task was not cancelled at the deadline")
        }
    }

    /** A zero timeout: TimeoutException at once, and nothing is left running once the iteration is closed. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun asCompleted_zeroTimeout_timeoutAtOnce(form: Form) {
        val a = s.blocks("a")
        Iterations.asCompleted(form, listOf(a), Duration.ZERO).use { iteration ->
            assertEquals(Step.TimedOut, iteration.next())
        }
        assertEquals(emptyList<String>(), s.awaitStartedStopped())
    }

    /** Leaving the iteration early cancels the tasks still running; they stop. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun asCompleted_leftEarly_runningTasksCancelledAndStopped(form: Form) {
        val a = s.returns("a", 0)
        val b = s.blocks("b")
        val c = s.blocks("c")
        Iterations.asCompleted(form, listOf(a, b, c)).use { iteration ->
            next(iteration, 0, Settled.Ok(0))
            s.awaitStarted(b, c)
        }
        assertEquals(emptyList<String>(), s.awaitStartedStopped())
        assertTrue(b.sawCancellation && c.sawCancellation, "$form")
    }

    /**
     * Over the caller's futures with a timeout: the ready result, then TimeoutException; the
     * caller's futures are never cancelled, neither by the deadline nor by closing.
     */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun asCompletedFutures_timeout_callersFuturesNeverCancelled(form: Form) {
        val done = Handle("done").complete("v")
        val pending = Handle("pending")
        Iterations.asCompletedFutures(form, listOf(done, pending), Duration.ofSeconds(1)).use { iteration ->
            assertEquals(Step.Next(Item(0, 0, Settled.Ok("v"))), iteration.next())
            assertEquals(Step.TimedOut, iteration.next())
            assertFalse(pending.isDone(form), "$form: the deadline completed the caller's future")
        }
        assertFalse(pending.isDone(form), "$form: closing completed the caller's future")
        pending.complete(null)
    }

    /** Over the caller's futures: completion order, and a cancelled future is an item like any other. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun asCompletedFutures_completionOrder(form: Form) {
        val h = List(3) { Handle("h$it") }
        Iterations.asCompletedFutures(form, h).use { iteration ->
            h[1].complete("one")
            assertEquals(Step.Next(Item(1, 1, Settled.Ok("one"))), iteration.next())
            h[2].cancel()
            assertEquals(Step.Next(Item(2, 2, Settled.Cancelled)), iteration.next())
            h[0].complete("zero")
            assertEquals(Step.Next(Item(0, 0, Settled.Ok("zero"))), iteration.next())
            assertEquals(Step.End, iteration.next())
        }
    }

    /**
     * The bounded window: at most `limit` tasks running or undelivered, the source pulled only as
     * results are taken, indexes in pull order, results in completion order.
     */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun asCompletedBounded_window_neverMoreThanLimit(form: Form) {
        val tasks = gated(5)
        val pulled = AtomicInteger()
        var taken = 0
        Iterations.bounded(form, tasks, limit = 2, pulled = pulled).use { iteration ->
            fun take(i: Int) {
                next(iteration, i, Settled.Ok(i))
                taken++
                assertTrue(pulled.get() <= taken + 2, "$form: pulled ${pulled.get()} with $taken taken")
            }
            gates[1].complete(Unit)
            take(1)
            gates[0].complete(Unit)
            take(0)
            for (i in 2 until 5) {
                s.awaitStarted(tasks[i])
                gates[i].complete(Unit)
                take(i)
            }
            assertEquals(Step.End, iteration.next())
        }
        assertTrue(s.maxRunning.get() <= 2, "$form: ${s.maxRunning.get()} tasks ran at once")
    }

    /** The ordered bounded window holds early results back until the earlier ones are delivered. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun asCompletedOrdered_earlyResultHeldBack(form: Form) {
        val tasks = gated(3)
        Iterations.bounded(form, tasks, limit = 2, pulled = AtomicInteger(), ordered = true).use { iteration ->
            gates[1].complete(Unit)
            tasks[1].stopped.get(HANG_SECONDS, TimeUnit.SECONDS)
            gates[0].complete(Unit)
            next(iteration, 0, Settled.Ok(0))
            next(iteration, 1, Settled.Ok(1))
            gates[2].complete(Unit)
            next(iteration, 2, Settled.Ok(2))
            assertEquals(Step.End, iteration.next())
        }
    }

    /** Leaving the bounded iteration early cancels the running tasks; they stop, and the rest of the source is never pulled. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun asCompletedBounded_leftEarly_runningTasksCancelled(form: Form) {
        val a = s.returns("a", 0)
        val b = s.blocks("b")
        val c = s.blocks("c")
        val d = s.blocks("d")
        val pulled = AtomicInteger()
        Iterations.bounded(form, listOf(a, b, c, d), limit = 2, pulled = pulled).use { iteration ->
            next(iteration, 0, Settled.Ok(0))
            s.awaitStarted(b, c)
        }
        assertEquals(emptyList<String>(), s.awaitStartedStopped())
        assertTrue(b.sawCancellation && c.sawCancellation, "$form")
        assertEquals(3, pulled.get(), "$form: pulled")
    }

    /** An empty lazy source ends at once. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun asCompletedBounded_emptySource_endsAtOnce(form: Form) {
        Iterations.bounded(form, emptyList(), limit = 3, pulled = AtomicInteger()).use { assertEquals(listOf(Step.End), it.drain()) }
    }

    /** A limit below 1 is rejected with IllegalArgumentException before anything runs. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun asCompletedBounded_limitZero_rejected(form: Form) {
        assertThrows(IllegalArgumentException::class.java) {
            Iterations.bounded(form, gated(1), limit = 0, pulled = AtomicInteger()).close()
        }
    }
}

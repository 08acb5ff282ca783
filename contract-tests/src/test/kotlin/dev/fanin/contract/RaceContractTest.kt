package dev.fanin.contract

import dev.fanin.testing.NoLeaksExtension
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.extension.ExtendWith
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.EnumSource
import java.io.IOException
import java.time.Duration
import java.util.concurrent.CompletableFuture

/** A stagger no correct run reaches: only a failure starts the next task. */
private val NEVER: Duration = Duration.ofHours(1)

/** race (and firstCompleted over the caller's own futures): one contract, three forms. */
@ExtendWith(NoLeaksExtension::class)
@Timeout(60)
class RaceContractTest {
    private val s = Scenario()

    /** The first success wins; the losers were cancelled and had stopped when the call returned, in every form. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun race_firstSuccessWins_losersCancelledAndStopped(form: Form) {
        val a = s.blocks("a")
        val b = s.blocks("b")
        val c = s.returns("c", "c", after = CompletableFuture.allOf(a.started, b.started))
        assertEnded(form, Observed.Value("c"), form.run(s, RaceOps.race(listOf(a, b, c))))
        assertTrue(a.sawCancellation && b.sawCancellation, "$form: a loser was not cancelled")
    }

    /** A failure does not end the race: a later success wins. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun race_failureThenSuccess_successWins(form: Form) {
        val a = s.throws("a", Boom.of("a"))
        val b = s.returns("b", "b", after = a.stopped)
        assertEnded(form, Observed.Value("b"), form.run(s, RaceOps.race(listOf(a, b))))
    }

    /**
     * Every task fails: one aggregate listing each task's own exception (a checked one too), in the
     * order they failed. Staggered, so that each fails only once the one before has been recorded:
     * a task's `finally` runs before the race hears of its end, so tasks chained on it would race.
     */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun race_allFail_oneAggregateInCompletionOrder(form: Form) {
        val fa = Boom.of("a")
        val fb = IOException("b")
        val fc = Boom.of("c")
        val tasks = listOf(s.throws("a", fa), s.throws("b", fb), s.throws("c", fc))
        val ended = form.run(s, RaceOps.race(tasks, NEVER))
        assertEquals(listOf(fa, fb, fc), ended.observed.raceFailures(), "$form: ${ended.observed}")
        assertEquals(emptyList<String>(), ended.unstoppedAtReturn, "$form")
    }

    /** All at once, every task fails: the aggregate lists each failure once (in the order the forms observed). */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun race_allFailAtOnce_everyFailureListed(form: Form) {
        val failures = listOf(Boom.of("a"), Boom.of("b"), Boom.of("c"))
        val ended = form.run(s, RaceOps.race(failures.mapIndexed { i, f -> s.throws("t$i", f) }))
        assertEquals(failures.toSet(), ended.observed.raceFailures()?.toSet(), "$form: ${ended.observed}")
        assertEquals(3, ended.observed.raceFailures()?.size, "$form")
    }

    /** A task that throws CancellationException itself has failed: it is listed, and the race goes on. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun race_taskThrowsCancellationItself_countsAsFailure(form: Form) {
        val a = s.throwsCancellation("a")
        val cancellation = (a.behaviour as Behaviour.ThrowsCancellation).cancellation
        val boom = Boom.of("b")
        val b = s.throws("b", boom)
        assertEquals(listOf(cancellation, boom), form.run(s, RaceOps.race(listOf(a, b), NEVER)).observed.raceFailures(), "$form")

        val c = s.throwsCancellation("c")
        val d = s.returns("d", "d", after = c.stopped)
        assertEnded(form, Observed.Value("d"), form.run(s, RaceOps.race(listOf(c, d))))
    }

    /** Cancelling the call from outside cancels every task and they stop. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun race_cancelledFromOutside_tasksCancelledAndStopped(form: Form) {
        val a = s.blocks("a")
        val b = s.blocks("b")
        cancelFromOutside(form, s, form.start(s, RaceOps.race(listOf(a, b))), a, b)
    }

    /** A loser that throws while being cancelled (a clean-up that fails) does not change the result. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun race_loserThrowsWhileCancelled_winnerReturned(form: Form) {
        val a = s.blocks("a", cleanup = Boom.of("cleanup"))
        val b = s.returns("b", "b", after = a.started)
        assertEnded(form, Observed.Value("b"), form.run(s, RaceOps.race(listOf(a, b))))
        assertTrue(a.sawCancellation, "$form")
    }

    /** A loser that echoes its cancellation, or swallows it and returns a value, has lost: the winner's value is returned. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun race_loserEchoesOrSwallowsCancellation_winnerReturned(form: Form) {
        val a = s.echoes("a")
        val b = s.swallows("b", "swallowed")
        val c = s.returns("c", "c", after = CompletableFuture.allOf(a.started, b.started))
        assertEnded(form, Observed.Value("c"), form.run(s, RaceOps.race(listOf(a, b, c))))
        assertTrue(a.sawCancellation && b.sawCancellation, "$form")
    }

    /** Empty input is rejected with IllegalArgumentException. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun race_emptyInput_rejected(form: Form) {
        val observed = form.run(s, RaceOps.race(emptyList())).observed
        assertInstanceOf(IllegalArgumentException::class.java, (observed as Observed.Failed).exception, "$form")
    }

    /** Staggered: the next task starts only once the one before has failed (the stagger never passes). */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun race_staggered_failureStartsNext(form: Form) {
        val gate = CompletableFuture<Unit>()
        val a = s.throws("a", Boom.of("a"), after = gate)
        val b = s.returns("b", "b")
        val call = form.start(s, RaceOps.race(listOf(a, b), NEVER))
        s.awaitStarted(a)
        assertFalse(b.started.isDone, "$form: b started before a failed")
        gate.complete(Unit)
        assertEnded(form, Observed.Value("b"), call.await())
    }

    /**
     * Staggered: a task still running when the stagger passes is joined by the next, which wins; the
     * first is cancelled. The hedge waits until the first has started: else it could win before the
     * first ran at all, and the first would never run.
     */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun race_staggered_hedgeWins(form: Form) {
        val a = s.blocks("a")
        val b = s.returns("b", "b", after = a.started)
        assertEnded(form, Observed.Value("b"), form.run(s, RaceOps.race(listOf(a, b), SHORT)))
        assertTrue(a.sawCancellation, "$form")
    }

    /** Staggered: once a task has won, no other starts; with every huge stagger, the tasks are tried in turn. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun race_staggered_winnerStopsStartsAndHugeStaggersTryInTurn(form: Form) {
        val a = s.returns("a", "a")
        val b = s.returns("b", "b")
        assertEnded(form, Observed.Value("a"), form.run(s, RaceOps.race(listOf(a, b), NEVER)))
        assertEquals(0, b.runs.get(), "$form: a task started after the race was won")
        for (stagger in HUGE_TIMEOUTS) {
            val c = s.throws("c $stagger", Boom.of("c"))
            val d = s.returns("d $stagger", "d")
            assertEnded(form, Observed.Value("d"), form.run(s, RaceOps.race(listOf(c, d), stagger)))
        }
    }

    /** firstCompleted: of the handles already done, the first in argument order, failed or not. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun firstCompleted_alreadyDone_firstInArgumentOrder(form: Form) {
        val boom = Boom.of("boom")
        val h = listOf(Handle("h0"), Handle("h1").fail(boom), Handle("h2").complete(2))
        assertEnded(form, Observed.Value(Item(1, 1, Settled.Err(boom))), form.run(null, RaceOps.firstCompleted(h)))
        assertFalse(h[0].isDone(form), "$form")
        h[0].complete(null)
    }

    /** firstCompleted returns when a handle completes later; a handle given twice is reported at its first position. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun firstCompleted_later_andDuplicateAtFirstPosition(form: Form) {
        val h0 = Handle("h0")
        val h1 = Handle("h1")
        val call = form.start(null, RaceOps.firstCompleted(listOf(h0, h1, h1)))
        h1.complete(1)
        assertEnded(form, Observed.Value(Item(1, 1, Settled.Ok(1))), call.await())
        assertFalse(h0.isDone(form), "$form")
        h0.complete(null)
    }

    /** A cancelled handle is a completion whose outcome is Cancelled. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun firstCompleted_cancelledHandle_isCancelledOutcome(form: Form) {
        val h = listOf(Handle("h0").cancel())
        assertEnded(form, Observed.Value(Item(0, 0, Settled.Cancelled)), form.run(null, RaceOps.firstCompleted(h)))
    }

    /** Empty input is rejected with IllegalArgumentException. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun firstCompleted_emptyInput_rejected(form: Form) {
        val observed = form.run(null, RaceOps.firstCompleted(emptyList())).observed
        assertInstanceOf(IllegalArgumentException::class.java, (observed as Observed.Failed).exception, "$form")
    }

    /** Cancelling the call from outside stops the waiting only: no handle is cancelled. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun firstCompleted_cancelledFromOutside_handlesKeepRunning(form: Form) {
        val h = listOf(Handle("h0"), Handle("h1"))
        val call = form.start(null, RaceOps.firstCompleted(h))
        call.cancel()
        assertEquals(Observed.Cancelled, call.await().observed, "$form")
        h.forEach { assertFalse(it.isDone(form), "$form: $it") }
        h.forEach { it.complete(null) }
    }
}

package dev.fanin.contract

import dev.fanin.OnFailure
import dev.fanin.testing.NoLeaksExtension
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.extension.ExtendWith
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.EnumSource
import java.time.Duration

/** taskGroup with both failure policies, a deadline, and nesting: one contract, three forms. */
@ExtendWith(NoLeaksExtension::class)
@Timeout(60)
class TaskGroupContractTest {
    private val s = Scenario()

    /** Every task completes; the group returns the body's value and every fork handle holds its task's value. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun taskGroup_allSucceed_bodyValueAndHandles(form: Form) {
        val c = s.returns("c", 3)
        val b = s.returns("b", 2, after = c.stopped)
        val a = s.returns("a", 1, after = b.stopped)
        val states = ForkStates(3)
        assertEnded(form, Observed.Value("body"), form.run(s, Ops.taskGroup(OnFailure.CANCEL_ALL, listOf(a, b, c), states)))
        assertEquals(listOf(Settled.Ok(1), Settled.Ok(2), Settled.Ok(3)), states.states(), "$form")
    }

    /** A group that forks nothing returns the body's value, also with every huge timeout. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun taskGroup_noTasks_bodyValueEvenWithHugeTimeouts(form: Form) {
        assertEnded(form, Observed.Value("body"), form.run(s, Ops.taskGroup(OnFailure.CANCEL_ALL, emptyList())))
        for (timeout in HUGE_TIMEOUTS) {
            assertEnded(form, Observed.Value("body"), form.run(s, Ops.taskGroup(OnFailure.KEEP_RUNNING, emptyList(), timeout = timeout)))
        }
    }

    /** CANCEL_ALL: the first failure (same object) is listed alone; the sibling was cancelled and stopped before the call returned. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun taskGroup_cancelAll_firstFailureCancelsSiblings(form: Form) {
        val boom = Boom.of("boom")
        val b = s.blocks("b")
        val a = s.throws("a", boom, after = b.started)
        val states = ForkStates(2)
        assertEnded(form, Observed.GroupFailed(listOf(boom)), form.run(s, Ops.taskGroup(OnFailure.CANCEL_ALL, listOf(a, b), states)))
        assertTrue(b.sawCancellation)
        assertEquals(listOf(Settled.Err(boom), Settled.Cancelled), states.states(), "$form")
    }

    /** KEEP_RUNNING: failures do not cancel the others; every failure is listed in the order it happened. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun taskGroup_keepRunning_everyFailureInOrder(form: Form) {
        val first = Boom.of("first")
        val second = Boom.of("second")
        val states = ForkStates(3)
        val a = s.throws("a", first)
        val b = s.returns("b", 2, after = states.done[0])
        val c = s.throws("c", second, after = states.done[1])
        assertEnded(
            form,
            Observed.GroupFailed(listOf(first, second)),
            form.run(s, Ops.taskGroup(OnFailure.KEEP_RUNNING, listOf(a, b, c), states)),
        )
        assertEquals(listOf(Settled.Err(first), Settled.Ok(2), Settled.Err(second)), states.states(), "$form")
    }

    /** A failing body is a failure of the group like a task's, and cancels the tasks under CANCEL_ALL. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun taskGroup_bodyFails_listedAndTasksCancelled(form: Form) {
        val boom = Boom.of("body")
        val a = s.blocks("a")
        val body = s.throws("body", boom, after = a.started)
        assertEnded(form, Observed.GroupFailed(listOf(boom)), form.run(s, Ops.taskGroup(OnFailure.CANCEL_ALL, listOf(a), body = body)))
        assertTrue(a.sawCancellation)
    }

    /**
     * A task that throws from its cleanup while the group cancels it is listed after the failure
     * that caused the cancellation (aligned behaviour, item 1; Kotlin does it, Java pending).
     */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun taskGroup_cleanupThrowsWhileCancelled_listedAfterCause(form: Form) {
        val boom = Boom.of("boom")
        val cleanup = Boom.of("cleanup")
        val b = s.blocks("b", cleanup = cleanup)
        val a = s.throws("a", boom, after = b.started)
        assertEnded(form, Observed.GroupFailed(listOf(boom, cleanup)), form.run(s, Ops.taskGroup(OnFailure.CANCEL_ALL, listOf(a, b))))
    }

    /** A Java task that echoes its interrupt (`throw new RuntimeException(e)`) counts as cancelled, not as a failure. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun taskGroup_taskEchoesCancellation_notAFailure(form: Form) {
        val boom = Boom.of("boom")
        val b = s.echoes("b")
        val a = s.throws("a", boom, after = b.started)
        val states = ForkStates(2)
        assertEnded(form, Observed.GroupFailed(listOf(boom)), form.run(s, Ops.taskGroup(OnFailure.CANCEL_ALL, listOf(a, b), states)))
        assertEquals(listOf(Settled.Err(boom), Settled.Cancelled), states.states(), "$form")
    }

    /** A task that throws CancellationException itself counts as cancelled, not failed: the group succeeds, nothing else is cancelled. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun taskGroup_taskThrowsCancellationItself_countsAsCancelled(form: Form) {
        val states = ForkStates(2)
        val a = s.throwsCancellation("a")
        val b = s.returns("b", 2, after = states.done[0])
        assertEnded(form, Observed.Value("body"), form.run(s, Ops.taskGroup(OnFailure.CANCEL_ALL, listOf(a, b), states)))
        assertEquals(listOf(Settled.Cancelled, Settled.Ok(2)), states.states(), "$form")
    }

    /** A task that catches its cancellation and returns a value counts as cancelled; the value is lost. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun taskGroup_taskSwallowsCancellation_countsAsCancelledValueLost(form: Form) {
        val boom = Boom.of("boom")
        val b = s.swallows("b", 7)
        val a = s.throws("a", boom, after = b.started)
        val states = ForkStates(2)
        assertEnded(form, Observed.GroupFailed(listOf(boom)), form.run(s, Ops.taskGroup(OnFailure.CANCEL_ALL, listOf(a, b), states)))
        assertEquals(listOf(Settled.Err(boom), Settled.Cancelled), states.states(), "$form")
        assertTrue(b.sawCancellation)
    }

    /** Cancelling the call from outside cancels the body's tasks, which stop. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun taskGroup_cancelledFromOutside_tasksCancelledAndStopped(form: Form) {
        val a = s.blocks("a")
        val b = s.blocks("b")
        cancelFromOutside(form, s, form.start(s, Ops.taskGroup(OnFailure.KEEP_RUNNING, listOf(a, b))), a, b)
    }

    /**
     * On the deadline every task that started is cancelled and has stopped, and the group fails with
     * TimeoutException. The group's deadline counts from its start, so on a loaded machine a task may
     * not have started when it passes: such a task never runs (adr/0021).
     */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun taskGroup_deadlinePasses_timeoutAndTasksStopped(form: Form) {
        val a = s.blocks("a")
        val b = s.swallows("b", 7)
        assertEnded(form, Observed.TimedOut(), form.run(s, Ops.taskGroup(OnFailure.CANCEL_ALL, listOf(a, b), timeout = SHORT)))
        for (task in listOf(a, b)) {
            if (task.started.isDone) assertTrue(task.sawCancellation, "$form: $task was not cancelled")
        }
    }

    /**
     * KEEP_RUNNING with a deadline: a failure before the deadline is attached to the TimeoutException
     * as suppressed. The deadline (1 s) must pass after the failure: the failure happens at once, and
     * the test waits for it before the blocking task is even released to block.
     */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun taskGroup_keepRunningDeadline_earlierFailureSuppressed(form: Form) {
        val boom = Boom.of("boom")
        val states = ForkStates(2)
        val a = s.throws("a", boom)
        val b = s.blocks("b", after = states.done[0])
        assertEnded(
            form,
            Observed.TimedOut(listOf(boom)),
            form.run(s, Ops.taskGroup(OnFailure.KEEP_RUNNING, listOf(a, b), states, timeout = Duration.ofSeconds(1))),
        )
    }

    /** A zero deadline expires at once: TimeoutException, and the body never started, so no task ran. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun taskGroup_zeroTimeout_timeoutAndNothingStarted(form: Form) {
        val a = s.blocks("a")
        assertEnded(form, Observed.TimedOut(), form.run(s, Ops.taskGroup(OnFailure.CANCEL_ALL, listOf(a), timeout = Duration.ZERO)))
        assertEquals(0, a.runs.get(), "$form: a task started")
    }

    /**
     * A failed group nested in a task of another group is one failure of the outer group (its
     * TaskGroupException); the inner and outer siblings are cancelled and have stopped.
     */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun taskGroup_nestedGroupFails_oneFailureOfOuter(form: Form) {
        val boom = Boom.of("inner")
        val y = s.blocks("y")
        val x = s.throws("x", boom, after = y.started)
        val z = s.blocks("z")
        val inner = s.group("inner", OnFailure.CANCEL_ALL, listOf(x, y), after = z.started)
        assertEnded(
            form,
            Observed.GroupFailed(listOf(Observed.GroupFailed(listOf(boom)))),
            form.run(s, Ops.taskGroup(OnFailure.CANCEL_ALL, listOf(inner, z))),
        )
        assertTrue(y.sawCancellation, "$form: inner sibling not cancelled")
        assertTrue(z.sawCancellation, "$form: outer sibling not cancelled")
    }

    /** Cancelling the outer call from outside cancels the nested group's tasks too. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun taskGroup_nestedCancelledFromOutside_innerTasksStopped(form: Form) {
        val x = s.blocks("x")
        val inner = s.group("inner", OnFailure.CANCEL_ALL, listOf(x))
        cancelFromOutside(form, s, form.start(s, Ops.taskGroup(OnFailure.CANCEL_ALL, listOf(inner))), x, inner)
    }

    /**
     * The task group's body sees a thread-local its caller set: Kotlin runs the body in the caller's
     * coroutine, with its context elements, and the blocking form on the calling thread; the future
     * form runs it on Fanin's default executor, where it is not set. // differences table: where a
     * body runs — the CompletableFuture form cannot run it on the caller's thread without blocking.
     */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun taskGroup_bodyReadsCallersThreadLocal_seenUnlessFutureForm(form: Form) {
        val expected = Observed.Value(if (form == Form.FUTURE) null else "caller")
        assertEnded(form, expected, form.run(s, Ops.bodyReadsCallerContext(group = true)))
    }
}

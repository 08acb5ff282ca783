package dev.fanin.contract

import dev.fanin.testing.NoLeaksExtension
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.extension.ExtendWith
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.EnumSource
import java.io.IOException

/** gather and gatherSettled: one contract, three forms. */
@ExtendWith(NoLeaksExtension::class)
@Timeout(60)
class GatherContractTest {
    private val s = Scenario()

    /** Results come in argument order although the tasks finish in reverse order. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun gather_tasksFinishInReverse_resultsInArgumentOrder(form: Form) {
        val c = s.returns("c", 3)
        val b = s.returns("b", 2, after = c.stopped)
        val a = s.returns("a", 1, after = b.stopped)
        assertEnded(form, Observed.Value(listOf(1, 2, 3)), form.run(s, Ops.gather(listOf(a, b, c))))
    }

    /** Empty input gives an empty list. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun gather_emptyInput_returnsEmptyList(form: Form) {
        assertEnded(form, Observed.Value(emptyList<Any?>()), form.run(s, Ops.gather(emptyList())))
    }

    /** The first failure is thrown as the very same object; the sibling was cancelled and stopped before the call returned. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun gather_firstFailure_sameObjectAndSiblingsStopped(form: Form) {
        val boom = Boom.of("boom")
        val b = s.blocks("b")
        val a = s.throws("a", boom, after = b.started)
        assertEnded(form, Observed.Failed(boom, emptyList()), form.run(s, Ops.gather(listOf(a, b))))
        assertTrue(b.sawCancellation, "$form: sibling not cancelled")
    }

    /**
     * A checked failure is the task's own object. // differences table: every call that fails — the
     * blocking form throws it in UncheckedTaskException, which `classify` unwraps. // proposed row
     * "exception identity": Kotlin may throw a stack-trace-recovery copy, which `unrecover` undoes.
     */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun gather_checkedFailure_isTheTasksOwnException(form: Form) {
        val io = IOException("disk")
        val a = s.throws("a", io)
        assertEnded(form, Observed.Failed(io, emptyList()), form.run(s, Ops.gather(listOf(a))))
    }

    /** Cancelling the call from outside cancels every task and they stop. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun gather_cancelledFromOutside_tasksCancelledAndStopped(form: Form) {
        val a = s.blocks("a")
        val b = s.blocks("b")
        cancelFromOutside(form, s, form.start(s, Ops.gather(listOf(a, b))), a, b)
    }

    /**
     * A sibling that throws from its cleanup while being cancelled: its exception is added as
     * suppressed to the first failure (aligned behaviour, item 1; pending in the Java forms).
     */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun gather_siblingThrowsWhileCancelled_suppressedOnFirstFailure(form: Form) {
        val boom = Boom.of("boom")
        val cleanup = Boom.of("cleanup")
        val b = s.blocks("b", cleanup = cleanup)
        val a = s.throws("a", boom, after = b.started)
        assertEnded(form, Observed.Failed(boom, listOf(cleanup)), form.run(s, Ops.gather(listOf(a, b))))
    }

    /** A sibling that echoes its interrupt (Java: `throw new RuntimeException(e)`) counts as cancelled: nothing suppressed. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun gather_siblingEchoesCancellation_notReported(form: Form) {
        val boom = Boom.of("boom")
        val b = s.echoes("b")
        val a = s.throws("a", boom, after = b.started)
        assertEnded(form, Observed.Failed(boom, emptyList()), form.run(s, Ops.gather(listOf(a, b))))
    }

    /**
     * A task that throws CancellationException itself fails the gather with that object, and its
     * sibling is cancelled, on every JDK (from JDK 23 `CompletableFuture.get()` throws a copy; the
     * blocking form unwraps it).
     */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun gather_taskThrowsCancellationItself_failsWithIt(form: Form) {
        val b = s.blocks("b")
        val a = s.throwsCancellation("a", after = b.started)
        val cancellation = (a.behaviour as Behaviour.ThrowsCancellation).cancellation
        assertEnded(form, Observed.Failed(cancellation, emptyList()), form.run(s, Ops.gather(listOf(a, b))))
        assertTrue(b.sawCancellation, "$form: sibling not cancelled")
    }

    /** A sibling that swallows its cancellation and returns a value: the value is lost, the first failure wins. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun gather_siblingSwallowsCancellation_valueLost(form: Form) {
        val boom = Boom.of("boom")
        val b = s.swallows("b", 7)
        val a = s.throws("a", boom, after = b.started)
        assertEnded(form, Observed.Failed(boom, emptyList()), form.run(s, Ops.gather(listOf(a, b))))
        assertTrue(b.sawCancellation)
    }

    /** Settled: one outcome per task in argument order — a value, the failure's own object, a cancellation. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun gatherSettled_mixedOutcomes_inArgumentOrder(form: Form) {
        val boom = Boom.of("boom")
        val io = IOException("checked")
        val d = s.throws("d", io)
        val c = s.throwsCancellation("c", after = d.stopped)
        val b = s.throws("b", boom, after = c.stopped)
        val a = s.returns("a", 1, after = b.stopped)
        assertEnded(
            form,
            Observed.Value(listOf(Settled.Ok(1), Settled.Err(boom), Settled.Cancelled, Settled.Err(io))),
            form.run(s, Ops.gatherSettled(listOf(a, b, c, d))),
        )
    }

    /** Settled over no task gives an empty list. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun gatherSettled_emptyInput_returnsEmptyList(form: Form) {
        assertEnded(form, Observed.Value(emptyList<Any?>()), form.run(s, Ops.gatherSettled(emptyList())))
    }

    /** Settled, cancelled from outside: every task is cancelled and stops. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun gatherSettled_cancelledFromOutside_tasksCancelledAndStopped(form: Form) {
        val a = s.blocks("a")
        val b = s.returns("b", 2)
        val call = form.start(s, Ops.gatherSettled(listOf(a, b)))
        cancelFromOutside(form, s, call, a)
        assertFalse(b.sawCancellation)
        assertEquals(1, a.runs.get())
    }
}

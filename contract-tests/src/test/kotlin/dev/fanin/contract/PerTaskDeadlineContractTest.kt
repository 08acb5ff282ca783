package dev.fanin.contract

import dev.fanin.OnFailure
import dev.fanin.Outcome
import dev.fanin.testing.NoLeaksExtension
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.extension.ExtendWith
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.EnumSource
import java.util.concurrent.TimeoutException

/**
 * A checked task failure whose identity survives every form: no `(String)`, `(Throwable)` or
 * `(String, Throwable)` constructor, so kotlinx's stack-trace recovery cannot copy it (as [Boom]).
 */
class CheckedBoom(label: String, @Suppress("unused") private val serial: Long) : Exception(label) {
    companion object {
        fun of(label: String): CheckedBoom = CheckedBoom(label, 0L)
    }
}

/** How a timeout is compared across forms: each form makes its own `TimeoutException` object. */
private const val TIMED_OUT = "timed out"

/** A settled outcome, with any `TimeoutException` as [TIMED_OUT]. */
private fun Outcome<*>.orTimedOut(): Any =
    if (this is Outcome.Failure && unrecover(exception) is TimeoutException) TIMED_OUT else settled()

/**
 * A per-task deadline, the way the guide writes it: each task runs its work under a deadline of its
 * own (Kotlin `waitFor(timeout) { ... }` inside the task, Java `FaninBlocking.waitFor(work, timeout)`
 * inside the `Callable`), and the outer call sees what the task threw as if the task had thrown it
 * itself. The work's checked exception is the task's own exception, as is the inner deadline's
 * `TimeoutException`: the same object in every form, wrapped once (in `UncheckedTaskException`) only
 * where the blocking form throws a checked exception, never twice, and the same way whether the
 * inner call failed or timed out (adr/0019).
 */
@ExtendWith(NoLeaksExtension::class)
@Timeout(60)
class PerTaskDeadlineContractTest {
    private val s = Scenario()

    /** Three tasks with deadlines of their own: the work returns "v", fails with [boom], outlives its deadline. */
    private fun oneOfEach(boom: CheckedBoom): List<Task> = listOf(
        s.withDeadline("a", LONG, s.returns("a work", "v")),
        s.withDeadline("b", LONG, s.throws("b work", boom)),
        s.withDeadline("c", SHORT, s.blocks("c work")),
    )

    /** The work fails with a checked exception: gather fails with that very object. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun perTaskDeadline_gather_workFailsChecked_failsWithTheWorksOwnException(form: Form) {
        val boom = CheckedBoom.of("boom")
        val a = s.withDeadline("a", LONG, s.throws("a work", boom))
        assertEnded(form, Observed.Failed(boom, emptyList()), form.run(s, Ops.gather(listOf(a))))
    }

    /**
     * The inner deadline passes: gather fails with TimeoutException, and the work, if it started
     * (a Java task's thread may start it only after the deadline), was cancelled and has stopped.
     */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun perTaskDeadline_gather_innerDeadlinePasses_timeoutAndWorkStopped(form: Form) {
        val work = s.blocks("a work")
        val a = s.withDeadline("a", SHORT, work)
        assertEnded(form, Observed.TimedOut(), form.run(s, Ops.gather(listOf(a))))
        if (work.started.isDone) assertTrue(work.sawCancellation, "$form: the work was not cancelled")
    }

    /** Settled: each outcome holds the task's own exception, a failure of the work as a timeout, neither wrapped. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun perTaskDeadline_gatherSettled_outcomesHoldTheTasksOwnExceptions(form: Form) {
        val boom = CheckedBoom.of("boom")
        val tasks = oneOfEach(boom)
        val op = Ops.gatherSettled(tasks)
        val settled = Op(op.kotlin, op.future, op.blocking) { outcomes -> outcomes.map { it.orTimedOut() } }
        assertEnded(form, Observed.Value(listOf(Settled.Ok("v"), Settled.Err(boom), TIMED_OUT)), form.run(s, settled))
    }

    /** asCompleted: each item's outcome holds the task's own exception (items compared by index). */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun perTaskDeadline_asCompleted_itemsHoldTheTasksOwnExceptions(form: Form) {
        val boom = CheckedBoom.of("boom")
        val tasks = oneOfEach(boom)
        val items = Iterations.asCompleted(form, tasks).use { iteration ->
            val steps = iteration.drain()
            assertEquals(Step.End, steps.last(), "$form: $steps")
            steps.dropLast(1).map { (it as Step.Next).item }.sortedBy { it.index }
        }
        fun orTimedOut(outcome: Settled): Any =
            if (outcome is Settled.Err && unrecover(outcome.exception) is TimeoutException) TIMED_OUT else outcome
        assertEquals(
            listOf(Triple(0, 0, Settled.Ok("v")), Triple(1, 1, Settled.Err(boom)), Triple(2, 2, TIMED_OUT)),
            items.map { Triple(it.index, it.handleIndex, orTimedOut(it.outcome)) },
            "$form",
        )
    }

    /**
     * A task group lists each task's own exception, the work's failure and the inner deadline's
     * TimeoutException alike (the deadline task starts once the failure is in, so the order is fixed).
     */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun perTaskDeadline_taskGroup_failuresAreTheTasksOwnExceptions(form: Form) {
        val boom = CheckedBoom.of("boom")
        val states = ForkStates(2)
        val a = s.withDeadline("a", LONG, s.throws("a work", boom))
        val b = s.withDeadline("b", SHORT, s.blocks("b work"), after = states.done[0])
        val ended = form.run(s, Ops.taskGroup(OnFailure.KEEP_RUNNING, listOf(a, b), states))
        val group = ended.observed as? Observed.GroupFailed ?: throw AssertionError("$form: ${ended.observed}")
        assertEquals(
            listOf<Any>(boom, TIMED_OUT),
            group.failures.map { if (it is TimeoutException) TIMED_OUT else it },
            "$form",
        )
        assertEquals(emptyList<String>(), ended.unstoppedAtReturn, "$form: tasks still running when the call returned")
    }
}

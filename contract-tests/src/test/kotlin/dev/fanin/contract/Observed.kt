package dev.fanin.contract

import dev.fanin.Completion
import dev.fanin.Outcome
import dev.fanin.TaskGroupException
import dev.fanin.UncheckedTaskException
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletionException
import java.util.concurrent.ExecutionException
import java.util.concurrent.TimeoutException

/**
 * How one call ended, in a shape that is the same for every form. Exceptions compare by identity
 * (`Throwable.equals`), so `Failed(boom)` on two forms means the very same object.
 */
sealed interface Observed {
    /** Returned [value] (normalised by the operation, e.g. outcomes to [Settled]). */
    data class Value(val value: Any?) : Observed

    /** Failed with [exception], carrying [suppressed] (Fanin's waiter traces left out). */
    data class Failed(val exception: Throwable, val suppressed: List<Any>) : Observed

    /** Failed with a `TaskGroupException` listing [failures] (nested groups as [GroupFailed] too). */
    data class GroupFailed(val failures: List<Any>, val suppressed: List<Any> = emptyList()) : Observed

    /** Failed with `TimeoutException`, carrying [suppressed]. */
    data class TimedOut(val suppressed: List<Any> = emptyList()) : Observed

    /**
     * Ended by the cancellation the test asked for. // differences table: cancellation — Kotlin
     * throws `CancellationException` in the cancelled caller, the future form is cancelled, the
     * blocking form throws `InterruptedException`.
     */
    data object Cancelled : Observed
}

/** One settled input, with the cancellation's exception object left out (each form makes its own). */
sealed interface Settled {
    data class Ok(val value: Any?) : Settled
    data class Err(val exception: Throwable) : Settled
    data object Cancelled : Settled
}

/** [Outcome] as [Settled]: a failure by identity (recovery copies undone), a cancellation by kind. */
fun Outcome<*>.settled(): Settled = when (this) {
    is Outcome.Success -> Settled.Ok(value)
    is Outcome.Failure -> Settled.Err(unrecover(exception))
    is Outcome.Cancelled -> Settled.Cancelled
}

/** One item of an as-completed iteration: the input's index, which input the handle is, and its outcome. */
data class Item(val index: Int, val handleIndex: Int, val outcome: Settled)

/** [Completion] as [Item], finding its handle by identity in [inputs]. */
fun Completion<*, *>.item(inputs: List<Any>): Item =
    Item(index, inputs.indexOfFirst { it === handle }, outcome.settled())

/**
 * Undoes kotlinx's stack-trace recovery (on whenever assertions are, as under Surefire): a copy of
 * the exception, of the same class, with the original as its cause and a `_COROUTINE` boundary frame.
 * Proposed differences-table row "exception identity" (see the report): the Kotlin form may throw
 * such a copy; the Java forms always report the task's own object.
 */
fun unrecover(t: Throwable): Throwable {
    val cause = t.cause ?: return t
    val copied = cause.javaClass == t.javaClass && t.stackTrace.any { it.className.startsWith("_COROUTINE") }
    return if (copied) cause else t
}

/** The suppressed exceptions of [t] a test compares: Fanin's "awaited at" traces are left out. */
fun suppressedOf(t: Throwable): List<Any> =
    t.suppressed.filterNot { it.javaClass.simpleName == "AwaitedAt" }.map(::normalizeFailure)

/** A failure as a comparable value: a task group's exception by its failures, others by identity. */
fun normalizeFailure(t: Throwable): Any {
    val original = unrecover(t)
    return if (original is TaskGroupException) {
        Observed.GroupFailed(original.failures.map(::normalizeFailure), suppressedOf(original))
    } else {
        original
    }
}

/** What [form]'s call threw, as [Observed]. */
fun classify(form: Form, thrown: Throwable, cancelledFromOutside: Boolean): Observed {
    val t = unrecover(thrown)
    return when {
        form == Form.FUTURE && (t is ExecutionException || t is CompletionException) && t.cause != null ->
            classify(form, t.cause!!, cancelledFromOutside)
        // differences table: cancellation
        cancelledFromOutside && form == Form.KOTLIN && t is CancellationException -> Observed.Cancelled
        cancelledFromOutside && form == Form.FUTURE && t is CancellationException -> Observed.Cancelled
        cancelledFromOutside && form == Form.BLOCKING && t is InterruptedException -> Observed.Cancelled
        // differences table: every call that fails — the blocking form wraps a checked exception,
        // once: a wrapper of a wrapper is observed as it is, and matches no expected outcome.
        form == Form.BLOCKING && t is UncheckedTaskException && t.cause != null && t.cause !is UncheckedTaskException ->
            classify(form, t.cause!!, cancelledFromOutside)
        t is TimeoutException -> Observed.TimedOut(suppressedOf(t))
        t is TaskGroupException -> normalizeFailure(t) as Observed.GroupFailed
        else -> Observed.Failed(t, suppressedOf(t))
    }
}

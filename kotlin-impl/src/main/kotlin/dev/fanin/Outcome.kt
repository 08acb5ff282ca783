package dev.fanin

import kotlinx.coroutines.CancellationException

/**
 * How one input of a settled operation ended: with a value, with an exception, or cancelled.
 *
 * Settled operations ([gatherSettled]) return one `Outcome` per input instead of failing on the
 * first exception. A task may legally return `null`, so an outcome is never `null` and a `null`
 * [Success.value] means the task returned `null`.
 *
 * ```
 * when (val outcome = gatherSettled({ 1 }, { error("boom") })[1]) {
 *     is Outcome.Success -> println(outcome.value)
 *     is Outcome.Failure -> println("failed: ${outcome.exception}")
 *     is Outcome.Cancelled -> println("cancelled")
 * }
 * ```
 *
 * The Java facade has the same three cases as `dev.fanin.java.Outcome`.
 */
public sealed interface Outcome<out T> {
    /**
     * Returns the value of a [Success]; throws the exception of a [Failure] or the
     * [CancellationException] of a [Cancelled] outcome.
     */
    public fun getOrThrow(): T

    /**
     * The input completed with [value].
     *
     * @property value the value, possibly `null`
     */
    public data class Success<out T>(public val value: T) : Outcome<T> {
        override fun getOrThrow(): T = value
    }

    /**
     * The input failed with [exception], which is never a [CancellationException].
     *
     * For a task awaited as a coroutine, [exception] is what `await()` threw: with kotlinx's debug
     * mode on (as it is whenever assertions are), that can be a copy of the task's exception with the
     * original as its cause (kotlinx's stack-trace recovery).
     *
     * @property exception what the input failed with
     */
    public data class Failure(public val exception: Throwable) : Outcome<Nothing> {
        override fun getOrThrow(): Nothing = throw exception
    }

    /**
     * The input was cancelled; [exception] says by what.
     *
     * @property exception the cancellation
     */
    public data class Cancelled(public val exception: CancellationException) : Outcome<Nothing> {
        override fun getOrThrow(): Nothing = throw exception
    }
}

package dev.fanin

import java.util.concurrent.CancellationException

/**
 * How one input of a settled operation ended: with a value, with an exception, or cancelled.
 *
 * One type for Kotlin and Java: `gatherSettled` in either language returns these, and an outcome made
 * on one side is matched on the other. Settled operations return one `Outcome` per input instead of
 * failing on the first exception. A task may legally return `null`, so an outcome is never `null` and
 * a `null` [Success.value] means the task returned `null`.
 *
 * Kotlin:
 * ```
 * when (val outcome = gatherSettled({ 1 }, { error("boom") })[1]) {
 *     is Outcome.Success -> println(outcome.value)
 *     is Outcome.Failure -> println("failed: ${outcome.exception}")
 *     is Outcome.Cancelled -> println("cancelled")
 * }
 * ```
 *
 * Java 17 (the cases are records):
 * ```
 * for (Outcome<String> outcome : FaninBlocking.gatherSettled(tasks)) {
 *   if (outcome instanceof Outcome.Success<String> success) {
 *     System.out.println(success.value());
 *   } else if (outcome instanceof Outcome.Failure<String> failure) {
 *     System.out.println("failed: " + failure.exception());
 *   }
 * }
 * ```
 *
 * Outcomes are immutable values and safe to share between threads.
 */
public sealed interface Outcome<out T> {
    /**
     * Returns the value of a [Success]. A [Failure] throws its exception as it is when it is
     * unchecked (a `RuntimeException` or an `Error`) and wrapped in [UncheckedTaskException] when it
     * is checked, in both languages: this method declares no checked exception (`adr/0013`). A
     * [Cancelled] outcome throws its [CancellationException]. Read [Failure.exception] for the
     * exception as it is.
     */
    public fun getOrThrow(): T

    /**
     * The input completed with [value].
     *
     * @property value the value, possibly `null`
     */
    @JvmRecord
    public data class Success<out T>(public val value: T) : Outcome<T> {
        override fun getOrThrow(): T = value
    }

    /**
     * The input failed with [exception], which is never a [CancellationException].
     *
     * For a task awaited as a coroutine, [exception] is what `await()` threw: with kotlinx's debug
     * mode on (as it is whenever assertions are), that can be a copy of the task's exception with the
     * original as its cause (kotlinx's stack-trace recovery). The Java facade always reports the
     * task's own exception object.
     *
     * @property exception what the input failed with
     */
    @JvmRecord
    public data class Failure<out T>(public val exception: Throwable) : Outcome<T> {
        override fun getOrThrow(): T = rethrowUnchecked(exception)
    }

    /**
     * The input was cancelled; [exception] says by what.
     *
     * @property exception the cancellation
     */
    @JvmRecord
    public data class Cancelled<out T>(public val exception: CancellationException) : Outcome<T> {
        override fun getOrThrow(): T = throw exception
    }
}

package dev.fanin.interop

import java.util.concurrent.CancellationException

/**
 * Builds the settled-mode outcome type of the calling facade, so that the engine never converts
 * between Kotlin's and Java's `Outcome`.
 *
 * @suppress
 */
@InternalFaninApi
public interface OutcomeFactory<in T, out O> {
    /** The outcome of an input that produced [value] (which may be null). */
    public fun success(value: T): O

    /** The outcome of an input that failed with [exception]. */
    public fun failure(exception: Throwable): O

    /** The outcome of an input that was cancelled. */
    public fun cancelled(exception: CancellationException): O
}

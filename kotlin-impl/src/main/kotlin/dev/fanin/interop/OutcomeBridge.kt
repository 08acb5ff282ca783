package dev.fanin.interop

import dev.fanin.Outcome
import dev.fanin.internal.outcomeOfFailure

/**
 * Builds outcomes for the Java facade the way the engine builds its own.
 *
 * @suppress
 */
@InternalFaninApi
public object OutcomeBridge {
    /** The outcome of an input that ended with [value], or with [exception] when it is not null. */
    @JvmStatic
    @Suppress("UNCHECKED_CAST")
    public fun <T> of(value: T?, exception: Throwable?): Outcome<T> =
        if (exception == null) Outcome.Success(value as T) else outcomeOfFailure(exception) as Outcome<T>
}

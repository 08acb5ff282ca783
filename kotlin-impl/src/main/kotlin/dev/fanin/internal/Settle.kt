package dev.fanin.internal

import dev.fanin.Outcome
import java.util.concurrent.CancellationException

/** The settled-mode outcome for a [raw] value-or-[Thrown]. */
internal fun outcomeOf(raw: Any?): Outcome<Any?> =
    if (raw is Thrown) outcomeOfFailure(raw.exception) else Outcome.Success(raw)

/** The settled-mode outcome for an input that ended with [exception]. */
internal fun outcomeOfFailure(exception: Throwable): Outcome<Any?> =
    if (exception is CancellationException) Outcome.Cancelled(exception) else Outcome.Failure(exception)

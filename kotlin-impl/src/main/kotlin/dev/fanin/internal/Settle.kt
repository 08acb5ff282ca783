package dev.fanin.internal

import dev.fanin.interop.OutcomeFactory
import java.util.concurrent.CancellationException

/** The settled-mode outcome for a [raw] value-or-[Thrown]. */
internal fun <O> OutcomeFactory<Any?, O>.outcomeOf(raw: Any?): O =
    if (raw is Thrown) outcomeOfFailure(raw.exception) else success(raw)

/** The settled-mode outcome for an input that ended with [exception]. */
internal fun <O> OutcomeFactory<Any?, O>.outcomeOfFailure(exception: Throwable): O =
    if (exception is CancellationException) cancelled(exception) else failure(exception)

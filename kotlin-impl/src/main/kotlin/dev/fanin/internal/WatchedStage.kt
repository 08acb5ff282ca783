package dev.fanin.internal

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Deferred
import java.util.concurrent.CompletionStage

/**
 * A deferred that completes as this stage does, with its value or its unwrapped exception. Unlike
 * kotlinx's `asDeferred()`, cancelling the deferred never cancels the stage: selects and select
 * loops watch the caller's futures, they do not own them.
 */
internal fun <T> CompletionStage<T>.watched(): Deferred<T> {
    val done = CompletableDeferred<T>()
    whenDone { value, failure ->
        if (failure == null) done.complete(value) else done.completeExceptionally(failure.unwrapCompletion())
    }
    return done
}

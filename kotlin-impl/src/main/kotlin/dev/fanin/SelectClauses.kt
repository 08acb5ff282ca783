@file:JvmName("-SelectClauses") // A leading '-' hides this Kotlin-only facade from Java.

package dev.fanin

import dev.fanin.internal.unwrapCompletion
import dev.fanin.internal.whenDone
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.selects.SelectBuilder
import kotlinx.coroutines.selects.onTimeout
import java.util.concurrent.CompletionStage

/**
 * A kotlinx `select` clause that fires when [stage] completes, with its [Outcome]; what kotlinx's
 * select lacks for Java futures. The select never cancels [stage].
 *
 * Each select that registers this clause adds one completion callback to [stage], kept until the
 * stage completes; in a loop over a stage that stays pending for long, convert it once (kotlinx's
 * `asDeferred()`) and use `onJoin` instead.
 *
 * ```
 * select {
 *     replies.onReceive { reply -> handle(reply) }
 *     onComplete(shutdownFuture) { "shutting down" }
 * }
 * ```
 */
public fun <T, R> SelectBuilder<R>.onComplete(stage: CompletionStage<T>, block: suspend (Outcome<T>) -> R) {
    val done = CompletableDeferred<Outcome<T>>()
    stage.whenDone { value, failure ->
        done.complete(
            when (val exception = failure?.unwrapCompletion()) {
                null -> Outcome.Success(value)
                is CancellationException -> Outcome.Cancelled(exception)
                else -> Outcome.Failure(exception)
            },
        )
    }
    done.onAwait(block)
}

/**
 * Go's `default`: a clause that fires at once when no clause registered before it is ready.
 * Register it **last** in a biased `select` (in `selectUnbiased` the order is shuffled, so a default
 * there may fire although another clause is ready).
 *
 * ```
 * val next = select {
 *     jobs.onReceive { it }
 *     onDefault { null }   // nothing queued: do not wait
 * }
 * ```
 */
@OptIn(ExperimentalCoroutinesApi::class)
public fun <R> SelectBuilder<R>.onDefault(block: suspend () -> R) {
    // A zero timeout fires during registration, so only if no earlier clause already has.
    onTimeout(0L, block)
}

package dev.fanin.internal

import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import java.util.function.BiConsumer

/*
 * Reading a CompletionStage's failure without calling its toString (adr/0015). The JDK wraps a
 * failure in `new CompletionException(failure)` when it passes it on to a dependent stage
 * (whenComplete, thenApply, ...) and in `new ExecutionException(failure)` in get(), and those
 * constructors call `failure.toString()`. A user's exception whose toString throws then escapes
 * from whenComplete (when the stage is already done) or into the thread that completed the stage,
 * skipping the stage's later dependents. handle() passes the failure on as it is and completes its
 * own stage with the callback's result, so the engine registers every callback through it.
 */

/** Runs [action] with the stage's value or exception once it completes; `whenComplete` without the wrapping. */
internal fun <T> CompletionStage<T>.whenDone(action: BiConsumer<in T, in Throwable?>) {
    handle { value, failure ->
        action.accept(value, failure)
        null
    }
}

/** The exception a done, failed future holds, without the CompletionException layer; read through handle. */
internal fun CompletableFuture<*>.failureOfDone(): Throwable =
    handle { _, failure -> failure }.getNow(null)!!.unwrapCompletion()

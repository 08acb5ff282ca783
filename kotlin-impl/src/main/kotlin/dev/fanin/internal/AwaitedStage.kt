package dev.fanin.internal

import kotlinx.coroutines.suspendCancellableCoroutine
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import kotlin.coroutines.resume

/*
 * A caller's CompletionStage awaited by a call that owns it: unlike watched(), cancelling the waiter
 * cancels the stage, as asyncio's wait_for cancels what it awaited.
 */

/**
 * A new future settled as this stage already is (its exception unwrapped), or null when it is not
 * done yet. Spares a coroutine, a job and a timer for an answer that is
 * already there; cancelling the copy has nothing left to cancel. It is also what gives a settled
 * stage's outcome under a zero timeout, which expires before any await starts (asyncio's
 * `wait_for` answers a done future the same way).
 */
internal fun <T> CompletionStage<out T>.settledCopy(): CompletableFuture<T>? {
    // A minimal stage (CompletableFuture.completedStage) cannot say isDone; its CompletableFuture
    // view can. A stage without a view is treated as pending.
    val done = try {
        toCompletableFuture().isDone
    } catch (_: UnsupportedOperationException) {
        false
    }
    if (!done) return null
    val copy = CompletableFuture<T>()
    whenDone { value, exception ->
        if (exception == null) copy.complete(value) else copy.completeExceptionally(exception.unwrapCompletion())
    }
    return copy
}

/**
 * The stage's value, or a [Thrown]; cancelling the caller cancels the stage. Never resumes with an
 * exception, so the stage's exception reaches the facade as the original object.
 */
internal suspend fun CompletionStage<*>.awaitSettled(): Any? = suspendCancellableCoroutine { cont ->
    whenDone { value, exception ->
        cont.resume(if (exception == null) value else Thrown(exception.unwrapCompletion()))
    }
    cont.invokeOnCancellation { cancelStage() }
}

/** Cancels this stage through its CompletableFuture view, if it has one. */
internal fun CompletionStage<*>.cancelStage() {
    try {
        toCompletableFuture().cancel(true)
    } catch (_: UnsupportedOperationException) {
        // No CompletableFuture view: the stage cannot be cancelled and finishes on its own.
    }
}

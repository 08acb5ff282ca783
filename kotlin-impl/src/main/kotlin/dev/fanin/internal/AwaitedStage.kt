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
 * A new future settled as this stage already is (its exception unwrapped), or null when it is not a
 * CompletableFuture that is done. Spares a coroutine, a job and a timer for an answer that is
 * already there; cancelling the copy has nothing left to cancel. A timeout scope around
 * [awaitSettled] gives the same answer, even with a zero timeout: its unconfined body reads the
 * settled stage before the deadline is checked.
 */
internal fun <T> CompletionStage<out T>.settledCopy(): CompletableFuture<T>? {
    val done = try {
        this is CompletableFuture<*> && isDone
    } catch (_: UnsupportedOperationException) {
        false // a minimal stage cannot say
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
    cont.invokeOnCancellation {
        try {
            toCompletableFuture().cancel(true)
        } catch (_: UnsupportedOperationException) {
            // No CompletableFuture view: the stage cannot be cancelled and finishes on its own.
        }
    }
}

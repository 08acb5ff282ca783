package dev.fanin.internal

import java.util.concurrent.CompletionException

/*
 * Why a holder instead of throwing: inside the engine a task's exception travels as a value. A
 * Throwable that crosses a coroutine resumption may be replaced by a copy (kotlinx's stack-trace
 * recovery, on whenever assertions are enabled), and Java callers are promised the task's own
 * exception object. So the engine catches at the task boundary, carries a Thrown, and hands the
 * original to the CompletableFuture.
 */

/** The exception a task or stage ended with, carried as a value. */
internal class Thrown(@JvmField val exception: Throwable)

/** The exception a CompletionStage reports, without the CompletionException layer dependents add. */
internal fun Throwable.unwrapCompletion(): Throwable =
    if (this is CompletionException && cause != null) cause!! else this

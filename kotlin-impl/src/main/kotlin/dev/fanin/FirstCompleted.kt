@file:JvmName("-FirstCompleted") // A leading '-' hides this Kotlin-only facade from Java.

package dev.fanin

import dev.fanin.internal.distinctByIdentity
import dev.fanin.internal.settle
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.selects.select

/**
 * Waits until the first of [deferreds] completes, in any way, and returns which one it was and how
 * it ended: a [Completion] whose [Completion.index] is its position in [deferreds], whose
 * [Completion.handle] is the deferred itself, and whose [Completion.outcome] is its value, failure
 * or cancellation. It is the typed form of `CompletableFuture.anyOf`.
 *
 * Deferreds already complete when it is called are looked at first, in argument order, so the
 * first of them is the one returned. A deferred given twice is reported at its first position.
 *
 * **Failure.** It never fails because of a deferred: a failed or cancelled deferred is a completion
 * like any other, with [Outcome.Failure] or [Outcome.Cancelled] as its outcome.
 *
 * **Cancellation.** It never cancels a deferred: not the ones still running when it returns (as
 * asyncio's `wait` leaves them), not when the caller is cancelled. This suspending function is
 * cancellable: if the calling coroutine is cancelled while it waits, the function throws
 * [CancellationException] and the deferreds keep running.
 *
 * ```
 * val first = firstCompleted(listOf(fromCache, fromServer))
 * if (first.index == 0) println("the cache answered first: ${first.outcome}")
 * ```
 *
 * Related: [race] runs tasks and returns the first success, cancelling the rest; [waitUntil] with
 * [ReturnWhen.FIRST_COMPLETED] splits handles into done and pending; the Java facade's
 * `Fanin.firstCompleted` and `FaninBlocking.firstCompleted`.
 *
 * @throws IllegalArgumentException if [deferreds] is empty
 */
public suspend fun <T> firstCompleted(deferreds: Collection<Deferred<T>>): Completion<T, Deferred<T>> {
    val inputs = deferreds.toList()
    require(inputs.isNotEmpty()) { "deferreds is empty" }
    // select is biased: of the clauses ready when it registers them, the first in order wins. It
    // takes one clause per object, so a deferred given twice is selected on once.
    val first = select { for (deferred in distinctByIdentity(inputs)) deferred.onJoin { deferred } }
    val index = inputs.indexOfFirst { it === first }
    return Completion(index, first, first.settle())
}

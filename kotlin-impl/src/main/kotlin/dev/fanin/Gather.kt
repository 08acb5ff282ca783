@file:JvmName("-Gather") // A leading '-' hides this Kotlin-only facade from Java.

package dev.fanin

import dev.fanin.internal.settle
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.supervisorScope

/**
 * Runs every task concurrently and returns their results in argument order (asyncio's `gather`).
 *
 * Each task runs in a child coroutine of the caller. Empty input returns an empty list at once.
 *
 * **Failure.** The first task to fail makes `gather` throw that exception, after every other task
 * has been cancelled and has completed: no task outlives the call. This differs from asyncio,
 * whose `gather` lets the other tasks run on (adr/0003).
 *
 * **Cancellation.** This suspending function is cancellable: if the calling coroutine is cancelled
 * while it waits, every task is cancelled and the function throws [CancellationException] once
 * they have completed.
 *
 * ```
 * val (user, orders) = gather({ loadUser(id) }, { loadOrders(id) })
 * val pages = gather(urls.map { url -> suspend { fetch(url) } })
 * ```
 *
 * Related: [gatherSettled] returns every outcome instead of failing; [gatherDeferreds] awaits
 * deferreds the caller started; the Java facade's `Fanin.gather` and `FaninBlocking.gather` have
 * the same contract.
 */
public suspend fun <T> gather(vararg tasks: suspend () -> T): List<T> = gather(tasks.asList())

/** Iterable form of [gather]; same contract. */
public suspend fun <T> gather(tasks: Iterable<suspend () -> T>): List<T> = coroutineScope {
    tasks.map { task -> async { task() } }.awaitAll()
}

/**
 * Awaits [deferreds] and returns their values in argument order.
 *
 * **Failure.** The first deferred to fail makes `gather` throw its exception. The deferreds belong
 * to the caller, so a sibling's failure cancels none of them.
 *
 * **Cancellation.** This suspending function is cancellable: if the calling coroutine is cancelled
 * while it waits, every deferred is cancelled (as asyncio cancels the awaitables given to its
 * `gather`) and the function throws [CancellationException].
 *
 * ```
 * val a = async { fetch("a") }
 * val b = async { fetch("b") }
 * val pages = gatherDeferreds(listOf(a, b))
 * ```
 *
 * Its own name, not a `gather` overload (adr/0020): `gather(ids.map { suspend { fetch(it) } })`
 * could not choose between the two, because Kotlin resolves the overload before it reads the
 * lambda. The Java facade's `Fanin.gatherFutures` is its twin.
 */
public suspend fun <T> gatherDeferreds(deferreds: Collection<Deferred<T>>): List<T> =
    cancellingOnCallerCancellation(deferreds) { deferreds.awaitAll() }

/**
 * Runs every task concurrently and returns one [Outcome] per task in argument order (asyncio's
 * `gather(..., return_exceptions=True)`).
 *
 * **Failure.** A failing task does not affect the others; its outcome is an [Outcome.Failure]. A
 * task that throws [CancellationException] gets an [Outcome.Cancelled].
 *
 * **Cancellation.** This suspending function is cancellable: if the calling coroutine is cancelled
 * while it waits, every task is cancelled and the function throws [CancellationException] once
 * they have completed. That is the only way it throws.
 *
 * ```
 * val outcomes = gatherSettled({ fetch("a") }, { fetch("b") })
 * val failed = outcomes.filterIsInstance<Outcome.Failure>()
 * ```
 */
public suspend fun <T> gatherSettled(tasks: Iterable<suspend () -> T>): List<Outcome<T>> = supervisorScope {
    tasks.map { task -> async { task() } }.map { it.settle() }
}

/** Vararg form of [gatherSettled]; same contract. */
public suspend fun <T> gatherSettled(vararg tasks: suspend () -> T): List<Outcome<T>> = gatherSettled(tasks.asList())

/**
 * Awaits [deferreds] and returns one [Outcome] per deferred, in argument order. A deferred that
 * failed gives [Outcome.Failure] and one that was cancelled [Outcome.Cancelled].
 *
 * **Cancellation.** This suspending function is cancellable: if the calling coroutine is cancelled
 * while it waits, every deferred is cancelled and the function throws [CancellationException].
 *
 * Settled form of [gatherDeferreds], named apart from [gatherSettled] for the same reason
 * (adr/0020); the Java facade's `Fanin.gatherFuturesSettled` is its twin.
 */
public suspend fun <T> gatherDeferredsSettled(deferreds: Collection<Deferred<T>>): List<Outcome<T>> =
    cancellingOnCallerCancellation(deferreds) { deferreds.map { it.settle() } }

private suspend inline fun <R> cancellingOnCallerCancellation(deferreds: Collection<Deferred<*>>, block: () -> R): R {
    try {
        return block()
    } catch (e: CancellationException) {
        try {
            currentCoroutineContext().ensureActive()
        } catch (callerCancelled: CancellationException) {
            deferreds.forEach { it.cancel(callerCancelled) }
        }
        throw e
    }
}

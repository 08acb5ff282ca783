@file:JvmName("-WaitFor") // A leading '-' hides this Kotlin-only facade from Java.

package dev.fanin

import dev.fanin.internal.requireNotNegative
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.withContext
import java.util.concurrent.TimeoutException
import kotlin.time.Duration

/**
 * Runs [block] and returns its result, or cancels it when [timeout] passes (asyncio's `wait_for`).
 *
 * **Timeout.** On expiry the block is cancelled, this function waits until it has completed, and
 * then throws [TimeoutException] (not a [CancellationException]; adr/0002). A zero [timeout] expires
 * at once: the block is never started, as asyncio's `wait_for(coro, 0)` never runs it. A negative
 * one is rejected (adr/0010). An exception the block throws while the expiry cancels it (a clean-up that fails) is thrown instead of the
 * [TimeoutException], as asyncio lets it propagate.
 *
 * **Failure.** An exception the block throws is rethrown as it is.
 *
 * **Cancellation.** This suspending function is cancellable: if the calling coroutine is cancelled,
 * the block is cancelled and the function throws [CancellationException].
 *
 * ```
 * val page = waitFor(2.seconds) { fetch(url) }
 * ```
 *
 * Related: [timeoutScope] when the body needs to see or move its deadline.
 *
 * @throws IllegalArgumentException if [timeout] is negative
 */
public suspend fun <T> waitFor(timeout: Duration, block: suspend CoroutineScope.() -> T): T =
    timeoutScope(timeout) { block() }

/**
 * Awaits [deferred] for at most [timeout] (asyncio's `wait_for` on a task). A deferred that has
 * already completed gives its outcome at once, even with a zero timeout, as asyncio's `wait_for`
 * does with a done future.
 *
 * **Timeout.** On expiry [deferred] is cancelled, this function waits until it has completed, and
 * then throws [TimeoutException].
 *
 * **Failure.** The deferred's exception is rethrown.
 *
 * **Cancellation.** This suspending function is cancellable: if the calling coroutine is cancelled,
 * [deferred] is cancelled too and the function throws [CancellationException].
 *
 * ```
 * val job = async { slowComputation() }
 * val value = waitFor(job, 1.seconds)
 * ```
 *
 * @throws IllegalArgumentException if [timeout] is negative; [deferred] is then left alone
 */
public suspend fun <T> waitFor(deferred: Deferred<T>, timeout: Duration): T {
    // Completed already: its outcome, whatever the timeout (zero included), as asyncio's wait_for
    // answers a done future; a timer racing the await could otherwise win.
    requireNotNegative(timeout)
    if (deferred.isCompleted) return deferred.await()
    try {
        return timeoutScope(timeout) { deferred.await() }
    } catch (e: TimeoutException) {
        withContext(NonCancellable) { deferred.cancel(); deferred.join() }
        throw e
    } catch (e: CancellationException) {
        if (!deferred.isCompleted) withContext(NonCancellable) { deferred.cancel(); deferred.join() }
        throw e
    }
}

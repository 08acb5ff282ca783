@file:JvmName("-WaitFor") // A leading '-' hides this Kotlin-only facade from Java.

package dev.fanin

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
 * at once; a negative one is rejected (adr/0010).
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
 * Awaits [deferred] for at most [timeout] (asyncio's `wait_for` on a task).
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

@file:JvmName("-WaitUntil") // A leading '-' hides this Kotlin-only facade from Java.

package dev.fanin

import dev.fanin.internal.JobWait
import dev.fanin.internal.requireNotNegative
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Job
import kotlinx.coroutines.withTimeoutOrNull
import kotlin.time.Duration

/**
 * Waits until [returnWhen] holds for [handles], or until [timeout] passes, and returns the handles
 * split into done and pending (asyncio's `wait`).
 *
 * It never cancels anything: not the handles when it returns, not on timeout (it returns with the
 * handles that are still pending). [ReturnWhen.FIRST_EXCEPTION] returns when a handle fails or all
 * are done; a cancelled handle does not count as failed.
 *
 * Each list of the result keeps the order of [handles]; a handle given twice appears once, at its
 * first position, as in asyncio, which takes a set. The lists hold the caller's own objects.
 *
 * **Timeout.** When [timeout] passes first, returns normally with the handles that are still pending;
 * it does not throw. A zero [timeout] returns at once with the current split. The timer is a
 * coroutine `delay`, so virtual time drives it in tests.
 *
 * **Cancellation.** This suspending function is cancellable: if the calling coroutine is cancelled,
 * the function throws [CancellationException] and the handles keep running.
 *
 * ```
 * val (done, pending) = waitUntil(ReturnWhen.FIRST_COMPLETED, listOf(primary, fallback), 2.seconds)
 * ```
 *
 * @throws IllegalArgumentException if [handles] is empty (asyncio raises `ValueError`) or [timeout]
 *   is negative
 */
public suspend fun <H : Job> waitUntil(
    returnWhen: ReturnWhen,
    handles: Collection<H>,
    timeout: Duration = Duration.INFINITE,
): WaitResult<H> {
    require(handles.isNotEmpty()) { "handles is empty" }
    requireNotNegative(timeout)
    val wait = JobWait(handles, returnWhen)
    try {
        withTimeoutOrNull(timeout) { wait.await() }
    } finally {
        wait.dispose()
    }
    return wait.split()
}

@file:JvmName("-TimeoutScope") // A leading '-' hides this Kotlin-only facade from Java.

package dev.fanin

import dev.fanin.internal.runTimeoutScope
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import java.util.concurrent.TimeoutException
import kotlin.time.Duration

/**
 * The handle of a running [timeoutScope]: the body can ask whether the deadline passed and move it.
 *
 * It is a [CoroutineScope], so the body can start coroutines that the deadline also cancels.
 * Users hold it but do not implement it.
 */
public sealed interface TimeoutScope : CoroutineScope {
    /** Whether the deadline has passed and the scope was cancelled because of it. */
    public val isExpired: Boolean

    /**
     * Moves the deadline to [timeout] from now; [Duration.INFINITE] removes it, and a zero [timeout]
     * expires the scope at once. Has no effect once the scope has expired or its body has returned.
     *
     * @throws IllegalArgumentException if [timeout] is negative (adr/0010)
     */
    public fun reschedule(timeout: Duration)
}

/**
 * Runs [block] and returns its result, unless [timeout] passes first (asyncio's `timeout()`): then
 * the whole block, with every coroutine it started and every Fanin call it made, is cancelled, and
 * once all of it has completed this function throws [TimeoutException].
 *
 * The deadline can be moved while the block runs, with [TimeoutScope.reschedule]. A zero [timeout]
 * expires at once: the block starts and is cancelled at its first suspension. A negative one is
 * rejected, unlike in asyncio (adr/0010): clamp a computed deadline with `maxOf(deadline - now,
 * Duration.ZERO)`.
 *
 * **Failure.** An exception the block throws is rethrown as it is.
 *
 * **Timeout.** Throws [TimeoutException], not kotlinx's `TimeoutCancellationException`: a timeout is
 * a failure, and a [CancellationException] is too easily swallowed as a normal cancellation
 * (adr/0002). If the block completes after the deadline passed, the result is discarded and the
 * function still throws [TimeoutException].
 *
 * **Cancellation.** This suspending function is cancellable: if the calling coroutine is cancelled,
 * the block is cancelled and the function throws [CancellationException], never [TimeoutException].
 *
 * The timer is a coroutine `delay` on the caller's dispatcher, so `kotlinx-coroutines-test` virtual
 * time drives it.
 *
 * ```
 * val report = timeoutScope(5.seconds) {
 *     val rows = loadRows()
 *     reschedule(2.seconds) // the rest must be quick
 *     render(rows)
 * }
 * ```
 *
 * Related: [waitFor] for a single task; the Java facade's `Fanin.timeoutScope`.
 *
 * @throws IllegalArgumentException if [timeout] is negative
 */
public suspend fun <T> timeoutScope(timeout: Duration, block: suspend TimeoutScope.() -> T): T =
    runTimeoutScope(timeout, TimerContext.CALLER, block)

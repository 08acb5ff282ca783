package dev.fanin.internal

import dev.fanin.TimeoutScope
import dev.fanin.TimeoutScopeImpl
import dev.fanin.TimerContext
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import java.util.concurrent.TimeoutException
import kotlin.time.Duration

/**
 * `timeoutScope` with its timer in [timer]: [TimerContext.CALLER] for the Kotlin API,
 * [TimerContext.OWN] for the Java facade, whose bodies may hold every thread of a caller's bounded
 * executor. In this unexported package so that it stays out of the public API.
 */
internal suspend fun <T> runTimeoutScope(timeout: Duration, timer: TimerContext, block: suspend TimeoutScope.() -> T): T {
    requireNotNegative(timeout)
    var scope: TimeoutScopeImpl? = null
    try {
        return coroutineScope {
            val timeoutScope = TimeoutScopeImpl(this, timer)
            scope = timeoutScope
            timeoutScope.reschedule(timeout)
            // The inner scope returns only when everything the block started has completed, so the
            // deadline covers that too.
            val result = coroutineScope { timeoutScope.runBody(this, block) }
            // The watchdog may have expired the scope after the block's last suspension.
            if (!timeoutScope.finish()) throw CancellationException("timeout scope expired")
            result
        }
    } catch (e: CancellationException) {
        val expired = scope
        if (expired == null || !expired.isExpired) throw e
        currentCoroutineContext().ensureActive()
        throw TimeoutException("timed out after ${expired.armedTimeout}").apply { initCause(e) }
    }
}

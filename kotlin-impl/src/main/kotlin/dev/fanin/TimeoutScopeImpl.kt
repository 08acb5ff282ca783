package dev.fanin

import dev.fanin.internal.requireNotNegative
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.delay
import kotlinx.coroutines.job
import kotlinx.coroutines.launch
import java.util.concurrent.atomic.AtomicInteger
import kotlin.coroutines.CoroutineContext
import kotlin.time.Duration

/*
 * The deadline of one timeoutScope.
 *
 * States: ACTIVE -> EXPIRED (the watchdog fired) or ACTIVE -> DONE (the body returned first). The
 * two transitions race through one CAS, so a scope is never both expired and successfully done.
 * The watchdog is a child coroutine of the outer scope that only delays; rescheduling replaces it,
 * under the lock so two reschedules cannot leave two watchdogs. The body runs in an inner scope, so
 * the deadline stays armed until everything the body started has completed. Expiry cancels the outer
 * scope's job, which cancels the body and everything it started.
 */
internal class TimeoutScopeImpl(private val scope: CoroutineScope) : TimeoutScope {
    private val state = AtomicInteger(ACTIVE)
    private var watchdog: Job? = null

    /** The timeout last armed, for the TimeoutException's message. */
    @Volatile
    var armedTimeout: Duration = Duration.INFINITE
        private set

    /** The scope the body runs in: a child of [scope], so expiry cancels it. */
    private lateinit var body: CoroutineScope

    override val coroutineContext: CoroutineContext get() = body.coroutineContext

    suspend fun <T> runBody(bodyScope: CoroutineScope, block: suspend TimeoutScope.() -> T): T {
        body = bodyScope
        return block()
    }

    override val isExpired: Boolean get() = state.get() == EXPIRED

    override fun reschedule(timeout: Duration) {
        requireNotNegative(timeout)
        synchronized(this) {
            if (state.get() != ACTIVE) return
            watchdog?.cancel()
            armedTimeout = timeout
            watchdog = if (timeout.isInfinite()) null else scope.launch {
                delay(timeout)
                expire()
            }
        }
    }

    /** Marks the body done; false if the deadline won the race. */
    fun finish(): Boolean = synchronized(this) {
        // Under the lock, so a concurrent reschedule cannot start a watchdog after this.
        watchdog?.cancel()
        state.compareAndSet(ACTIVE, DONE)
    }

    private fun expire() {
        if (state.compareAndSet(ACTIVE, EXPIRED)) {
            scope.coroutineContext.job.cancel(CancellationException("timeout scope expired"))
        }
    }

    private companion object {
        const val ACTIVE = 0
        const val EXPIRED = 1
        const val DONE = 2
    }
}

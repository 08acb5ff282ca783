package dev.fanin

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.delay
import kotlinx.coroutines.job
import kotlinx.coroutines.launch
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration

/*
 * The deadline of one timeoutScope.
 *
 * States: ACTIVE -> EXPIRED (the watchdog fired) or ACTIVE -> DONE (the body returned first). The
 * two transitions race through one CAS, so a scope is never both expired and successfully done.
 * The watchdog is a child coroutine of the scope that only delays; rescheduling replaces it, under
 * the lock so two reschedules cannot leave two watchdogs. Expiry cancels the scope's job, which
 * cancels the body and everything it started.
 */
internal class TimeoutScopeImpl(private val scope: CoroutineScope) : TimeoutScope, CoroutineScope by scope {
    private val state = AtomicInteger(ACTIVE)
    private var watchdog: Job? = null

    override val isExpired: Boolean get() = state.get() == EXPIRED

    override fun reschedule(timeout: Duration) {
        synchronized(this) {
            if (state.get() != ACTIVE) return
            watchdog?.cancel()
            watchdog = if (timeout.isInfinite()) null else scope.launch {
                delay(timeout)
                expire()
            }
        }
    }

    /** Marks the body done; false if the deadline won the race. */
    fun finish(): Boolean {
        synchronized(this) { watchdog?.cancel() }
        return state.compareAndSet(ACTIVE, DONE)
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

package dev.fanin

import dev.fanin.internal.requireNotNegative
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.delay
import kotlinx.coroutines.job
import kotlinx.coroutines.launch
import java.util.concurrent.atomic.AtomicInteger
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext
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
 *
 * Where the watchdog runs is the [TimerContext]'s choice. On the caller's dispatcher (Kotlin) it
 * follows the caller's clock, virtual time included. The Java facade runs bodies on a caller's
 * Executor, whose every thread the body may hold (a single-thread pool): a watchdog dispatched there
 * would never start, and the deadline would never pass. So for Java it starts undispatched and
 * unconfined: it registers its delay on the thread that arms it, and kotlinx's timer thread, not
 * the executor, resumes it and expires the scope.
 */
internal class TimeoutScopeImpl(private val scope: CoroutineScope, private val timer: TimerContext) : TimeoutScope {
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
            watchdog = if (timeout.isInfinite()) null else scope.launch(timer.context, timer.start) {
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

/** Where a timeout scope's watchdog runs; see [TimeoutScopeImpl]. */
internal enum class TimerContext(val context: CoroutineContext, val start: CoroutineStart) {
    /** On the caller's dispatcher, dispatched: follows the caller's clock (kotlinx-coroutines-test). */
    CALLER(EmptyCoroutineContext, CoroutineStart.DEFAULT),

    /** Needs no thread of the caller's dispatcher: armed in place, expired on kotlinx's timer thread. */
    OWN(Dispatchers.Unconfined, CoroutineStart.UNDISPATCHED),
}

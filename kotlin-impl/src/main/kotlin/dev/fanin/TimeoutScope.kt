@file:JvmName("-TimeoutScope") // A leading '-' hides this Kotlin-only facade from Java.

package dev.fanin

import dev.fanin.internal.TimerContext
import dev.fanin.internal.describe
import dev.fanin.internal.offKotlinxThreads
import dev.fanin.internal.requireNotNegative
import java.time.Duration as JavaDuration
import java.util.concurrent.TimeoutException
import java.util.concurrent.atomic.AtomicInteger
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.time.Duration
import kotlin.time.toKotlinDuration
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.job
import kotlinx.coroutines.launch

/**
 * The handle of a running timeout scope: the body can ask whether the deadline passed and move it.
 *
 * One type for both languages: Kotlin's [timeoutScope] block runs with it as receiver, and the Java
 * facade's `Fanin.timeoutScope` / `FaninBlocking.timeoutScope` pass it to their [Body]. It is a
 * [CoroutineScope], so a Kotlin body can start coroutines that the deadline also cancels; Java code
 * has no use for that side. Users hold it but do not implement it. Safe to use from any thread.
 *
 * Java 17:
 * ```
 * String report = FaninBlocking.timeoutScope(Duration.ofSeconds(5), scope -> {
 *   List<Row> rows = loadRows();
 *   scope.reschedule(Duration.ofSeconds(2)); // the rest must be quick
 *   return render(rows);
 * });
 * ```
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

    /**
     * Moves the deadline to [timeout] from now, as the other overload does; the Java facade's form.
     *
     * @throws NullPointerException if [timeout] is null
     * @throws IllegalArgumentException if [timeout] is negative (adr/0010)
     */
    public fun reschedule(timeout: JavaDuration)

    /**
     * The body of a Java timeout scope (`Fanin.timeoutScope`); Kotlin passes a suspend block instead.
     *
     * @param T the type of its result
     */
    public fun interface Body<out T> {
        /**
         * Runs the body with the scope's handle and returns its result, possibly `null`; whatever
         * it throws becomes the scope's failure.
         */
        @Throws(Exception::class)
        public fun run(scope: TimeoutScope): T
    }
}

/**
 * Runs [block] and returns its result, unless [timeout] passes first (asyncio's `timeout()`): then
 * the whole block, with every coroutine it started and every Fanin call it made, is cancelled, and
 * once all of it has completed this function throws [TimeoutException].
 *
 * The deadline can be moved while the block runs, with [TimeoutScope.reschedule]. A zero [timeout]
 * expires at once: the block never starts, in this form as in the Java ones (asyncio's `timeout(0)`
 * runs its body to the first `await`; on a multi-threaded dispatcher that would race the timer;
 * adr/0010). A negative one is rejected, unlike in asyncio (adr/0010): clamp a computed deadline with
 * `maxOf(deadline - now, Duration.ZERO)`.
 *
 * **Failure.** An exception the block throws is rethrown as it is, also one it throws while the
 * expiry cancels it (a clean-up that fails): that exception is thrown instead of the
 * [TimeoutException], as asyncio's `timeout()` lets it propagate.
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

/**
 * `timeoutScope` with its timer in [timer]: [TimerContext.CALLER] for the Kotlin API,
 * [TimerContext.OWN] for the Java facade, whose bodies may hold every thread of a caller's bounded
 * executor.
 */
internal suspend fun <T> runTimeoutScope(timeout: Duration, timer: TimerContext, block: suspend TimeoutScope.() -> T): T {
    if (requireNotNegative(timeout) == Duration.ZERO) {
        // Never started, in every form: a block started under a deadline that has passed would race
        // the timer on a multi-threaded dispatcher (asyncio's single thread runs it to its first
        // await; a Java body has no await at all).
        currentCoroutineContext().ensureActive()
        throw TimeoutException("timed out after $timeout")
    }
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
 * the executor, resumes it; the expiry itself then runs on Fanin's default executor, since what it
 * sets off (cancelled stages, completed futures) must not run on the timer thread. A handed-over
 * expiry may run after the body returned: the state's CAS then makes it a no-op.
 */
private class TimeoutScopeImpl(private val scope: CoroutineScope, private val timer: TimerContext) : TimeoutScope {
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

    override fun reschedule(timeout: JavaDuration) {
        reschedule(requireNotNegative(timeout).toKotlinDuration())
    }

    override fun reschedule(timeout: Duration) {
        requireNotNegative(timeout)
        synchronized(this) {
            if (state.get() != ACTIVE) return
            watchdog?.cancel()
            armedTimeout = timeout
            watchdog = if (timeout.isInfinite()) null else scope.launch(timer.context, timer.start) {
                delay(timeout)
                // Not on kotlinx's timer thread (Java scopes, waitFor of a future): what the expiry
                // sets off must not run there (see KotlinxThreads).
                offKotlinxThreads { expire() }
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

    /** "TimeoutScope[active, timeout 5s]": lock-free reads (internal/Describe.kt). */
    override fun toString(): String {
        val phase = when (state.get()) {
            ACTIVE -> "active"
            EXPIRED -> "expired"
            else -> "done"
        }
        return describe("TimeoutScope", phase, "timeout $armedTimeout")
    }

    private companion object {
        const val ACTIVE = 0
        const val EXPIRED = 1
        const val DONE = 2
    }
}

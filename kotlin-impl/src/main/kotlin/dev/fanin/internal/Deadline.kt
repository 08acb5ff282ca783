package dev.fanin.internal

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlin.coroutines.CoroutineContext
import kotlin.time.Duration

/**
 * Launches the timer of a Java-facing deadline in this scope with [context] (its job, if any):
 * after [timeout], [expire] runs. The timer needs no thread while it waits: it is armed in place
 * (unconfined) and kotlinx's timer thread resumes it. That thread must never run
 * what an expiry sets off (a stage the expiry cancels, a future it completes, the cascade of a
 * cancelled job tree), so [expire] runs on Fanin's default executor (see KotlinxThreads). Cancelling
 * the returned job before the deadline stops the timer; once [expire] is handed over it runs
 * regardless, and must check that the thing it expires has not ended meanwhile.
 */
internal fun CoroutineScope.launchDeadline(context: CoroutineContext, timeout: Duration, expire: () -> Unit): Job =
    launch(context + Dispatchers.Unconfined) {
        delay(timeout)
        offKotlinxThreads(expire)
    }

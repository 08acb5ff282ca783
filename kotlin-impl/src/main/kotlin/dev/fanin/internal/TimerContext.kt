package dev.fanin.internal

import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext

/** Where a timeout scope's watchdog runs; see `TimeoutScopeImpl`. */
internal enum class TimerContext(val context: CoroutineContext, val start: CoroutineStart) {
    /** On the caller's dispatcher, dispatched: follows the caller's clock (kotlinx-coroutines-test). */
    CALLER(EmptyCoroutineContext, CoroutineStart.DEFAULT),

    /** Needs no thread of the caller's dispatcher: armed in place, resumed by kotlinx's timer thread, which hands the expiry to Fanin's default executor. */
    OWN(Dispatchers.Unconfined, CoroutineStart.UNDISPATCHED),
}

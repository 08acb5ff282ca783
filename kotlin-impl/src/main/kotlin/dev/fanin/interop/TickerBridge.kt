package dev.fanin.interop

import dev.fanin.CoroutineTicker
import java.time.Duration
import kotlin.time.toKotlinDuration

/**
 * Starts tickers for the Java facade, which cannot pass a Kotlin `Duration`.
 *
 * @suppress
 */
@InternalFaninApi
public object TickerBridge {
    /** A ticker of [period] in the engine's own scope; see `dev.fanin.java.Ticker.every`. */
    @JvmStatic
    public fun every(period: Duration): CoroutineTicker {
        require(!period.isNegative && !period.isZero) { "period <= 0: $period" }
        return CoroutineTicker(period.toKotlinDuration())
    }

    /** "running" or "stopped", for the Java `Ticker`'s toString; never blocks. */
    @JvmStatic
    public fun state(ticker: CoroutineTicker): String = ticker.state()
}

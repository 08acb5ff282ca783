package dev.fanin.interop

import dev.fanin.Ticker
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
    public fun every(period: Duration): Ticker {
        require(!period.isNegative && !period.isZero) { "period <= 0: $period" }
        return Ticker(period.toKotlinDuration())
    }
}

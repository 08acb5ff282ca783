package dev.fanin

import dev.fanin.testing.NoLeaksExtension
import kotlinx.coroutines.test.advanceTimeBy
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

/** [CoroutineTicker] in virtual time: one tick per period, dropped ticks for a slow receiver, stop. */
@ExtendWith(NoLeaksExtension::class)
class TickerTest {
    /** No tick before the first period; one after each period. */
    @Test
    fun ticks_eachPeriod_oneTick() = runTest {
        val ticker = CoroutineTicker(60.seconds, backgroundScope)
        advanceTimeBy(59.seconds)
        runCurrent()
        assertTrue(ticker.ticks.tryReceive().isFailure)
        advanceTimeBy(1.seconds)
        runCurrent()
        assertTrue(ticker.ticks.tryReceive().isSuccess)
        advanceTimeBy(60.seconds)
        runCurrent()
        assertTrue(ticker.ticks.tryReceive().isSuccess)
        ticker.stop()
    }

    /** A receiver that falls behind gets one waiting tick, not a burst. */
    @Test
    fun ticks_slowReceiver_atMostOneWaiting() = runTest {
        val ticker = CoroutineTicker(1.seconds, backgroundScope)
        advanceTimeBy(10.seconds)
        runCurrent()
        assertTrue(ticker.ticks.tryReceive().isSuccess)
        assertTrue(ticker.ticks.tryReceive().isFailure)
        ticker.stop()
    }

    /** stop closes the channel. */
    @Test
    fun stop_closesTicks() = runTest {
        val ticker = CoroutineTicker(1.seconds, backgroundScope)
        ticker.stop()
        runCurrent()
        assertTrue(ticker.ticks.tryReceive().isClosed)
    }

    /** A period that is not positive is rejected. */
    @Test
    fun create_periodNotPositive_throwsIllegalArgumentException() {
        assertThrows(IllegalArgumentException::class.java) { CoroutineTicker(Duration.ZERO) }
        assertThrows(IllegalArgumentException::class.java) { CoroutineTicker((-1).seconds) }
    }
}

package dev.fanin

import dev.fanin.internal.EngineScope
import dev.fanin.internal.describe
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.channels.BufferOverflow
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.ReceiveChannel
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import java.time.Instant
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.time.Duration

/**
 * Go's `time.Ticker`: a channel that receives the time every `period`, usable in `select` and in any
 * receive loop.
 *
 * Each tick is sent one period after the previous one was offered. Like Go's ticker it drops ticks
 * for a slow receiver: [ticks] holds at most one, so a receiver that falls behind gets the tick that
 * was waiting and then the next one, never a burst.
 *
 * The ticker runs until [stop] (or [close]), or until its scope is cancelled; then [ticks] is closed.
 *
 * ```
 * CoroutineTicker(60.seconds).use { ticker ->
 *     while (true) select {
 *         activity.onReceive { record(it) }
 *         ticker.ticks.onReceive { flush() }
 *     }
 * }
 * ```
 */
public class CoroutineTicker private constructor(
    private val channel: Channel<Instant>,
    private val period: Duration,
) : AutoCloseable {
    private lateinit var job: Job

    /** The ticks: the time each was sent. Closed when the ticker stops. */
    public val ticks: ReceiveChannel<Instant> get() = channel

    /** Stops the ticker and closes [ticks]; a tick not yet received is still delivered. Idempotent. */
    public fun stop() {
        job.cancel()
        channel.close()
    }

    /** [stop]. */
    override fun close() {
        stop()
    }

    /** "running", or "stopped" once stopped or its scope was cancelled; a lock-free read of the job. */
    internal fun state(): String = if (::job.isInitialized && job.isActive) "running" else "stopped"

    /** `CoroutineTicker[every 1s, running]`; never blocks. */
    override fun toString(): String = describe("CoroutineTicker", "every $period", state())

    /** Creates tickers: `Ticker(period)`. */
    public companion object {
        /**
         * A ticker that ticks every [period], first one period from now, on `Dispatchers.Default`,
         * until [stop].
         *
         * @throws IllegalArgumentException if [period] is not positive
         */
        public operator fun invoke(period: Duration): CoroutineTicker = invoke(period, EngineScope)

        /**
         * A ticker that ticks every [period], first one period from now, in [scope] (in its context,
         * as a child of its job: cancelling the scope stops the ticker too).
         *
         * @throws IllegalArgumentException if [period] is not positive
         */
        public operator fun invoke(period: Duration, scope: CoroutineScope): CoroutineTicker {
            require(period.isPositive()) { "period <= 0: $period" }
            val ticker = CoroutineTicker(Channel(1, BufferOverflow.DROP_LATEST), period)
            val context = if (scope === EngineScope) Dispatchers.Default else EmptyCoroutineContext
            ticker.job = scope.launch(context) {
                try {
                    while (true) {
                        delay(period)
                        ticker.channel.trySend(Instant.now())
                    }
                } finally {
                    ticker.channel.close()
                }
            }
            return ticker
        }
    }
}

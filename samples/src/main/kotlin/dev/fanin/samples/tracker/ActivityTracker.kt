@file:JvmName("ActivityTrackerKt")

package dev.fanin.samples.tracker

import dev.fanin.CoroutineSelectLoop
import dev.fanin.CoroutineTicker
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.runBlocking
import java.time.Instant
import java.util.concurrent.CompletionStage
import kotlin.time.Duration
import kotlin.time.toKotlinDuration

/**
 * multi_await's activity tracker in Kotlin, the twin of the Java `ActivityTracker.track`: a
 * [CoroutineSelectLoop] over the pings, a [CoroutineTicker] and the shutdown signal. On each tick it writes the users
 * whose activity changed; on shutdown it closes [activity], drains what was sent before, and writes
 * the last batch.
 *
 * Cancelling the calling coroutine stops the loop and the ticker; the batch not yet written is dropped.
 * A failed write ends the tracker with that exception.
 */
suspend fun trackActivity(
    activity: Channel<Ping>,
    shutdown: CompletionStage<*>,
    flushEvery: Duration,
    writer: BatchWriter,
): TrackerReport {
    val changed = HashMap<String, Instant>()
    var pingCount = 0L
    var batches = 0
    fun flush() {
        if (changed.isEmpty()) return
        writer.write(changed.toMap())
        changed.clear()
        batches++
    }
    CoroutineSelectLoop().use { loop ->
        CoroutineTicker(flushEvery).use { ticker ->
            val pings = loop.addReceive(activity)
            val tick = loop.addReceive(ticker.ticks)
            val stop = loop.addFuture(shutdown)
            var drained = false
            while (!drained) for (fired in loop.awaitFired()) when (fired.source) {
                pings -> when (val ping = fired.valueIf(pings)) {
                    null -> drained = true // closed, and every ping sent before has arrived
                    else -> {
                        changed[ping.user] = ping.at
                        pingCount++
                    }
                }
                tick -> flush()
                stop -> activity.close() // refuse new pings; those already sent still arrive
            }
        }
    }
    flush()
    return TrackerReport(pingCount, batches)
}

/** [trackActivity] for a Java caller: blocks the calling thread until the tracker has stopped. */
fun trackActivityBlocking(
    activity: dev.fanin.java.Channel<Ping>,
    shutdown: CompletionStage<*>,
    flushEvery: java.time.Duration,
    writer: BatchWriter,
): TrackerReport = runBlocking {
    trackActivity(activity.asKotlinChannel(), shutdown, flushEvery.toKotlinDuration(), writer)
}

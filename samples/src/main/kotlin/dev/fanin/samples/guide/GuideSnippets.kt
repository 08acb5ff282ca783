@file:JvmName("GuideSnippets")

package dev.fanin.samples.guide

import dev.fanin.CoroutineSelect
import dev.fanin.OnFailure
import dev.fanin.Outcome
import dev.fanin.TaskGroupException
import dev.fanin.asCompleted
import dev.fanin.gather
import dev.fanin.taskGroup
import dev.fanin.waitFor
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.ReceiveChannel
import kotlinx.coroutines.runInterruptible
import java.io.IOException
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeoutException
import kotlin.time.Duration

/*
 * The Kotlin examples of docs/guide.md, run by KotlinGuideSnippetsTest.
 */

/** Sums the counts; the tasks are child coroutines of the caller. */
suspend fun total(counts: List<suspend () -> Int>): Int {
    // Suspends the caller, not a thread: the tasks run as child coroutines, on the caller's dispatcher.
    return gather(counts).sum()
}

/** Looks up every id of a lazy sequence, at most four at a time, by position in [ids]. */
suspend fun lookUpAll(ids: Sequence<Int>, lookUp: suspend (Int) -> String): Map<Int, String> {
    val found = sortedMapOf<Int, String>()
    ids.map { id -> suspend { lookUp(id) } }
        .asCompleted(limit = 4) // at most 4 running or not yet collected; the sequence is pulled lazily
        .collect { result -> if (result.outcome is Outcome.Success) found[result.index] = result.value }
    return found
}

/** Reads every file concurrently, off the caller's thread. */
suspend fun readAll(paths: List<Path>): List<String> {
    return gather(
        paths.map { path ->
            // Blocking I/O belongs on Dispatchers.IO; runInterruptible turns cancellation into an interrupt.
            suspend { runInterruptible(Dispatchers.IO) { Files.readString(path) } }
        },
    )
}

/** The quote, or null if it takes longer than [timeout]. */
suspend fun quoteOrNull(timeout: Duration, fetchQuote: suspend () -> String): String? =
    try {
        waitFor(timeout) { fetchQuote() }
    } catch (_: TimeoutException) {
        // java.util.concurrent.TimeoutException, not kotlinx's TimeoutCancellationException:
        // a timeout is a failure, which no code mistakes for a cancellation.
        null
    }

/** Runs every load; returns the I/O failures, in the order they happened. */
suspend fun failedLoads(loads: List<suspend () -> String>): List<IOException> =
    try {
        taskGroup(OnFailure.KEEP_RUNNING) { loads.forEach { fork(it) } }
        emptyList()
    } catch (e: TaskGroupException) {
        // Every failure, even a single one: one catch handles every group.
        e.failuresOf<IOException>()
    }

/** Processes every order and every refund until both channels are closed and drained. */
suspend fun processUntilClosed(orders: ReceiveChannel<String>, refunds: ReceiveChannel<String>, process: (String) -> Unit) {
    // One select for the whole loop: a closed, drained channel leaves it, the rest keep going.
    val merge = CoroutineSelect<Boolean>()
        .onReceiveUntilClosed(orders) { process("order $it"); true }
        .onReceiveUntilClosed(refunds) { process("refund $it"); true }
        .onAllClosed { false } // both closed: the end
    while (merge.select()) {
        // one element processed
    }
}

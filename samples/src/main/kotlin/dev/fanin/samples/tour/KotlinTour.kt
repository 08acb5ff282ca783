@file:JvmName("KotlinTour")

package dev.fanin.samples.tour

import dev.fanin.Outcome
import dev.fanin.CoroutineWorkQueue
import dev.fanin.gather
import dev.fanin.gatherSettled
import dev.fanin.timeoutScope
import dev.fanin.waitFor
import dev.fanin.samples.cli.SampleCommandLine
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.joinAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import java.io.IOException
import java.io.PrintStream
import java.util.concurrent.TimeoutException
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.minutes

/*
 * The tour of Fanin's Kotlin API: the Java tour's programs, written with suspend functions.
 *
 * Everything runs in one runBlocking, so every coroutine shares one thread and the output is the
 * same on every run: the order of events is driven by CompletableDeferreds, never by delays.
 * KotlinTourTest checks every line.
 *
 * Run it with: mvn -q -pl samples -am -DskipTests -Prun verify -Dsample=dev.fanin.samples.tour.KotlinTour
 */

private const val USAGE =
    "usage: KotlinTour\n  the Java tour's programs with suspend functions; takes no options"

/** Runs the Kotlin tour, printing to [System.out]; `--help` prints the usage. */
fun main(args: Array<String>) {
    SampleCommandLine.noOptionsOrExit(USAGE, args)
    runBlocking { kotlinTour(System.out) }
}

/** Runs every section in order, with a header line each. */
suspend fun kotlinTour(out: PrintStream) {
    out.println("== gather: results in argument order ==")
    gatherTour(out)
    out.println("== gatherSettled: one outcome per task ==")
    gatherSettledTour(out)
    out.println("== waitFor: one block with a deadline ==")
    waitForTour(out)
    out.println("== timeoutScope: a deadline for a block of code ==")
    timeoutScopeTour(out)
    out.println("== CoroutineWorkQueue: workers and a producer that waits for them ==")
    workQueueTour(out)
}

/**
 * A [CoroutineWorkQueue] is a kotlinx channel that counts unfinished items: three worker coroutines take
 * items and mark each done, and the producer's [CoroutineWorkQueue.join] returns once all are done. Java
 * threads can share the same queue through `dev.fanin.java.WorkQueue.wrap(queue)`.
 */
suspend fun workQueueTour(out: PrintStream) = coroutineScope {
    val queue = CoroutineWorkQueue<Int>()
    var total = 0
    val workers = List(3) {
        launch {
            for (item in queue) { // ends when the queue is closed and drained
                total += item
                queue.itemDone()
            }
        }
    }
    for (item in 1..10) queue.send(item)
    queue.join() // every item sent so far is done
    out.println("join returned: total $total, unfinished ${queue.unfinishedItems}")
    queue.close()
    workers.joinAll()
    out.println("the workers ended when the queue closed")
}

/**
 * [gather] returns results in argument order, whatever order the tasks finish in: task `i` waits
 * until task `i + 1` has finished, so they finish in reverse.
 */
suspend fun gatherTour(out: PrintStream) {
    val count = 3
    // finished[i] completes when task i has finished; task i waits for finished[i + 1].
    val finished = List(count) { CompletableDeferred<Unit>() }
    val tasks = List(count) { i ->
        suspend {
            if (i + 1 < count) finished[i + 1].await()
            out.println("task $i finished")
            finished[i].complete(Unit)
            "result $i"
        }
    }

    out.println("gathering $count tasks; each waits for the next one to finish")
    val results = gather(tasks)
    out.println("results: $results")
}

/**
 * [gatherSettled] returns one [Outcome] per task instead of failing on the first exception; a task
 * that returns `null` is a success.
 */
suspend fun gatherSettledTour(out: PrintStream) {
    val outcomes = gatherSettled<String?>(
        { null },
        { throw IOException("disk full") },
        { "saved" },
    )
    outcomes.forEachIndexed { i, outcome ->
        val text = when (outcome) {
            is Outcome.Success -> "Success, value ${outcome.value}"
            is Outcome.Failure -> "Failure, ${outcome.exception}"
            is Outcome.Cancelled -> "Cancelled, ${outcome.exception}"
        }
        out.println("task $i: $text")
    }
}

/**
 * [waitFor] cancels a block that misses its deadline and throws [TimeoutException] once the block
 * has completed; a block that finishes in time returns its result.
 */
suspend fun waitForTour(out: PrintStream) {
    val never = CompletableDeferred<String>() // nobody completes it
    var cancelled = false
    try {
        waitFor(100.milliseconds) {
            try {
                never.await()
            } catch (e: CancellationException) {
                out.println("block cancelled")
                cancelled = true
                throw e
            }
        }
        out.println("waitFor returned normally")
    } catch (e: TimeoutException) {
        out.println("timed out after 100 ms")
        out.println("block cancelled before waitFor threw: $cancelled")
    }

    // The deadline here only guards against a hang; the block returns at once.
    val result = waitFor(1.minutes) { "fresh quote" }
    out.println("finished in time: $result")
}

/**
 * [timeoutScope] gives a block and every coroutine it starts one deadline; the block can move it
 * with [dev.fanin.TimeoutScope.reschedule].
 */
suspend fun timeoutScopeTour(out: PrintStream) {
    val never = CompletableDeferred<String>() // nobody completes it
    try {
        timeoutScope(100.milliseconds) {
            out.println("body gathers a task that never finishes")
            gather({
                try {
                    never.await()
                } catch (e: CancellationException) {
                    out.println("nested task cancelled")
                    throw e
                }
            })
        }
        out.println("timeoutScope returned normally")
    } catch (e: TimeoutException) {
        out.println("scope timed out after 100 ms")
    }

    try {
        timeoutScope(1.minutes) {
            out.println("body: step 1 done, expired: $isExpired")
            reschedule(100.milliseconds)
            out.println("body: step 2 gets 100 ms")
            try {
                never.await()
            } catch (e: CancellationException) {
                out.println("body: step 2 cancelled, expired: $isExpired")
                throw e
            }
        }
        out.println("timeoutScope returned normally")
    } catch (e: TimeoutException) {
        out.println("scope timed out at the new deadline")
    }
}

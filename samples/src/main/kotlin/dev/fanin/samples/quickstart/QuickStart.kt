@file:JvmName("QuickStartKt")

package dev.fanin.samples.quickstart

import dev.fanin.Outcome
import dev.fanin.asCompleted
import dev.fanin.gather
import dev.fanin.gatherSettled
import dev.fanin.onDefault
import dev.fanin.waitFor
import dev.fanin.samples.cli.SampleCommandLine
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.selects.select
import java.io.FileNotFoundException
import java.io.PrintStream
import kotlin.time.Duration.Companion.seconds

private const val USAGE = "usage: QuickStartKt\n  runs the README's Kotlin examples; takes no options"

/** Runs the README's Kotlin examples; `--help` prints the usage. */
fun main(args: Array<String>) {
    SampleCommandLine.noOptionsOrExit(USAGE, args)
    runBlocking { quickStart(System.out) }
}

/** The README's Kotlin examples, compiled and run by `QuickStartTest`. */
suspend fun quickStart(out: PrintStream) {
    // Results in argument order; the first failure cancels the other tasks.
    val pages = gather({ fetch("a") }, { fetch("b") })

    // One Outcome per task instead of failing on the first exception.
    val outcomes = gatherSettled({ fetch("a") }, { fetch("missing") })

    // A deadline: on expiry the block is cancelled and TimeoutException is thrown.
    val page = waitFor(2.seconds) { fetch("slow") }

    // Results as they finish, each naming the task it came from.
    val finished = sortedSetOf<String>()
    asCompleted({ fetch("a") }, { fetch("b") }).collect { next ->
        finished += "task ${next.index}: ${next.value}"
    }

    // kotlinx select with Fanin's default clause: a channel's element if one is ready, else the default.
    val orders = Channel<String>(8)
    orders.send("order 1")
    val handled = select {
        orders.onReceive { order -> "handled $order" }
        onDefault { "no order ready" }
    }

    out.println(pages)
    out.println(outcomes[1] is Outcome.Failure)
    out.println(page)
    out.println(finished)
    out.println(handled)
}

private fun fetch(name: String): String {
    if (name == "missing") throw FileNotFoundException(name)
    return "page $name"
}

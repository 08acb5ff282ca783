package dev.fanin.internal

import kotlinx.coroutines.channels.Channel
import java.util.concurrent.CompletableFuture

/*
 * toString of Fanin's handles and futures: what the object is and its state, as
 * "Fanin.gather[3 tasks, completed normally]" or "SelectLoop[4 sources, waiting]".
 *
 * Debuggers, loggers and error messages call toString on any thread at any moment, so these
 * descriptions never throw, never block and never call user code: they read volatile fields,
 * counters and lock-free state without taking any lock (a snapshot that may be stale as soon as it
 * is read; a count read racily may be off by the operation in progress), and they name a user's
 * exception by its class alone, because its toString may throw or block (adr/0015). A channel's
 * open or closed state is the one exception to "lock-free reads only" (see ChannelEndpoint).
 */

/** `name[part, part, ...]`, skipping null parts. */
internal fun describe(name: String, vararg parts: String?): String =
    appendParts(StringBuilder(name).append('['), parts).append(']').toString()

/** `part, part, ...`, skipping null parts: the inside of [describe]'s brackets. */
internal fun joinParts(vararg parts: String?): String = appendParts(StringBuilder(), parts).toString()

// A loop over the array, not filterNotNull().joinToString(): run inside a program that Lincheck's
// model checker explores (ChannelLincheckTest's messages include a future's toString), the stdlib's
// version was reported as a hang, every time.
private fun appendParts(text: StringBuilder, parts: Array<out String?>): StringBuilder {
    var first = true
    for (part in parts) {
        if (part == null) continue
        if (!first) text.append(", ")
        text.append(part)
        first = false
    }
    return text
}

/** "3 tasks", "1 task": [count] of [unit] (a singular noun), or null when [count] is negative. */
internal fun countOf(count: Int, unit: String?): String? = when {
    count < 0 || unit == null -> null
    count == 1 -> "1 $unit"
    else -> "$count ${unit}s"
}

/**
 * The state of [future] as CompletableFuture names it: "incomplete", "completed normally",
 * "cancelled", or "completed exceptionally: " and the class of its exception. Unlike
 * CompletableFuture.toString, never calls the exception's toString.
 */
internal fun stateOf(future: CompletableFuture<*>): String = when {
    !future.isDone -> "incomplete"
    future.isCancelled -> "cancelled"
    !future.isCompletedExceptionally -> "completed normally"
    else -> try {
        "completed exceptionally: " + future.failureOfDone().javaClass.name
    } catch (_: Throwable) {
        // failureOfDone reads the exception's getCause (to unwrap a CompletionException): user code.
        "completed exceptionally"
    }
}

/**
 * "open", "closed for send" (closed, with elements still to receive) or "closed" (closed and
 * drained), as [channel] reports it.
 *
 * The one read in these descriptions that is not a plain one: no lighter read of a kotlinx
 * channel's state exists, and on a closed channel isClosedForSend and isClosedForReceive first help
 * the close finish (wake the channel's waiters and, after a cancel, hand elements that were dropped
 * to onUndeliveredElement). The closing thread does that before close or cancel returns, so only a
 * toString that races the close itself can find any of that work left to do. An exception from it
 * (a throwing onUndeliveredElement) gives "closed".
 */
@OptIn(kotlinx.coroutines.DelicateCoroutinesApi::class)
internal fun channelState(channel: Channel<*>): String = try {
    when {
        !channel.isClosedForSend -> "open"
        channel.isClosedForReceive -> "closed"
        else -> "closed for send"
    }
} catch (_: Throwable) {
    "closed"
}

/** The toString of a future Fanin returns: its operation, what it covers, its state. */
internal fun describeFuture(future: CompletableFuture<*>, operation: String, detail: String?): String =
    describe(operation, detail, stateOf(future))

package dev.fanin.internal

import java.io.InterruptedIOException
import java.nio.channels.ClosedByInterruptException
import java.util.concurrent.CancellationException

/** How deep a cause chain is followed; a chain is never this deep unless it loops. */
private const val ECHO_CAUSE_DEPTH = 32

/**
 * Whether [this], thrown by a Java task that Fanin was cancelling, is that cancellation coming
 * back rather than a failure of its own.
 *
 * Fanin cancels a running Java task by interrupting it, and Java code reports an interrupt in many
 * shapes: `InterruptedException`, the I/O forms (`InterruptedIOException`,
 * `ClosedByInterruptException`), a `CancellationException` from a nested Fanin call that the same
 * cancellation reached, or any of these wrapped (`throw new RuntimeException(e)` is the common
 * idiom). All of them count as the cancellation. Anything else a task throws while being cancelled
 * (a clean-up that fails) is its own failure and is reported, as asyncio and the Kotlin forms
 * report it. The cause chain is read with [safeCause] and followed at most [ECHO_CAUSE_DEPTH]
 * links, so a chain whose `getCause` throws or loops ends the search.
 */
internal fun Throwable.isCancellationEcho(): Boolean {
    var t: Throwable? = this
    var depth = 0
    while (t != null && depth++ < ECHO_CAUSE_DEPTH) {
        if (t is CancellationException || t is InterruptedException ||
            t is InterruptedIOException || t is ClosedByInterruptException
        ) {
            return true
        }
        t = t.safeCause()
    }
    return false
}

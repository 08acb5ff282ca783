package dev.fanin.internal

import java.util.concurrent.CompletionException

/** The failures of a task group, in the order they happened. Thread-safe. */
internal class FailureLog {
    private val failures = ArrayList<Throwable>()

    /**
     * Logs [failure] unless it is one already logged coming back: the same object rethrown by a
     * task that awaited the failed one, kotlinx's stack-trace-recovery copy of it (same class, the
     * original as cause), or a CompletionException around it from a Java `join()`.
     */
    fun add(failure: Throwable) {
        synchronized(failures) {
            if (failures.none { known -> isEcho(failure, known) }) failures.add(failure)
        }
    }

    private fun isEcho(failure: Throwable, known: Throwable): Boolean =
        failure === known ||
            (failure.cause === known && (failure.javaClass == known.javaClass || failure is CompletionException))

    fun snapshot(): List<Throwable> = synchronized(failures) { failures.toList() }

    fun isEmpty(): Boolean = synchronized(failures) { failures.isEmpty() }
}

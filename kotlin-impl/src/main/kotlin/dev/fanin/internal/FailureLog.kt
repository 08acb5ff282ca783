package dev.fanin.internal

/** The failures of a task group, in the order they happened. Thread-safe. */
internal class FailureLog {
    private val failures = ArrayList<Throwable>()

    fun add(failure: Throwable) {
        synchronized(failures) { failures.add(failure) }
    }

    fun snapshot(): List<Throwable> = synchronized(failures) { failures.toList() }

    fun isEmpty(): Boolean = synchronized(failures) { failures.isEmpty() }
}

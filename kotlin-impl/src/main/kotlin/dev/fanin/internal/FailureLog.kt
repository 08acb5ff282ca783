package dev.fanin.internal

/** The failures of a task group, in the order they happened. Thread-safe. */
internal class FailureLog {
    private val failures = ArrayList<Throwable>()

    /**
     * Logs [failure] unless it is one already logged coming back: the same object rethrown by a
     * task that awaited the failed one, or any exception whose cause is it (kotlinx's
     * stack-trace-recovery copy, a CompletionException from `join()`, an ExecutionException from
     * `get()`, a facade's wrapper of a checked exception, or a task's own wrapper).
     */
    fun add(failure: Throwable) {
        synchronized(failures) {
            if (failures.none { known -> isEcho(failure, known) }) failures.add(failure)
        }
    }

    private fun isEcho(failure: Throwable, known: Throwable): Boolean = failure === known || failure.cause === known

    fun snapshot(): List<Throwable> = synchronized(failures) { failures.toList() }
}

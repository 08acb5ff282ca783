package dev.fanin.internal

import java.util.concurrent.atomic.LongAdder

/**
 * Counts user tasks whose code Fanin is running now. Tests use it to prove no work outlives a
 * call; virtual threads do not show in a thread dump, so a thread census cannot.
 *
 * Off unless the JVM runs with `-Dfanin.taskCensus=true`, as Fanin's own tests do: every task
 * passes here twice, and pool threads finishing small tasks at once would pay for a count nobody
 * reads (a few percent of an asCompleted over many small tasks). The flag is read once, so the
 * JIT drops the disabled calls. A LongAdder, not one atomic counter, so that counting threads
 * do not contend on one cache line; reading sums the cells, exact once the count has settled,
 * the only time tests read it.
 */
internal object TaskCensus {
    private val enabled: Boolean = java.lang.Boolean.getBoolean("fanin.taskCensus")
    private val running = LongAdder()

    fun enter() {
        if (enabled) running.increment()
    }

    fun exit() {
        if (enabled) running.decrement()
    }

    fun running(): Int {
        check(enabled) { "the task census is off: run the JVM with -Dfanin.taskCensus=true" }
        return running.sum().toInt()
    }
}

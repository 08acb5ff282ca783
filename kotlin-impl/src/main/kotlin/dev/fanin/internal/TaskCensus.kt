package dev.fanin.internal

import java.util.concurrent.atomic.LongAdder

/**
 * Counts user tasks whose code Fanin is running now. Tests use it to prove no work outlives a
 * call; virtual threads do not show in a thread dump, so a thread census cannot.
 *
 * A LongAdder, not one atomic counter: every task passes here twice, and pool threads finishing
 * small tasks at once would contend on a single cache line. Reading sums the cells, which is
 * exact once the count has settled, the only time tests read it.
 */
internal object TaskCensus {
    private val running = LongAdder()

    fun enter() {
        running.increment()
    }

    fun exit() {
        running.decrement()
    }

    fun running(): Int = running.sum().toInt()
}

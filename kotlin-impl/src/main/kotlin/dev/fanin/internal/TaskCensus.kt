package dev.fanin.internal

import java.util.concurrent.atomic.AtomicInteger

/**
 * Counts user tasks whose code Fanin is running now. Tests use it to prove no work outlives a
 * call; virtual threads do not show in a thread dump, so a thread census cannot.
 */
internal object TaskCensus {
    private val running = AtomicInteger()

    fun enter() {
        running.incrementAndGet()
    }

    fun exit() {
        running.decrementAndGet()
    }

    fun running(): Int = running.get()
}

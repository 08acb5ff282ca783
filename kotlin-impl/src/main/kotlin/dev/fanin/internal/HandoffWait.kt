package dev.fanin.internal

import java.util.concurrent.CountDownLatch

/*
 * Waiting for another thread's last few instructions: a resumer that has won a call and is about
 * to record its outcome, a canceller that has interrupted a task and is about to say so. Those
 * usually take nanoseconds, but the other thread may have lost its core or, on virtual threads, its
 * carrier; then it runs only when a carrier is free, and a waiter that spins (or yields, which a
 * virtual thread's scheduler may answer by running it again at once) holds a carrier it needs. With
 * two carriers and kotlinx's channel spinning on the other one for the same cell, nothing ever runs
 * it. So every such wait spins at most Tuning.HANDOFF_SPINS times and then parks until the other
 * thread wakes it.
 */

/** A latch already open: what a gate holds once opened. */
internal val OPEN_LATCH: CountDownLatch = CountDownLatch(0)

/** Waits for [latch] to open, ignoring interrupts; an interrupt is kept in the thread's status. */
internal fun awaitUninterruptibly(latch: CountDownLatch) {
    if (awaitClearingInterrupts(latch)) Thread.currentThread().interrupt()
}

/**
 * Waits for [latch] to open, ignoring interrupts. Returns whether the thread was interrupted while
 * waiting; the interrupt status is then clear, for the caller to decide what it means.
 */
internal fun awaitClearingInterrupts(latch: CountDownLatch): Boolean {
    var interrupted = false
    while (true) {
        try {
            latch.await()
            return interrupted
        } catch (_: InterruptedException) {
            interrupted = true
        }
    }
}

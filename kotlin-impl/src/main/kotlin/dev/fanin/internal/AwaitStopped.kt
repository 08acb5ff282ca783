package dev.fanin.internal

import kotlinx.coroutines.Job
import java.util.concurrent.CountDownLatch

/**
 * Blocks the calling thread, without responding to interrupts, until [job] has completed: for a
 * blocking facade call that cancelled the job and promises that its work has stopped when it
 * returns. Returns whether the thread was interrupted while waiting (the caller decides what that
 * means); the interrupt status is then clear.
 */
internal fun awaitStopped(job: Job): Boolean {
    if (job.isCompleted) return false
    val stopped = CountDownLatch(1)
    job.invokeOnCompletion { stopped.countDown() }
    var interrupted = false
    while (true) {
        try {
            stopped.await()
            return interrupted
        } catch (_: InterruptedException) {
            interrupted = true
        }
    }
}

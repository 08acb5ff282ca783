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

/**
 * [awaitStopped], unless the calling thread runs a Fanin task inside [job] (its ambient job is
 * [job] or a descendant): such a caller would wait for itself, so it returns false at once. For a
 * `close()` that a task of the closed thing may call.
 */
internal fun awaitStoppedUnlessWithin(job: Job): Boolean {
    val ambient = AmbientJob.get()
    if (ambient != null && (ambient === job || job.isAncestorOf(ambient))) return false
    return awaitStopped(job)
}

private fun Job.isAncestorOf(job: Job): Boolean = children.any { it === job || it.isAncestorOf(job) }

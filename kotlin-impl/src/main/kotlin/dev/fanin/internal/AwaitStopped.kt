package dev.fanin.internal

import kotlinx.coroutines.ExperimentalCoroutinesApi
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
    return awaitClearingInterrupts(stopped)
}

/**
 * [awaitStopped], unless the calling thread runs a Fanin task inside [job] (its ambient job is
 * [job] or a descendant): such a caller would wait for itself, so it returns false at once. For a
 * `close()` that a task of the closed thing may call.
 */
internal fun awaitStoppedUnlessWithin(job: Job): Boolean {
    if (isWithin(AmbientJob.get(), job)) return false
    return awaitStopped(job)
}

/**
 * Whether [inner] is [outer] or below it: up kotlinx's parents, and from the job of a task's nested
 * calls to its set's job (TaskRun), which kotlinx does not link.
 */
@OptIn(ExperimentalCoroutinesApi::class)
private fun isWithin(inner: Job?, outer: Job): Boolean {
    var job = inner
    while (job != null) {
        if (job === outer) return true
        job = job.parent ?: TaskRun.ownerOf(job)
    }
    return false
}

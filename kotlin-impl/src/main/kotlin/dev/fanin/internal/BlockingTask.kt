package dev.fanin.internal

import kotlinx.coroutines.Job
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.job
import java.util.concurrent.Callable

/**
 * Runs a Java [task] on the current coroutine's thread and returns its value, or a [Thrown] with
 * the exception it threw (the original object, never a copy).
 *
 * The call runs as a [BlockingRun]: cancelling the coroutine interrupts the thread (kotlinx's
 * runInterruptible protocol), which is how cancelling a Fanin future stops a Callable blocked in
 * I/O or sleep. While it runs, Fanin calls the task makes belong to it ([AmbientJob]); they are
 * cancelled with it, iteratively however deep they nest (CancelTrampoline), and this function
 * returns only once they have all completed. A task whose coroutine was cancelled before it started
 * never runs.
 *
 * If the coroutine was cancelled while the task ran, an exception the task then threw is still
 * returned as a [Thrown] unless it is the cancellation's echo ([isCancellationEcho]): a clean-up that
 * fails is a failure of its own, which the caller reports (in a group's aggregate, instead of a
 * timeout), as asyncio and the Kotlin forms do.
 *
 * @throws kotlinx.coroutines.CancellationException if the coroutine was cancelled and the task then
 *   returned a value (it is lost, as in asyncio) or threw the cancellation's echo, or if it was
 *   cancelled before the task started.
 */
internal suspend fun runBlockingTask(task: Callable<*>): Any? {
    val context = currentCoroutineContext()
    context.ensureActive()
    val run = BlockingRun(context.job)
    TaskCensus.enter()
    try {
        // Groups the task left open are closed before its nested calls are awaited: they are
        // among those calls, and only the task's own thread could have closed them.
        val outcome = run.call(task)
        val result = leftOpen(run.nestedCalls, outcome)
        run.awaitNested()
        if (result !is Thrown || result.exception.isCancellationEcho()) context.ensureActive()
        return result
    } finally {
        TaskCensus.exit()
    }
}

/**
 * [outcome], or the failure that reports task groups the task left open ([UnclosedGroups]): added
 * to the task's own exception as suppressed, or the task's failure if it returned a value.
 */
private fun leftOpen(job: Job?, outcome: Any?): Any? {
    val diagnosis = job?.let { UnclosedGroups.closeLeftOpen(it) } ?: return outcome
    if (outcome !is Thrown) return Thrown(diagnosis)
    outcome.exception.addSuppressed(diagnosis)
    return outcome
}

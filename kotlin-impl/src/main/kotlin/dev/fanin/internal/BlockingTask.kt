package dev.fanin.internal

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Job
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.job
import kotlinx.coroutines.runInterruptible
import java.util.concurrent.Callable

/**
 * Runs a Java [task] on the current coroutine's thread and returns its value, or a [Thrown] with
 * the exception it threw (the original object, never a copy).
 *
 * The call runs inside [runInterruptible]: cancelling the coroutine interrupts the thread, which is
 * how cancelling a Fanin future stops a Callable blocked in I/O or sleep. While it runs, the
 * coroutine's job is the thread's [AmbientJob], so Fanin calls the task makes belong to it.
 *
 * If the coroutine was cancelled while the task ran, an exception the task then threw is still
 * returned as a [Thrown] unless it is the cancellation's echo ([isCancellationEcho]): a clean-up
 * that fails is a failure of its own, which the caller reports (in a group's aggregate, instead of a
 * timeout), as asyncio and the Kotlin forms do.
 *
 * @throws kotlinx.coroutines.CancellationException if the coroutine was cancelled and the task then
 *   returned a value (it is lost, as in asyncio) or threw the cancellation's echo.
 */
internal suspend fun runBlockingTask(task: Callable<*>): Any? {
    val job = currentCoroutineContext().job
    TaskCensus.enter()
    // What the task threw, kept outside runInterruptible: its withContext throws the cancellation
    // instead of returning, once the job was cancelled, whatever the block returned.
    var thrown: Thrown? = null
    try {
        val result = runInterruptible {
            val previous = AmbientJob.enter(job)
            val outcome = try {
                task.call()
            } catch (t: Throwable) {
                Thrown(t)
            } finally {
                AmbientJob.exit(previous)
            }
            leftOpen(job, outcome).also { if (it is Thrown) thrown = it }
        }
        if (result !is Thrown || result.exception.isCancellationEcho()) currentCoroutineContext().ensureActive()
        return result
    } catch (e: CancellationException) {
        val failed = thrown
        if (failed == null || failed.exception.isCancellationEcho()) throw e
        return failed
    } finally {
        TaskCensus.exit()
    }
}

/**
 * [outcome], or the failure that reports task groups the task left open ([UnclosedGroups]): added
 * to the task's own exception as suppressed, or the task's failure if it returned a value.
 */
private fun leftOpen(job: Job, outcome: Any?): Any? {
    val diagnosis = UnclosedGroups.closeLeftOpen(job) ?: return outcome
    if (outcome !is Thrown) return Thrown(diagnosis)
    outcome.exception.addSuppressed(diagnosis)
    return outcome
}

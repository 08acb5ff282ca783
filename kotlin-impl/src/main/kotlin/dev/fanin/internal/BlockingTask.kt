package dev.fanin.internal

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
 * @throws kotlinx.coroutines.CancellationException if the coroutine was cancelled, whatever the task
 *   then returned or threw (an InterruptedException it threw is the cancellation's echo).
 */
internal suspend fun runBlockingTask(task: Callable<*>): Any? {
    val job = currentCoroutineContext().job
    TaskCensus.enter()
    try {
        val result = runInterruptible {
            val previous = AmbientJob.enter(job)
            try {
                task.call()
            } catch (t: Throwable) {
                Thrown(t)
            } finally {
                AmbientJob.exit(previous)
            }
        }
        currentCoroutineContext().ensureActive()
        return result
    } finally {
        TaskCensus.exit()
    }
}

@file:JvmName("-TaskDeadline") // A leading '-' hides this Kotlin-only facade from Java.

package dev.fanin

import dev.fanin.internal.CallerThread
import dev.fanin.internal.DeferredStart
import dev.fanin.internal.TaskConfig
import dev.fanin.internal.Thrown
import dev.fanin.internal.TimerContext
import dev.fanin.internal.runTask
import java.util.concurrent.Callable
import java.util.concurrent.TimeoutException
import kotlin.time.Duration

/**
 * Runs the Java task that [task] makes of the scope in a timeout scope of [timeout], started on
 * [start] (DeferredStart, or CallerThread for a body on the caller's thread); returns its value or a
 * [Thrown]. With [decorate], the task decorator (TaskConfig) gets the task [task] makes. Java's
 * `waitFor` over a task and `timeoutScope`; here, beside [runTimeoutScope], because the engine may
 * not use this layer.
 *
 * The deadline is armed when the task starts, not when the call is made: time spent waiting for a
 * thread of a busy executor is not counted, so a task is never timed out before it could run. A zero
 * timeout still never starts the task (adr/0010).
 *
 * If the deadline cancels the task and the task then fails with an exception of its own (not the
 * cancellation's echo: see TaskRun), that exception is the outcome instead of the timeout, as
 * asyncio's `wait_for` and `timeout()` and the Kotlin forms let it propagate.
 */
internal suspend fun runTaskWithDeadline(
    timeout: Duration,
    start: DeferredStart,
    decorate: Boolean,
    task: (TimeoutScope) -> Callable<*>,
): Any? {
    var failed: Thrown? = null
    val armAtStart = timeout != Duration.ZERO
    return try {
        runTimeoutScope(if (armAtStart) Duration.INFINITE else timeout, TimerContext.OWN) {
            val scope = this
            // The decorator gets the caller's own task, as on every other path; the arming wraps
            // what it returns. Whatever it throws is the task's failure (TaskRuns.start).
            val inner = try {
                if (decorate) TaskConfig.decorate(task(scope)) else task(scope)
            } catch (failure: Throwable) {
                return@runTimeoutScope Thrown(failure).also { failed = it }
            }
            val armed = Callable {
                scope.reschedule(timeout)
                inner.call()
            }
            val code = if (start is CallerThread) start.body(armed) else armed
            runTask(code, start, decorate = false).also { if (it is Thrown) failed = it }
        }
    } catch (e: TimeoutException) {
        failed ?: throw e
    }
}

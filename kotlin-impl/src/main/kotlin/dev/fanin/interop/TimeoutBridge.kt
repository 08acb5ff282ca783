package dev.fanin.interop

import dev.fanin.TimeoutScope
import dev.fanin.internal.TaskExecutors
import dev.fanin.internal.Thrown
import dev.fanin.internal.TimerContext
import dev.fanin.internal.awaitSettled
import dev.fanin.internal.cancelStage
import dev.fanin.internal.named
import dev.fanin.internal.requireNotNegative
import dev.fanin.internal.runTask
import dev.fanin.internal.settledCopy
import dev.fanin.internal.startJobFuture
import dev.fanin.runTimeoutScope
import dev.fanin.timeoutScope
import kotlinx.coroutines.Dispatchers
import java.util.concurrent.Callable
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import java.util.concurrent.Executor
import java.util.concurrent.TimeoutException
import kotlin.time.Duration
import kotlin.time.toKotlinDuration
import java.time.Duration as JavaDuration

/**
 * The engine's timeouts for the Java facade.
 *
 * @suppress
 */
@InternalFaninApi
public object TimeoutBridge {
    /** Runs [task] on [executor] (default when null) with a deadline; see `Fanin.waitFor`. */
    @JvmStatic
    public fun <T> waitForTask(task: Callable<out T>, timeout: JavaDuration, executor: Executor?): CompletableFuture<T> {
        val kotlinTimeout = requireNotNegative(timeout).toKotlinDuration()
        val runOn = executor ?: TaskExecutors.default
        // Unconfined: the coroutine only waits; the task runs on its executor (runTask).
        return startJobFuture<T>(Dispatchers.Unconfined) {
            runTaskTimeoutScope(kotlinTimeout, runOn) { task }
        }.named("Fanin.waitFor")
    }

    /** Awaits [future] with a deadline, cancelling it on expiry; see `Fanin.waitFor`. */
    @JvmStatic
    public fun <T> waitForFuture(future: CompletionStage<out T>, timeout: JavaDuration): CompletableFuture<T> {
        val kotlinTimeout = requireNotNegative(timeout).toKotlinDuration()
        future.settledCopy()?.let { return it }
        // Unconfined: no thread is needed to wait; the stage's completion resumes the coroutine.
        return startJobFuture<T>(Dispatchers.Unconfined) {
            try {
                timeoutScope(kotlinTimeout) { future.awaitSettled() }
            } catch (e: TimeoutException) {
                // A zero timeout expires before the await starts: cancel the stage here too.
                future.cancelStage()
                throw e
            }
        }.named("Fanin.waitFor")
    }

    /** Runs [body] on [executor] (default when null) in a timeout scope; see `Fanin.timeoutScope`. */
    @JvmStatic
    public fun <T> timeoutScope(timeout: JavaDuration, executor: Executor?, body: TimeoutScope.Body<T>): CompletableFuture<T> {
        val kotlinTimeout = requireNotNegative(timeout).toKotlinDuration()
        val runOn = executor ?: TaskExecutors.default
        return startJobFuture<T>(Dispatchers.Unconfined) {
            runTaskTimeoutScope(kotlinTimeout, runOn) { scope -> Callable { body.run(scope) } }
        }.named("Fanin.timeoutScope")
    }

    /**
     * A timeout scope around the Java task [task] makes of it, run on [executor]; returns its value
     * or a [Thrown].
     *
     * The deadline is armed when the task starts on the executor, not when the call is made: time
     * spent waiting for a thread of a busy executor is not counted, so a task is never timed out
     * before it could run. A zero timeout still never starts the task (adr/0010).
     *
     * If the deadline cancels the task and the task then fails with an exception of its own (not
     * the cancellation's echo: see TaskRun), that exception is the outcome instead of the timeout,
     * as asyncio's `wait_for` and `timeout()` and the Kotlin forms let it propagate.
     */
    private suspend fun runTaskTimeoutScope(
        timeout: Duration,
        executor: Executor,
        task: (TimeoutScope) -> Callable<*>,
    ): Any? {
        var failed: Thrown? = null
        val armAtStart = timeout != Duration.ZERO
        return try {
            runTimeoutScope(if (armAtStart) Duration.INFINITE else timeout, TimerContext.OWN) {
                val scope = this
                val inner = task(scope)
                val armed = Callable {
                    scope.reschedule(timeout)
                    inner.call()
                }
                runTask(armed, executor).also { if (it is Thrown) failed = it }
            }
        } catch (e: TimeoutException) {
            failed ?: throw e
        }
    }
}

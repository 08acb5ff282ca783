package dev.fanin.interop

import dev.fanin.TimeoutScope
import dev.fanin.runTaskWithDeadline
import dev.fanin.internal.CallerThread
import dev.fanin.internal.DeferredStart
import dev.fanin.internal.JobFuture
import dev.fanin.internal.TaskConfig
import dev.fanin.internal.awaitSettled
import dev.fanin.internal.cancelStage
import dev.fanin.internal.named
import dev.fanin.internal.requireNotNegative
import dev.fanin.internal.settledCopy
import dev.fanin.internal.startJobFuture
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
        val start = DeferredStart()
        // Unconfined: the coroutine only waits; the task runs on its executor (runTask), handed
        // to it once the coroutine waits (DeferredStart).
        val future = startJobFuture<T>(Dispatchers.Unconfined) {
            runTaskWithDeadline(kotlinTimeout, start, decorate = true) { task }
        }.named("Fanin.waitFor")
        start.release(executor ?: TaskConfig.executor())
        return future
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
        val start = DeferredStart()
        val future = startScope<T>(kotlinTimeout, body, start, decorate = true).named("Fanin.timeoutScope")
        start.release(executor ?: TaskConfig.executor())
        return future
    }

    /**
     * Runs [body] in a timeout scope on this thread and returns the future of the scope's outcome,
     * the body having returned; see `FaninBlocking.timeoutScope` and CallerThread.
     *
     * @throws InterruptedException if this thread was interrupted from outside while the body ran;
     *   the scope was then cancelled and has stopped
     */
    @JvmStatic
    @Throws(InterruptedException::class)
    public fun <T> timeoutScopeHere(timeout: JavaDuration, body: TimeoutScope.Body<T>): CompletableFuture<T> {
        val kotlinTimeout = requireNotNegative(timeout).toKotlinDuration()
        val caller = CallerThread()
        val future = startScope<T>(kotlinTimeout, body, caller, decorate = false)
        caller.runHere(future)
        return future
    }

    /** Starts the scope, its body started on [start] (DeferredStart): the caller releases it. */
    private fun <T> startScope(
        timeout: Duration,
        body: TimeoutScope.Body<T>,
        start: DeferredStart,
        decorate: Boolean,
    ): JobFuture<T> = startJobFuture(Dispatchers.Unconfined) {
        runTaskWithDeadline(timeout, start, decorate) { scope -> Callable { body.run(scope) } }
    }
}

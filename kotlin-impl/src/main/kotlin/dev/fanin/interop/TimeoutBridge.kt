package dev.fanin.interop

import dev.fanin.TimeoutScope
import dev.fanin.internal.TimerContext
import dev.fanin.internal.TaskExecutors
import dev.fanin.internal.Thrown
import dev.fanin.internal.requireNotNegative
import dev.fanin.internal.runBlockingTask
import dev.fanin.runTimeoutScope
import dev.fanin.internal.startJobFuture
import dev.fanin.internal.unwrapCompletion
import dev.fanin.timeoutScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.suspendCancellableCoroutine
import java.util.concurrent.Callable
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import java.util.concurrent.Executor
import java.util.concurrent.TimeoutException
import kotlin.coroutines.resume
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
        return startJobFuture(TaskExecutors.dispatcher(executor)) {
            runTaskTimeoutScope(kotlinTimeout) { runBlockingTask(task) }
        }
    }

    /** Awaits [future] with a deadline, cancelling it on expiry; see `Fanin.waitFor`. */
    @JvmStatic
    public fun <T> waitForFuture(future: CompletionStage<out T>, timeout: JavaDuration): CompletableFuture<T> {
        val kotlinTimeout = requireNotNegative(timeout).toKotlinDuration()
        settledCopy(future)?.let { return it }
        // Unconfined: no thread is needed to wait; the stage's completion resumes the coroutine.
        return startJobFuture(Dispatchers.Unconfined) {
            timeoutScope(kotlinTimeout) { awaitSettled(future) }
        }
    }

    /** Runs [body] on [executor] (default when null) in a timeout scope; see `Fanin.timeoutScope`. */
    @JvmStatic
    public fun <T> timeoutScope(timeout: JavaDuration, executor: Executor?, body: TimeoutScope.Body<T>): CompletableFuture<T> {
        val kotlinTimeout = requireNotNegative(timeout).toKotlinDuration()
        return startJobFuture(TaskExecutors.dispatcher(executor)) {
            runTaskTimeoutScope(kotlinTimeout) {
                val scope = this
                runBlockingTask { body.run(scope) }
            }
        }
    }

    /**
     * A timeout scope around a Java task's [run]. If the deadline cancels the task and the task then
     * fails with an exception of its own (not the cancellation's echo: see runBlockingTask), that
     * exception is the outcome instead of the timeout, as asyncio's `wait_for` and `timeout()` and
     * the Kotlin forms let it propagate.
     */
    private suspend fun runTaskTimeoutScope(timeout: Duration, run: suspend TimeoutScope.() -> Any?): Any? {
        var failed: Thrown? = null
        return try {
            runTimeoutScope(timeout, TimerContext.OWN) { run().also { if (it is Thrown) failed = it } }
        } catch (e: TimeoutException) {
            failed ?: throw e
        }
    }

    /**
     * A new future settled as [stage] already is (its exception unwrapped), or null when [stage] is
     * not a CompletableFuture that is done. Spares a coroutine, a job and a timer for an answer that
     * is already there; cancelling the copy has nothing left to cancel. The scope gives the same
     * answer, even with a zero timeout: its unconfined body reads the settled stage before the
     * deadline is checked.
     */
    private fun <T> settledCopy(stage: CompletionStage<out T>): CompletableFuture<T>? {
        val done = try {
            stage is CompletableFuture<*> && stage.isDone
        } catch (_: UnsupportedOperationException) {
            false // a minimal stage cannot say
        }
        if (!done) return null
        val copy = CompletableFuture<T>()
        stage.whenComplete { value, exception ->
            if (exception == null) copy.complete(value) else copy.completeExceptionally(exception.unwrapCompletion())
        }
        return copy
    }

    /**
     * The stage's value, or a Thrown; cancelling the caller cancels the stage. Never resumes with an
     * exception, so the stage's exception reaches the facade as the original object.
     */
    private suspend fun awaitSettled(stage: CompletionStage<*>): Any? = suspendCancellableCoroutine { cont ->
        stage.whenComplete { value, exception ->
            cont.resume(if (exception == null) value else Thrown(exception.unwrapCompletion()))
        }
        cont.invokeOnCancellation {
            try {
                stage.toCompletableFuture().cancel(true)
            } catch (_: UnsupportedOperationException) {
                // No CompletableFuture view: the stage cannot be cancelled and finishes on its own.
            }
        }
    }
}

package dev.fanin.internal

import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executor
import java.util.function.Supplier

/*
 * The rule for every future Fanin returns that stands for work (tasks it runs, futures it watches on
 * the caller's behalf, a timer): completing it from outside stops that work, whichever method does
 * it. cancel is the obvious one, but whoever holds a CompletableFuture may also complete it with a
 * value or an exception, directly or through orTimeout and completeOnTimeout (which call complete
 * and completeExceptionally), completeAsync, or obtrude. A future that only reacted to cancel would
 * report an outcome while its work ran on, unseen: the gap this class closes.
 *
 * Fanin itself completes the future through completeFromWork, failFromWork and cancelFromWork,
 * which call CompletableFuture's own methods: the normal path costs nothing more than before.
 * Dependent stages run on the completing thread, so when that is one of kotlinx's own threads (its
 * timer, its scheduler's workers; see KotlinxThreads) these hand the completion to Fanin's default
 * executor instead: user code must never run there. Only
 * a completion from outside that takes effect (the future was not done yet) calls stopWork, after
 * the future has completed, as cancel always did. Dependent stages therefore see the outside
 * outcome at once, while the work may take a moment to stop.
 *
 * FutureCall (channel operations, selects) follows the same rule with a stricter order: it
 * withdraws its call before completing, because a call that already took an element must keep it.
 *
 * toString names the operation and CompletableFuture's state, "Fanin.gather[3 tasks, incomplete]"
 * (Describe.kt): never CompletableFuture's own, which calls the exception's toString. The name is
 * given by whoever returns the future, through [named], so the engine classes need not know which
 * facade method they serve; an unnamed future prints its class name.
 */
internal abstract class WorkFuture<T> : CompletableFuture<T>() {
    /**
     * Names this future for toString: [operation] ("Fanin.gather") and, when [inputs] is not
     * negative, how many of [unit] ("task") it covers. Returns this future. A future made per task
     * (TaskRun) keeps no name, so that a task costs no more fields: it names itself.
     */
    open fun named(operation: String, inputs: Int = -1, unit: String? = null): WorkFuture<T> = this

    /** What toString says before the state: the operation, and what it covers in brackets' first part. */
    protected open fun description(): String = javaClass.simpleName

    protected open fun count(): String? = null

    override fun toString(): String = describeFuture(this, description(), count())

    /**
     * Stops the work after a completion from outside took effect. [mayInterruptIfRunning] is
     * cancel's flag, true for the other ways. May run more than once (obtrude), so it must be
     * idempotent.
     */
    protected abstract fun stopWork(mayInterruptIfRunning: Boolean)

    /**
     * Completes with the work's [value]; false if the future was already done. On one of kotlinx's
     * threads the completion is handed to Fanin's default executor, and the answer is whether the
     * future was not done yet when it was handed over.
     */
    fun completeFromWork(value: T): Boolean {
        if (!KotlinxThreads.isCurrent()) return super.complete(value)
        TaskExecutors.default.execute { completeHere(value) }
        return !isDone
    }

    /** Completes with the work's failure [ex]; false if the future was already done. See [completeFromWork]. */
    fun failFromWork(ex: Throwable): Boolean {
        if (!KotlinxThreads.isCurrent()) return super.completeExceptionally(ex)
        TaskExecutors.default.execute { failHere(ex) }
        return !isDone
    }

    /** Completes as cancelled because the work was; false if the future was already done. See [completeFromWork]. */
    fun cancelFromWork(): Boolean {
        if (!KotlinxThreads.isCurrent()) return super.cancel(false)
        TaskExecutors.default.execute { cancelHere() }
        return !isDone
    }

    /**
     * [cancelFromWork] for a future its operation cancels with many others (the tasks of a race
     * that has been won, of a gather that failed): it holds a [WorkCancellation], without a stack
     * trace. CompletableFuture.cancel fills one in for each future, about a microsecond at the
     * engine's depth, and it would show only the canceller's engine frames, never user code.
     */
    fun cancelFromWorkInBulk(): Boolean {
        if (!KotlinxThreads.isCurrent()) return super.completeExceptionally(WorkCancellation())
        TaskExecutors.default.execute { failHere(WorkCancellation()) }
        return !isDone
    }

    private fun completeHere(value: T) = super.complete(value)

    private fun failHere(ex: Throwable) = super.completeExceptionally(ex)

    private fun cancelHere() = super.cancel(false)

    override fun cancel(mayInterruptIfRunning: Boolean): Boolean {
        val cancelled = super.cancel(mayInterruptIfRunning)
        if (cancelled) stopWork(mayInterruptIfRunning)
        return cancelled
    }

    override fun complete(value: T): Boolean {
        val completed = super.complete(value)
        if (completed) stopWork(true)
        return completed
    }

    override fun completeExceptionally(ex: Throwable): Boolean {
        val completed = super.completeExceptionally(ex)
        if (completed) stopWork(true)
        return completed
    }

    override fun obtrudeValue(value: T) {
        super.obtrudeValue(value)
        stopWork(true)
    }

    override fun obtrudeException(ex: Throwable) {
        super.obtrudeException(ex)
        stopWork(true)
    }

    override fun completeAsync(supplier: Supplier<out T>, executor: Executor): CompletableFuture<T> =
        completeAsyncThroughOverrides(supplier, executor)

    override fun completeAsync(supplier: Supplier<out T>): CompletableFuture<T> = completeAsync(supplier, defaultExecutor())
}

/**
 * [this], named for toString if it is one of Fanin's own futures ([WorkFuture.named],
 * [FutureCall.named]); a plain CompletableFuture (an input already complete) keeps the JDK's.
 */
internal fun <F : CompletableFuture<*>> F.named(operation: String, inputs: Int = -1, unit: String? = null): F {
    when (this) {
        is WorkFuture<*> -> named(operation, inputs, unit)
        is FutureCall<*> -> named(operation)
    }
    return this
}

/** A [WorkFuture] made once per call, which carries the name its facade method gives it. */
internal abstract class NamedWorkFuture<T> : WorkFuture<T>() {
    // Plain fields, written by [named] before the future is returned: a thread that sees the future
    // through a data race may print the class name instead, which is all toString promises then.
    private var operation: String? = null
    private var inputs = -1
    private var inputUnit: String? = null

    override fun named(operation: String, inputs: Int, unit: String?): WorkFuture<T> {
        this.operation = operation
        this.inputs = inputs
        this.inputUnit = unit
        return this
    }

    override fun description(): String = operation ?: javaClass.simpleName

    override fun count(): String? = countOf(inputs, inputUnit)
}

/**
 * What a future cancelled in bulk holds ([WorkFuture.cancelFromWorkInBulk]): a CancellationException
 * (so the future reports isCancelled) without a stack trace. Also the cause with which an operation
 * cancels its own set of runs on the normal path (a race that was won), which no user sees.
 */
internal class WorkCancellation(message: String = "the task was cancelled") :
    java.util.concurrent.CancellationException(message) {
    override fun fillInStackTrace(): Throwable = this

    private companion object {
        private const val serialVersionUID: Long = 1L
    }
}

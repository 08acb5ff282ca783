@file:JvmName("-TaskGroup") // A leading '-' hides this Kotlin-only facade from Java.

package dev.fanin

import dev.fanin.internal.FailureLog
import dev.fanin.internal.describe
import java.util.concurrent.TimeoutException
import kotlin.time.Duration
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.async
import kotlinx.coroutines.cancel
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.job
import kotlinx.coroutines.supervisorScope

/**
 * The receiver of a running [taskGroup]: tasks are forked into it and owned by it. Users hold it but
 * do not implement it. Kotlin-only: the Java facade's group is the `TaskGroup` handle of
 * `dev.fanin.java`, which forks `Callable`s (adr/0013 says why the two have different names).
 *
 * It is deliberately not a `CoroutineScope`: a coroutine started with `launch` or `async` on it
 * would bypass the group's failure handling. Start every task with [fork].
 */
public sealed interface TaskGroupScope {
    /**
     * Starts [task] in the group and returns its deferred result.
     *
     * Any coroutine may fork, tasks of the group included (workers that spawn workers), until the
     * group has ended. A task that fails is reported by the group; its deferred fails too.
     *
     * @throws IllegalStateException if the group has ended
     */
    public fun <T> fork(task: suspend () -> T): Deferred<T>
}

/**
 * Runs [block] with a new task group and returns its result once every task forked into the group
 * has completed (asyncio's `TaskGroup`): nothing the group started outlives the call.
 *
 * **Failure.** With [OnFailure.CANCEL_ALL] (the default), the first task to fail cancels every other
 * task and the block; with [OnFailure.KEEP_RUNNING] the others run on. Either way, once all have
 * completed, the call throws one [TaskGroupException] listing every failure in the order they
 * happened, a failure of the block included. It is thrown even for a single failure, so one `catch`
 * handles every group. Cancellations are not failures: neither those the group caused nor a task
 * that throws [CancellationException] itself, which counts as cancelled, as in asyncio. A task that
 * throws something else while it is being cancelled (a clean-up that fails) has failed too, and is
 * listed after the failure that caused the cancellation.
 *
 * **Timeout.** When [timeout] passes, the block and every task are cancelled and, once they have
 * completed, the call throws [TimeoutException]; failures that happened before are added to it as
 * suppressed. A zero timeout expires at once (the block never starts) and a negative one is rejected,
 * as with [timeoutScope].
 *
 * **Cancellation.** This suspending function is cancellable: if the calling coroutine is cancelled,
 * every task is cancelled and the function throws [CancellationException] once they have completed.
 * A forked task that catches its cancellation and returns a value anyway counts as cancelled: its
 * deferred's `await()` throws [CancellationException], and the value is lost (the Java facade's
 * `TaskGroup` does the same).
 *
 * A group nested in a task of another group fails as one failure of the outer group: the inner
 * group is cancelled first, then its [TaskGroupException] is the outer task's failure.
 *
 * ```
 * val (user, orders) = taskGroup {
 *     val user = fork { loadUser(id) }
 *     val orders = fork { loadOrders(id) }
 *     user.await() to orders.await()
 * }
 * ```
 *
 * Related: `TaskGroup.open()` in the Java facade; [gather] when the tasks are known up front.
 *
 * @throws IllegalArgumentException if [timeout] is negative
 */
public suspend fun <R> taskGroup(
    onFailure: OnFailure = OnFailure.CANCEL_ALL,
    timeout: Duration = Duration.INFINITE,
    block: suspend TaskGroupScope.() -> R,
): R {
    val failures = FailureLog()
    try {
        return timeoutScope(timeout) {
            val result = supervisorScope {
                val group = TaskGroupImpl(this, failures, onFailure)
                try {
                    group.block()
                } catch (e: CancellationException) {
                    throw e
                } catch (t: Throwable) {
                    group.failed(t)
                    null
                }
            }
            failures.throwIfAny()
            @Suppress("UNCHECKED_CAST")
            result as R
        }
    } catch (e: TimeoutException) {
        failures.snapshot().forEach { e.addSuppressed(it) }
        throw e
    } catch (e: CancellationException) {
        currentCoroutineContext().ensureActive()
        failures.throwIfAny()
        throw e
    }
}

/** Throws the group's [TaskGroupException] if any task (or the block) failed. */
private fun FailureLog.throwIfAny() {
    val failures = snapshot()
    if (failures.isNotEmpty()) throw TaskGroupException(failures)
}

/*
 * The Kotlin task group. Tasks are `async` children of a supervisorScope, so a failing task does not
 * cancel the scope by itself: the group records the failure (in order) and, with CANCEL_ALL, cancels
 * the scope, which cancels every task and the block. supervisorScope returns only when every child
 * has completed, forks from tasks included. Forking is refused once the scope has completed.
 */
private class TaskGroupImpl(
    private val scope: CoroutineScope,
    private val failures: FailureLog,
    private val onFailure: OnFailure,
) : TaskGroupScope {
    @Volatile
    private var ended = false

    init {
        scope.coroutineContext.job.invokeOnCompletion { ended = true }
    }

    override fun <T> fork(task: suspend () -> T): Deferred<T> {
        check(!ended) { "the task group has ended" }
        return scope.async {
            try {
                task()
            } catch (e: CancellationException) {
                throw e
            } catch (t: Throwable) {
                failed(t)
                throw t
            }
        }
    }

    fun failed(failure: Throwable) {
        failures.add(failure)
        if (onFailure == OnFailure.CANCEL_ALL) scope.cancel(CancellationException("a task of the group failed"))
    }

    /** "TaskGroupScope[open, 3 running, 1 failed]": lock-free reads (internal/Describe.kt). */
    override fun toString(): String {
        val job = scope.coroutineContext.job
        val phase = when {
            ended -> "ended"
            job.isCancelled -> "cancelling"
            else -> "open"
        }
        val running = job.children.count { !it.isCompleted }
        return describe("TaskGroupScope", phase, "$running running", "${failures.size} failed")
    }
}

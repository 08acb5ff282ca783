package dev.fanin

import dev.fanin.internal.FailureLog
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.async
import kotlinx.coroutines.cancel
import kotlinx.coroutines.job

/*
 * The Kotlin task group. Tasks are `async` children of a supervisorScope, so a failing task does not
 * cancel the scope by itself: the group records the failure (in order) and, with CANCEL_ALL, cancels
 * the scope, which cancels every task and the block. supervisorScope returns only when every child
 * has completed, forks from tasks included. Forking is refused once the scope has completed.
 */
internal class TaskGroupImpl(
    private val scope: CoroutineScope,
    private val failures: FailureLog,
    private val onFailure: OnFailure,
) : TaskGroup {
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
}

package dev.fanin.internal

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Job
import java.util.ArrayDeque

/*
 * Cancellation across Fanin task boundaries, iteratively.
 *
 * kotlinx cancels a job tree recursively, on the canceller's stack, a dozen frames per job. Fanin
 * nests without bound: a Java task's Fanin calls belong to it, and those calls run tasks of their
 * own, several jobs per level. Cancelling a nest a thousand levels deep recursed past the end of
 * the stack; kotlinx swallowed the StackOverflowError (or a class whose initialisation it hit stayed
 * broken for the JVM's life), leaving most of the nest running and its future never completed.
 *
 * So the Fanin calls a Java task makes are not kotlinx children of the task's set's job (TaskRun):
 * they belong to a job of their own that the task's cancellation cancels through this trampoline.
 * The first cancel on a thread cancels its job and then, in a loop, every nested job that the
 * cascade reached meanwhile (each handler that crosses a boundary only queues its job), so the
 * stack holds one level's jobs at a time, however deep the nest. Everything is still cancelled
 * before the outermost cancel returns, on the canceller's thread, as kotlinx would do it.
 */
internal object CancelTrampoline {
    /** Jobs queued by handlers on this thread while a cancel is running on it; null otherwise. */
    private val queued = ThreadLocal<ArrayDeque<Job>?>()

    /** Cancels [job] because the task that owns it was cancelled with [cause]; see above. */
    fun cancel(job: Job, cause: Throwable?) {
        val pending = queued.get()
        if (pending != null) {
            pending.add(job)
            return
        }
        val mine = ArrayDeque<Job>()
        queued.set(mine)
        var failure: Throwable? = null
        try {
            var next: Job? = job
            while (next != null) {
                try {
                    next.cancel(CancellationException("the task that made this call was cancelled", cause))
                } catch (t: Throwable) {
                    // A handler that threw: the rest of the nest is still cancelled, then it is rethrown.
                    if (failure == null) failure = t else failure.addSuppressed(t)
                }
                next = mine.poll()
            }
        } finally {
            queued.set(null)
        }
        failure?.let { throw it }
    }
}

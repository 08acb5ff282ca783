package dev.fanin.internal

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.launch
import java.util.concurrent.Callable
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicReference

/*
 * gather over Java Callables that Fanin runs.
 *
 * Phases: every task is launched as a child of one gather job, then the gather job is completed so
 * that it does not linger as a child of the ambient job. Each task writes its value-or-Thrown into
 * its own slot before its coroutine completes, and its completion handler turns the slot into a
 * result and counts the task off. The handler that counts off the last task publishes. Publishing
 * from the gather job's own completion handler would be wrong: kotlinx may complete a parent, and
 * run its handlers, before the handlers of a child that just completed have run.
 *
 * Fail-fast mode: the first failure is recorded and cancels the gather job, which interrupts the
 * running tasks. The future completes with that failure only when the gather job has completed,
 * i.e. after every task has stopped: no work outlives the call. Every later failure is added to the
 * first as suppressed, as kotlinx's coroutineScope does for the Kotlin gather: one that raced the
 * first, and one a task threw while being cancelled unless it is the cancellation's echo (which
 * runBlockingTask turns into the task's cancellation).
 * Settled mode: nothing is cancelled; each slot becomes an outcome.
 *
 * Not guaranteed: which of two failures that race counts as first.
 */
internal class TaskGather<R>(
    private val tasks: Array<Callable<*>>,
    private val settled: Boolean,
) : JobFuture<List<R>>() {
    private val slots = arrayOfNulls<Any?>(tasks.size)
    private val firstFailure = AtomicReference<Throwable?>()
    private val running = AtomicInteger(tasks.size)

    fun start(dispatcher: CoroutineDispatcher): TaskGather<R> {
        val gatherJob = Job(AmbientJob.get())
        job = gatherJob
        val scope = CoroutineScope(gatherJob + dispatcher)
        for (i in tasks.indices) {
            val task = tasks[i]
            scope.launch { slots[i] = runBlockingTask(task) }
                .invokeOnCompletion { cause -> taskEnded(i, cause) }
        }
        gatherJob.complete()
        return this
    }

    private fun taskEnded(index: Int, cause: Throwable?) {
        record(index, cause)
        // The decrement publishes every slot written above to the thread that counts off the last task.
        if (running.decrementAndGet() == 0) settle(null)
    }

    private fun record(index: Int, cause: Throwable?) {
        val raw = slots[index]
        if (settled) {
            slots[index] = if (cause == null) outcomeOf(raw) else outcomeOfFailure(cause.refusal() ?: cause)
            return
        }
        // A task that failed while being cancelled wrote its Thrown, though its coroutine ended
        // cancelled: the slot is read first.
        val failure = (raw as? Thrown)?.exception ?: cause?.refusal()
        if (failure != null) fail(failure)
    }

    private fun fail(failure: Throwable) {
        if (firstFailure.compareAndSet(null, failure)) {
            job.cancel()
            return
        }
        val first = firstFailure.get()!!
        if (failure !== first && !failure.isCancellationEcho()) {
            first.addSuppressed(failure)
        }
    }

    /** Called once, when every task has ended; [cause] is unused: the gather job's state decides. */
    override fun settle(cause: Throwable?) {
        val failure = firstFailure.get()
        when {
            failure != null -> failFromWork(failure)
            job.isCancelled -> cancelFromWork()
            else -> completeFromWork(ImmutableArrayList(slots))
        }
    }
}

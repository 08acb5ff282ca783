package dev.fanin.internal

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.InternalCoroutinesApi
import kotlinx.coroutines.Job
import java.util.concurrent.Callable
import java.util.concurrent.CompletionStage
import java.util.concurrent.Executor
import java.util.concurrent.locks.ReentrantLock
import java.util.function.BiConsumer
import kotlin.concurrent.withLock

/**
 * Runs the Java Callables of one as-completed sequence on [executor] as [DirectTask]s, and stops
 * them all when the sequence's job is cancelled (closed, its source failed, or its parent
 * cancelled). Starts come from one thread at a time (the sequence's puller).
 */
internal class DirectTaskStarter(private val executor: Executor) : InputStarter {
    private val lock = ReentrantLock()
    private val emptied = lock.newCondition()

    /** The tasks not yet stopped, linked through DirectTask.previous/next; guarded by [lock]. */
    private var head: DirectTask? = null

    /** Set once the sequence's job is cancelled: later tasks never start. Guarded by [lock]. */
    private var cancelled = false

    private var watching = false

    @OptIn(InternalCoroutinesApi::class)
    override fun start(input: Any, job: Job, done: BiConsumer<Any?, Throwable?>) {
        if (!watching) {
            watching = true
            // When cancelling begins, not when the job has completed: that waits for nested calls
            // the tasks made, which may wait for the tasks.
            job.invokeOnCompletion(onCancelling = true) { cause -> if (cause != null) cancelAll() }
        }
        val task = DirectTask(input as Callable<*>, job, done, this)
        val tracked = lock.withLock {
            if (!cancelled) {
                task.next = head
                head?.previous = task
                head = task
            }
            !cancelled
        }
        if (!tracked) {
            done.accept(null, CancellationException("the iteration was closed"))
            return
        }
        try {
            executor.execute(task)
        } catch (refusal: Throwable) {
            // RejectedExecutionException, or an Executor breaking its contract: the task's failure
            // either way, so that it is reported and stops being tracked.
            task.refuse(refusal)
        }
    }

    /** Called once per task, when it has stopped: it no longer runs and never will. */
    fun stopped(task: DirectTask) {
        lock.withLock {
            val previous = task.previous
            val next = task.next
            if (previous == null) head = next else previous.next = next
            next?.previous = previous
            task.previous = null
            task.next = null
            if (head == null) emptied.signalAll()
        }
    }

    private fun cancelAll() {
        val running = ArrayList<DirectTask>()
        lock.withLock {
            cancelled = true
            var task = head
            while (task != null) {
                running.add(task)
                task = task.next
            }
        }
        running.forEach { it.cancel() }
    }

    override fun awaitStopped(): Boolean {
        lock.withLock {
            while (head != null) emptied.awaitUninterruptibly()
        }
        return Thread.interrupted()
    }
}

/** Watches CompletionStages the caller holds; they are never cancelled by the sequence. */
internal object StageStarter : InputStarter {
    override fun start(input: Any, job: Job, done: BiConsumer<Any?, Throwable?>) {
        (input as CompletionStage<*>).whenComplete { value, exception -> done.accept(value, exception?.unwrapCompletion()) }
    }
}

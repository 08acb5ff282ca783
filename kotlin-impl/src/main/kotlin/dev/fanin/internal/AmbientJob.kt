package dev.fanin.internal

import kotlinx.coroutines.Job
import java.util.concurrent.CompletableFuture

/*
 * Java code has no coroutine context, so Fanin keeps one per thread: while a Fanin task (a
 * Callable, a timeout-scope body) runs, the job of the Fanin calls its code makes is the thread's
 * ambient job, made on the first such call (TaskRun). A Fanin call made from inside
 * that code becomes a child of it, and the task's cancellation cancels it. That is what lets a timeout scope cancel nested
 * Fanin calls, CompletableFuture forms included, and what keeps nested work from outliving the
 * task that started it. Outside Fanin tasks there is no ambient job and calls are roots.
 *
 * A ThreadLocal, on every JDK: on a fresh thread (a virtual thread per task) its first use makes the
 * thread's map, the largest part of a task's bytes after the thread itself; a ScopedValue or a
 * registry keyed by thread were weighed against that and rejected (adr/0025).
 */
internal object AmbientJob {
    /** The running task's [Source], or null. */
    private val current = ThreadLocal<Source?>()

    /**
     * A task's job made only when its code first makes a Fanin call: most tasks make none, and a
     * job per task would cost them all (see TaskRun).
     */
    fun interface Source {
        /** The task's job; called on the task's own thread only. */
        fun job(): Job
    }

    /** The job of the Fanin task running on this thread, or null. */
    fun get(): Job? = current.get()?.job()

    /**
     * Makes the job [source] gives, once asked for, ambient on this thread; returns what was
     * ambient before, for [exit].
     */
    fun enter(source: Source): Source? {
        val previous = current.get()
        current.set(source)
        return previous
    }

    /**
     * Restores what [enter] replaced. Sets null rather than removing the entry: a pool thread runs
     * task after task, and a remove would make every next [enter] allocate a new map entry.
     */
    fun exit(previous: Source?) {
        current.set(previous)
    }

    /**
     * Ties a future that no coroutine backs to the ambient job, if there is one: cancelling the
     * ambient job cancels [future], and the ambient job does not complete before [future] does.
     */
    fun link(future: CompletableFuture<*>) {
        val parent = get() ?: return
        val link = Job(parent)
        link.invokeOnCompletion { if (link.isCancelled) future.cancel(false) }
        future.whenDone { _, _ -> link.complete() }
    }
}

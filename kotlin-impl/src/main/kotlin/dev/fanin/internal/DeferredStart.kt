package dev.fanin.internal

import java.util.concurrent.Executor
import java.util.concurrent.atomic.AtomicReference

/*
 * Starting a Java task from outside the engine's coroutine frames.
 *
 * waitFor over a task and timeoutScope start their TaskRun from inside a coroutine that runs on
 * Dispatchers.Unconfined, launched on the caller's thread. An executor that runs the task in place
 * (Runnable::run, or CallerThread for a blocking call's body) would run user code inside that
 * coroutine, inside kotlinx's unconfined event loop: a nested Fanin call made by that code, whose own
 * coroutine also starts unconfined, would be queued behind the running one instead of starting, and
 * code that blocks on it would wait for ever. So the coroutine starts the run on a DeferredStart,
 * which only keeps it; once the launch has returned (the coroutine has suspended, waiting for the
 * run), the caller [release]s it to the real executor, on its plain stack.
 *
 * The deadline is armed when the run starts (runTaskWithDeadline), so the deferral costs it
 * nothing. If the coroutine could not run at once (the caller is itself inside an unconfined event
 * loop), the release comes first and the run goes to the executor when the coroutine hands it over.
 */

/** Keeps the run a coroutine starts until [release]; see the comment above. */
internal open class DeferredStart : Executor {
    /** Null, then the run kept, or the executor once released first. */
    private val slot = AtomicReference<Any?>()

    override fun execute(command: Runnable) {
        if (slot.compareAndSet(null, command)) return
        startOn(slot.get() as Executor, command as TaskRun)
    }

    /** Hands the run kept, if any, to [executor]; a run handed over later goes there at once. */
    fun release(executor: Executor) {
        val kept = slot.getAndSet(executor)
        if (kept is TaskRun) startOn(executor, kept)
    }

    /** Whatever execute throws is the run's failure (adr/0015), as in TaskRuns.start. */
    private fun startOn(executor: Executor, run: TaskRun) {
        kept(run)
        try {
            executor.execute(run)
        } catch (refusal: Throwable) {
            run.refuse(refusal)
        }
    }

    /** Called with the run just before it goes to its executor. */
    protected open fun kept(run: TaskRun) {}
}

package dev.fanin.internal

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Job
import java.util.concurrent.Executor
import kotlin.coroutines.CoroutineContext

/*
 * The dispatcher of Java tasks over an Executor (the caller's, or Fanin's default one).
 *
 * kotlinx's own (`Executor.asCoroutineDispatcher()`) handles only a RejectedExecutionException from
 * `execute`: anything else an Executor throws (OutOfMemoryError "unable to create native thread"
 * from a ThreadPoolExecutor, IllegalStateException from a wrapper, a checked exception thrown
 * sneakily) escapes from the launch that dispatched, after the coroutine was created, so a task
 * future or a group waits for ever, the caller gets the throwable synchronously and kotlinx also
 * hands it to the uncaught-exception handler. And after a rejection it finishes the cancelled
 * coroutine on Dispatchers.IO, where completing the task's future runs the caller's dependent stages.
 *
 * Here every Throwable from `execute` is the refusal of that one task (adr/0015):
 * - The coroutine's job is cancelled with an [ExecutorRefusal] carrying the throwable, the original
 *   object. The task's future, gather slot or group log reads it back with [refusal] and fails with
 *   it, as a task that threw it would; a task that was already cancelled when refused stays
 *   cancelled (cancelling a cancelled job does nothing).
 * - The refused block is then run in place, on the thread that called `execute`. The job is
 *   cancelled, so the block only completes the coroutine: the task's code never runs, and no thread
 *   of the executor, of kotlinx or of Fanin is needed. kotlinx asks dispatchers not to run blocks in
 *   place (a loop of yields could overflow the stack); a cancelled coroutine of the engine's does
 *   not dispatch again, so this recursion is one level deep.
 * - Errors are refusals too, VirtualMachineError included: an OutOfMemoryError from `execute` is
 *   nearly always a thread the executor could not start, which says nothing about the caller's heap.
 *   Fanin does not promise to finish its bookkeeping when the JVM itself is out of memory or stack.
 *
 * Not detected: an executor that accepts a task and never runs it. Fanin cannot tell it from one
 * that is merely busy, so the task's future stays incomplete as with any executor (documented in
 * the guide).
 */

/** A dispatcher that runs blocks on [executor] and turns whatever `execute` throws into a refusal. */
internal class ExecutorDispatcher(private val executor: Executor) : CoroutineDispatcher() {
    override fun dispatch(context: CoroutineContext, block: Runnable) {
        try {
            executor.execute(block)
        } catch (refused: Throwable) {
            context[Job]?.cancel(ExecutorRefusal.of(refused))
            block.run()
        }
    }

    // Equal over the same executor, as kotlinx's are, so withContext between them does not dispatch.
    override fun equals(other: Any?): Boolean = other is ExecutorDispatcher && other.executor === executor

    override fun hashCode(): Int = System.identityHashCode(executor)

    // Never the executor's own toString: it is user code.
    override fun toString(): String = "ExecutorDispatcher@" + Integer.toHexString(System.identityHashCode(executor))
}

/**
 * The cancellation of a coroutine whose executor refused it; [refused] is what `execute` threw.
 * Never thrown to users: [refusal] turns it back into [refused]. The constructor is private so
 * that kotlinx's stack-trace recovery, which copies exceptions through their public constructors,
 * never makes a copy whose [refused] would be this marker.
 */
internal class ExecutorRefusal private constructor(@JvmField val refused: Throwable) :
    CancellationException("the executor refused the task") {
    // No stack trace: it is a marker, and it may be made while the JVM is short of memory.
    override fun fillInStackTrace(): Throwable = this

    companion object {
        fun of(refused: Throwable): ExecutorRefusal = ExecutorRefusal(refused)
    }
}

/** What an executor threw when it refused the work that this cancellation cause ended, if it did. */
internal fun Throwable.refusal(): Throwable? = (this as? ExecutorRefusal)?.refused

package dev.fanin.internal

import kotlinx.coroutines.CompletableJob
import kotlinx.coroutines.DisposableHandle
import kotlinx.coroutines.InternalCoroutinesApi
import kotlinx.coroutines.Job
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.withContext
import java.util.concurrent.Callable
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater

/*
 * One run of a Java task on its coroutine's thread: what runInterruptible did, without the job
 * level its withContext adds, plus the boundary between the task and the Fanin calls it makes.
 *
 * Interrupts: the task's job, once cancelling, interrupts the thread at most once, and only while
 * the Callable runs; the interrupt is cleared before the thread runs anything else (kotlinx's
 * runInterruptible protocol, and DirectTask's). The interrupter and the finishing thread meet in
 * one CAS; the loser of a race waits on this object's monitor (the interrupter holds it while it
 * interrupts), never by spinning.
 *
 * Nested calls: the Fanin calls the task's code makes belong to [nested], a job of their own made
 * on the first such call (most tasks make none, so most runs make no job). It is not a kotlinx child of the
 * task's job: the task's cancellation reaches it through CancelTrampoline, so that cancelling a deep
 * nest runs one level at a time, not recursively. What kotlinx's parenthood also gave is kept by
 * hand: the run does not end until [nested] has completed ([awaitNested]), so the task's job still
 * completes only after every call its code made, and [owners] records whose calls a nested job
 * holds, for the ancestry that awaitStoppedUnlessWithin asks about.
 */
@OptIn(InternalCoroutinesApi::class)
internal class BlockingRun(private val job: Job) : AmbientJob.Source, (Throwable?) -> Unit {
    @Volatile
    private var state = WORKING

    /** The thread running the Callable; written before the handler is registered. */
    private var runner: Thread? = null

    /** The job of the Fanin calls the task's code made; written by [runner] only. */
    @Volatile
    private var nested: CompletableJob? = null

    private var handle: DisposableHandle? = null

    /** Runs [task] here and returns its value or a [Thrown]; never throws. */
    fun call(task: Callable<*>): Any? {
        runner = Thread.currentThread()
        handle = job.invokeOnCompletion(onCancelling = true, invokeImmediately = true, handler = this)
        val previous = AmbientJob.enter(this)
        try {
            return task.call()
        } catch (t: Throwable) {
            return Thrown(taskFailure(t))
        } finally {
            AmbientJob.exit(previous)
            if (!STATE.compareAndSet(this, WORKING, FINISHED)) {
                // The job's cancellation is interrupting this thread, or has: wait for the
                // interrupter to leave the monitor, then clear the interrupt.
                synchronized(this) { state = FINISHED }
                Thread.interrupted()
            }
        }
    }

    /**
     * After [call]: lets the calls the task's code made complete, and suspends, whatever cancels
     * the caller meanwhile, until they have. Cancelling the task still reaches them until then.
     */
    suspend fun awaitNested() {
        val calls = nested
        if (calls != null) {
            calls.complete()
            if (!calls.isCompleted) withContext(NonCancellable) { calls.join() }
            owners.remove(calls)
        }
        handle?.dispose()
    }

    /** The job of the Fanin calls the task's code made, or null if it made none; read by [runner]. */
    val nestedCalls: Job? get() = nested

    override fun job(): Job = nested ?: Job().also { calls ->
        owners[calls] = job
        nested = calls
        // Read after the write above, as the handler reads [nested] after the job began cancelling:
        // one of the two sees the other.
        if (job.isCancelled) CancelTrampoline.cancel(calls, null)
    }

    /** The job's cancellation: interrupts the Callable if it still runs, cancels nested calls. */
    override fun invoke(cause: Throwable?) {
        nested?.let { CancelTrampoline.cancel(it, cause) }
        if (state != WORKING) return
        synchronized(this) {
            if (STATE.compareAndSet(this, WORKING, INTERRUPTED)) runner?.interrupt()
        }
    }

    companion object {
        private const val WORKING = 0
        private const val INTERRUPTED = 1
        private const val FINISHED = 2

        private val STATE: AtomicIntegerFieldUpdater<BlockingRun> =
            AtomicIntegerFieldUpdater.newUpdater(BlockingRun::class.java, "state")

        /** The task job each live nested job's calls belong to; see awaitStoppedUnlessWithin. */
        private val owners = ConcurrentHashMap<Job, Job>()

        /** The job of the task whose calls [nested] holds, if it is such a job. */
        fun ownerOf(nested: Job): Job? = owners[nested]
    }
}

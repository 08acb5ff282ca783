package dev.fanin.internal

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Job
import kotlinx.coroutines.launch
import kotlin.coroutines.CoroutineContext

/*
 * A CompletableFuture whose work is a coroutine Job.
 *
 * - Completing the future from outside (cancel, complete, completeExceptionally, orTimeout, ...;
 *   see WorkFuture) cancels the job: CompletableFuture.cancel alone stops nothing.
 * - The future completes only when the job has completed, so after its children did: when a
 *   JobFuture is done, no work Fanin started for it is still running. The one exception is a
 *   completion from outside: the future reports it at once, as CompletableFuture must, while the
 *   job may still be stopping; the blocking facade waits for the job with awaitStopped().
 */
internal open class JobFuture<T> : NamedWorkFuture<T>() {
    @Volatile
    lateinit var job: Job

    /** What the work produced: a value, or a [Thrown]. Written before the job completes. */
    @JvmField
    var outcome: Any? = null

    override fun stopWork(mayInterruptIfRunning: Boolean) {
        job.cancel()
    }

    /** Completes this future from [outcome] or from the job's cancellation [cause]. */
    open fun settle(cause: Throwable?) {
        val o = outcome
        if (o is Thrown) {
            // The work failed before anything cancelled it: its own exception is the outcome, even
            // if the job was cancelled afterwards (say, by a group that this failure cancelled).
            failFromWork(o.exception)
        } else if (cause == null) {
            @Suppress("UNCHECKED_CAST")
            completeFromWork(o as T)
        } else {
            cancelFromWork()
        }
    }
}

/**
 * Starts [work] as a coroutine in [context], as a child of [parent] (the ambient job by default), and returns the
 * future of its outcome. [work] returns a value or a [Thrown]; any other exception it throws but a
 * cancellation becomes the future's failure. Java tasks are not run this way: see TaskRun.
 */
internal fun <T> startJobFuture(
    context: CoroutineContext,
    parent: Job? = AmbientJob.get(),
    work: suspend () -> Any?,
): JobFuture<T> {
    val future = JobFuture<T>()
    val job = EngineScope.launch(if (parent == null) context else context + parent, CoroutineStart.LAZY) {
        future.outcome = try {
            work()
        } catch (e: CancellationException) {
            throw e
        } catch (t: Throwable) {
            Thrown(t)
        }
    }
    future.job = job
    job.invokeOnCompletion { cause -> future.settle(cause) }
    job.start()
    return future
}

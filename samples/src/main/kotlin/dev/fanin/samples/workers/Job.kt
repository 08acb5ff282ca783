package dev.fanin.samples.workers

import java.time.Duration
import java.util.concurrent.atomic.AtomicReference

/**
 * One job of the queue-workers sample: the Kotlin producer makes it, a Java worker runs it.
 *
 * [work] is how long the job takes. A worker calls [finish] before it marks the job done on the
 * queue, so once the producer's `join` has returned, every job it sent reports [isFinished].
 */
class Job(val id: Int, val work: Duration) {
    private val finishedBy = AtomicReference<String?>()

    /** The worker that ran the job, or null while it has not finished. */
    val worker: String? get() = finishedBy.get()

    /** Whether a worker has finished the job. */
    val isFinished: Boolean get() = finishedBy.get() != null

    /**
     * Records that [worker] finished the job.
     *
     * @throws IllegalStateException if the job was already finished: the queue delivered it twice
     */
    fun finish(worker: String) {
        check(finishedBy.compareAndSet(null, worker)) { "job $id finished twice: by ${finishedBy.get()} and $worker" }
    }

    override fun toString(): String = "job $id"
}

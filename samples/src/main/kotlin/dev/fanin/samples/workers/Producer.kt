@file:JvmName("Producer")

package dev.fanin.samples.workers

import dev.fanin.CoroutineWorkQueue
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.runBlocking
import java.io.PrintStream
import java.time.Duration
import kotlin.random.Random

/*
 * The Kotlin half of the queue-workers sample (QueueWorkers.java is the Java half): a producer
 * coroutine that fills the queue the Java workers drain, waits until they have run every job, and
 * closes the queue so that their loops end.
 */

/**
 * Makes [count] jobs numbered from 1, each taking between a tenth of [maxWork] and [maxWork],
 * drawn from a Random seeded with [seed] so that a run can be repeated.
 */
fun jobs(count: Int, seed: Long, maxWork: Duration): List<Job> {
    val random = Random(seed)
    val maxMillis = maxWork.toMillis()
    return List(count) { i -> Job(i + 1, Duration.ofMillis(random.nextLong(maxMillis / 10, maxMillis + 1))) }
}

/**
 * Sends every job of [jobs] into [queue], suspends in [CoroutineWorkQueue.join] until the workers have marked
 * each one done, then closes the queue. Returns how many jobs were finished when `join` returned:
 * all of them, since a worker finishes a job before it calls `itemDone`.
 *
 * If it is cancelled (in the sample: because a worker failed and its task group cancels the other
 * tasks), it still closes the queue, so that no consumer waits for jobs that will never come.
 */
suspend fun produce(queue: CoroutineWorkQueue<Job>, jobs: List<Job>, out: PrintStream): Int {
    try {
        for (job in jobs) queue.send(job) // suspends while the queue's buffer is full
        out.println("producer: sent ${jobs.size} jobs, waiting until they are done")
        queue.join()
        val finished = jobs.count { it.isFinished }
        out.println("producer: join returned with $finished of ${jobs.size} jobs finished; closing the queue")
        return finished
    } catch (e: CancellationException) {
        out.println("producer: cancelled; closing the queue")
        throw e
    } finally {
        // close, not cancel: after a normal end the queue is drained anyway, and after a
        // cancellation the task group has already interrupted the workers.
        queue.close()
    }
}

/**
 * [produce] for a Java thread: runs the producer coroutine on the calling thread and returns its
 * result. Interrupting the thread cancels the coroutine, waits for it to end (its `finally`
 * included), and throws [InterruptedException]: that is `runBlocking`'s contract, and what lets a
 * Fanin task group cancel the producer like any other task.
 */
@Throws(InterruptedException::class)
fun produceBlocking(queue: CoroutineWorkQueue<Job>, jobs: List<Job>, out: PrintStream): Int =
    runBlocking { produce(queue, jobs, out) }

package dev.fanin.internal

import dev.fanin.RaceFailedException
import kotlinx.coroutines.Job
import java.util.concurrent.Callable
import java.util.concurrent.Executor
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.time.Duration

/*
 * race over Java Callables that Fanin runs (`Fanin.race`), as TaskRuns of one set whose held job is
 * the race's, a child of the ambient job. The Kotlin form is CoroutineRace (Race.kt); the contract
 * suite keeps the two equal.
 *
 * Winning: the first run to end with a value while the set is not cancelled takes [winner] (one
 * CAS) and cancels the set, which interrupts the running tasks and keeps those not started yet from
 * ever running. The future settles from the job's completion, so once every task has stopped: with
 * the winner's value; else, if every task failed, with a RaceFailedException of the failures in the
 * order they were recorded; else (cancelled from outside) as cancelled.
 *
 * Failing: a run that ends with a Thrown while the set is not cancelled has failed; its exception
 * takes the next slot of [failures]. Once the set is cancelled (won, or from outside), what a run
 * ends with is the cancellation, its echo, or a failure thrown while being cancelled, and is
 * dropped (adr/0023). TaskRun already turns a value returned after its cancellation into CANCELLED.
 *
 * Staggering (a positive stagger): the tasks start one at a time. [claimed] counts the tasks whose
 * start has been claimed; task k + 1 is claimed by whichever comes first of task k's failure and
 * task k's timer, with one CAS (k + 1 -> k + 2), so each task starts once, and the failure or timer
 * of an earlier task claims nothing. The claimed tasks are started by [drain], by one thread at a
 * time (a work counter): a task that fails inline (an executor such as `Runnable::run`) claims the
 * next from inside its start, and the drain loop starts it once that start has returned, so the
 * stack stays flat however many tasks fail. Starting task k cancels task k - 1's timer and arms task
 * k's, none for the last, none for an infinite stagger: a launchDeadline, whose expiry runs off
 * kotlinx's timer thread, since starting a task calls the caller's executor. The set is released
 * once the last task has started, or by its cancellation. Only the staggering thread writes
 * [timer]; [stopTimer] reads it after setting [over], the drain after writing it reads [over], so
 * one of the two cancels a timer armed as the race ends.
 *
 * Not guaranteed: which of two tasks that return at about the same time wins.
 */
internal class TaskRace<T>(
    private val tasks: Array<Callable<*>>,
    private val stagger: Duration,
    private val executor: Executor,
) : JobFuture<T>() {
    private val runs = Runs()

    // Field updaters rather than atomic objects: a race is a few objects besides its runs.
    @Volatile
    private var winner: Any? = NONE
    private val failures = arrayOfNulls<Throwable>(tasks.size)

    @Volatile
    private var failed = 0

    @Volatile
    private var claimed = 1

    @Volatile
    private var drains = 0

    /** Tasks the drain has started; touched only inside [drain]. */
    private var started = 0

    @Volatile
    private var timer: Job? = null

    @Volatile
    private var over = false

    fun start(): TaskRace<T> {
        job = runs.job
        job.invokeOnCompletion { settleRace() }
        if (stagger.isPositive()) {
            drain()
        } else {
            for (i in tasks.indices) {
                if (job.isCancelled) break // won already: a task not started never runs
                runs.start(TaskRun(i, tasks[i], runs), executor)
            }
            runs.release()
        }
        return this
    }

    private inner class Runs : TaskRuns(watched = null, parent = AmbientJob.get()) {
        override fun ended(run: TaskRun, outcome: Any?) {
            when {
                outcome === TaskRun.CANCELLED -> Unit
                job.isCancelled -> Unit // a failure or value once the race was won or cancelled
                outcome is Thrown -> recordFailure(run.index, outcome.exception)
                WINNER.compareAndSet(this@TaskRace, NONE, outcome) -> {
                    stopTimer()
                    runs.cancel(WorkCancellation("another task of the race won"))
                }
            }
        }
    }

    private fun recordFailure(index: Int, failure: Throwable) {
        failures[FAILED.getAndIncrement(this)] = failure
        if (stagger.isPositive()) advance(index)
    }

    /** Task [index] failed or its timer passed: claims the next task's start, if there is one and nothing did. */
    private fun advance(index: Int) {
        if (index < tasks.lastIndex && !job.isCancelled && CLAIMED.compareAndSet(this, index + 1, index + 2)) drain()
    }

    /** Starts the claimed tasks not started yet; by one thread at a time, without recursion. */
    private fun drain() {
        if (DRAINS.getAndIncrement(this) != 0) return
        do {
            while (started < claimed) startStaggered(started++)
        } while (DRAINS.decrementAndGet(this) != 0)
    }

    private fun startStaggered(index: Int) {
        timer?.cancel() // the previous task's: it could claim nothing now
        runs.start(TaskRun(index, tasks[index], runs), executor)
        if (index == tasks.lastIndex) {
            runs.release()
            return
        }
        // No timer if the task failed inline (the next is claimed) or the stagger never passes.
        if (stagger.isInfinite() || claimed != index + 1) return
        val next = EngineScope.launchDeadline(EmptyCoroutineContext, stagger) { advance(index) }
        timer = next
        if (over) next.cancel()
    }

    private fun stopTimer() {
        over = true
        timer?.cancel()
    }

    /** Called once, when every task has ended and the race's job has completed. */
    private fun settleRace() {
        stopTimer()
        val value = winner
        when {
            value !== NONE -> {
                @Suppress("UNCHECKED_CAST")
                completeFromWork(value as T)
            }
            failed == tasks.size -> failFromWork(RaceFailedException(failures.asList().requireNoNulls()))
            else -> cancelFromWork()
        }
    }

    private companion object {
        /** [winner] before any task has won (a task may win with null). */
        val NONE = Any()

        val WINNER: AtomicReferenceFieldUpdater<TaskRace<*>, Any?> =
            AtomicReferenceFieldUpdater.newUpdater(TaskRace::class.java, Any::class.java, "winner")
        val FAILED: AtomicIntegerFieldUpdater<TaskRace<*>> = AtomicIntegerFieldUpdater.newUpdater(TaskRace::class.java, "failed")
        val CLAIMED: AtomicIntegerFieldUpdater<TaskRace<*>> = AtomicIntegerFieldUpdater.newUpdater(TaskRace::class.java, "claimed")
        val DRAINS: AtomicIntegerFieldUpdater<TaskRace<*>> = AtomicIntegerFieldUpdater.newUpdater(TaskRace::class.java, "drains")
    }
}

@file:JvmName("-Race") // A leading '-' hides this Kotlin-only facade from Java.

package dev.fanin

import dev.fanin.internal.requireNotNegative
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.cancel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeoutOrNull
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicReference
import kotlin.time.Duration

/**
 * Runs [tasks] and returns the value of the first one to succeed, once every other task has been
 * cancelled and has completed (asyncio's `staggered_race`, the JDK's `ExecutorService.invokeAny`).
 * No task outlives the call.
 *
 * Each task runs in a child coroutine of the caller, on the caller's dispatcher.
 *
 * **Stagger.** With the default [stagger] of zero every task starts at once. Otherwise the tasks
 * start one at a time, in argument order: the next starts when the task started before it fails,
 * or when [stagger] has passed since that task started, whichever comes first (asyncio's
 * `staggered_race`; Happy Eyeballs, RFC 8305, starts its connection attempts this way).
 * [Duration.INFINITE] starts the next task only when the one before has failed: the tasks are
 * tried in turn. Once a task has succeeded no other starts. The timer is a coroutine `delay` on the
 * caller's dispatcher, so virtual time drives it in tests.
 *
 * **Failure.** A task that fails does not end the race. When every task has failed, the function
 * throws [RaceFailedException], listing every task's exception in the order the tasks failed. A
 * task that throws [CancellationException] itself, without being cancelled, has failed too: it is
 * listed, and it starts the next task at once. When a task wins, the other tasks' failures, earlier
 * ones and those thrown while being cancelled, are not reported (adr/0023).
 *
 * **Cancellation.** This suspending function is cancellable: if the calling coroutine is cancelled
 * while it waits, every task is cancelled and the function throws [CancellationException] once
 * they have completed. The tasks that lose are cancelled the same way; a task that catches its
 * cancellation and returns a value anyway has lost, and its value is dropped.
 *
 * Not guaranteed: which of two tasks that succeed at about the same time wins.
 *
 * ## Pitfalls
 *
 * A task the stagger starts runs where the caller's dispatcher puts it once the wait has passed.
 * With `Dispatchers.Unconfined` that is the thread that resumed the wait, kotlinx's timer thread,
 * as for any unconfined coroutine after a `delay`: give a staggered race a dispatcher. (The Java
 * forms never start a task there.)
 *
 * ```
 * val quote = race({ fetchQuote(primary) }, { fetchQuote(mirror) }, stagger = 200.milliseconds)
 * ```
 *
 * Related: [firstCompleted] for deferreds you already hold; the Java facade's `Fanin.race` and
 * `FaninBlocking.race` have the same contract. This differs from JavaScript's `Promise.race`, which
 * settles with the first task to end, failed or not (that is [firstCompleted]).
 *
 * @throws IllegalArgumentException if [tasks] is empty or [stagger] is negative
 */
public suspend fun <T> race(vararg tasks: suspend () -> T, stagger: Duration = Duration.ZERO): T =
    race(tasks.asList(), stagger)

/** Iterable form of [race]; same contract. */
public suspend fun <T> race(tasks: Iterable<suspend () -> T>, stagger: Duration = Duration.ZERO): T {
    val inputs = tasks.toList()
    require(inputs.isNotEmpty()) { "tasks is empty" }
    requireNotNegative(stagger, "stagger")
    return CoroutineRace(inputs).run(stagger)
}

/*
 * The Kotlin race. Tasks are `launch` children of a coroutineScope that never fail: each attempt
 * catches what its task throws. The first task to return while its coroutine is active takes the
 * win (one CAS) and cancels the scope, which cancels the other tasks and the staggering loop, and
 * coroutineScope returns only once every child has completed. A task that throws while active has
 * failed: its exception takes the next slot of [failures] (completion order) and, when staggered,
 * completes the signal the loop waits on to start the next task. Whatever a task ends with once its
 * coroutine is cancelled is the race's cancellation or its echo, and is dropped.
 *
 * So coroutineScope ends in one of two ways: cancelled (a winner, or the caller's cancellation,
 * told apart by the caller's own job), or normally, which means no task won and none was
 * cancelled: every task failed.
 */
private class CoroutineRace<T>(private val tasks: List<suspend () -> T>) {
    private val winner = AtomicReference<Any?>(NONE)
    private val failures = arrayOfNulls<Throwable>(tasks.size)
    private val failed = AtomicInteger()

    suspend fun run(stagger: Duration): T {
        val staggered = stagger.isPositive()
        try {
            coroutineScope {
                for (i in tasks.indices) {
                    if (!isActive) break // decided: the tasks not started never start
                    val lost = if (staggered && i < tasks.lastIndex) CompletableDeferred<Unit>() else null
                    launch { attempt(i, lost, this@coroutineScope) }
                    if (lost != null) withTimeoutOrNull(stagger) { lost.await() }
                }
            }
        } catch (e: CancellationException) {
            currentCoroutineContext().ensureActive() // the caller's cancellation, not the win
            if (winner.get() === NONE) throw e
        }
        val value = winner.get()
        if (value !== NONE) {
            @Suppress("UNCHECKED_CAST")
            return value as T
        }
        check(failed.get() == tasks.size) { "a race ended with neither a winner nor every task failed" }
        throw RaceFailedException(failures.asList().requireNoNulls())
    }

    private suspend fun attempt(index: Int, lost: CompletableDeferred<Unit>?, race: CoroutineScope) {
        val value = try {
            tasks[index]()
        } catch (t: Throwable) {
            if (!currentCoroutineContext().isActive) return // the race's cancellation or its echo
            failures[failed.getAndIncrement()] = t
            lost?.complete(Unit)
            return
        }
        // A value returned after the cancellation reached this task has lost.
        if (currentCoroutineContext().isActive && winner.compareAndSet(NONE, value)) {
            race.cancel(CancellationException("another task of the race won"))
        }
    }

    private companion object {
        /** [winner] before any task has won (a task may win with null). */
        val NONE = Any()
    }
}

@file:JvmName("-AsCompleted") // A leading '-' hides this Kotlin-only facade from Java.

package dev.fanin

import dev.fanin.internal.requireNotNegative
import dev.fanin.internal.settle
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.async
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.launch
import kotlinx.coroutines.sync.Semaphore
import java.util.concurrent.TimeoutException
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration

/**
 * Runs every task concurrently and emits their results in completion order (asyncio's
 * `as_completed`), each tagged with the task's index and the task itself.
 *
 * The tasks start when the flow is collected, as children of the collector. A failed task is a
 * [Completion] in its turn, with the exception in its [Completion.outcome]; the other tasks go on.
 *
 * **Timeout.** Once [timeout] passes, the results that had arrived are still emitted, then the flow
 * throws [TimeoutException]. Leaving the flow that way, like any other way, cancels the tasks it
 * started: a flow's coroutines do not outlive its collection. (asyncio leaves them running; the Java
 * forms cancel them too.)
 *
 * **Cancellation.** Cancelling the collector, or leaving the flow early (`take(1)`, an exception in
 * `collect`), cancels every task that has not finished.
 *
 * ```
 * asCompleted({ fetch("a") }, { fetch("b") }).collect { page ->
 *     println("task ${page.index} finished: ${page.outcome}")
 * }
 * ```
 *
 * @throws IllegalArgumentException if [timeout] is negative
 */
public fun <T> asCompleted(
    vararg tasks: suspend () -> T,
    timeout: Duration = Duration.INFINITE,
): Flow<Completion<T, suspend () -> T>> = asCompleted(tasks.asList(), timeout)

/**
 * [asCompleted] over a list of tasks: the same contract, for tasks built at run time, as in
 * `asCompleted(ids.map { id -> suspend { lookUp(id) } })`.
 *
 * @throws IllegalArgumentException if [timeout] is negative
 */
public fun <T> asCompleted(
    tasks: Iterable<suspend () -> T>,
    timeout: Duration = Duration.INFINITE,
): Flow<Completion<T, suspend () -> T>> {
    requireNotNegative(timeout)
    val inputs = tasks.toList()
    return completionOrder(inputs, timeout) { task -> settle(task) }
}

/**
 * Emits the results of [deferreds] in completion order, each tagged with its index and the deferred
 * itself. A deferred that failed or was cancelled is a [Completion] in its turn.
 *
 * The deferreds belong to the caller: leaving the flow, cancelling the collector or the timeout
 * cancels none of them. Once [timeout] passes, the results that had arrived are still emitted, then
 * the flow throws [TimeoutException].
 *
 * ```
 * asCompletedDeferreds(listOf(primary, fallback)).first().value
 * ```
 *
 * Its own name, not an [asCompleted] overload, as with [gatherDeferreds] (adr/0020); the Java
 * facade's `Fanin.asCompletedFutures` is its twin.
 *
 * @throws IllegalArgumentException if [timeout] is negative
 */
public fun <T> asCompletedDeferreds(
    deferreds: Collection<Deferred<T>>,
    timeout: Duration = Duration.INFINITE,
): Flow<Completion<T, Deferred<T>>> {
    requireNotNegative(timeout)
    val inputs = deferreds.toList()
    return completionOrder(inputs, timeout) { deferred -> deferred.settle() }
}

/**
 * Runs the tasks this flow emits, at most [limit] at a time, and emits their results in completion
 * order.
 *
 * This flow is collected lazily, only as slots free up: a slot is taken when a task is collected
 * and freed when its result has been emitted downstream, so running tasks plus unemitted results
 * never exceed [limit], and memory stays O(limit) however long the source is. [Completion.index]
 * counts tasks in the order the source emitted them.
 *
 * **Failure.** A failed task is a result like any other. If the source flow throws, the flow
 * throws that exception and every running task is cancelled.
 *
 * **Cancellation.** Cancelling the collector, or leaving the flow early, cancels every running task.
 *
 * ```
 * userIds.asFlow().map { id -> suspend { lookUp(id) } }.asCompleted(limit = 64).collect { save(it.value) }
 * ```
 *
 * @throws IllegalArgumentException if [limit] < 1
 */
public fun <T> Flow<suspend () -> T>.asCompleted(limit: Int): Flow<Completion<T, suspend () -> T>> {
    require(limit >= 1) { "limit < 1: $limit" }
    val source = this
    return flow {
        coroutineScope {
            val slots = Semaphore(limit)
            val results = Channel<Completion<T, suspend () -> T>>(Channel.UNLIMITED)
            // Tasks started and not yet emitted, plus one for the puller until the source ends.
            val outstanding = AtomicInteger(1)
            launch {
                var index = 0
                // The slot for a task is taken before the source may produce it, so the source
                // never runs more than `limit` tasks ahead of what was emitted.
                slots.acquire()
                source.collect { task ->
                    outstanding.incrementAndGet()
                    val i = index++
                    launch { results.send(Completion(i, task, settle(task))) }
                    slots.acquire()
                }
                slots.release() // the slot reserved for a task the source never produced
                if (outstanding.decrementAndGet() == 0) results.close()
            }
            for (completion in results) {
                emit(completion)
                slots.release()
                if (outstanding.decrementAndGet() == 0) results.close()
            }
        }
    }
}

/**
 * [asCompleted] with the results emitted in the order the source emitted the tasks. Same contract;
 * results of tasks that finish early are held back, at most [limit] of them, until the earlier ones
 * have been emitted.
 *
 * @throws IllegalArgumentException if [limit] < 1
 */
public fun <T> Flow<suspend () -> T>.asCompletedOrdered(limit: Int): Flow<Completion<T, suspend () -> T>> {
    require(limit >= 1) { "limit < 1: $limit" }
    val source = this
    return flow {
        coroutineScope {
            val slots = Semaphore(limit)
            val started = Channel<Pair<suspend () -> T, Deferred<Outcome<T>>>>(Channel.UNLIMITED)
            launch {
                slots.acquire() // as in asCompleted: the slot comes before the source produces a task
                source.collect { task ->
                    started.send(task to async { settle(task) })
                    slots.acquire()
                }
                slots.release()
                started.close()
            }
            var index = 0
            for ((task, outcome) in started) {
                emit(Completion(index++, task, outcome.await()))
                slots.release()
            }
        }
    }
}

/** [asCompleted] over a lazy [Sequence] of tasks; same contract. */
public fun <T> Sequence<suspend () -> T>.asCompleted(limit: Int): Flow<Completion<T, suspend () -> T>> =
    asFlow().asCompleted(limit)

/** [asCompletedOrdered] over a lazy [Sequence] of tasks; same contract. */
public fun <T> Sequence<suspend () -> T>.asCompletedOrdered(limit: Int): Flow<Completion<T, suspend () -> T>> =
    asFlow().asCompletedOrdered(limit)

/** Every input settled concurrently, emitted as each settles; the timeout closes the results. */
private fun <I, T> completionOrder(
    inputs: List<I>,
    timeout: Duration,
    settleInput: suspend (I) -> Outcome<T>,
): Flow<Completion<T, I>> = flow {
    coroutineScope {
        val results = Channel<Completion<T, I>>(Channel.UNLIMITED)
        inputs.forEachIndexed { index, input ->
            launch {
                // Fails only once the deadline closed the channel: then the result is not reported,
                // as in asyncio.
                results.trySend(Completion(index, input, settleInput(input)))
            }
        }
        val timer = if (timeout.isInfinite()) null else launch {
            delay(timeout)
            results.close(TimeoutException("asCompleted timed out after $timeout"))
        }
        // Results already sent before close() are still received; then receive() throws the timeout.
        repeat(inputs.size) { emit(results.receive()) }
        timer?.cancel()
    }
}

@file:JvmName("KotlinAsCompleted")

package dev.fanin.benchmarks

import dev.fanin.asCompleted
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.flow.flatMapMerge
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.selects.select

/*
 * Plain functions for AsCompletedKotlinBenchmark and BoundedWindowMemoryCheck: JMH benchmarks are
 * written in Java, and Java cannot call a suspend function, so each helper runs its own
 * runBlocking. Every measured helper pays the same runBlocking, and every task runs on its thread
 * (runBlocking's event loop), so the difference between them is the fan-in itself.
 *
 * Each helper returns the sum of the values, so nothing is optimised away and a wrong count shows.
 */

/** A trivial task: returns [value] without suspending. */
typealias IntTask = suspend () -> Int

/** [n] trivial tasks; task `i` returns `i`, boxed once, here, not in the measurement. */
fun trivialTasks(n: Int): List<IntTask> = List(n) { i ->
    val boxed: Any = i
    @Suppress("UNCHECKED_CAST")
    (suspend { boxed } as IntTask)
}

/** Fanin's `asCompleted(tasks)`: every task started at once, results in completion order. */
fun faninAsCompleted(tasks: List<IntTask>): Long = runBlocking {
    var sum = 0L
    asCompleted(tasks).collect { sum += it.value }
    sum
}

/** Reference: kotlinx's `flatMapMerge` with room for every task, one inner flow per task. */
@OptIn(ExperimentalCoroutinesApi::class)
fun rawFlatMapMerge(tasks: List<IntTask>): Long = runBlocking {
    var sum = 0L
    tasks.asFlow().flatMapMerge(concurrency = tasks.size) { task -> flow { emit(task()) } }.collect { sum += it }
    sum
}

/**
 * Reference: one `async` per task, then `select` over `onAwait` of those not yet taken, as often as
 * there are tasks. Each select registers on every remaining deferred, so this is O(n²) per call:
 * it is the idiom, not a tuned reference.
 */
fun rawSelectOnAwait(tasks: List<IntTask>): Long = runBlocking {
    val pending: MutableList<Deferred<Int>> = tasks.mapTo(ArrayList(tasks.size)) { task -> async { task() } }
    var sum = 0L
    while (pending.isNotEmpty()) {
        val (index, value) = select {
            pending.forEachIndexed { i, deferred -> deferred.onAwait { value -> IndexedValue(i, value) } }
        }
        // Order does not matter: swap the last one into the hole, O(1).
        pending[index] = pending[pending.size - 1]
        pending.removeAt(pending.size - 1)
        sum += value
    }
    sum
}

/** Fanin's bounded form: `tasks.asFlow().asCompleted(limit)`. */
fun faninAsCompletedBounded(tasks: List<IntTask>, limit: Int): Long = runBlocking {
    var sum = 0L
    tasks.asFlow().asCompleted(limit).collect { sum += it.value }
    sum
}

/** Reference for the bounded form: `flatMapMerge(limit)`, one inner flow per task. */
@OptIn(ExperimentalCoroutinesApi::class)
fun rawFlatMapMergeBounded(tasks: List<IntTask>, limit: Int): Long = runBlocking {
    var sum = 0L
    tasks.asFlow().flatMapMerge(concurrency = limit) { task -> flow { emit(task()) } }.collect { sum += it }
    sum
}

/**
 * For BoundedWindowMemoryCheck: [total] trivial tasks made on demand by a lazy [Sequence] (task `i`
 * returns `i`), run with `asCompleted(limit)`; returns how many results arrived. [progress] is
 * called with the count every [every] results, on the collecting thread.
 */
fun countBoundedSequence(total: Int, limit: Int, every: Int, progress: (Int) -> Unit): Int = runBlocking {
    val source: Sequence<IntTask> = (0 until total).asSequence().map { i -> suspend { i } }
    var count = 0
    source.asCompleted(limit).collect {
        it.value
        count++
        if (count % every == 0) progress(count)
    }
    count
}

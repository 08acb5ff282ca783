@file:JvmName("KotlinTaskGroup")

package dev.fanin.benchmarks

import dev.fanin.taskGroup
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.runBlocking

/*
 * Plain functions for TaskGroupKotlinBenchmark: JMH benchmarks are written in Java, and Java cannot
 * call a suspend function, so each helper runs its own runBlocking. Both forms start n trivial
 * coroutines on runBlocking's event loop (Fanin's Kotlin fork is an async child of the group, on
 * the caller's dispatcher) and await every result, so the difference between them is the group.
 */

/** `taskGroup { List(n) { fork { it } }.awaitAll() }`. */
fun faninTaskGroup(n: Int): List<Int> = runBlocking {
    taskGroup { List(n) { i -> fork { i } }.awaitAll() }
}

/** The reference: `coroutineScope { List(n) { async { it } }.awaitAll() }`. */
fun rawCoroutineScope(n: Int): List<Int> = runBlocking {
    coroutineScope { List(n) { i -> async { i } }.awaitAll() }
}

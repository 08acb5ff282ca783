@file:JvmName("KotlinScale")

package dev.fanin.benchmarks.scale

import dev.fanin.gather
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking

/*
 * The scale test's Kotlin variants. Both run on runBlocking's single-threaded event loop, as asyncio
 * runs on one thread, so they differ only in Fanin's gather against kotlinx's async + awaitAll.
 */

/** [n] tasks that each wait [waitMillis], gathered with Fanin's Kotlin gather; the sum of results. */
fun faninGather(n: Int, waitMillis: Long): Long = runBlocking {
    val tasks = List<suspend () -> Int>(n) { i -> { delay(waitMillis); i } }
    gather(tasks).sumOf { it.toLong() }
}

/** The same with raw kotlinx: one async per task, then awaitAll. */
fun rawAwaitAll(n: Int, waitMillis: Long): Long = runBlocking {
    coroutineScope {
        List(n) { i -> async { delay(waitMillis); i } }.awaitAll().sumOf { it.toLong() }
    }
}

@file:JvmName("KotlinGather")

package dev.fanin.benchmarks

import dev.fanin.gatherDeferreds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking

/*
 * Plain functions for GatherKotlinBenchmark: JMH benchmarks are written in Java, and Java cannot
 * call a suspend function, so each helper runs its own runBlocking. Both measured helpers pay the
 * same runBlocking, so the difference between them is the gather itself.
 */

/** [n] deferreds already completed with 0 until n (boxed once, here, not in the measurement). */
fun completedDeferreds(n: Int): List<Deferred<Int>> = List(n) { CompletableDeferred(it) }

/** Fanin's `gatherDeferreds(Collection<Deferred<T>>)`. */
fun faninGather(deferreds: List<Deferred<Int>>): List<Int> = runBlocking { gatherDeferreds(deferreds) }

/** The reference: kotlinx's own `awaitAll`. */
fun rawAwaitAll(deferreds: List<Deferred<Int>>): List<Int> = runBlocking { deferreds.awaitAll() }

@file:JvmName("KotlinSelects")

package dev.fanin.benchmarks

import dev.fanin.onComplete
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.selects.select
import kotlinx.coroutines.selects.selectUnbiased
import java.util.concurrent.CompletableFuture

/*
 * Plain functions for SelectKotlinBenchmark, in the shape of SelectShapes: producers and the
 * selecting consumer are coroutines on Dispatchers.Default (two threads on two cores), in one
 * runBlocking per call, as in KotlinChannels.kt. The element type is generic so that the pre-boxed
 * Integers are received as they are; the checksums use hashCode(), the value of an Integer.
 */

/**
 * Two producer coroutines send the first and the second half of [elements] into [a] and [b]; the
 * consumer runs `select { a.onReceive; b.onReceive }` (or `selectUnbiased` if [unbiased]) once per
 * element. Returns the consumer's sum.
 */
fun <E : Any> coroutineSelect(a: Channel<E>, b: Channel<E>, elements: Array<E>, unbiased: Boolean): Long =
    runBlocking(Dispatchers.Default) {
        val half = elements.size / 2
        launch { for (i in 0 until half) a.send(elements[i]) }
        launch { for (i in half until elements.size) b.send(elements[i]) }
        var sum = 0L
        if (unbiased) {
            repeat(elements.size) {
                sum += selectUnbiased<E> {
                    a.onReceive { it }
                    b.onReceive { it }
                }.hashCode()
            }
        } else {
            repeat(elements.size) {
                sum += select<E> {
                    a.onReceive { it }
                    b.onReceive { it }
                }.hashCode()
            }
        }
        sum
    }

/**
 * One producer coroutine sends [elements] into [channel]; the consumer selects between a receive
 * from it and kotlinx's own clause for something that never completes during the call: `onAwait`
 * of a pending [CompletableDeferred] (registered and disposed by every select, no trace left).
 * The raw reference for [coroutineSelectWithPendingFuture].
 */
fun <E : Any> coroutineSelectWithPendingDeferred(channel: Channel<E>, elements: Array<E>): Long =
    runBlocking(Dispatchers.Default) {
        val pending = CompletableDeferred<E>()
        launch { for (element in elements) channel.send(element) }
        var sum = 0L
        repeat(elements.size) {
            sum += select<E> {
                channel.onReceive { it }
                pending.onAwait { it }
            }.hashCode()
        }
        sum
    }

/**
 * As [coroutineSelectWithPendingDeferred], with Fanin's `onComplete(stage)` clause on a pending
 * [CompletableFuture] in place of `onAwait`. Each select adds a completion callback to the future,
 * kept until it completes (as SelectClauses.kt documents), so every call has a future of its own and
 * completes it at the end, which runs the call's 8192 callbacks: that cost is part of the score.
 */
fun <E : Any> coroutineSelectWithPendingFuture(channel: Channel<E>, elements: Array<E>): Long =
    runBlocking(Dispatchers.Default) {
        val pending = CompletableFuture<E>()
        launch { for (element in elements) channel.send(element) }
        var sum = 0L
        repeat(elements.size) {
            sum += select<E> {
                channel.onReceive { it }
                onComplete(pending) { error("the pending future completed during the call: $it") }
            }.hashCode()
        }
        pending.complete(null)
        sum
    }

/**
 * No waiting and no other coroutine: for each of [elements], one coroutine sends it into [a] (which
 * has room) and then runs `select { a.onReceive; b.onReceive }` (or `selectUnbiased`), [b] staying
 * empty. Returns the sum of the elements selected.
 */
fun <E : Any> coroutineSelectReady(a: Channel<E>, b: Channel<E>, elements: Array<E>, unbiased: Boolean): Long =
    runBlocking(Dispatchers.Default) {
        var sum = 0L
        if (unbiased) {
            for (element in elements) {
                a.send(element)
                sum += selectUnbiased<E> {
                    a.onReceive { it }
                    b.onReceive { it }
                }.hashCode()
            }
        } else {
            for (element in elements) {
                a.send(element)
                sum += select<E> {
                    a.onReceive { it }
                    b.onReceive { it }
                }.hashCode()
            }
        }
        sum
    }

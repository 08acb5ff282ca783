@file:JvmName("KotlinChannels")

package dev.fanin.benchmarks

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.ReceiveChannel
import kotlinx.coroutines.channels.SendChannel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

/*
 * Plain functions for ChannelJavaBenchmark and ChannelKotlinBenchmark (JMH benchmarks are Java, and
 * Java cannot call a suspend function). The element type is generic so that the pre-boxed Integers
 * the benchmarks pass in are sent as they are, never unboxed and boxed again; the checksums use
 * hashCode(), which is the value of an Integer.
 */

/** A raw kotlinx channel of [capacity] (0: rendezvous), as `Channel(capacity)` makes it. */
fun <E> rawChannel(capacity: Int): Channel<E> = Channel(capacity)

/** The naive facade's send: a `runBlocking` per element. */
fun <E> naiveSend(channel: SendChannel<E>, element: E) {
    runBlocking { channel.send(element) }
}

/** The naive facade's receive: a `runBlocking` per element. */
fun <E> naiveReceive(channel: ReceiveChannel<E>): E = runBlocking { channel.receive() }

/**
 * Rendezvous ping-pong between two coroutines on [Dispatchers.Default]: for each of [elements] the
 * pinger sends it on [ping] and receives it back on [pong], which the ponger does in reverse.
 * Returns the sum of the elements the pinger got back.
 */
fun <E : Any> coroutinePingPong(ping: Channel<E>, pong: Channel<E>, elements: Array<E>, roundTrips: Int): Long =
    runBlocking(Dispatchers.Default) {
        launch {
            repeat(roundTrips) { pong.send(ping.receive()) }
        }
        var sum = 0L
        for (i in 0 until roundTrips) {
            ping.send(elements[i])
            sum += pong.receive().hashCode()
        }
        sum
    }

/**
 * Producer-consumer between two coroutines on [Dispatchers.Default]: the producer sends every
 * element of [elements] into [channel], the consumer receives as many. Returns the consumer's sum.
 */
fun <E : Any> coroutineProducerConsumer(channel: Channel<E>, elements: Array<E>): Long =
    runBlocking(Dispatchers.Default) {
        launch {
            for (element in elements) channel.send(element)
        }
        var sum = 0L
        repeat(elements.size) { sum += channel.receive().hashCode() }
        sum
    }

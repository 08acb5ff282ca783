package dev.fanin.samples

import dev.fanin.CoroutineWorkQueue
import dev.fanin.java.ChannelClosedException
import dev.fanin.testing.Forked
import dev.fanin.testing.Forks
import dev.fanin.testing.NoLeaksExtension
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.future.await
import kotlinx.coroutines.joinAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.extension.ExtendWith
import java.io.IOException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.ConcurrentLinkedQueue
import dev.fanin.java.Channel as JavaChannel
import dev.fanin.java.WorkQueue as JavaWorkQueue

/**
 * One channel shared by Kotlin coroutines and Java threads: whichever side sends and whichever
 * receives, every element is received exactly once, and a close on one side ends the other.
 *
 * The coroutines run on `Dispatchers.Default`, so senders and receivers really run in parallel;
 * the timeout is only a guard against hangs.
 */
@ExtendWith(NoLeaksExtension::class)
@Timeout(60)
class ChannelSharingTest {

    /** A Kotlin producer coroutine and three Java consumer threads: each element reaches one consumer once. */
    @Test
    fun kotlinProducer_javaConsumers_eachElementOnce() {
        val channel = JavaChannel.buffered<Int>(8)
        val received = ConcurrentLinkedQueue<Int>()
        val consumers = List(3) { i ->
            Forks.start("java-consumer-$i") {
                for (element in channel) received.add(element)
            }
        }
        runBlocking(Dispatchers.Default) {
            launch {
                val kotlin = channel.asKotlinChannel()
                try {
                    for (i in 0 until COUNT) kotlin.send(i)
                } finally {
                    kotlin.close()
                }
            }
        }
        consumers.joinEach()
        assertExactlyOnce(COUNT, received)
    }

    /** Two Java producer threads on a rendezvous channel and three Kotlin consumer coroutines: each element once. */
    @Test
    fun javaProducers_kotlinConsumers_eachElementOnce() {
        val channel = JavaChannel.rendezvous<Int>()
        val producers = List(2) { p ->
            Forks.start("java-producer-$p") {
                for (i in p until COUNT step 2) channel.send(i)
            }
        }
        val closer = Forks.start("closer") {
            producers.joinEach()
            channel.close()
        }
        val received = runBlocking(Dispatchers.Default) {
            val kotlin = channel.asKotlinChannel()
            List(3) {
                async {
                    val mine = mutableListOf<Int>()
                    for (element in kotlin) mine += element
                    mine
                }
            }.awaitAll().flatten()
        }
        closer.join()
        assertExactlyOnce(COUNT, received)
    }

    /**
     * Java threads and Kotlin coroutines both send and both receive on one channel, the Java side
     * mixing blocking and future forms: each element is received once.
     */
    @Test
    fun bothSidesSendAndReceive_eachElementOnce() {
        val channel = JavaChannel.buffered<Int>(2)
        val received = ConcurrentLinkedQueue<Int>()
        val javaProduced = CompletableFuture<Unit>()
        val javaProducer = Forks.start("java-producer") {
            try {
                for (i in 0 until COUNT step 2) {
                    if (i % 4 == 0) channel.send(i) else channel.sendAsync(i).join()
                }
            } finally {
                javaProduced.complete(Unit)
            }
        }
        val javaConsumer = Forks.start("java-consumer") {
            while (true) {
                val result = channel.receiveCatching()
                if (result.isClosed) break
                received.add(result.element())
            }
        }
        runBlocking(Dispatchers.Default) {
            val kotlin = channel.asKotlinChannel()
            val kotlinConsumer = launch { for (element in kotlin) received.add(element) }
            val futureConsumer = launch {
                while (true) {
                    val element = try {
                        channel.receiveAsync().await()
                    } catch (e: ChannelClosedException) {
                        break
                    }
                    received.add(element)
                }
            }
            launch {
                for (i in 1 until COUNT step 2) kotlin.send(i)
            }.join()
            javaProduced.await()
            kotlin.close()
            kotlinConsumer.join()
            futureConsumer.join()
        }
        javaProducer.join()
        javaConsumer.join()
        assertExactlyOnce(COUNT, received)
    }

    /**
     * A Kotlin producer that fails closes the channel with the cause: the Java consumer gets every
     * element sent before, then ChannelClosedException with that cause.
     */
    @Test
    fun kotlinProducerFails_javaConsumerDrainsThenSeesCause() {
        val channel = JavaChannel.rendezvous<Int>()
        val cause = IOException("source lost")
        val received = mutableListOf<Int>()
        val consumer = Forks.start("java-consumer") {
            val thrown = assertThrows(ChannelClosedException::class.java) {
                for (element in channel) received += element
            }
            assertEquals(IOException::class.java, thrown.cause?.javaClass)
            assertEquals("source lost", thrown.cause?.message)
        }
        runBlocking(Dispatchers.Default) {
            launch {
                val kotlin = channel.asKotlinChannel()
                for (i in 0 until 10) kotlin.send(i)
                kotlin.close(cause)
            }
        }
        consumer.join()
        assertEquals((0 until 10).toList(), received)
    }

    /**
     * A Kotlin producer fills a Kotlin CoroutineWorkQueue that Java worker threads drain through the Java
     * view: the producer's join returns once the Java workers have marked every item done.
     */
    @Test
    fun kotlinWorkQueue_javaWorkers_joinWaitsForEveryItem() {
        val queue = CoroutineWorkQueue<Int>(capacity = 16)
        val view = JavaWorkQueue.wrap(queue)
        assertSame(queue, view.asKotlinChannel())
        val processed = ConcurrentLinkedQueue<Int>()
        val workers = List(3) { w ->
            Forks.start("java-worker-$w") {
                for (item in view) {
                    processed.add(item)
                    view.itemDone()
                }
            }
        }
        runBlocking(Dispatchers.Default) {
            for (i in 0 until COUNT) queue.send(i)
            queue.join()
            assertEquals(COUNT, processed.size, "join returned before every item was done")
            assertEquals(0L, queue.unfinishedItems)
            queue.close()
        }
        workers.joinEach()
        assertExactlyOnce(COUNT, processed)
    }

    /**
     * A Java producer fills a Java WorkQueue that Kotlin worker coroutines drain: the Java join
     * returns once the coroutines have marked every item done.
     */
    @Test
    fun javaWorkQueue_kotlinWorkers_javaJoinWaitsForEveryItem() {
        val queue = JavaWorkQueue.buffered<Int>(4)
        val kotlin = queue.asKotlinChannel()
        val processed = ConcurrentLinkedQueue<Int>()
        runBlocking(Dispatchers.Default) {
            val workers = List(3) {
                launch {
                    for (item in kotlin) {
                        processed.add(item)
                        kotlin.itemDone()
                    }
                }
            }
            val producer = Forks.start("java-producer") {
                for (i in 0 until COUNT) queue.send(i)
                queue.join()
                assertEquals(COUNT, processed.size, "join returned before every item was done")
                queue.close()
            }
            workers.joinAll()
            producer
        }.join()
        assertExactlyOnce(COUNT, processed)
    }

    private companion object {
        const val COUNT = 2000

        fun List<Forked>.joinEach() = forEach { it.join() }

        fun assertExactlyOnce(count: Int, received: Collection<Int>) {
            assertEquals((0 until count).toList(), received.sorted(), "each element received exactly once")
        }
    }
}

package dev.fanin

import dev.fanin.testing.NoLeaksExtension
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.channels.BufferOverflow
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.ClosedSendChannelException
import kotlinx.coroutines.joinAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.selects.select
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withTimeoutOrNull
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith
import kotlin.time.Duration.Companion.seconds

/** The Kotlin [CoroutineWorkQueue]: counting unfinished items, [CoroutineWorkQueue.itemDone], [CoroutineWorkQueue.join], in virtual time. */
@ExtendWith(NoLeaksExtension::class)
class WorkQueueTest {

    // ---------------------------------------------------------------- counting and join

    /** join returns without suspending when no item is unfinished. */
    @Test
    fun join_noItems_returnsWithoutSuspending() = runTest {
        val queue = CoroutineWorkQueue<String>()
        var joined = false
        launch(start = CoroutineStart.UNDISPATCHED) {
            queue.join()
            joined = true
        }
        assertTrue(joined)
        assertEquals(0L, queue.unfinishedItems)
    }

    /** Each send counts one item; receiving does not finish it, itemDone does. */
    @Test
    fun unfinishedItems_sendsReceivesAndItemDone_countedUntilDone() = runTest {
        val queue = CoroutineWorkQueue<Int>()
        queue.send(1)
        assertTrue(queue.trySend(2).isSuccess)
        assertEquals(2L, queue.unfinishedItems)
        assertEquals(1, queue.receive())
        assertEquals(2, queue.tryReceive().getOrThrow())
        assertEquals(2L, queue.unfinishedItems, "receiving does not finish an item")
        queue.itemDone()
        assertEquals(1L, queue.unfinishedItems)
        queue.itemDone()
        assertEquals(0L, queue.unfinishedItems)
    }

    /** join suspends until every item has been marked done, not merely received. */
    @Test
    fun join_itemsUnfinished_suspendsUntilEachItemDone() = runTest {
        val queue = CoroutineWorkQueue<String>()
        queue.send("a")
        queue.send("b")
        val joiner = launch { queue.join() }
        runCurrent()
        assertFalse(joiner.isCompleted)
        assertEquals("a", queue.receive())
        assertEquals("b", queue.receive())
        runCurrent()
        assertFalse(joiner.isCompleted, "received but not done")
        queue.itemDone()
        runCurrent()
        assertFalse(joiner.isCompleted, "one item is still unfinished")
        queue.itemDone()
        runCurrent()
        assertTrue(joiner.isCompleted)
    }

    /** Items sent while join waits are waited for too. */
    @Test
    fun join_itemSentWhileWaiting_waitsForItToo() = runTest {
        val queue = CoroutineWorkQueue<String>()
        queue.send("a")
        val joiner = launch { queue.join() }
        runCurrent()
        queue.send("b")
        queue.itemDone()
        runCurrent()
        assertFalse(joiner.isCompleted)
        queue.itemDone()
        runCurrent()
        assertTrue(joiner.isCompleted)
    }

    /** itemDone called more times than items were sent throws IllegalStateException and changes nothing. */
    @Test
    fun itemDone_moreThanSent_throwsIllegalStateException() = runTest {
        val queue = CoroutineWorkQueue<String>()
        assertThrows(IllegalStateException::class.java) { queue.itemDone() }
        queue.send("a")
        queue.itemDone()
        assertThrows(IllegalStateException::class.java) { queue.itemDone() }
        assertEquals(0L, queue.unfinishedItems)
    }

    // ---------------------------------------------------------------- onSend

    /** onSend is not supported: reading it, or sending through select, throws UnsupportedOperationException. */
    @Test
    fun onSend_anyUse_throwsUnsupportedOperationException() = runTest {
        val queue = CoroutineWorkQueue<String>()
        assertThrows(UnsupportedOperationException::class.java) { queue.onSend }
        assertThrowsSuspending<UnsupportedOperationException> {
            select<Unit> { queue.onSend("a") {} }
        }
        assertEquals(0L, queue.unfinishedItems)
        assertTrue(queue.tryReceive().isFailure, "nothing was sent")
    }

    // ---------------------------------------------------------------- items that stop counting

    /** A trySend refused by a full buffer does not count. */
    @Test
    fun trySend_fullBuffer_doesNotCount() = runTest {
        val queue = CoroutineWorkQueue<String>(capacity = 1)
        assertTrue(queue.trySend("a").isSuccess)
        val refused = queue.trySend("b")
        assertTrue(refused.isFailure)
        assertFalse(refused.isClosed)
        assertEquals(1L, queue.unfinishedItems)
    }

    /** A send or trySend to a closed queue fails and does not count. */
    @Test
    fun send_closedQueue_failsAndDoesNotCount() = runTest {
        val queue = CoroutineWorkQueue<String>()
        queue.close()
        assertThrowsSuspending<ClosedSendChannelException> { queue.send("a") }
        assertTrue(queue.trySend("b").isClosed)
        assertEquals(0L, queue.unfinishedItems)
        queue.join()
    }

    /** A send to a queue closed with a cause fails with that cause and does not count. */
    @Test
    fun send_queueClosedWithCause_failsAndDoesNotCount() = runTest {
        val queue = CoroutineWorkQueue<String>()
        queue.close(IllegalStateException("producer failed"))
        val e = assertThrowsSuspending<IllegalStateException> { queue.send("a") }
        assertEquals("producer failed", e.message)
        assertEquals(0L, queue.unfinishedItems)
    }

    /** A suspended send that is cancelled stops counting. */
    @Test
    fun send_suspendedThenCancelled_stopsCounting() = runTest {
        val queue = CoroutineWorkQueue<String>(capacity = Channel.RENDEZVOUS)
        val sender = launch { queue.send("a") }
        runCurrent()
        assertEquals(1L, queue.unfinishedItems, "a suspended send counts")
        sender.cancel()
        runCurrent()
        assertTrue(sender.isCancelled)
        assertEquals(0L, queue.unfinishedItems)
        assertTrue(queue.tryReceive().isFailure, "the cancelled send's element is not in the queue")
        queue.join()
    }

    /**
     * Elements DROP_OLDEST drops stop counting, and the callback sees each after it stopped counting.
     */
    @Test
    fun send_dropOldest_droppedStopCountingBeforeCallback() = runTest {
        val seen = mutableListOf<Pair<Int, Long>>()
        lateinit var queue: CoroutineWorkQueue<Int>
        queue = CoroutineWorkQueue(1, BufferOverflow.DROP_OLDEST) { seen += it to queue.unfinishedItems }
        queue.send(1)
        queue.send(2)
        assertTrue(queue.trySend(3).isSuccess)
        assertEquals(listOf(1 to 1L, 2 to 1L), seen)
        assertEquals(1L, queue.unfinishedItems)
        assertEquals(3, queue.receive())
        queue.itemDone()
        queue.join()
    }

    /** A conflated work queue counts only the element it keeps. */
    @Test
    fun send_conflated_countsOnlyLatest() = runTest {
        val queue = CoroutineWorkQueue<Int>(Channel.CONFLATED)
        queue.send(1)
        queue.send(2)
        queue.send(3)
        assertEquals(1L, queue.unfinishedItems)
        assertEquals(3, queue.receive())
        queue.itemDone()
        queue.join()
    }

    /** A bounded work queue cannot drop the latest element: a trySend's drop could not stop counting. */
    @Test
    fun create_dropLatest_throwsIllegalArgumentException() {
        assertThrows(IllegalArgumentException::class.java) { CoroutineWorkQueue<Int>(1, BufferOverflow.DROP_LATEST) }
    }

    /** cancel() discards the buffered items, which stop counting; a suspended join then returns. */
    @Test
    fun cancel_bufferedItems_stopCountingAndJoinReturns() = runTest {
        val discarded = mutableListOf<String>()
        val queue = CoroutineWorkQueue<String>(onUndeliveredElement = { discarded += it })
        queue.send("a")
        queue.send("b")
        val joiner = launch { queue.join() }
        runCurrent()
        assertFalse(joiner.isCompleted)
        queue.cancel()
        runCurrent()
        assertTrue(joiner.isCompleted)
        assertEquals(0L, queue.unfinishedItems)
        assertEquals(listOf("a", "b"), discarded.sorted())
    }

    // ---------------------------------------------------------------- cancelling join

    /** Cancelling a suspended join affects neither the queue nor its items; a later join still works. */
    @Test
    fun join_cancelled_queueUnaffected() = runTest {
        val queue = CoroutineWorkQueue<String>()
        queue.send("a")
        val joiner = launch { queue.join() }
        runCurrent()
        joiner.cancel()
        joiner.join()
        assertTrue(joiner.isCancelled)
        assertEquals(1L, queue.unfinishedItems)
        assertFalse(queue.isClosedForSend)
        assertEquals("a", queue.receive())
        queue.itemDone()
        queue.join()
    }

    /** A join under a timeout gives up at the deadline without touching the queue. */
    @Test
    fun join_withTimeout_givesUpAtDeadline() = runTest {
        val queue = CoroutineWorkQueue<String>()
        queue.send("a")
        assertNull(withTimeoutOrNull(2.seconds) { queue.join() })
        assertEquals(2000L, currentTime)
        assertEquals(1L, queue.unfinishedItems)
        assertEquals("a", queue.receive())
    }

    // ---------------------------------------------------------------- workers and kinds

    /** Worker coroutines mark each item done; join returns once all are processed, close ends the workers. */
    @Test
    fun workers_joinThenClose_everyItemProcessedOnce() = runTest {
        val queue = CoroutineWorkQueue<Int>(capacity = 4)
        val processed = mutableListOf<Int>()
        val workers = List(3) {
            launch {
                for (item in queue) {
                    processed += item
                    queue.itemDone()
                }
            }
        }
        for (item in 1..50) queue.send(item)
        queue.join()
        assertEquals((1..50).toList(), processed.sorted())
        queue.close()
        workers.joinAll()
    }

    /** A CoroutineWorkQueue is a kotlinx Channel; an invalid capacity is rejected as kotlinx rejects it. */
    @Test
    fun invoke_capacities_asKotlinx() {
        val queue: Channel<String> = CoroutineWorkQueue()
        assertTrue(queue.trySend("a").isSuccess)
        assertThrows(IllegalArgumentException::class.java) { CoroutineWorkQueue<String>(capacity = -5) }
    }
}

package dev.fanin

import dev.fanin.testing.NoLeaksExtension
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.ClosedReceiveChannelException
import kotlinx.coroutines.channels.ClosedSendChannelException
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith
import java.io.IOException
import java.util.concurrent.CompletableFuture
import kotlin.random.Random
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/** The reusable [CoroutineSelect]: its clauses, fairness, and receiving until every channel is closed. */
@ExtendWith(NoLeaksExtension::class)
class CoroutineSelectTest {
    /**
     * One select over two channels closed at different times, run until both are: every element
     * once, then the all-closed result, without rebuilding the select; the second close reaches a
     * run that is waiting.
     */
    @Test
    fun onReceiveUntilClosed_channelsCloseAtDifferentTimes_everyElementThenAllClosed() = runTest {
        val a = Channel<String>(2)
        val b = Channel<String>()
        a.send("a1")
        a.send("a2")
        a.close()
        val received = mutableListOf<String>()
        val merge = CoroutineSelect<Boolean>()
            .onReceiveUntilClosed(a) { received += it; true }
            .onReceiveUntilClosed(b) { received += it; true }
            .onAllClosed { false }
        val consumer = async(start = CoroutineStart.UNDISPATCHED) {
            while (merge.select()) {
                // one element received
            }
        }
        runCurrent()
        assertEquals(listOf("a1", "a2"), received)
        b.send("b1")
        runCurrent()
        assertFalse(consumer.isCompleted, "b is open")
        b.close()
        consumer.await()
        assertEquals(listOf("a1", "a2", "b1"), received)
        assertFalse(merge.select(), "every later run ends at once")
    }

    /** Without onAllClosed, a run that finds every channel closed throws ClosedReceiveChannelException. */
    @Test
    fun onReceiveUntilClosed_allClosedWithoutOnAllClosed_throws() = runTest {
        val a = Channel<String>(1)
        a.close()
        val select = CoroutineSelect<String>().onReceiveUntilClosed(a) { it }
        repeat(2) {
            val closed = assertThrowsSuspending<ClosedReceiveChannelException> { select.select() }
            assertEquals("every onReceiveUntilClosed channel of this select is closed", closed.message)
        }
    }

    /** A close with a cause fails one run with that cause, then the clause has left. */
    @Test
    fun onReceiveUntilClosed_closedWithCause_throwsOnceThenLeaves() = runTest {
        val failed = Channel<String>(1)
        val other = Channel<String>(1)
        val cause = IOException("producer failed")
        failed.close(cause)
        other.send("y")
        val select = CoroutineSelect.biased<String>()
            .onReceiveUntilClosed(failed) { "failed $it" }
            .onReceiveUntilClosed(other) { "other $it" }
            .onAllClosed { "all closed" }
        assertEquals("producer failed", assertThrowsSuspending<IOException> { select.select() }.message)
        assertEquals("other y", select.select())
        other.close()
        assertEquals("all closed", select.select())
    }

    /**
     * The run that sees a close goes on with the rest (here a zero timer); once every until-closed
     * channel has left, all-closed comes before a ready clause, in every later run; a timer counts
     * virtual time.
     */
    @Test
    fun onAllClosed_afterTheLastClose_beforeOtherClauses() = runTest {
        val until = Channel<String>(1)
        val empty = Channel<String>(1)
        val plain = Channel<String>(1)
        plain.send("p")
        until.close()
        val select = CoroutineSelect.biased<String>()
            .onReceiveUntilClosed(until) { "until $it" }
            .onReceiveUntilClosed(empty) { "empty $it" }
            .onTimeout(Duration.ZERO) { "timeout" }
            .onAllClosed { "all closed" }
        assertEquals("timeout", select.select())
        empty.close()
        val withPlain = CoroutineSelect.biased<String>()
            .onReceiveUntilClosed(empty) { "empty $it" }
            .onReceive(plain) { "plain $it" }
            .onAllClosed { "all closed" }
        repeat(2) { assertEquals("all closed", withPlain.select()) }
        assertEquals("p", plain.tryReceive().getOrNull(), "the plain receive took nothing")
        val timed = CoroutineSelect<String>().onReceiveUntilClosed(Channel<String>()) { it }.onTimeout(5.seconds) { "timeout" }
        assertEquals("timeout", timed.select())
        assertEquals(5_000, currentTime)
    }

    /** onReceive: an element, then ClosedReceiveChannelException or the cause once closed. */
    @Test
    fun onReceive_elementThenClosed_throwsAsReceive() = runTest {
        val channel = Channel<String>(1)
        channel.send("x")
        channel.close()
        val select = CoroutineSelect<String>().onReceive(channel) { it }
        assertEquals("x", select.select())
        assertThrowsSuspending<ClosedReceiveChannelException> { select.select() }
    }

    /** onSend fires when there is room; on a closed channel it throws what kotlinx's send throws. */
    @Test
    fun onSend_roomOrClosed_sentOrThrows() = runTest {
        val channel = Channel<String?>(1)
        assertEquals("sent", CoroutineSelect<String>().onSend(channel, null) { "sent" }.select())
        assertEquals(null, channel.receive())
        channel.close()
        assertThrowsSuspending<ClosedSendChannelException> { CoroutineSelect<String>().onSend(channel, "x") { "sent" }.select() }
    }

    /** A receive and a send on one channel may share a select (adr/0009); one of them fires. */
    @Test
    fun onReceiveAndOnSend_sameChannel_oneFires() = runTest {
        val channel = Channel<String>(1)
        val select = CoroutineSelect.biased<String>().onReceive(channel) { "received $it" }.onSend(channel, "x") { "sent" }
        assertEquals("sent", select.select())
        assertEquals("received x", select.select())
    }

    /** Futures and deferreds fire with their outcome and are never cancelled. */
    @Test
    fun onComplete_stageAndDeferred_outcomeAndNotCancelled() = runTest {
        val failure = IOException("boom")
        val stage = CompletableFuture<String>()
        val deferred = CompletableDeferred<String>()
        val select = CoroutineSelect.biased<Outcome<String>>()
            .onComplete(stage) { it }
            .onComplete(deferred) { it }
        val waiting = async(start = CoroutineStart.UNDISPATCHED) { select.select() }
        deferred.completeExceptionally(failure)
        assertSame(failure, (waiting.await() as Outcome.Failure).exception)
        assertFalse(stage.isDone)
        stage.complete("v")
        assertEquals(Outcome.Success("v"), select.select())
    }

    /** The default fires when nothing is ready; a ready clause wins over it. */
    @Test
    fun onDefault_nothingReady_firesAndTakesNothing() = runTest {
        val channel = Channel<String>(1)
        val select = CoroutineSelect<String>().onReceive(channel) { it }.onDefault { "default" }
        assertEquals("default", select.select())
        channel.send("x")
        assertEquals("x", select.select())
    }

    /** The timer fires once its timeout has passed, in the caller's (virtual) time. */
    @Test
    fun onTimeout_nothingReady_firesAtItsTime() = runTest {
        val select = CoroutineSelect<String>().onReceive(Channel<String>()) { it }.onTimeout(1500.milliseconds) { "timeout" }
        assertEquals("timeout", select.select())
        assertEquals(1_500, currentTime)
    }

    /** An unbiased select picks among ready clauses at random; biased picks the first. */
    @Test
    fun fairness_severalReady_randomOrFirst() = runTest {
        val seen = mutableSetOf<String>()
        val a = Channel<String>(Channel.UNLIMITED)
        val b = Channel<String>(Channel.UNLIMITED)
        val unbiased = CoroutineSelect<String>(Random(42)).onReceive(a) { "a" }.onReceive(b) { "b" }
        repeat(64) {
            a.send("x")
            b.send("x")
            seen += unbiased.select()
            a.tryReceive()
            b.tryReceive()
        }
        assertEquals(setOf("a", "b"), seen)
        a.send("x")
        b.send("x")
        assertEquals("a", CoroutineSelect.biased<String>().onReceive(a) { "a" }.onReceive(b) { "b" }.select())
    }

    /** Misuse is rejected: no clause, a second default or all-closed, all-closed alone, a clause twice, a negative timeout. */
    @Test
    fun arguments_misused_rejected() = runTest {
        val channel = Channel<String>(1)
        val deferred = CompletableDeferred<String>()
        assertThrowsSuspending<IllegalStateException> { CoroutineSelect<String>().select() }
        val allClosedAlone = CoroutineSelect<String>().onReceive(channel) { it }.onAllClosed { "" }
        assertThrowsSuspending<IllegalStateException> { allClosedAlone.select() }
        assertThrows(IllegalStateException::class.java) { allClosedAlone.onAllClosed { "" } }
        assertThrows(IllegalStateException::class.java) { CoroutineSelect<String>().onDefault { "" }.onDefault { "" } }
        val twice = assertThrows(IllegalArgumentException::class.java) {
            CoroutineSelect<String>().onReceive(channel) { it }.onReceiveUntilClosed(channel) { it }
        }
        assertTrue(twice.message!!.startsWith("channel already has a receive clause in this select"), twice.message)
        assertThrows(IllegalArgumentException::class.java) { CoroutineSelect<String>().onSend(channel, "x") { "" }.onSend(channel, "y") { "" } }
        assertThrows(IllegalArgumentException::class.java) {
            CoroutineSelect<String>().onComplete(deferred) { "" }.onComplete(deferred) { "" }
        }
        val negative = assertThrows(IllegalArgumentException::class.java) { CoroutineSelect<String>().onTimeout((-1).seconds) { "" } }
        assertEquals("timeout < 0: -1s", negative.message)
    }
}

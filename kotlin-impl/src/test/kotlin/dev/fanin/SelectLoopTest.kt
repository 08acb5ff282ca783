package dev.fanin

import dev.fanin.testing.NoLeaksExtension
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.delay
import kotlinx.coroutines.withContext
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.async
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith
import kotlin.time.Duration.Companion.seconds

/** The Kotlin [CoroutineSelectLoop]: positional results, re-armed work, cancellation that loses nothing. */
@ExtendWith(NoLeaksExtension::class)
class SelectLoopTest {
    /** Sources ready together come back once each, by index; work is run again after each result. */
    @Test
    fun awaitFired_receiveDeferredAndWork_byIndexAndRearmed() = runTest {
        val channel = Channel<String>(4)
        var runs = 0
        val loop = CoroutineSelectLoop(backgroundScope)
        val work = loop.addWork { ++runs }
        val receive = loop.addReceive(channel)
        val once = loop.addDeferred(CompletableDeferred("done"))
        channel.send("a")
        runCurrent()
        val fired = loop.awaitFired()
        assertEquals(listOf(0, 1, 2), fired.map { it.index })
        assertEquals(1, fired[0].valueIf(work))
        assertEquals("a", fired[1].valueIf(receive))
        assertEquals("done", fired[2].valueIf(once))
        runCurrent()
        assertEquals(listOf(2), loop.awaitFired().map { it.value() })
        loop.close()
    }

    /** A cancelled wait takes nothing: an element sent afterwards goes to the next wait. */
    @Test
    fun awaitFired_cancelled_nextWaitGetsTheElement() = runTest {
        val channel = Channel<String>(1)
        val loop = CoroutineSelectLoop(backgroundScope)
        loop.addReceive(channel)
        val waiter = launch(start = CoroutineStart.UNDISPATCHED) { loop.awaitFired() }
        waiter.cancel()
        runCurrent()
        channel.send("x")
        assertEquals("x", loop.awaitFired().single().value())
        assertTrue(loop.leftovers().isEmpty())
        loop.close()
    }

    /** closeAndJoin returns once the work in flight has stopped: its clean-up has run. */
    @Test
    fun closeAndJoin_workInFlight_returnsAfterItsCleanup() = runTest {
        var cleanedUp = false
        val loop = CoroutineSelectLoop(backgroundScope)
        loop.addWork {
            try {
                awaitCancellation()
            } finally {
                withContext(NonCancellable) { delay(1.seconds) }
                cleanedUp = true
            }
        }
        runCurrent()
        loop.closeAndJoin()
        assertTrue(cleanedUp)
        assertEquals(1000L, currentTime)
    }

    /** valueIf of a failed firing is null, as for another source (the Java valueIf is empty); value() throws. */
    @Test
    fun valueIf_failedFiring_nullAndValueThrows() = runTest {
        val channel = Channel<String>(1)
        val loop = CoroutineSelectLoop(backgroundScope)
        val receive = loop.addReceive(channel)
        val other = loop.addDeferred(CompletableDeferred<String>())
        val cause = IllegalStateException("producer failed")
        channel.close(cause)
        val fired = loop.awaitFired().single()
        assertNull(fired.valueIf(receive))
        assertNull(fired.valueIf(other))
        assertSame(cause, assertThrows(IllegalStateException::class.java) { fired.value() })
        loop.close()
    }

    /**
     * A channel already in the loop is rejected, named, at addReceive (a ticker's ticks too), as a
     * select rejects a second receive clause; the loop keeps working: a wait that has to block gets
     * the next element from the first source.
     */
    @Test
    fun addReceive_sameChannelTwice_rejectedAndNamed() = runTest {
        val channel = Channel<String>(1)
        val ticker = CoroutineTicker(1.seconds, backgroundScope)
        val loop = CoroutineSelectLoop(backgroundScope)
        val receive = loop.addReceive(channel)
        loop.addReceive(ticker.ticks)
        val rejected = assertThrows(IllegalArgumentException::class.java) { loop.addReceive(channel) }
        assertTrue(rejected.message!!.startsWith("channel already has a receive source in this loop (index 0)"), rejected.message)
        assertThrows(IllegalArgumentException::class.java) { loop.addReceive(ticker.ticks) }
        val waiter = async(start = CoroutineStart.UNDISPATCHED) { loop.awaitFired() }
        runCurrent()
        assertTrue(waiter.isActive, "the wait must have blocked")
        channel.send("x")
        assertEquals("x", waiter.await().single().valueIf(receive))
        ticker.stop()
        loop.close()
    }

    /** Once its first source is removed, a channel may be added again; a blocking wait gets its element. */
    @Test
    fun addReceive_sameChannelAfterRemove_accepted() = runTest {
        val channel = Channel<String>(1)
        val loop = CoroutineSelectLoop(backgroundScope)
        assertTrue(loop.remove(loop.addReceive(channel)))
        val again = loop.addReceive(channel)
        val waiter = async(start = CoroutineStart.UNDISPATCHED) { loop.awaitFired() }
        runCurrent()
        assertTrue(waiter.isActive, "the wait must have blocked")
        channel.send("x")
        assertEquals("x", waiter.await().single().valueIf(again))
        loop.close()
    }

    /**
     * The same deferred added twice: a wait that has to block (before the fix it threw kotlinx's
     * "Cannot use select clauses on the same object") returns, and each source fires once.
     */
    @Test
    fun addDeferred_sameTwice_blockingWaitFiresBoth() = runTest {
        val deferred = CompletableDeferred<String>()
        val loop = CoroutineSelectLoop(backgroundScope)
        val first = loop.addDeferred(deferred)
        val second = loop.addDeferred(deferred)
        val waiter = async(start = CoroutineStart.UNDISPATCHED) { loop.awaitFired() }
        runCurrent()
        assertTrue(waiter.isActive, "the wait must have blocked")
        deferred.complete("x")
        val fired = waiter.await().toMutableList()
        if (fired.size < 2) fired += loop.awaitFired()
        assertEquals(listOf(0, 1), fired.map { it.index })
        assertEquals("x", fired[0].valueIf(first))
        assertEquals("x", fired[1].valueIf(second))
        loop.close()
    }

    /**
     * A loop over two channels closed at different times: every element once, a normal close fires
     * nothing, and the wait after the last close returns an empty list, once; a blocked wait sees
     * the close.
     */
    @Test
    fun addReceiveUntilClosed_channelsCloseAtDifferentTimes_everyElementThenEmptyOnce() = runTest {
        val a = Channel<String>(2)
        val b = Channel<String>()
        a.send("a1")
        a.close()
        val loop = CoroutineSelectLoop(backgroundScope)
        val fromA = loop.addReceiveUntilClosed(a)
        val fromB = loop.addReceiveUntilClosed(b)
        assertEquals(listOf("a1"), loop.awaitFired().map { it.valueIf(fromA) })
        val waiter = async(start = CoroutineStart.UNDISPATCHED) { loop.awaitFired() }
        runCurrent()
        assertTrue(waiter.isActive, "a's close fired nothing")
        b.send("b1")
        assertEquals(listOf("b1"), waiter.await().map { it.valueIf(fromB) })
        val ending = async(start = CoroutineStart.UNDISPATCHED) { loop.awaitFired() }
        runCurrent()
        assertTrue(ending.isActive, "the wait must have blocked")
        b.close()
        assertEquals(emptyList<Any>(), ending.await())
        assertEquals("the select loop has no source", assertThrowsSuspending<IllegalStateException> { loop.awaitFired() }.message)
        loop.close()
    }

    /**
     * A close with a cause fires once as that failure, then the next wait ends the loop, whatever
     * other sources it has; it goes on with them afterwards. Adding an until-closed source before
     * the end was returned cancels it; removing the last one ends the loop too.
     */
    @Test
    fun addReceiveUntilClosed_causeOtherSourcesAddAndRemove_endOnceAndOnlyWhenAllLeft() = runTest {
        val channel = Channel<String>(1)
        val later = CompletableDeferred<String>()
        val loop = CoroutineSelectLoop(backgroundScope)
        val from = loop.addReceiveUntilClosed(channel)
        val deferred = loop.addDeferred(later)
        val cause = IllegalStateException("producer failed")
        channel.close(cause)
        val failed = loop.awaitFired().single()
        assertSame(from, failed.source)
        assertSame(cause, (failed.outcome as Outcome.Failure).exception)
        val another = Channel<String>(1)
        val fromAnother = loop.addReceiveUntilClosed(another) // before the end was returned: cancels it
        another.send("x")
        assertEquals("x", loop.awaitFired().single().valueIf(fromAnother))
        assertTrue(loop.remove(fromAnother))
        assertEquals(emptyList<Any>(), loop.awaitFired())
        later.complete("done")
        assertEquals("done", loop.awaitFired().single().valueIf(deferred))
        loop.close()
    }

    /** A wait that returns other firings leaves the end to the next wait, which returns it at once. */
    @Test
    fun addReceiveUntilClosed_closeAndOtherFiringTogether_firingsThenEmpty() = runTest {
        val channel = Channel<String>(1)
        val loop = CoroutineSelectLoop(backgroundScope)
        loop.addReceiveUntilClosed(channel)
        val done = loop.addDeferred(CompletableDeferred("done"))
        channel.close()
        assertEquals(listOf("done"), loop.awaitFired().map { it.valueIf(done) })
        assertEquals(emptyList<Any>(), loop.awaitFired())
        loop.close()
    }
}

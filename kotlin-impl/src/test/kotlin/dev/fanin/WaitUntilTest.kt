package dev.fanin

import dev.fanin.testing.NoLeaksExtension
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CompletableJob
import kotlinx.coroutines.CompletionHandler
import kotlinx.coroutines.DisposableHandle
import kotlinx.coroutines.InternalCoroutinesApi
import kotlinx.coroutines.InternalForInheritanceCoroutinesApi
import kotlinx.coroutines.Job
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.advanceTimeBy
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith
import java.io.IOException
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/** [waitUntil] over jobs and deferreds the caller holds, in virtual time. */
@ExtendWith(NoLeaksExtension::class)
class WaitUntilTest {

    /** FIRST_COMPLETED returns as soon as one handle completes, with that one done and the others pending. */
    @Test
    fun waitUntil_firstCompleted_returnsWhenOneCompletes() = runTest {
        val a = CompletableDeferred<String>()
        val b = CompletableDeferred<String>()
        val c = CompletableDeferred<String>()
        val result = async { waitUntil(ReturnWhen.FIRST_COMPLETED, listOf(a, b, c)) }
        runCurrent()
        assertFalse(result.isCompleted)
        b.complete("b")
        runCurrent()
        assertTrue(result.isCompleted)
        val (done, pending) = result.await()
        assertSameElements(listOf(b), done)
        assertSameElements(listOf(a, c), pending)
        assertTrue(a.isActive && c.isActive, "waitUntil cancelled a pending handle")
        a.cancel()
        c.cancel()
    }

    /** For FIRST_COMPLETED a cancelled handle is a completed one. */
    @Test
    fun waitUntil_firstCompleted_cancelledHandleCounts() = runTest {
        val a = CompletableDeferred<String>()
        val b = CompletableDeferred<String>()
        launch { delay(1.seconds); a.cancel() }
        val (done, pending) = waitUntil(ReturnWhen.FIRST_COMPLETED, listOf(a, b))
        assertEquals(1.seconds.inWholeMilliseconds, currentTime)
        assertSameElements(listOf(a), done)
        assertSameElements(listOf(b), pending)
        b.cancel()
    }

    /** FIRST_EXCEPTION does not return when a handle is cancelled, but returns as soon as one fails. */
    @Test
    fun waitUntil_firstException_ignoresCancelledReturnsOnFailure() = runTest {
        val cancelled = CompletableDeferred<String>()
        val running = CompletableDeferred<String>()
        val failing = CompletableDeferred<String>()
        val result = async { waitUntil(ReturnWhen.FIRST_EXCEPTION, listOf(cancelled, running, failing)) }
        runCurrent()
        cancelled.cancel()
        runCurrent()
        assertFalse(result.isCompleted, "returned on a cancelled handle")
        failing.completeExceptionally(IOException("boom"))
        runCurrent()
        assertTrue(result.isCompleted)
        val (done, pending) = result.await()
        assertSameElements(listOf(cancelled, failing), done)
        assertSameElements(listOf(running), pending)
        assertTrue(running.isActive)
        running.cancel()
    }

    /** FIRST_EXCEPTION also returns on a handle that was already failed when it was called. */
    @Test
    fun waitUntil_firstException_alreadyFailed_returnsAtOnce() = runTest {
        val failed = CompletableDeferred<String>().apply { completeExceptionally(IOException("boom")) }
        val running = CompletableDeferred<String>()
        val (done, pending) = waitUntil(ReturnWhen.FIRST_EXCEPTION, listOf(running, failed))
        assertEquals(0L, currentTime)
        assertSameElements(listOf(failed), done)
        assertSameElements(listOf(running), pending)
        running.cancel()
    }

    /** Without a failure, FIRST_EXCEPTION returns when every handle is done, cancelled ones included. */
    @Test
    fun waitUntil_firstException_noFailure_returnsWhenAllDone() = runTest {
        val a = CompletableDeferred<String>()
        val b = CompletableDeferred<String>()
        val c = CompletableDeferred<String>()
        val result = async { waitUntil(ReturnWhen.FIRST_EXCEPTION, listOf(a, b, c)) }
        runCurrent()
        a.complete("a")
        runCurrent()
        b.cancel()
        runCurrent()
        assertFalse(result.isCompleted, "returned before every handle was done")
        c.complete("c")
        runCurrent()
        val (done, pending) = result.await()
        assertSameElements(listOf(a, b, c), done)
        assertTrue(pending.isEmpty())
    }

    /** ALL_COMPLETED does not stop at a failure: it returns only when the last handle completes. */
    @Test
    fun waitUntil_allCompleted_waitsForEveryHandle() = runTest {
        val a = CompletableDeferred<String>()
        val b = CompletableDeferred<String>()
        val c = CompletableDeferred<String>()
        launch { delay(1.seconds); b.completeExceptionally(IOException("boom")) }
        launch { delay(2.seconds); c.cancel() }
        launch { delay(3.seconds); a.complete("a") }
        val (done, pending) = waitUntil(ReturnWhen.ALL_COMPLETED, listOf(a, b, c))
        assertEquals(3.seconds.inWholeMilliseconds, currentTime)
        assertSameElements(listOf(a, b, c), done)
        assertTrue(pending.isEmpty())
    }

    /** waitUntil works on plain jobs (here launched coroutines), not only on deferreds. */
    @Test
    fun waitUntil_launchedJobs_splitsThem() = runTest {
        val fast: Job = launch { delay(1.seconds) }
        val slow: Job = launch { delay(5.seconds) }
        val (done, pending) = waitUntil(ReturnWhen.FIRST_COMPLETED, listOf(slow, fast))
        assertEquals(1.seconds.inWholeMilliseconds, currentTime)
        assertSameElements(listOf(fast), done)
        assertSameElements(listOf(slow), pending)
        slow.join()
    }

    /** On timeout waitUntil returns normally at the deadline with the handles still pending, and cancels none. */
    @Test
    fun waitUntil_timeout_returnsPendingAtDeadlineAndCancelsNothing() = runTest {
        val fast = async { delay(1.seconds); "fast" }
        var slowStopped = false
        val slow = async { try { awaitCancellation() } finally { slowStopped = true } }
        val (done, pending) = waitUntil(ReturnWhen.ALL_COMPLETED, listOf(slow, fast), 2.seconds)
        assertEquals(2.seconds.inWholeMilliseconds, currentTime)
        assertSameElements(listOf(fast), done)
        assertSameElements(listOf(slow), pending)
        runCurrent()
        assertTrue(slow.isActive)
        assertFalse(slowStopped)
        slow.cancel()
        slow.join()
        assertTrue(slowStopped)
    }

    /** When nothing completes before the deadline, every handle is pending and nothing is thrown. */
    @Test
    fun waitUntil_timeoutNothingDone_allPending() = runTest {
        val a = CompletableDeferred<Int>()
        val b = CompletableDeferred<Int>()
        for (returnWhen in ReturnWhen.entries) {
            val start = currentTime
            val (done, pending) = waitUntil(returnWhen, listOf(a, b), 1.seconds)
            assertEquals(start + 1.seconds.inWholeMilliseconds, currentTime, "$returnWhen")
            assertTrue(done.isEmpty(), "$returnWhen")
            assertSameElements(listOf(a, b), pending)
        }
        assertTrue(a.isActive && b.isActive)
        a.cancel()
        b.cancel()
    }

    /** A zero timeout returns the current split at once, without suspending, for every condition. */
    @Test
    fun waitUntil_zeroTimeout_returnsCurrentSplitAtOnce() = runTest {
        val done = CompletableDeferred("done")
        val pending = CompletableDeferred<String>()
        for (returnWhen in ReturnWhen.entries) {
            var otherCoroutineRan = false
            launch { otherCoroutineRan = true }
            val result = waitUntil(returnWhen, listOf(pending, done), Duration.ZERO)
            assertFalse(otherCoroutineRan, "$returnWhen: waitUntil suspended")
            assertSameElements(listOf(done), result.done)
            assertSameElements(listOf(pending), result.pending)
            runCurrent()
        }
        assertEquals(0L, currentTime)
        assertTrue(pending.isActive)
        pending.cancel()
    }

    /** Handles that had all completed before the call: every condition returns at once with all of them done. */
    @Test
    fun waitUntil_allAlreadyDone_returnsAtOnce() = runTest {
        val a = CompletableDeferred("a")
        val b = CompletableDeferred<String>().apply { completeExceptionally(IOException("boom")) }
        val c = CompletableDeferred<String>().apply { cancel() }
        for (returnWhen in ReturnWhen.entries) {
            val (done, pending) = waitUntil(returnWhen, listOf(a, b, c))
            assertSameElements(listOf(a, b, c), done)
            assertTrue(pending.isEmpty(), "$returnWhen")
        }
        assertEquals(0L, currentTime)
    }

    /** Both lists keep the argument order, whatever order the handles complete in, and hold the caller's objects. */
    @Test
    fun waitUntil_split_keepsArgumentOrderAndIdentity() = runTest {
        val handles = List(6) { CompletableDeferred<Int>() }
        // Complete in an order unrelated to the argument order: 5, 1, 3.
        launch { delay(1.seconds); handles[5].complete(5) }
        launch { delay(2.seconds); handles[1].complete(1) }
        launch { delay(3.seconds); handles[3].complete(3) }
        val (done, pending) = waitUntil(ReturnWhen.ALL_COMPLETED, handles, 4.seconds)
        assertSameElements(listOf(handles[1], handles[3], handles[5]), done)
        assertSameElements(listOf(handles[0], handles[2], handles[4]), pending)
        pending.forEach { it.cancel() }
    }

    /** A handle given twice appears once, at its first position, and ALL_COMPLETED still returns. */
    @Test
    fun waitUntil_handleGivenTwice_appearsOnce() = runTest {
        val a = CompletableDeferred<Int>()
        val b = CompletableDeferred<Int>()
        val c = CompletableDeferred<Int>()
        val before = waitUntil(ReturnWhen.FIRST_COMPLETED, listOf(b, a, b, c, a), Duration.ZERO)
        assertTrue(before.done.isEmpty())
        assertSameElements(listOf(b, a, c), before.pending)

        launch { delay(1.seconds); a.complete(1) }
        launch { delay(2.seconds); b.complete(2) }
        launch { delay(3.seconds); c.complete(3) }
        val result = waitUntil(ReturnWhen.ALL_COMPLETED, listOf(b, a, b, c, a))
        assertEquals(3.seconds.inWholeMilliseconds, currentTime)
        assertSameElements(listOf(b, a, c), result.done)
        assertTrue(result.pending.isEmpty())
    }

    /** An empty collection is rejected with IllegalArgumentException, for every condition. */
    @Test
    fun waitUntil_emptyHandles_throwsIllegalArgumentException() = runTest {
        for (returnWhen in ReturnWhen.entries) {
            assertThrowsSuspending<IllegalArgumentException> { waitUntil(returnWhen, emptyList<Job>()) }
            assertThrowsSuspending<IllegalArgumentException> { waitUntil(returnWhen, emptyList<Job>(), Duration.ZERO) }
        }
    }

    /** A negative timeout is rejected with IllegalArgumentException naming it, and nothing is waited for. */
    @Test
    fun waitUntil_negativeTimeout_throwsIllegalArgumentException() = runTest {
        val job = CompletableDeferred<Int>()
        val e = assertThrowsSuspending<IllegalArgumentException> {
            waitUntil(ReturnWhen.ALL_COMPLETED, listOf(job), (-1).milliseconds)
        }
        assertTrue(e.message!!.contains("timeout"), e.message)
        assertEquals(0L, currentTime)
        assertTrue(job.isActive)
        job.cancel()
    }

    /** Cancelling the waiting coroutine makes waitUntil throw CancellationException and leaves the handles running. */
    @Test
    fun waitUntil_callerCancelled_handlesKeepRunning() = runTest {
        val deferred = CompletableDeferred<String>()
        val task = async { delay(5.seconds); "task" }
        var thrown: Throwable? = null
        val caller = launch {
            try {
                waitUntil(ReturnWhen.ALL_COMPLETED, listOf(deferred, task), 10.seconds)
            } catch (e: Throwable) {
                thrown = e
                throw e
            }
        }
        advanceTimeBy(1.seconds)
        runCurrent()
        caller.cancel()
        caller.join()
        assertTrue(thrown is CancellationException, "waitUntil threw $thrown")
        assertTrue(deferred.isActive)
        assertTrue(task.isActive)
        deferred.complete("deferred")
        assertEquals("deferred", deferred.await())
        assertEquals("task", task.await())
        assertEquals(5.seconds.inWholeMilliseconds, currentTime)
    }

    /**
     * Waiting 10,000 times on one job that never completes, in every way a wait can end, leaves no
     * completion handler registered on it.
     */
    @Test
    fun waitUntil_repeatedOnLongLivedJob_leavesNoHandlerBehind() = runTest {
        val longLived = CountingJob()
        val completed = CompletableDeferred(Unit)
        repeat(10_000) {
            // Ends by timeout, with the handler registered.
            val timedOut = waitUntil(ReturnWhen.FIRST_COMPLETED, listOf(longLived), 1.milliseconds)
            assertSame(longLived, timedOut.pending.single())
            // Ends because the condition holds, after registering on the long-lived job.
            val returned = waitUntil(ReturnWhen.FIRST_COMPLETED, listOf(longLived, completed))
            assertSame(completed, returned.done.single())
            // Ends at once.
            waitUntil(ReturnWhen.ALL_COMPLETED, listOf(longLived), Duration.ZERO)
            assertEquals(0, longLived.live.get(), "handlers left after wait $it")
        }
        assertEquals(20_000, longLived.registered.get(), "the waits did not register on the job")
        assertTrue(longLived.isActive)
        longLived.cancel()
    }

    /** Cancelling a waiting caller 1,000 times leaves no completion handler on the job it waited for. */
    @Test
    fun waitUntil_callerCancelledRepeatedly_leavesNoHandlerBehind() = runTest {
        val longLived = CountingJob()
        repeat(1_000) {
            val caller = launch { waitUntil(ReturnWhen.ALL_COMPLETED, listOf(longLived)) }
            runCurrent()
            assertEquals(1, longLived.live.get())
            caller.cancel()
            caller.join()
            assertEquals(0, longLived.live.get(), "handlers left after cancelled wait $it")
        }
        longLived.cancel()
    }

    /**
     * The same check on a real CompletableDeferred: after 10,000 timed-out waits its list of
     * completion handlers holds only the one the test registered itself. The list is read through
     * kotlinx internals; if their shape changed, only the waits themselves are checked.
     */
    @Test
    fun waitUntil_repeatedOnRealDeferred_handlerListStaysBounded() = runTest {
        val longLived = CompletableDeferred<Unit>()
        longLived.invokeOnCompletion { } // so that the state is a handler list, not a single handler
        val baseline = handlerNodes(longLived)
        repeat(10_000) {
            waitUntil(ReturnWhen.FIRST_EXCEPTION, listOf(longLived), 1.milliseconds)
            waitUntil(ReturnWhen.ALL_COMPLETED, listOf(longLived), Duration.ZERO)
        }
        val after = handlerNodes(longLived)
        if (baseline != null) {
            assertEquals(baseline, after, "handler nodes before and after 10,000 waits")
        }
        assertTrue(longLived.isActive)
        longLived.cancel()
    }

    /** A delegating job that counts the completion handlers registered on it and not yet disposed. */
    @OptIn(InternalForInheritanceCoroutinesApi::class, InternalCoroutinesApi::class)
    private class CountingJob(private val delegate: CompletableJob = Job()) : Job by delegate {
        val registered = AtomicInteger()
        val live = AtomicInteger()

        override fun invokeOnCompletion(handler: CompletionHandler): DisposableHandle =
            count(delegate.invokeOnCompletion(handler))

        override fun invokeOnCompletion(
            onCancelling: Boolean,
            invokeImmediately: Boolean,
            handler: CompletionHandler,
        ): DisposableHandle = count(delegate.invokeOnCompletion(onCancelling, invokeImmediately, handler))

        private fun count(inner: DisposableHandle): DisposableHandle {
            registered.incrementAndGet()
            live.incrementAndGet()
            val disposed = AtomicBoolean()
            return DisposableHandle {
                if (disposed.compareAndSet(false, true)) live.decrementAndGet()
                inner.dispose()
            }
        }
    }

    private companion object {
        fun <H> assertSameElements(expected: List<H>, actual: List<H>) {
            assertEquals(expected.size, actual.size, "expected $expected but was $actual")
            for (i in expected.indices) assertSame(expected[i], actual[i], "element $i of $actual")
        }

        /**
         * The number of nodes linked in [job]'s completion-handler list, read from kotlinx 1.11
         * internals (JobSupport state, NodeList); null when they do not have the expected shape.
         */
        fun handlerNodes(job: Job): Int? = try {
            val state = Class.forName("kotlinx.coroutines.JobSupport")
                .getMethod("getState\$kotlinx_coroutines_core")
                .invoke(job)
            val node = Class.forName("kotlinx.coroutines.internal.LockFreeLinkedListNode")
            when {
                state == null -> null
                state.javaClass.name == "kotlinx.coroutines.NodeList" -> {
                    val nextNode = node.getMethod("getNextNode")
                    var count = 0
                    var current = nextNode.invoke(state)
                    while (current !== state && count < 1_000_000) {
                        count++
                        current = nextNode.invoke(current)
                    }
                    count
                }
                node.isInstance(state) -> 1 // a single handler
                else -> null
            }
        } catch (e: ReflectiveOperationException) {
            null
        }
    }
}

package dev.fanin

import dev.fanin.interop.EngineDiagnostics
import dev.fanin.interop.FutureBridge
import dev.fanin.interop.GatherBridge
import dev.fanin.interop.TimeoutBridge
import dev.fanin.testing.Forked
import dev.fanin.testing.Forks
import dev.fanin.testing.NoLeaksExtension
import dev.fanin.testing.OrderChecker
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.extension.ExtendWith
import java.io.IOException
import java.time.Duration
import java.util.concurrent.Callable
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import java.util.concurrent.CountDownLatch
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.ExecutionException
import java.util.concurrent.Executor
import java.util.concurrent.Future
import java.util.concurrent.RejectedExecutionException
import java.util.concurrent.TimeUnit
import java.util.concurrent.TimeoutException
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicReference

/**
 * The Java-facing engine through [GatherBridge], [TimeoutBridge] and [FutureBridge], on real threads.
 * Completion is driven with latches; timeouts use tasks that can never finish, so only outcomes are
 * asserted, never elapsed time. Exceptions must be the tasks' own objects here, so identity is asserted.
 */
@ExtendWith(NoLeaksExtension::class)
@Timeout(60)
class BridgeGatherTest {

    /** A task that blocks on a latch nobody counts down until it is interrupted, and records what happened. */
    private class BlockedTask<T>(private val order: OrderChecker? = null, private val stepOnInterrupt: Int = 0) : Callable<T> {
        val started = CountDownLatch(1)
        val stopped = CountDownLatch(1)

        @Volatile
        var interrupted = false

        override fun call(): T {
            started.countDown()
            try {
                CountDownLatch(1).await() // wait for interrupt
                throw AssertionError("never counted down")
            } catch (e: InterruptedException) {
                interrupted = true
                order?.expect(stepOnInterrupt)
                throw e
            } finally {
                stopped.countDown()
            }
        }

        fun hasStopped(): Boolean = stopped.count == 0L
    }

    /** What a whenComplete callback saw at the moment a future completed. */
    private data class AtCompletion(val runningTasks: Int, val blockedTaskStopped: Boolean)

    private fun <T> Future<T>.getWithin(): T = get(30, TimeUnit.SECONDS)

    /** The exception a failed future holds, unwrapped from the ExecutionException of get(). */
    private fun Future<*>.failure(): Throwable =
        assertThrows(ExecutionException::class.java) { getWithin() }.cause!!

    // ---------------------------------------------------------------- gatherTasks

    /** Task results come in argument order, nulls included, even when the tasks finish in reverse order. */
    @Test
    fun gatherTasks_tasksFinishInReverse_resultsInArgumentOrder() {
        val mayFinish = List(3) { CountDownLatch(1) }
        val tasks = List(3) { i ->
            Callable<String?> {
                mayFinish[i].await()
                if (i > 0) mayFinish[i - 1].countDown()
                if (i == 1) null else "t$i"
            }
        }
        val result = GatherBridge.gatherTasks(tasks, null)
        mayFinish[2].countDown()
        assertEquals(listOf("t0", null, "t2"), result.getWithin())
    }

    /** An empty task list gives a future that is already complete with an empty list. */
    @Test
    fun gatherTasks_emptyList_completesAtOnce() {
        val result = GatherBridge.gatherTasks(emptyList<Callable<Int>>(), null)
        assertTrue(result.isDone)
        assertEquals(emptyList<Int>(), result.join())
    }

    /** A null task is rejected with a NullPointerException naming its index, before any task runs. */
    @Test
    fun gatherTasks_nullElement_throwsNpeNamingIt() {
        val e = assertThrows(NullPointerException::class.java) {
            GatherBridge.gatherTasks(listOf(Callable { 1 }, null), null)
        }
        assertEquals("tasks[1]", e.message)
    }

    /**
     * A sibling's failure interrupts a task blocked on a latch, and the future fails with the sibling's
     * own exception only after the blocked task has stopped.
     */
    @Test
    fun gatherTasks_siblingFails_interruptsBlockedTaskAndCompletesAfterItStopped() {
        val order = OrderChecker()
        val blocked = BlockedTask<String>(order, stepOnInterrupt = 2)
        val boom = IOException("boom")
        val failing = Callable<String> {
            blocked.started.await()
            order.expect(1)
            throw boom
        }
        val result = GatherBridge.gatherTasks(listOf(blocked, failing), null)
        val atCompletion = CompletableFuture<AtCompletion>()
        result.whenComplete { _, _ ->
            order.expect(3)
            atCompletion.complete(AtCompletion(EngineDiagnostics.runningTasks(), blocked.hasStopped()))
        }
        assertSame(boom, result.failure())
        order.finish(4)
        assertEquals(AtCompletion(runningTasks = 0, blockedTaskStopped = true), atCompletion.getWithin())
        assertTrue(blocked.interrupted)
        assertEquals(0, boom.suppressed.size, "the interrupt it caused is not added to the failure")
        order.check()
    }

    /**
     * A task that throws an exception of its own when interrupted has failed too (adr/0014): it is
     * added to the first failure as suppressed, as the Kotlin gather does.
     */
    @Test
    fun gatherTasks_taskThrowsOtherExceptionWhenInterrupted_suppressedOnFirstFailure() {
        val started = CountDownLatch(1)
        val cleanupFailed = IllegalStateException("cleanup failed")
        val noisy = Callable<String> {
            started.countDown()
            try {
                CountDownLatch(1).await() // wait for interrupt
                "never"
            } catch (_: InterruptedException) {
                throw cleanupFailed
            }
        }
        val boom = IOException("boom")
        val result = GatherBridge.gatherTasks(listOf(noisy, Callable { started.await(); throw boom }), null)
        assertSame(boom, result.failure())
        assertEquals(listOf(cleanupFailed), boom.suppressed.toList())
    }

    /** A task that throws CancellationException fails the gather with that very exception and interrupts its sibling. */
    @Test
    fun gatherTasks_taskThrowsCancellation_failsGatherWithIt() {
        val blocked = BlockedTask<String>()
        val stop = CancellationException("stop")
        val result = GatherBridge.gatherTasks(listOf(blocked, Callable { blocked.started.await(); throw stop }), null)
        // handle() sees the stage's own exception; get() wraps a CancellationException on newer JDKs.
        assertSame(stop, result.handle { _, e -> e }.getWithin())
        assertTrue(result.isCancelled)
        assertTrue(blocked.interrupted)
        assertTrue(blocked.hasStopped())
    }

    /** An executor that rejects a task fails the gather with its own RejectedExecutionException. */
    @Test
    fun gatherTasks_executorRejects_failsWithItsRejectedExecutionException() {
        val rejected = RejectedExecutionException("full")
        val result = GatherBridge.gatherTasks(listOf(Callable { "never run" }), Executor { throw rejected })
        assertSame(rejected, result.failure())
    }

    /** A gather started inside a gathered task is cancelled, and its task interrupted, when a sibling of the outer task fails. */
    @Test
    fun gatherTasks_siblingFails_cancelsGatherNestedInTask() {
        val nestedTask = BlockedTask<String>()
        val nested = AtomicReference<CompletableFuture<List<String>>>()
        val outer = Callable<List<String>> {
            val inner = GatherBridge.gatherTasks(listOf(nestedTask), null)
            nested.set(inner)
            inner.get()
        }
        val boom = IOException("boom")
        val result = GatherBridge.gatherTasks(listOf(outer, Callable { nestedTask.started.await(); throw boom }), null)
        val atCompletion = CompletableFuture<AtCompletion>()
        result.whenComplete { _, _ -> atCompletion.complete(AtCompletion(EngineDiagnostics.runningTasks(), nestedTask.hasStopped())) }
        assertSame(boom, result.failure())
        assertEquals(AtCompletion(runningTasks = 0, blockedTaskStopped = true), atCompletion.getWithin())
        assertTrue(nestedTask.interrupted)
        assertTrue(nested.get().isCancelled)
    }

    /** Cancelling the returned future interrupts the running task, and awaitStopped returns once it has stopped. */
    @Test
    fun gatherTasks_resultCancelled_interruptsTaskAndAwaitStoppedWaitsForIt() {
        val blocked = BlockedTask<String>()
        val result = GatherBridge.gatherTasks(listOf(blocked), null)
        blocked.started.await()
        assertTrue(result.cancel(true))
        assertTrue(result.isCancelled)
        assertFalse(FutureBridge.awaitStopped(result))
        assertTrue(blocked.hasStopped())
        assertTrue(blocked.interrupted)
        assertEquals(0, EngineDiagnostics.runningTasks())
    }

    /** awaitStopped does not return while a cancelled task that ignores interrupts is still running. */
    @Test
    fun awaitStopped_taskIgnoresInterrupt_returnsOnlyAfterTaskStopped() {
        val order = OrderChecker()
        val started = CountDownLatch(1)
        val release = CountDownLatch(1)
        val stubborn = Callable<String> {
            order.expect(1)
            started.countDown()
            try {
                while (true) {
                    try {
                        release.await()
                        break
                    } catch (_: InterruptedException) {
                        // keeps running until released
                    }
                }
            } finally {
                order.expect(2)
            }
            "released"
        }
        val result = GatherBridge.gatherTasks(listOf(stubborn), null)
        started.await()
        result.cancel(true)
        val waiter = Forks.start("awaitStopped") {
            FutureBridge.awaitStopped(result)
            order.expect(3)
        }
        release.countDown()
        waiter.join()
        order.finish(4)
        order.check()
        assertEquals(0, EngineDiagnostics.runningTasks())
    }

    /** awaitStopped returns false at once for a future that Fanin did not create. */
    @Test
    fun awaitStopped_foreignFuture_returnsAtOnce() {
        assertFalse(FutureBridge.awaitStopped(CompletableFuture<String>()))
    }

    /** The settled form gives each task its outcome in order: a null value, its own exception, and a cancellation. */
    @Test
    fun gatherTasksSettled_mixedTasks_oneOutcomeEachInArgumentOrder() {
        val boom = IOException("boom")
        val stop = CancellationException("stop")
        val tasks = listOf<Callable<Any?>>(
            Callable { null },
            Callable { throw boom },
            Callable { throw stop },
            Callable { "ok" },
        )
        val outcomes = GatherBridge.gatherTasksSettled(tasks, null).getWithin()
        assertEquals(Outcome.Success(null), outcomes[0])
        assertSame(boom, assertInstanceOf(Outcome.Failure::class.java, outcomes[1]).exception)
        assertSame(stop, assertInstanceOf(Outcome.Cancelled::class.java, outcomes[2]).exception)
        assertEquals(Outcome.Success("ok"), outcomes[3])
    }

    // ---------------------------------------------------------------- gatherFutures

    /** Values come in argument order whatever order the caller's futures complete in. */
    @Test
    fun gatherFutures_completeInReverse_valuesInArgumentOrder() {
        val futures = List(3) { CompletableFuture<String?>() }
        val result = GatherBridge.gatherFutures(futures)
        futures[2].complete("c")
        futures[1].complete(null)
        assertFalse(result.isDone)
        futures[0].complete("a")
        assertEquals(listOf("a", null, "c"), result.getWithin())
    }

    /** An empty list of futures gives a future that is already complete with an empty list. */
    @Test
    fun gatherFutures_emptyList_completesAtOnce() {
        val result = GatherBridge.gatherFutures(emptyList<CompletableFuture<Int>>())
        assertTrue(result.isDone, "the gather of no futures is not complete")
        assertEquals(emptyList<Int>(), result.join())
    }

    /** The settled form over an empty list gives a future that is already complete with an empty list. */
    @Test
    fun gatherFuturesSettled_emptyList_completesAtOnce() {
        val result = GatherBridge.gatherFuturesSettled(emptyList<CompletableFuture<Any?>>())
        assertTrue(result.isDone, "the settled gather of no futures is not complete")
        assertEquals(emptyList<Outcome<Any?>>(), result.join())
    }

    /** A null future is rejected with a NullPointerException naming its index. */
    @Test
    fun gatherFutures_nullElement_throwsNpeNamingIt() {
        val e = assertThrows(NullPointerException::class.java) {
            GatherBridge.gatherFutures(listOf(null, CompletableFuture.completedFuture(1)))
        }
        assertEquals("futures[0]", e.message)
    }

    /** A failing input fails the result at once with its own exception, and the caller's other futures are not cancelled. */
    @Test
    fun gatherFutures_inputFails_failsAtOnceWithoutCancellingOtherInputs() {
        val pending = CompletableFuture<String>()
        val failing = CompletableFuture<String>()
        val result = GatherBridge.gatherFutures(listOf(pending, failing))
        val boom = IOException("boom")
        failing.completeExceptionally(boom)
        assertTrue(result.isCompletedExceptionally)
        assertSame(boom, result.failure())
        assertFalse(pending.isDone)
        pending.complete("still usable")
    }

    /** An input that had already failed before the gather started fails it with the input's own exception. */
    @Test
    fun gatherFutures_inputAlreadyFailed_failsWithItsOwnException() {
        val boom = IOException("boom")
        val pending = CompletableFuture<String>()
        val result = GatherBridge.gatherFutures(listOf(pending, CompletableFuture.failedFuture(boom)))
        assertSame(boom, result.failure())
        assertFalse(pending.isCancelled)
    }

    /** Cancelling the result cancels every caller future it was waiting for. */
    @Test
    fun gatherFutures_resultCancelled_cancelsInputs() {
        val a = CompletableFuture<String>()
        val b = CompletableFuture<String>()
        val result = GatherBridge.gatherFutures(listOf(a, b))
        assertTrue(result.cancel(true))
        assertTrue(a.isCancelled)
        assertTrue(b.isCancelled)
    }

    /** The settled form over futures gives a null value, the input's own exception and a cancellation, in order. */
    @Test
    fun gatherFuturesSettled_mixedFutures_oneOutcomeEachInArgumentOrder() {
        val boom = IOException("boom")
        val nullValue = CompletableFuture<Any?>()
        val failed = CompletableFuture<Any?>()
        val cancelled = CompletableFuture<Any?>()
        val alreadyDone = CompletableFuture.completedFuture<Any?>("done")
        val result = GatherBridge.gatherFuturesSettled(listOf<CompletionStage<Any?>>(nullValue, failed, cancelled, alreadyDone))
        cancelled.cancel(true)
        failed.completeExceptionally(boom)
        assertFalse(result.isDone)
        nullValue.complete(null)
        val outcomes = result.getWithin()
        assertEquals(Outcome.Success(null), outcomes[0])
        assertSame(boom, assertInstanceOf(Outcome.Failure::class.java, outcomes[1]).exception)
        assertInstanceOf(Outcome.Cancelled::class.java, outcomes[2])
        assertEquals(Outcome.Success("done"), outcomes[3])
    }

    /** A million already-completed futures are gathered in order without overflowing the stack. */
    @Test
    fun gatherFutures_millionCompletedFutures_completesWithoutStackOverflow() {
        val n = 1_000_000
        val futures = List(n) { CompletableFuture.completedFuture(it) }
        val result = GatherBridge.gatherFutures(futures)
        assertTrue(result.isDone)
        val values = result.join()
        assertEquals(n, values.size)
        for (i in 0 until n) {
            if (values[i] != i) assertEquals(i, values[i], "values[$i]")
        }
    }

    /** A million pending futures completed one by one are gathered in order without overflowing the stack. */
    @Test
    fun gatherFutures_millionPendingFutures_completesWithoutStackOverflow() {
        val n = 1_000_000
        val futures = List(n) { CompletableFuture<Int>() }
        val result = GatherBridge.gatherFutures(futures)
        for (i in n - 1 downTo 0) futures[i].complete(i)
        assertTrue(result.isDone)
        val values = result.join()
        assertEquals(n, values.size)
        assertEquals(n - 1, values[n - 1])
    }

    // ---------------------------------------------------------------- TimeoutBridge

    /** A task that never finishes is interrupted at the deadline, and the future fails with TimeoutException after it stopped. */
    @Test
    fun waitForTask_taskNeverFinishes_interruptsItThenTimesOut() {
        val blocked = BlockedTask<String>()
        val executor = GatedExecutor(blocked.started)
        val result = TimeoutBridge.waitForTask(blocked, Duration.ofMillis(50), executor)
        val atCompletion = CompletableFuture<AtCompletion>()
        result.whenComplete { _, _ -> atCompletion.complete(AtCompletion(EngineDiagnostics.runningTasks(), blocked.hasStopped())) }
        val failure = result.failure()
        assertInstanceOf(TimeoutException::class.java, failure)
        assertFalse(failure is CancellationException)
        assertFalse(result.isCancelled)
        assertTrue(blocked.interrupted)
        assertEquals(AtCompletion(runningTasks = 0, blockedTaskStopped = true), atCompletion.getWithin())
        executor.joinAll()
    }

    /**
     * A zero timeout expires at once: the deadline passes as it is armed, on the executor's thread
     * just before the task would start, so the task never starts, and the future fails with
     * TimeoutException. (The timer needs no thread of the executor; see FaultExecutorsTest.)
     */
    @Test
    fun waitForTask_zeroTimeout_expiresAtOnce() {
        val blocked = BlockedTask<String>()
        val executor = GatedExecutor(blocked.started)
        val result = TimeoutBridge.waitForTask(blocked, Duration.ZERO, executor)
        assertInstanceOf(TimeoutException::class.java, result.failure())
        assertEquals(1L, blocked.started.count, "the task never started")
        executor.joinAll()
    }

    /** A task that finishes in time gives its value, and one that fails gives its own exception. */
    @Test
    fun waitForTask_taskFinishesInTime_valueOrOwnException() {
        assertEquals("value", TimeoutBridge.waitForTask({ "value" }, Duration.ofMinutes(1), null).getWithin())
        val boom = IOException("boom")
        assertSame(boom, TimeoutBridge.waitForTask<String>({ throw boom }, Duration.ofMinutes(1), null).failure())
    }

    /** Cancelling a waitForTask future interrupts the task, and awaitStopped returns after it stopped. */
    @Test
    fun waitForTask_resultCancelled_interruptsTask() {
        val blocked = BlockedTask<String>()
        val result = TimeoutBridge.waitForTask(blocked, Duration.ofMinutes(1), null)
        blocked.started.await()
        assertTrue(result.cancel(true))
        FutureBridge.awaitStopped(result)
        assertTrue(blocked.interrupted)
        assertTrue(blocked.hasStopped())
    }

    /** A future that never completes is cancelled at the deadline and the result fails with TimeoutException. */
    @Test
    fun waitForFuture_futureNeverCompletes_cancelsItAndTimesOut() {
        val never = CompletableFuture<String>()
        val result = TimeoutBridge.waitForFuture(never, Duration.ofMillis(50))
        assertInstanceOf(TimeoutException::class.java, result.failure())
        assertTrue(never.isCancelled)
    }

    /** A future that fails in time fails the result with its own exception. */
    @Test
    fun waitForFuture_futureFails_failsWithItsOwnException() {
        val input = CompletableFuture<String>()
        val result = TimeoutBridge.waitForFuture(input, Duration.ofMinutes(1))
        val boom = IOException("boom")
        input.completeExceptionally(boom)
        assertSame(boom, result.failure())
    }

    /**
     * When a timeout scope expires, a gatherTasks started inside its body is cancelled: the nested task
     * is interrupted, and the scope's future fails with TimeoutException only after everything stopped.
     */
    @Test
    fun timeoutScope_expires_cancelsNestedGatherTasks() {
        val nestedTask = BlockedTask<String>()
        val nested = AtomicReference<CompletableFuture<List<String>>>()
        val expiredSeenByBody = AtomicReference<Boolean>()
        val result = TimeoutBridge.timeoutScope(Duration.ofMinutes(1), null) { scope ->
            val inner = GatherBridge.gatherTasks(listOf(nestedTask), null)
            nested.set(inner)
            nestedTask.started.await()
            // The deadline is set only now, so the nested task is surely running when it passes.
            scope.reschedule(Duration.ofMillis(50))
            try {
                inner.get()
            } catch (e: Exception) {
                // Interrupted, or the nested gather was cancelled first: either way the scope expired.
                expiredSeenByBody.set(scope.isExpired)
                throw e
            }
        }
        val atCompletion = CompletableFuture<AtCompletion>()
        result.whenComplete { _, _ -> atCompletion.complete(AtCompletion(EngineDiagnostics.runningTasks(), nestedTask.hasStopped())) }
        assertInstanceOf(TimeoutException::class.java, result.failure())
        assertEquals(AtCompletion(runningTasks = 0, blockedTaskStopped = true), atCompletion.getWithin())
        assertTrue(nestedTask.interrupted)
        assertEquals(true, expiredSeenByBody.get())
        assertTrue(nested.get().isCancelled)
    }

    /** When a timeout scope expires, a gatherFutures started inside its body is cancelled, and so are its inputs. */
    @Test
    fun timeoutScope_expires_cancelsNestedGatherFutures() {
        val never = CompletableFuture<String>()
        val nested = AtomicReference<CompletableFuture<List<String>>>()
        val result = TimeoutBridge.timeoutScope(Duration.ofMinutes(1), null) { scope ->
            val inner = GatherBridge.gatherFutures(listOf(never))
            nested.set(inner)
            scope.reschedule(Duration.ofMillis(50))
            inner.get()
        }
        assertInstanceOf(TimeoutException::class.java, result.failure())
        assertTrue(nested.get().isCancelled)
        assertTrue(never.isCancelled)
    }

    /**
     * A gather the body started and returned without waiting for is still cancelled when the deadline
     * passes: the scope fails with TimeoutException instead of waiting for the nested task forever.
     */
    @Test
    fun timeoutScope_bodyReturnsWithoutWaitingForNestedGather_deadlineStillCancelsIt() {
        val nestedTask = BlockedTask<String>()
        val result = TimeoutBridge.timeoutScope(Duration.ofMinutes(1), null) { scope ->
            val inner = GatherBridge.gatherTasks(listOf(nestedTask), null)
            nestedTask.started.await()
            scope.reschedule(Duration.ofMillis(50))
            inner
        }
        try {
            // Bounded so that the bug fails the test instead of hanging it.
            val thrown = assertThrows(ExecutionException::class.java) { result.get(10, TimeUnit.SECONDS) }
            assertInstanceOf(TimeoutException::class.java, thrown.cause)
            assertTrue(nestedTask.interrupted)
        } finally {
            result.cancel(true)
            FutureBridge.awaitStopped(result)
        }
    }

    /** A timeout-scope body that finishes in time gives its value, and one that throws gives its own exception. */
    @Test
    fun timeoutScope_bodyFinishesInTime_valueOrOwnException() {
        assertEquals("value", TimeoutBridge.timeoutScope(Duration.ofMinutes(1), null) { "value" }.getWithin())
        val boom = IOException("boom")
        assertSame(boom, TimeoutBridge.timeoutScope<String>(Duration.ofMinutes(1), null) { throw boom }.failure())
    }

    /** Rescheduling a scope to zero from its Java body expires it: the blocked body is interrupted and the result times out. */
    @Test
    fun timeoutScope_rescheduleZeroFromBody_expiresScope() {
        val expiredSeenByBody = AtomicReference<Boolean>()
        val result = TimeoutBridge.timeoutScope(Duration.ofMinutes(1), null) { scope ->
            scope.reschedule(Duration.ZERO)
            try {
                CountDownLatch(1).await() // wait for interrupt
                "never"
            } catch (e: InterruptedException) {
                expiredSeenByBody.set(scope.isExpired)
                throw e
            }
        }
        assertInstanceOf(TimeoutException::class.java, result.failure())
        assertEquals(true, expiredSeenByBody.get())
    }

    /** The scope's future stays incomplete while its body runs, then completes with the body's value. */
    @Test
    fun timeoutScope_bodyStillRunning_futureNotYetComplete() {
        val release = CountDownLatch(1)
        val result = TimeoutBridge.timeoutScope(Duration.ofMinutes(1), null) { release.await(); "v" }
        assertNull(result.getNow(null))
        assertFalse(result.isDone)
        release.countDown()
        assertEquals("v", result.getWithin())
    }

    /**
     * An Executor that runs each command on a new thread, and holds every command after the first
     * until [gate] opens. With waitForTask the first command runs the task and the second starts the
     * deadline's timer, so the deadline cannot pass before the task has started.
     */
    private class GatedExecutor(private val gate: CountDownLatch) : Executor {
        private val submitted = AtomicInteger()
        private val threads = ConcurrentLinkedQueue<Forked>()

        override fun execute(command: Runnable) {
            val n = submitted.getAndIncrement()
            threads += Forks.start("gated-executor-$n") {
                if (n > 0) gate.await()
                command.run()
            }
        }

        /** Joins every thread started so far, and those they started, rethrowing their failures. */
        fun joinAll() {
            while (true) {
                (threads.poll() ?: return).join()
            }
        }
    }
}

package dev.fanin

import dev.fanin.testing.NoLeaksExtension
import dev.fanin.testing.OrderChecker
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.advanceTimeBy
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith
import java.io.FileNotFoundException
import java.io.IOException
import java.util.concurrent.TimeoutException
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/**
 * [taskGroup], its [TaskGroup] handle and [TaskGroupException], in virtual time.
 *
 * Failures are compared by type and message, never by identity: with assertions on, kotlinx's
 * stack-trace recovery may hand the test a copy of a task's exception.
 */
@ExtendWith(NoLeaksExtension::class)
class TaskGroupTest {

    /** The (type, message) pairs of [failures], in order, for comparing failure lists. */
    private fun describe(failures: List<Throwable>): List<Pair<Class<*>, String?>> =
        failures.map { it.javaClass to it.message }

    // ---------------------------------------------------------------- CANCEL_ALL

    /**
     * The first failure cancels the siblings and the block, and the call throws a TaskGroupException
     * holding exactly that failure, only after the siblings' cleanup has run.
     */
    @Test
    fun taskGroup_taskFails_cancelsSiblingsAndBlockThenThrowsThatFailure() = runTest {
        val order = OrderChecker()
        var failing: Deferred<Unit>? = null
        var sibling: Deferred<Unit>? = null
        val e = assertThrowsSuspending<TaskGroupException> {
            taskGroup {
                sibling = fork {
                    order.expect(2)
                    try {
                        awaitCancellation()
                    } finally {
                        withContext(NonCancellable) { delay(1.seconds) }
                        order.expect(5)
                    }
                }
                failing = fork {
                    order.expect(3)
                    delay(1.seconds)
                    throw IOException("boom")
                }
                order.expect(1)
                try {
                    awaitCancellation()
                } finally {
                    order.expect(4)
                }
            }
        }
        order.finish(6)
        order.check()
        assertEquals(listOf(IOException::class.java to "boom"), describe(e.failures))
        assertEquals(IOException::class.java, e.cause?.javaClass)
        assertEquals("boom", e.cause?.message)
        // Thrown after the sibling's one-second, non-cancellable cleanup.
        assertEquals(2.seconds.inWholeMilliseconds, currentTime)
        assertTrue(sibling!!.isCancelled)
        assertInstanceOf(CancellationException::class.java, sibling!!.getCompletionExceptionOrNull())
        // The failed task's own deferred fails with its exception, not with a cancellation.
        val own = failing!!.getCompletionExceptionOrNull()
        assertEquals(IOException::class.java, own?.javaClass)
        assertEquals("boom", own?.message)
    }

    /** A group with exactly one failure still throws TaskGroupException, not the bare failure. */
    @Test
    fun taskGroup_exactlyOneFailure_stillThrowsTaskGroupException() = runTest {
        val e = assertThrowsSuspending<Throwable> {
            taskGroup { fork<Unit> { throw IllegalArgumentException("bad") } }
        }
        assertInstanceOf(TaskGroupException::class.java, e)
        e as TaskGroupException
        assertEquals(listOf(IllegalArgumentException::class.java to "bad"), describe(e.failures))
        assertEquals(IllegalArgumentException::class.java, e.cause?.javaClass)
        assertTrue(e.message!!.startsWith("1 task(s) failed"), e.message)
    }

    /** A failure of the block itself is a failure of the group: it cancels the tasks and is listed. */
    @Test
    fun taskGroup_blockFails_cancelsTasksAndIsListed() = runTest {
        val order = OrderChecker()
        val e = assertThrowsSuspending<TaskGroupException> {
            taskGroup {
                fork {
                    order.expect(1)
                    try {
                        awaitCancellation()
                    } finally {
                        order.expect(2)
                    }
                }
                delay(1.seconds)
                throw IllegalStateException("block failed")
            }
        }
        order.finish(3)
        order.check()
        assertEquals(listOf(IllegalStateException::class.java to "block failed"), describe(e.failures))
        assertEquals(1.seconds.inWholeMilliseconds, currentTime)
    }

    /**
     * A sibling that throws a real exception from its cleanup, while being cancelled, is a second
     * failure listed after the first; the cancellations themselves are not listed.
     */
    @Test
    fun taskGroup_cancelledSiblingFailsInCleanup_listedAfterFirstFailure() = runTest {
        val e = assertThrowsSuspending<TaskGroupException> {
            taskGroup {
                fork<Unit> {
                    try {
                        awaitCancellation()
                    } finally {
                        throw IllegalStateException("cleanup failed")
                    }
                }
                fork { awaitCancellation() } // cancelled quietly: not a failure
                fork<Unit> {
                    delay(1.seconds)
                    throw IOException("first")
                }
                awaitCancellation()
            }
        }
        assertEquals(
            listOf(IOException::class.java to "first", IllegalStateException::class.java to "cleanup failed"),
            describe(e.failures),
        )
    }

    /** Forking after a failure, while the CANCEL_ALL group is shutting down, gives an already cancelled deferred. */
    @Test
    fun taskGroup_forkAfterFailureWhileShuttingDown_givesCancelledDeferred() = runTest {
        var late: Deferred<String>? = null
        var lateRan = false
        assertThrowsSuspending<TaskGroupException> {
            taskGroup {
                fork<Unit> { throw IOException("boom") }
                try {
                    awaitCancellation()
                } finally {
                    late = fork { lateRan = true; "late" }
                }
            }
        }
        assertTrue(late!!.isCancelled)
        assertFalse(lateRan)
    }

    // ---------------------------------------------------------------- KEEP_RUNNING

    /** With KEEP_RUNNING, two failures are listed in the order they happened, not in fork order. */
    @Test
    fun taskGroup_keepRunningTwoFailures_listedInOrderTheyHappened() = runTest {
        val e = assertThrowsSuspending<TaskGroupException> {
            taskGroup(onFailure = OnFailure.KEEP_RUNNING) {
                fork<Unit> { delay(2.seconds); throw IllegalStateException("second") }
                fork<Unit> { delay(1.seconds); throw IOException("first") }
            }
        }
        assertEquals(
            listOf(IOException::class.java to "first", IllegalStateException::class.java to "second"),
            describe(e.failures),
        )
        assertEquals("first", e.cause?.message)
        assertTrue(e.message!!.startsWith("2 task(s) failed"), e.message)
        assertEquals(2.seconds.inWholeMilliseconds, currentTime)
    }

    /** With KEEP_RUNNING, three failures, the block's among them, are listed in the order they happened. */
    @Test
    fun taskGroup_keepRunningThreeFailuresWithBlock_listedInOrderTheyHappened() = runTest {
        val e = assertThrowsSuspending<TaskGroupException> {
            taskGroup(onFailure = OnFailure.KEEP_RUNNING) {
                fork<Unit> { delay(3.seconds); throw IllegalArgumentException("third") }
                fork<Unit> { delay(1.seconds); throw IOException("first") }
                delay(2.seconds)
                throw IllegalStateException("second, by the block")
            }
        }
        assertEquals(
            listOf(
                IOException::class.java to "first",
                IllegalStateException::class.java to "second, by the block",
                IllegalArgumentException::class.java to "third",
            ),
            describe(e.failures),
        )
        assertEquals(3.seconds.inWholeMilliseconds, currentTime)
    }

    /** With KEEP_RUNNING, a failure cancels neither the siblings nor the block: they run to the end. */
    @Test
    fun taskGroup_keepRunning_siblingsAndBlockFinish() = runTest {
        var sibling: Deferred<String>? = null
        var blockFinished = false
        val e = assertThrowsSuspending<TaskGroupException> {
            taskGroup(onFailure = OnFailure.KEEP_RUNNING) {
                fork<Unit> { delay(1.seconds); throw IOException("boom") }
                sibling = fork { delay(2.seconds); "sibling done" }
                delay(3.seconds)
                blockFinished = true
            }
        }
        assertEquals(listOf(IOException::class.java to "boom"), describe(e.failures))
        assertTrue(blockFinished)
        assertFalse(sibling!!.isCancelled)
        assertEquals("sibling done", sibling!!.getCompleted())
        assertEquals(3.seconds.inWholeMilliseconds, currentTime)
    }

    /**
     * With KEEP_RUNNING, a task failure that reaches the block through await() and is not caught
     * there is still one failure, listed once.
     */
    @Test
    fun taskGroup_keepRunningBlockRethrowsAwaitedFailure_listedOnce() = runTest {
        val e = assertThrowsSuspending<TaskGroupException> {
            taskGroup(onFailure = OnFailure.KEEP_RUNNING) {
                fork<Unit> { delay(1.seconds); throw IOException("boom") }.await()
            }
        }
        assertEquals(listOf(IOException::class.java to "boom"), describe(e.failures))
    }

    /**
     * With KEEP_RUNNING, a task that awaits a failed sibling and lets the failure escape does not make
     * the group list that failure twice.
     */
    @Test
    fun taskGroup_keepRunningTaskRethrowsAwaitedSiblingFailure_listedOnce() = runTest {
        val e = assertThrowsSuspending<TaskGroupException> {
            taskGroup(onFailure = OnFailure.KEEP_RUNNING) {
                val failing = fork<Unit> { delay(1.seconds); throw IOException("boom") }
                fork { failing.await() }
            }
        }
        assertEquals(listOf(IOException::class.java to "boom"), describe(e.failures))
    }

    /**
     * With CANCEL_ALL, the block and a task awaiting the failed task are cancelled before the await
     * can rethrow, so the failure is listed once.
     */
    @Test
    fun taskGroup_cancelAllAwaitersOfFailedTask_failureListedOnce() = runTest {
        val e = assertThrowsSuspending<TaskGroupException> {
            taskGroup {
                val failing = fork<Unit> { delay(1.seconds); throw IOException("boom") }
                fork { failing.await() }
                failing.await()
            }
        }
        assertEquals(listOf(IOException::class.java to "boom"), describe(e.failures))
    }

    /** failuresOf picks the failures of one type (subtypes included) and keeps their order. */
    @Test
    fun taskGroupException_failuresOf_filtersByTypeInOrder() = runTest {
        val e = assertThrowsSuspending<TaskGroupException> {
            taskGroup(onFailure = OnFailure.KEEP_RUNNING) {
                fork<Unit> { delay(1.seconds); throw IOException("io") }
                fork<Unit> { delay(2.seconds); throw IllegalStateException("state") }
                fork<Unit> { delay(3.seconds); throw FileNotFoundException("missing") }
            }
        }
        assertEquals(
            listOf(IOException::class.java to "io", FileNotFoundException::class.java to "missing"),
            describe(e.failuresOf<IOException>()),
        )
        assertEquals(listOf(FileNotFoundException::class.java to "missing"), describe(e.failuresOf<FileNotFoundException>()))
        assertEquals(listOf(IllegalStateException::class.java to "state"), describe(e.failuresOf<IllegalStateException>()))
        assertEquals(emptyList<TimeoutException>(), e.failuresOf<TimeoutException>())
        assertEquals(3, e.failuresOf<Throwable>().size)
    }

    // ---------------------------------------------------------------- results and forking

    /** The group returns the block's value, once every task has completed. */
    @Test
    fun taskGroup_success_returnsBlockValue() = runTest {
        val result = taskGroup {
            val a = fork { delay(1.seconds); 1 }
            val b = fork { delay(2.seconds); 2 }
            a.await() + b.await()
        }
        assertEquals(3, result)
        assertEquals(2.seconds.inWholeMilliseconds, currentTime)
        assertNull(taskGroup<String?> { null })
    }

    /** A block that returns before its tasks does not end the group: the call waits for the tasks. */
    @Test
    fun taskGroup_blockReturnsEarly_waitsForTasks() = runTest {
        var task: Deferred<String>? = null
        val result = taskGroup {
            task = fork { delay(1.seconds); "task" }
            "block"
        }
        assertEquals("block", result)
        assertTrue(task!!.isCompleted)
        assertEquals("task", task!!.getCompleted())
        assertEquals(1.seconds.inWholeMilliseconds, currentTime)
    }

    /**
     * A task may fork into its own group, even after the block has returned, and the group waits for
     * those grandchildren before returning.
     */
    @Test
    fun taskGroup_forkFromTask_grandchildrenAwaitedBeforeReturn() = runTest {
        val order = OrderChecker()
        var grandchild: Deferred<String>? = null
        val result = taskGroup {
            fork {
                delay(1.seconds) // the block has returned by now
                order.expect(2)
                grandchild = fork {
                    delay(1.seconds)
                    order.expect(3)
                    "grandchild"
                }
            }
            order.expect(1)
            "block"
        }
        order.finish(4)
        order.check()
        assertEquals("block", result)
        assertEquals("grandchild", grandchild!!.getCompleted())
        assertEquals(2.seconds.inWholeMilliseconds, currentTime)
    }

    /** A grandchild's failure is a failure of the group and cancels the other tasks. */
    @Test
    fun taskGroup_grandchildFails_reportedAndCancelsOthers() = runTest {
        var sibling: Deferred<Unit>? = null
        val e = assertThrowsSuspending<TaskGroupException> {
            taskGroup {
                sibling = fork { awaitCancellation() }
                fork {
                    fork<Unit> { delay(1.seconds); throw IOException("grandchild") }
                }
            }
        }
        assertEquals(listOf(IOException::class.java to "grandchild"), describe(e.failures))
        assertTrue(sibling!!.isCancelled)
        assertEquals(1.seconds.inWholeMilliseconds, currentTime)
    }

    /** Forking into a group that has ended, normally or by failure, throws IllegalStateException. */
    @Test
    fun taskGroup_forkAfterGroupEnded_throwsIllegalStateException() = runTest {
        var ok: TaskGroupScope? = null
        taskGroup { ok = this }
        var ran = false
        assertThrowsSuspending<IllegalStateException> { ok!!.fork { ran = true } }

        var failed: TaskGroupScope? = null
        assertThrowsSuspending<TaskGroupException> {
            taskGroup {
                failed = this
                fork<Unit> { throw IOException("boom") }
            }
        }
        assertThrowsSuspending<IllegalStateException> { failed!!.fork { ran = true } }
        runCurrent()
        assertFalse(ran)
    }

    /** A deferred forked in the group can be handed to gather and to waitUntil like any other. */
    @Test
    fun taskGroup_forkedDeferreds_workWithGatherAndWaitUntil() = runTest {
        val result = taskGroup {
            val a = fork { delay(1.seconds); "a" }
            val b = fork { delay(2.seconds); "b" }
            val first = waitUntil(ReturnWhen.FIRST_COMPLETED, listOf(a, b))
            assertEquals(1.seconds.inWholeMilliseconds, currentTime)
            assertEquals(listOf(a), first.done)
            assertEquals(listOf(b), first.pending)
            gatherDeferreds(listOf(a, b))
        }
        assertEquals(listOf("a", "b"), result)
        assertEquals(2.seconds.inWholeMilliseconds, currentTime)
    }

    // ---------------------------------------------------------------- nesting

    /**
     * A failing inner group is one failure of the outer group, a TaskGroupException holding the inner
     * failures; the inner group has cleaned up before the outer one cancels its other tasks.
     */
    @Test
    fun taskGroup_nestedGroupFails_isOneTaskGroupExceptionInOuterFailures() = runTest {
        val order = OrderChecker()
        val e = assertThrowsSuspending<TaskGroupException> {
            taskGroup {
                fork {
                    try {
                        awaitCancellation()
                    } finally {
                        order.expect(2)
                    }
                }
                fork {
                    taskGroup {
                        fork {
                            try {
                                awaitCancellation()
                            } finally {
                                order.expect(1)
                            }
                        }
                        fork<Unit> { delay(1.seconds); throw IOException("inner") }
                    }
                }
            }
        }
        order.finish(3)
        order.check()
        assertEquals(1, e.failures.size, "outer failures: ${e.failures}")
        val inner = e.failures.single()
        assertInstanceOf(TaskGroupException::class.java, inner)
        assertEquals(listOf(IOException::class.java to "inner"), describe((inner as TaskGroupException).failures))
        assertEquals(1.seconds.inWholeMilliseconds, currentTime)
    }

    // ---------------------------------------------------------------- cancellation

    /** Cancelling the caller cancels every task, and the call throws CancellationException once they completed. */
    @Test
    fun taskGroup_callerCancelled_throwsCancellationAfterTasksCompleted() = runTest {
        val order = OrderChecker()
        var thrown: Throwable? = null
        val caller = launch {
            try {
                taskGroup {
                    fork {
                        try {
                            awaitCancellation()
                        } finally {
                            withContext(NonCancellable) { delay(1.seconds) }
                            order.expect(2)
                        }
                    }
                    awaitCancellation()
                }
            } catch (e: Throwable) {
                order.expect(3)
                thrown = e
                throw e
            }
        }
        advanceTimeBy(500.milliseconds)
        runCurrent()
        order.expect(1)
        caller.cancel()
        caller.join()
        order.finish(4)
        order.check()
        assertInstanceOf(CancellationException::class.java, thrown)
        assertEquals(1500L, currentTime)
    }

    /** A caller cancelled after a KEEP_RUNNING task already failed still gets CancellationException, not TaskGroupException. */
    @Test
    fun taskGroup_callerCancelledAfterFailure_throwsCancellationNotTaskGroupException() = runTest {
        var thrown: Throwable? = null
        val caller = launch {
            try {
                taskGroup(onFailure = OnFailure.KEEP_RUNNING) {
                    fork<Unit> { delay(100.milliseconds); throw IOException("boom") }
                    fork { awaitCancellation() }
                    awaitCancellation()
                }
            } catch (e: Throwable) {
                thrown = e
                throw e
            }
        }
        advanceTimeBy(500.milliseconds)
        runCurrent()
        caller.cancel()
        caller.join()
        assertInstanceOf(CancellationException::class.java, thrown)
        assertFalse(thrown is TaskGroupException)
        assertEquals(500L, currentTime)
    }

    // ---------------------------------------------------------------- timeout

    /**
     * When the timeout passes, the block and every task are cancelled and the call throws
     * TimeoutException at the deadline, after their cleanup has run.
     */
    @Test
    fun taskGroup_timeoutPasses_cancelsAllAndThrowsTimeoutAtDeadline() = runTest {
        var cleanedUp = 0
        val e = assertThrowsSuspending<Throwable> {
            taskGroup(timeout = 2.seconds) {
                fork {
                    try {
                        awaitCancellation()
                    } finally {
                        cleanedUp++
                    }
                }
                try {
                    awaitCancellation()
                } finally {
                    cleanedUp++
                }
            }
        }
        assertEquals(2, cleanedUp)
        assertInstanceOf(TimeoutException::class.java, e)
        assertFalse(e is CancellationException, "threw a CancellationException: $e")
        assertEquals(0, e.suppressed.size)
        assertEquals(2.seconds.inWholeMilliseconds, currentTime)
    }

    /** Failures that happened before the deadline are attached, in order, to the TimeoutException as suppressed. */
    @Test
    fun taskGroup_timeoutAfterFailures_failuresSuppressedOnTimeout() = runTest {
        val e = assertThrowsSuspending<TimeoutException> {
            taskGroup(onFailure = OnFailure.KEEP_RUNNING, timeout = 3.seconds) {
                fork<Unit> { delay(1.seconds); throw IOException("first") }
                fork<Unit> { delay(2.seconds); throw IllegalStateException("second") }
                fork { awaitCancellation() }
                awaitCancellation()
            }
        }
        assertEquals(
            listOf(IOException::class.java to "first", IllegalStateException::class.java to "second"),
            describe(e.suppressed.toList()),
        )
        assertEquals(3.seconds.inWholeMilliseconds, currentTime)
    }

    /** A group that completes before its timeout returns normally, and the timer does not outlive it. */
    @Test
    fun taskGroup_completesBeforeTimeout_returnsResult() = runTest {
        val result = taskGroup(timeout = 2.seconds) {
            fork { delay(1.seconds) }
            "done"
        }
        assertEquals("done", result)
        assertEquals(1.seconds.inWholeMilliseconds, currentTime)
    }

    /** A zero timeout expires at once: the block never starts, so no task is forked. */
    @Test
    fun taskGroup_zeroTimeout_expiresAtOnce() = runTest {
        var started = false
        assertThrowsSuspending<TimeoutException> {
            taskGroup(timeout = Duration.ZERO) { started = true }
        }
        assertFalse(started)
        assertEquals(0L, currentTime)
    }

}

package dev.fanin.contract

import dev.fanin.testing.NoLeaksExtension
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.extension.ExtendWith
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.EnumSource
import java.time.Duration

/** The huge timeouts every form must accept as "no deadline in practice". */
val HUGE_TIMEOUTS: List<Duration> = listOf(
    Duration.ofDays(1_000_000),
    Duration.ofNanos(Long.MAX_VALUE),
    Duration.ofSeconds(Long.MAX_VALUE, 999_999_999), // Duration's largest value
)

/** A deadline that passes while a task blocks: short, since the task never finishes (STYLE 19). */
val SHORT: Duration = Duration.ofMillis(50)

/** A deadline no correct run reaches. */
val LONG: Duration = Duration.ofSeconds(HANG_SECONDS)

/** waitFor (over a task and over the caller's future) and timeoutScope: one contract, three forms. */
@ExtendWith(NoLeaksExtension::class)
@Timeout(60)
class WaitForContractTest {
    private val s = Scenario()

    /** A task that finishes in time gives its value, with a long deadline and with every huge one. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun waitFor_taskReturns_valueEvenWithHugeTimeouts(form: Form) {
        for (timeout in listOf(LONG) + HUGE_TIMEOUTS) {
            val a = s.returns("a $timeout", "v")
            assertEnded(form, Observed.Value("v"), form.run(s, Ops.waitFor(a, timeout)))
        }
    }

    /** The task's failure is thrown as the very same object. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun waitFor_taskFails_sameObject(form: Form) {
        val boom = Boom.of("boom")
        assertEnded(form, Observed.Failed(boom, emptyList()), form.run(s, Ops.waitFor(s.throws("a", boom), LONG)))
    }

    /** On expiry the task is cancelled, has stopped when the call returns, and the call fails with TimeoutException. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun waitFor_deadlinePasses_timeoutAndTaskStopped(form: Form) {
        val a = s.blocks("a")
        assertEnded(form, Observed.TimedOut(), form.run(s, Ops.waitFor(a, SHORT)))
        assertTrue(a.sawCancellation)
    }

    /**
     * A task that throws from its cleanup while the deadline cancels it: that exception propagates
     * instead of TimeoutException, as with asyncio's wait_for (aligned behaviour, item 1; pending in
     * the Java forms).
     */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun waitFor_cleanupThrowsWhileCancelled_propagatesInsteadOfTimeout(form: Form) {
        val cleanup = Boom.of("cleanup")
        val a = s.blocks("a", cleanup = cleanup)
        assertEnded(form, Observed.Failed(cleanup, emptyList()), form.run(s, Ops.waitFor(a, SHORT)))
    }

    /** A Java task that echoes its interrupt (`throw new RuntimeException(e)`) counts as cancelled: TimeoutException. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun waitFor_taskEchoesCancellation_timeout(form: Form) {
        assertEnded(form, Observed.TimedOut(), form.run(s, Ops.waitFor(s.echoes("a"), SHORT)))
    }

    /** A task that catches its cancellation and returns a value: the value is lost, TimeoutException. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun waitFor_taskSwallowsCancellation_valueLostTimeout(form: Form) {
        val a = s.swallows("a", 7)
        assertEnded(form, Observed.TimedOut(), form.run(s, Ops.waitFor(a, SHORT)))
        assertTrue(a.sawCancellation)
    }

    /**
     * A task that throws CancellationException itself, before any deadline: the call fails with that
     * object, on every JDK (from JDK 23 `CompletableFuture.get()` throws a copy; the blocking form
     * unwraps it).
     */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun waitFor_taskThrowsCancellationItself_failsWithIt(form: Form) {
        val a = s.throwsCancellation("a")
        val cancellation = (a.behaviour as Behaviour.ThrowsCancellation).cancellation
        assertEnded(form, Observed.Failed(cancellation, emptyList()), form.run(s, Ops.waitFor(a, LONG)))
    }

    /** Cancelling the call from outside cancels the task, which stops. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun waitFor_cancelledFromOutside_taskCancelledAndStopped(form: Form) {
        val a = s.blocks("a")
        cancelFromOutside(form, s, form.start(s, Ops.waitFor(a, LONG)), a)
    }

    /**
     * A zero timeout never starts the task and fails with TimeoutException, as asyncio's
     * `wait_for(coro, 0)`.
     */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun waitFor_zeroTimeout_taskNeverStarts(form: Form) {
        val a = s.returns("a", "v")
        assertEnded(form, Observed.TimedOut(), form.run(s, Ops.waitFor(a, Duration.ZERO)))
        assertEquals(0, a.runs.get(), "$form: the task started")
    }

    /** waitFor on the caller's future that is already complete, with a zero timeout, gives its value. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun waitForFuture_alreadyCompleteZeroTimeout_value(form: Form) {
        val h = Handle("h").complete("v")
        assertEnded(form, Observed.Value("v"), form.run(s, Ops.waitForHandle(h, Duration.ZERO)))
    }

    /** waitFor on the caller's pending future with a zero timeout: TimeoutException, and the future is cancelled. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun waitForFuture_pendingZeroTimeout_timeoutAndFutureCancelled(form: Form) {
        val h = Handle("h")
        assertEnded(form, Observed.TimedOut(), form.run(s, Ops.waitForHandle(h, Duration.ZERO)))
        assertTrue(h.isCancelled(form), "$form: the future was not cancelled")
    }

    /** On expiry the caller's future is cancelled, as asyncio's wait_for cancels what it awaited. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun waitForFuture_deadlinePasses_timeoutAndFutureCancelled(form: Form) {
        val h = Handle("h")
        assertEnded(form, Observed.TimedOut(), form.run(s, Ops.waitForHandle(h, SHORT)))
        assertTrue(h.isCancelled(form), "$form: the future was not cancelled")
    }

    /** The caller's future's failure is thrown as the very same object; a huge timeout is accepted. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun waitForFuture_failsLater_sameObject(form: Form) {
        val boom = Boom.of("boom")
        val h = Handle("h")
        val call = form.start(s, Ops.waitForHandle(h, HUGE_TIMEOUTS.last()))
        h.fail(boom)
        assertEnded(form, Observed.Failed(boom, emptyList()), call.await())
    }

    /** Cancelling the call from outside cancels the caller's future too (asyncio's wait_for does). */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun waitForFuture_cancelledFromOutside_futureCancelled(form: Form) {
        val h = Handle("h")
        val call = form.start(s, Ops.waitForHandle(h, LONG))
        call.cancel()
        assertEquals(Observed.Cancelled, call.await().observed)
        assertTrue(h.isCancelled(form), "$form: the future was not cancelled")
    }

    /** A body that finishes in time gives its value, with every huge timeout too. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun timeoutScope_bodyReturns_valueEvenWithHugeTimeouts(form: Form) {
        for (timeout in listOf(LONG) + HUGE_TIMEOUTS) {
            assertEnded(form, Observed.Value("v"), form.run(s, Ops.timeoutScope(s.returns("body $timeout", "v"), timeout)))
        }
    }

    /** The body's failure is thrown as the very same object. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun timeoutScope_bodyFails_sameObject(form: Form) {
        val boom = Boom.of("boom")
        assertEnded(form, Observed.Failed(boom, emptyList()), form.run(s, Ops.timeoutScope(s.throws("body", boom), LONG)))
    }

    /** On expiry the body is cancelled and has stopped when the call fails with TimeoutException. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun timeoutScope_deadlinePasses_timeoutAndBodyStopped(form: Form) {
        val body = s.blocks("body")
        assertEnded(form, Observed.TimedOut(), form.run(s, Ops.timeoutScope(body, SHORT)))
        assertTrue(body.sawCancellation)
    }

    /** A body that throws from its cleanup while the deadline cancels it: that exception propagates (item 1; pending in Java). */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun timeoutScope_cleanupThrowsWhileCancelled_propagatesInsteadOfTimeout(form: Form) {
        val cleanup = Boom.of("cleanup")
        assertEnded(form, Observed.Failed(cleanup, emptyList()), form.run(s, Ops.timeoutScope(s.blocks("body", cleanup = cleanup), SHORT)))
    }

    /** A body that swallows its cancellation and returns a value: the value is discarded, TimeoutException. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun timeoutScope_bodySwallowsCancellation_valueDiscarded(form: Form) {
        assertEnded(form, Observed.TimedOut(), form.run(s, Ops.timeoutScope(s.swallows("body", 7), SHORT)))
    }

    /** Cancelling the call from outside cancels the body, which stops. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun timeoutScope_cancelledFromOutside_bodyCancelledAndStopped(form: Form) {
        val body = s.blocks("body")
        cancelFromOutside(form, s, form.start(s, Ops.timeoutScope(body, LONG)), body)
    }

    /**
     * timeoutScope(ZERO): TimeoutException in every form, and the body never starts, whether it would
     * wait or return at once (a started body would race the timer on a multi-threaded dispatcher).
     */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun timeoutScope_zeroTimeout_timeoutAndBodyNeverStarts(form: Form) {
        for (body in listOf(s.blocks("waits"), s.returns("returns", "v"))) {
            assertEnded(form, Observed.TimedOut(), form.run(s, Ops.timeoutScope(body, Duration.ZERO)))
            assertEquals(0, body.runs.get(), "$form: ${body.name} started")
        }
    }

    /**
     * The timeout scope's body sees a thread-local its caller set: Kotlin runs the body in the caller's
     * coroutine, with its context elements, and the blocking form on the calling thread; the future
     * form runs it on Fanin's default executor, where it is not set. // differences table: where a
     * body runs — the CompletableFuture form cannot run it on the caller's thread without blocking.
     */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun timeoutScope_bodyReadsCallersThreadLocal_seenUnlessFutureForm(form: Form) {
        val expected = Observed.Value(if (form == Form.FUTURE) null else "caller")
        assertEnded(form, expected, form.run(s, Ops.bodyReadsCallerContext(group = false)))
    }
}

package dev.fanin.contract

import dev.fanin.ReturnWhen
import dev.fanin.testing.NoLeaksExtension
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.extension.ExtendWith
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.EnumSource
import java.time.Duration

/** waitUntil (asyncio's wait) over the caller's own futures: one contract, three forms. */
@ExtendWith(NoLeaksExtension::class)
@Timeout(60)
class WaitUntilContractTest {
    private fun split(done: List<String>, pending: List<String>) = Observed.Value(done to pending)

    /** FIRST_COMPLETED with handles already done: returns at once; each list keeps the argument order. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun waitUntil_firstCompleted_alreadyDone(form: Form) {
        val h = listOf(Handle("h0"), Handle("h1").complete(1), Handle("h2").fail(Boom.of("boom")))
        assertEnded(form, split(listOf("h1", "h2"), listOf("h0")), form.run(null, Ops.waitUntil(ReturnWhen.FIRST_COMPLETED, h, null)))
        h[0].complete(null)
    }

    /** FIRST_COMPLETED returns when a handle completes later. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun waitUntil_firstCompleted_later(form: Form) {
        val h = listOf(Handle("h0"), Handle("h1"))
        val call = form.start(null, Ops.waitUntil(ReturnWhen.FIRST_COMPLETED, h, HUGE_TIMEOUTS[0]))
        h[1].complete(1)
        assertEnded(form, split(listOf("h1"), listOf("h0")), call.await())
        h[0].complete(null)
    }

    /** FIRST_EXCEPTION: a cancelled handle does not count as failed; the failed one ends the wait. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun waitUntil_firstException_cancelledDoesNotCount(form: Form) {
        val h = listOf(Handle("h0").cancel(), Handle("h1"), Handle("h2"))
        val call = form.start(null, Ops.waitUntil(ReturnWhen.FIRST_EXCEPTION, h, null))
        h[1].fail(Boom.of("boom"))
        assertEnded(form, split(listOf("h0", "h1"), listOf("h2")), call.await())
        h[2].complete(null)
    }

    /** ALL_COMPLETED with a timeout that passes: returns normally with the pending handles, and cancels nothing. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun waitUntil_timeoutPasses_returnsPendingCancelsNothing(form: Form) {
        val h = listOf(Handle("h0").complete(0), Handle("h1"))
        assertEnded(form, split(listOf("h0"), listOf("h1")), form.run(null, Ops.waitUntil(ReturnWhen.ALL_COMPLETED, h, SHORT)))
        assertFalse(h[1].isDone(form))
        h[1].complete(null)
    }

    /** A zero timeout returns the current split at once. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun waitUntil_zeroTimeout_currentSplit(form: Form) {
        val h = listOf(Handle("h0"), Handle("h1").complete(1))
        assertEnded(form, split(listOf("h1"), listOf("h0")), form.run(null, Ops.waitUntil(ReturnWhen.ALL_COMPLETED, h, Duration.ZERO)))
        h[0].complete(null)
    }

    /** Every huge timeout is accepted; ALL_COMPLETED returns when all are done. A handle given twice appears once. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun waitUntil_hugeTimeoutsAndDuplicates(form: Form) {
        for (timeout in HUGE_TIMEOUTS) {
            val h0 = Handle("h0").complete(0)
            val h1 = Handle("h1").complete(1)
            assertEnded(form, split(listOf("h0", "h1"), emptyList()), form.run(null, Ops.waitUntil(ReturnWhen.ALL_COMPLETED, listOf(h0, h0, h1), timeout)))
        }
    }

    /** Empty input is rejected with IllegalArgumentException (asyncio raises ValueError). */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun waitUntil_emptyInput_rejected(form: Form) {
        val observed = form.run(null, Ops.waitUntil(ReturnWhen.FIRST_COMPLETED, emptyList(), null)).observed
        assertInstanceOf(IllegalArgumentException::class.java, (observed as Observed.Failed).exception, "$form")
    }

    /** Cancelling the call from outside stops the waiting only: the handles are not cancelled. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun waitUntil_cancelledFromOutside_handlesKeepRunning(form: Form) {
        val h = listOf(Handle("h0"), Handle("h1"))
        val call = form.start(null, Ops.waitUntil(ReturnWhen.FIRST_COMPLETED, h, null))
        call.cancel()
        assertEquals(Observed.Cancelled, call.await().observed, "$form")
        h.forEach { assertFalse(it.isDone(form), "$form: $it") }
        h.forEach { it.complete(null) }
    }
}

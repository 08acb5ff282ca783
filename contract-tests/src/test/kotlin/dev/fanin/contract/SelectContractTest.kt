package dev.fanin.contract

import dev.fanin.contract.Ops.Clause
import dev.fanin.java.Channel
import dev.fanin.java.ReceiveResult
import dev.fanin.testing.NoLeaksExtension
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.extension.ExtendWith
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.EnumSource
import java.time.Duration
import java.util.concurrent.CompletableFuture

/**
 * select: Kotlin's kotlinx `select` with Fanin's clauses (`onComplete`, `onDefault`) against Java's
 * `Select` (biased, as kotlinx's is), over one shared channel (adr/0008): one contract, three forms.
 */
@ExtendWith(NoLeaksExtension::class)
@Timeout(60)
class SelectContractTest {
    private val channel: Channel<Any> = Channel.buffered(8)

    private fun assertChannelHolds(vararg elements: Any) {
        for (e in elements) assertEquals(ReceiveResult.Received<Any>(e), channel.tryReceive())
        assertEquals(ReceiveResult.Empty<Any>(), channel.tryReceive())
    }

    /** A ready element is received; nothing else is taken from the channel. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun select_receiveReady_elementReceived(form: Form) {
        channel.send("x")
        channel.send("y")
        assertEnded(form, Observed.Value("received x"), form.run(null, Ops.select(Clause.Receive(channel), Clause.Timeout(LONG))))
        assertChannelHolds("y")
    }

    /** An element sent while the select waits is received. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun select_receiveLater_elementReceived(form: Form) {
        val call = form.start(null, Ops.select(Clause.Receive(channel)))
        channel.send("y")
        assertEnded(form, Observed.Value("received y"), call.await())
        assertChannelHolds()
    }

    /** A future that completes fires its clause with its outcome: a value, a failure, a cancellation. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun select_futureFires_outcome(form: Form) {
        val boom = Boom.of("boom")
        val cases = listOf<Pair<(CompletableFuture<Any?>) -> Boolean, Settled>>(
            { f: CompletableFuture<Any?> -> f.complete("v") } to Settled.Ok("v"),
            { f: CompletableFuture<Any?> -> f.completeExceptionally(boom) } to Settled.Err(boom),
            { f: CompletableFuture<Any?> -> f.cancel(true) } to Settled.Cancelled,
        )
        for ((complete, expected) in cases) {
            val future = CompletableFuture<Any?>()
            val call = form.start(null, Ops.select(Clause.Receive(channel), Clause.Complete(future)))
            complete(future)
            assertEnded(form, Observed.Value("completed $expected"), call.await())
        }
        assertChannelHolds()
    }

    /** The timeout fires when nothing else is ready; the channel is untouched. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun select_timeout_fires(form: Form) {
        assertEnded(form, Observed.Value("timeout"), form.run(null, Ops.select(Clause.Receive(channel), Clause.Timeout(SHORT))))
        channel.send("late")
        assertChannelHolds("late")
    }

    /** A zero timeout fires at once when nothing before it is ready, and loses to a ready clause before it. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun select_zeroTimeout_firesUnlessEarlierClauseReady(form: Form) {
        assertEnded(form, Observed.Value("timeout"), form.run(null, Ops.select(Clause.Receive(channel), Clause.Timeout(Duration.ZERO))))
        channel.send("x")
        assertEnded(form, Observed.Value("received x"), form.run(null, Ops.select(Clause.Receive(channel), Clause.Timeout(Duration.ZERO))))
    }

    /** Every huge timeout is accepted: the future's clause fires. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun select_hugeTimeouts_otherClauseFires(form: Form) {
        for (timeout in HUGE_TIMEOUTS) {
            val future = CompletableFuture<Any?>()
            val call = form.start(null, Ops.select(Clause.Complete(future), Clause.Timeout(timeout)))
            future.complete(1)
            assertEnded(form, Observed.Value("completed ${Settled.Ok(1)}"), call.await())
        }
    }

    /** The default fires when nothing is ready, and not when a clause is ready. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun select_default_onlyWhenNothingReady(form: Form) {
        assertEnded(form, Observed.Value("default"), form.run(null, Ops.select(Clause.Receive(channel), Clause.Default)))
        channel.send("x")
        assertEnded(form, Observed.Value("received x"), form.run(null, Ops.select(Clause.Receive(channel), Clause.Default)))
        assertChannelHolds()
    }

    /** Cancelling the select from outside withdraws its clauses: an element sent afterwards stays in the channel. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun select_cancelledFromOutside_nothingConsumed(form: Form) {
        val call = form.start(null, Ops.select(Clause.Receive(channel)))
        call.cancel()
        assertEquals(Observed.Cancelled, call.await().observed, "$form")
        channel.send("z")
        assertChannelHolds("z")
    }

    /**
     * One select over two channels that close at different times (one before the select starts, one
     * while it waits), built once and run until both are closed: every element once, then the
     * all-closed result (adr/0018).
     */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun selectUntilClosed_channelsCloseAtDifferentTimes_everyElementThenAllClosed(form: Form) {
        val early = Channel.buffered<Any>(2)
        val late = Channel.rendezvous<Any>()
        early.send("e1")
        early.send("e2")
        early.close()
        val call = form.start(null, Ops.selectUntilClosed(early, late))
        late.send("l1") // a rendezvous: returns once a run of the select has taken it
        late.close()
        assertEnded(form, Observed.Value(listOf("received e1", "received e2", "received l1", Ops.ALL_CLOSED)), call.await())
    }

    /**
     * A channel closed with a cause fails the run that sees it with that cause, once; the select
     * goes on over the other channel until it is closed too.
     */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun selectUntilClosed_channelFailed_oneRunFailsWithItsCauseThenTheRestGoesOn(form: Form) {
        val failed = Channel.buffered<Any>(1)
        val other = Channel.buffered<Any>(1)
        failed.close(Boom.of("producer failed"))
        other.send("x")
        other.close()
        assertEnded(
            form,
            Observed.Value(listOf("failed producer failed", "received x", Ops.ALL_CLOSED)),
            form.run(null, Ops.selectUntilClosed(failed, other)),
        )
    }
}

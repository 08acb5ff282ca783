package dev.fanin

import dev.fanin.internal.ClosedChannel
import dev.fanin.internal.Fired
import dev.fanin.internal.SelectClauseSpec
import dev.fanin.internal.SelectSpec
import dev.fanin.internal.Thrown
import dev.fanin.internal.outcomeOfFailure
import dev.fanin.internal.requireNotNegative
import dev.fanin.internal.selectOrder
import dev.fanin.internal.timeoutClause
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.channels.ClosedReceiveChannelException
import kotlinx.coroutines.channels.ReceiveChannel
import kotlinx.coroutines.channels.SendChannel
import java.util.concurrent.CompletionStage
import kotlin.random.Random
import kotlin.time.Duration

/**
 * A select you build once and run again and again: the coroutine form of the Java `Select`, on the
 * same engine. Each [select] waits until one clause is ready, performs exactly that one, and returns
 * its block's result; the other clauses receive, send and cancel nothing.
 *
 * Use kotlinx's `select { }` (with Fanin's `onComplete` and `onDefault`) for a one-off select. Use a
 * `CoroutineSelect` for a select that outlives one run, above all one that receives from several
 * channels until each is closed ([onReceiveUntilClosed]): kotlinx's select has no clause that leaves
 * once its channel is closed, so a loop over it rebuilds the select each round and decides by hand
 * which channels are still open.
 *
 * - **Fairness.** `CoroutineSelect()` picks uniformly at random among clauses ready at once, as Go
 *   and the Java `Select.create()` do; [biased] picks the first one added, as kotlinx's `select`
 *   does, which gives clauses a priority (adr/0009).
 * - **Closed channels.** [onReceive] on a closed, drained channel makes [select] throw what
 *   kotlinx's `receive` throws: `ClosedReceiveChannelException` after a normal close, else the close
 *   cause. [onReceiveUntilClosed] leaves the select instead (adr/0018). [onSend] on a closed channel
 *   throws kotlinx's `ClosedSendChannelException` or the close cause.
 * - **One channel, two clauses.** A channel may have at most one receive and one send clause; a
 *   select that both receives from and sends to one channel is allowed, as in Go (adr/0009).
 * - **Thread safety.** Build it in one coroutine; it may then be run in any coroutine, on any
 *   thread, one run at a time. Each run is a new select; the runs share which until-closed channels
 *   have left.
 * - **Memory.** It holds its clauses, their channels, futures and blocks, until it is dropped.
 *
 * ```
 * val merge = CoroutineSelect<Boolean>()
 *     .onReceiveUntilClosed(orders) { process(it); true }
 *     .onReceiveUntilClosed(refunds) { process(it); true }
 *     .onAllClosed { false }
 * while (merge.select()) {
 *     // one element processed; runs on until both channels are closed and drained
 * }
 * ```
 *
 * ## Related
 * The Java `Select` is the same select for threads and futures; [CoroutineSelectLoop] waits on many
 * sources at once and returns every one that fired.
 *
 * ## Pitfalls
 * As with kotlinx's `select`, cancellation is prompt: a run cancelled at the moment a clause fired
 * throws `CancellationException`, and an element that clause received is dropped (kotlinx gives it
 * to the channel's `onUndeliveredElement`, if it has one). A loop that must not lose elements to
 * cancellation uses [CoroutineSelectLoop], which keeps them.
 *
 * @param R the type of the blocks' results
 */
public class CoroutineSelect<R> private constructor(private val random: Random?, private val isBiased: Boolean) {
    /** A select that picks uniformly at random among clauses ready at once (Go's behaviour). */
    public constructor() : this(null, false)

    /** A `CoroutineSelect()` whose random choices come from [random], for tests that need a repeatable choice. */
    public constructor(random: Random) : this(random, false)

    private val clauses = ArrayList<SelectClauseSpec>()
    private val blocks = ArrayList<suspend (Any?) -> R>()
    private val receivedFrom = ArrayList<Any>() // channels with a receive clause, by identity
    private val sentTo = ArrayList<Any>() // channels with a send clause, by identity
    private val joined = ArrayList<Any>() // deferreds with a completion clause, by identity
    private var onDefault: (suspend () -> R)? = null
    private var onAllClosed: (suspend () -> R)? = null
    private var hasUntilClosed = false

    /**
     * Adds a receive from [channel]; when it fires, [block] gets the element. On a closed, drained
     * channel the run throws `ClosedReceiveChannelException`, or the close cause.
     *
     * @throws IllegalArgumentException if [channel] already has a receive clause in this select
     */
    public fun <E> onReceive(channel: ReceiveChannel<E>, block: suspend (E) -> R): CoroutineSelect<R> {
        claim(channel, receivedFrom, "channel", "receive")
        return add(SelectClauseSpec.Receive(channel)) { value ->
            if (value is ClosedChannel) throw value.cause ?: ClosedReceiveChannelException(CLOSED)
            @Suppress("UNCHECKED_CAST")
            block(value as E)
        }
    }

    /**
     * Adds a receive from [channel] that leaves the select once the channel is closed and drained;
     * when it fires, [block] gets the element.
     *
     * A normal close (`close()` without a cause) is not a result: the run that sees it goes on
     * waiting on the other clauses (a timer keeps counting from the run's start), and no later run
     * of this select receives from the channel again. Once every clause added with this function
     * has left, each run ends at once, before any other clause can fire, with [onAllClosed]'s result,
     * or throws `ClosedReceiveChannelException` if the select has none. Other clauses (timers,
     * futures, sends, plain receives) do not keep such a select running. A close counts once a run
     * has seen it: until then a closed channel is ready like any other clause, so in a biased select
     * a ready clause added before it fires first.
     *
     * A channel closed with a cause (`close(cause)`, `cancel()`) fails the run that sees it, once,
     * as [onReceive] does: [select] throws the cause, and the clause has then left too. So a
     * producer's failure is never dropped; a loop that catches it can run the select on over the
     * other channels.
     *
     * Which channels have left is state of this select, shared by every run (a flag per clause,
     * written once): a new `CoroutineSelect` over the same channels starts again with all of them.
     *
     * @throws IllegalArgumentException if [channel] already has a receive clause in this select
     */
    public fun <E> onReceiveUntilClosed(channel: ReceiveChannel<E>, block: suspend (E) -> R): CoroutineSelect<R> {
        claim(channel, receivedFrom, "channel", "receive")
        hasUntilClosed = true
        return add(SelectClauseSpec.Receive(channel, untilClosed = true)) { value ->
            // Only a close with a cause is returned; a normal close leaves without a result.
            if (value is ClosedChannel) throw value.cause ?: ClosedReceiveChannelException(CLOSED)
            @Suppress("UNCHECKED_CAST")
            block(value as E)
        }
    }

    /**
     * Adds a send of [element] to [channel]; when it fires, the element has been sent and [block]
     * gives the result. A send to a closed channel makes the run throw what kotlinx's `send` throws.
     * When another clause fires, the element was not sent; as with kotlinx's `onSend`, a channel
     * with an `onUndeliveredElement` callback may hand it to that callback.
     *
     * @throws IllegalArgumentException if [channel] already has a send clause in this select
     */
    public fun <E> onSend(channel: SendChannel<E>, element: E, block: suspend () -> R): CoroutineSelect<R> {
        claim(channel, sentTo, "channel", "send")
        @Suppress("UNCHECKED_CAST")
        return add(SelectClauseSpec.Send(channel as SendChannel<Any?>, element, filter = null, dropsLatest = false)) { block() }
    }

    /**
     * Adds the completion of [stage]; when it fires, [block] gets its [Outcome]. The select never
     * cancels the stage. Each run adds one completion callback to the stage, kept until the stage
     * completes; over a stage that stays pending for long, add its `asDeferred()` instead.
     */
    public fun <T> onComplete(stage: CompletionStage<T>, block: suspend (Outcome<T>) -> R): CoroutineSelect<R> =
        add(SelectClauseSpec.Complete(stage)) { block(outcome(it)) }

    /**
     * Adds the completion of [deferred]; when it fires, [block] gets its [Outcome]. The select never
     * cancels the deferred.
     *
     * @throws IllegalArgumentException if [deferred] already has a completion clause in this select
     */
    public fun <T> onComplete(deferred: Deferred<T>, block: suspend (Outcome<T>) -> R): CoroutineSelect<R> {
        claim(deferred, joined, "deferred", "completion")
        return add(SelectClauseSpec.Join(deferred)) { block(outcome(it)) }
    }

    /**
     * Adds a timer that fires once [timeout] has passed since the run started (Go's `time.After`);
     * a zero timeout fires at once if no clause before it in the run's order is ready.
     *
     * @throws IllegalArgumentException if [timeout] is negative
     */
    public fun onTimeout(timeout: Duration, block: suspend () -> R): CoroutineSelect<R> =
        add(timeoutClause(requireNotNegative(timeout))) { block() }

    /**
     * Sets the default clause: it fires, without waiting, when no other clause is ready (Go's `default`).
     *
     * @throws IllegalStateException if a default is already set
     */
    public fun onDefault(block: suspend () -> R): CoroutineSelect<R> {
        check(onDefault == null) { "this select already has a default clause" }
        onDefault = block
        return this
    }

    /**
     * Sets the clause that fires once every [onReceiveUntilClosed] clause has left the select: from
     * then on each run returns [block]'s result at once, before any other clause can fire. Without it
     * such a run throws `ClosedReceiveChannelException`.
     *
     * @throws IllegalStateException if an all-closed clause is already set
     */
    public fun onAllClosed(block: suspend () -> R): CoroutineSelect<R> {
        check(onAllClosed == null) { "this select already has an all-closed clause" }
        onAllClosed = block
        return this
    }

    /**
     * Waits until a clause is ready, performs it, and returns its block's result; the block runs in
     * the calling coroutine. Once every [onReceiveUntilClosed] clause has left, returns
     * [onAllClosed]'s result at once.
     *
     * **Cancellation.** This suspending function is cancellable: cancelling the caller while it
     * waits withdraws every clause (nothing is received or sent, no future is cancelled) and throws
     * `CancellationException`; see Pitfalls on the class for a clause that fires at that moment.
     *
     * @throws IllegalStateException if the select has no clause, or has [onAllClosed] but no
     *   [onReceiveUntilClosed] clause
     * @throws ClosedReceiveChannelException after a normal close of an [onReceive] channel, or once
     *   every [onReceiveUntilClosed] clause has left and there is no [onAllClosed]
     */
    public suspend fun select(): R {
        check(clauses.isNotEmpty() || onDefault != null) { "a select needs at least one clause" }
        check(onAllClosed == null || hasUntilClosed) { "onAllClosed needs an onReceiveUntilClosed clause, or it could never fire" }
        val order = selectOrder(clauses.size, if (isBiased) null else { bound -> (random ?: Random).nextInt(bound) })
        val fired = SelectSpec(clauses, order, onDefault != null).run() as Fired
        return when (fired.index) {
            Fired.DEFAULT -> onDefault!!()
            Fired.ALL_CLOSED -> (onAllClosed ?: throw ClosedReceiveChannelException(ALL_CLOSED))()
            else -> blocks[fired.index](fired.value)
        }
    }

    private fun add(clause: SelectClauseSpec, block: suspend (Any?) -> R): CoroutineSelect<R> {
        clauses.add(clause)
        blocks.add(block)
        return this
    }

    /** Creates biased selects. */
    public companion object {
        /**
         * A select in which the first clause added wins among clauses ready at once, as in kotlinx's
         * `select`; it lets a clause take priority (a shutdown signal over work).
         */
        public fun <R> biased(): CoroutineSelect<R> = CoroutineSelect(null, true)

        private const val CLOSED = "Channel was closed"
        private const val ALL_CLOSED = "every onReceiveUntilClosed channel of this select is closed"

        /**
         * Records that [target] has a clause of [kind]. kotlinx's select takes one clause per object;
         * Fanin pairs a channel's receive with its send itself, and a second clause of one kind would
         * add nothing a single clause cannot do.
         */
        private fun claim(target: Any, claimed: MutableList<Any>, name: String, kind: String) {
            require(claimed.none { it === target }) { "$name already has a $kind clause in this select: $target" }
            claimed.add(target)
        }

        @Suppress("UNCHECKED_CAST")
        private fun <T> outcome(value: Any?): Outcome<T> =
            if (value is Thrown) outcomeOfFailure(value.exception) as Outcome<T> else Outcome.Success(value as T)
    }
}

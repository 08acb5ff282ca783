package dev.fanin.interop

import dev.fanin.internal.ClosedChannel
import dev.fanin.internal.Fired
import dev.fanin.internal.SelectClauseSpec
import dev.fanin.internal.SelectSpec
import dev.fanin.internal.ThreadSelect
import dev.fanin.internal.selectOrder
import dev.fanin.internal.Thrown
import dev.fanin.internal.named
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import java.util.function.Function
import java.time.Duration as JavaDuration

/**
 * The Java facade's select: its clauses and calls, run by the engine's [ThreadSelect] on the
 * caller's thread like a channel operation ([ChannelEndpoint]).
 *
 * @suppress
 */
@InternalFaninApi
public object SelectBridge {
    /** A clause, as the engine registers it. */
    public class Clause internal constructor(internal val spec: SelectClauseSpec)

    /** The [Selected.index] of the default clause. */
    public const val DEFAULT: Int = Fired.DEFAULT

    /** The [Selected.index] of a select none of whose until-closed receive clauses is left. */
    public const val ALL_CLOSED: Int = Fired.ALL_CLOSED

    /**
     * Which clause fired: its [index] in the facade's list, or [DEFAULT], or [ALL_CLOSED], and what it
     * fired with. For a receive: the element, or [closed] with [closeCause]. For a completion: the
     * value, or the [failure]. Otherwise nothing.
     */
    public class Selected internal constructor(
        public val index: Int,
        public val value: Any?,
        public val closed: Boolean,
        public val closeCause: Throwable?,
        public val failure: Throwable?,
    )

    /** A receive from [endpoint]'s channel. */
    @JvmStatic
    public fun receive(endpoint: ChannelEndpoint<*>): Clause = Clause(endpoint.ops.receiveClause())

    /**
     * A receive from [endpoint]'s channel that leaves the select once it has seen the channel
     * closed; every run of the select this clause belongs to shares that state (adr/0018).
     */
    @JvmStatic
    public fun receiveUntilClosed(endpoint: ChannelEndpoint<*>): Clause = Clause(endpoint.ops.receiveClause(untilClosed = true))

    /** A send of [element] to [endpoint]'s channel. */
    @JvmStatic
    public fun send(endpoint: ChannelEndpoint<*>, element: Any): Clause = Clause(endpoint.ops.sendClause(element))

    /** The completion of [stage]. */
    @JvmStatic
    public fun complete(stage: CompletionStage<*>): Clause = Clause(SelectClauseSpec.Complete(stage))

    /** A clause that fires once [timeout] has passed. */
    @JvmStatic
    public fun timeout(timeout: JavaDuration): Clause = Clause(ThreadSelect.timeoutClause(timeout))

    /**
     * The order to register [size] clauses in: listed when [random] is null (biased), else shuffled
     * with [random].
     */
    @JvmStatic
    public fun order(size: Int, random: java.util.Random?): IntArray = selectOrder(size, random?.let { it::nextInt })

    /**
     * Runs a select on this thread: the first clause ready, in [order] (indexes into [clauses]),
     * fires; if none is and [hasDefault], the default does; else the thread waits. Once no
     * until-closed clause is left it returns [ALL_CLOSED] at once.
     *
     * @throws InterruptedException if interrupted while waiting; every clause was withdrawn
     * @throws RuntimeException what [closed] makes of a send clause's closed channel
     */
    @JvmStatic
    @Throws(InterruptedException::class)
    public fun select(
        clauses: List<Clause>,
        order: IntArray,
        hasDefault: Boolean,
        closed: Function<Throwable?, RuntimeException>,
    ): Selected = selected(ThreadSelect.select(spec(clauses, order, hasDefault), closed))

    /**
     * Starts a select and returns the future of [handle] applied to the fired clause, applied on
     * the thread that completes the select. Completing the future otherwise withdraws every clause.
     */
    @JvmStatic
    public fun <R> selectAsync(
        clauses: List<Clause>,
        order: IntArray,
        hasDefault: Boolean,
        closed: Function<Throwable?, RuntimeException>,
        handle: Function<Selected, R>,
    ): CompletableFuture<R> =
        ThreadSelect.selectAsync(spec(clauses, order, hasDefault), closed) { handle.apply(selected(it)) }
            .named("Select.selectAsync")

    private fun spec(clauses: List<Clause>, order: IntArray, hasDefault: Boolean): SelectSpec =
        SelectSpec(clauses.map { it.spec }, order, hasDefault)

    private fun selected(fired: Fired): Selected = when (val value = fired.value) {
        is ClosedChannel -> Selected(fired.index, null, true, value.cause, null)
        is Thrown -> Selected(fired.index, null, false, null, value.exception)
        else -> Selected(fired.index, value, false, null, null)
    }
}

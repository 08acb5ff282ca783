package dev.fanin.internal

import kotlinx.coroutines.DelicateCoroutinesApi
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.channels.ClosedSendChannelException
import kotlinx.coroutines.channels.ReceiveChannel
import kotlinx.coroutines.channels.SendChannel
import kotlinx.coroutines.selects.SelectBuilder
import kotlinx.coroutines.selects.onTimeout
import kotlinx.coroutines.selects.select
import java.util.concurrent.CompletionStage
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds

/*
 * A select made from Java: its clauses, registered into one kotlinx select in the order the caller
 * chose (listed order when biased, shuffled when not), with the default last. Every clause's
 * kotlinx handler only records which clause fired and with what (a Fired); the user's handler runs
 * afterwards on the caller's thread. So no user code runs on the thread that completed the select,
 * and a clause that did not fire has done nothing: kotlinx unregisters it without taking, sending
 * or cancelling anything.
 *
 * Two kinds of clause kotlinx's select cannot take as they are, so a select holding one tries its
 * clauses without waiting first (each try, like a kotlinx clause, either happens whole or not at
 * all), in the same order:
 * - a send to a channel the select also receives from: kotlinx allows one clause per channel. With a
 *   buffer, one of the two is always possible (the buffer has room or an element), so such a select
 *   never waits on them. On a rendezvous channel neither may be; then the select waits on the
 *   receive and on its other clauses, and tries the send again every millisecond (adr/0009).
 * - a send to a DROP_LATEST channel: kotlinx's onSend drops the element of a full channel without
 *   the undelivered-element callback, which its suspending send calls. Such a send never waits.
 * - a send to a channel with an undelivered-element callback: kotlinx's onSend on a closed channel
 *   hands the element to the callback although the select throws and the caller keeps it; trySend
 *   does not. When such a send then waits, kotlinx hands its element to the callback if the clause
 *   loses or the select is cancelled, so the element is offered to the channel's filter
 *   (UndeliveredFilter) for as long as the select waits.
 *
 * Receive clauses made "until closed" (Receive.untilClosed) outlive one run: the select object that
 * holds them runs them again and again, and once such a clause has seen its channel closed it is
 * marked [SelectClauseSpec.Receive.closed] and left out of every later run. A run that sees such a
 * close does not return it: it ends the pass (SelectSpec.pass) and a new pass registers the remaining
 * clauses again and goes on waiting (a timer counting from the run's start, not restarted), and when
 * no until-closed clause is left it returns [Fired.ALL_CLOSED] (adr/0018). A close with a cause is still returned, once, so that the facade
 * fails the select with it as a plain receive would: a producer's failure is never dropped.
 * Elapsed time is measured with System.nanoTime, as for the retried paired sends below; under
 * kotlinx-coroutines-test's virtual time a timer registered again after such a close therefore
 * starts again from its full length.
 */

/** One clause of a Java select. */
internal sealed class SelectClauseSpec {
    /** Registers the clause; a timer counts [elapsedMillis] of the select as already passed. */
    abstract fun register(builder: SelectBuilder<Fired>, index: Int, elapsedMillis: Long = 0)

    /**
     * Performs the clause now if it is ready and returns what it fired with, or null if it is not
     * ready (then it did nothing). Throws what the registered clause would throw.
     */
    abstract suspend fun poll(index: Int, elapsedMillis: Long): Fired?

    /**
     * Receive from [channel]; fires with the element or a [ClosedChannel]. With [untilClosed], the
     * clause leaves its select once it has fired the close (see the file comment).
     */
    class Receive(val channel: ReceiveChannel<Any?>, val untilClosed: Boolean = false) : SelectClauseSpec() {
        /**
         * Set once an [untilClosed] clause fired its channel's close; never cleared. Volatile: the
         * runs of one select may happen on different threads, one after another.
         */
        @Volatile
        var closed: Boolean = false

        override fun register(builder: SelectBuilder<Fired>, index: Int, elapsedMillis: Long) = with(builder) {
            channel.onReceiveCatching { result ->
                Fired(index, if (result.isClosed) ClosedChannel(result.exceptionOrNull()) else result.getOrThrow())
            }
        }

        override suspend fun poll(index: Int, elapsedMillis: Long): Fired? {
            val result = channel.tryReceive()
            return when {
                result.isSuccess -> Fired(index, result.getOrThrow())
                result.isClosed -> Fired(index, ClosedChannel(result.exceptionOrNull()))
                else -> null
            }
        }
    }

    /**
     * Send [element] to [channel]; fires with null. [filter] is the channel's undelivered-element
     * filter, null without a callback; [dropsLatest] says the channel drops the newest element when
     * full. Either makes the send tried before it is registered (see the file comment).
     */
    class Send(
        val channel: SendChannel<Any?>,
        private val element: Any?,
        private val filter: UndeliveredFilter<Any?>?,
        private val dropsLatest: Boolean,
    ) : SelectClauseSpec() {
        val triesFirst: Boolean get() = dropsLatest || filter != null

        override fun register(builder: SelectBuilder<Fired>, index: Int, elapsedMillis: Long) = with(builder) {
            channel.onSend(element) { Fired(index, null) }
        }

        /** While this clause waits, a callback for its element is the filter's to hold back. */
        fun offer(): UndeliveredFilter.Send? = filter?.offer(element)

        /** Ends [offer]; [fired] says whether this clause fired. */
        @OptIn(DelicateCoroutinesApi::class)
        fun withdraw(offer: UndeliveredFilter.Send?, fired: Boolean) {
            if (offer != null) filter?.end(offer, fired, !fired && channel.isClosedForSend)
        }

        override suspend fun poll(index: Int, elapsedMillis: Long): Fired? {
            if (dropsLatest) return sendDroppingLatest(index, filter ?: UndeliveredFilter.NONE)
            val result = channel.trySend(element)
            return when {
                result.isSuccess -> Fired(index, null)
                result.isClosed -> throw result.exceptionOrNull() ?: ClosedSendChannelException(CLOSED_MESSAGE)
                else -> null
            }
        }

        /**
         * kotlinx's send, which on such a channel never suspends and, unlike trySend, gives a
         * dropped element to the callback; the filter keeps the element of a failed send with the
         * caller, as a Java send does.
         */
        private suspend fun sendDroppingLatest(index: Int, filter: UndeliveredFilter<Any?>): Fired {
            val send = filter.begin(element)
            var sent = false
            try {
                channel.send(element)
                sent = true
            } finally {
                filter.end(send, sent)
            }
            return Fired(index, null)
        }
    }

    /**
     * Completion of [stage]; fires with the value or a [Thrown]. Each select adds one completion
     * callback to the stage, which stays until the stage completes.
     */
    class Complete(private val stage: CompletionStage<*>) : SelectClauseSpec() {
        override fun register(builder: SelectBuilder<Fired>, index: Int, elapsedMillis: Long) =
            Join(stage.watched()).register(builder, index, elapsedMillis)

        override suspend fun poll(index: Int, elapsedMillis: Long): Fired? {
            // A stage that is not a CompletableFuture and cannot become one is seen only by waiting.
            val future = try {
                stage.toCompletableFuture()
            } catch (_: UnsupportedOperationException) {
                return null
            }
            if (!future.isDone) return null
            return try {
                Fired(index, future.getNow(null))
            } catch (failure: Throwable) {
                Fired(index, Thrown(failure.unwrapCompletion()))
            }
        }
    }

    /**
     * Completion of [deferred]; fires with the value or a [Thrown]. kotlinx's select takes one
     * clause per deferred, so a select holds at most one Join per deferred.
     */
    class Join(val deferred: Deferred<*>) : SelectClauseSpec() {
        override fun register(builder: SelectBuilder<Fired>, index: Int, elapsedMillis: Long) = with(builder) {
            deferred.onJoin { fired(index) }
        }

        override suspend fun poll(index: Int, elapsedMillis: Long): Fired? = if (deferred.isCompleted) fired(index) else null

        // getCompleted and getCompletionExceptionOrNull: read once completed, when they are settled.
        @OptIn(ExperimentalCoroutinesApi::class)
        private fun fired(index: Int): Fired {
            val failure = deferred.getCompletionExceptionOrNull()
            return Fired(index, if (failure == null) deferred.getCompleted() else Thrown(failure))
        }
    }

    /** Fires with null once [millis] have passed. */
    class Timeout(private val millis: Long) : SelectClauseSpec() {
        @OptIn(ExperimentalCoroutinesApi::class)
        override fun register(builder: SelectBuilder<Fired>, index: Int, elapsedMillis: Long) = with(builder) {
            onTimeout((millis - elapsedMillis).coerceAtLeast(0)) { Fired(index, null) }
        }

        override suspend fun poll(index: Int, elapsedMillis: Long): Fired? =
            if (elapsedMillis >= millis) Fired(index, null) else null
    }
}

/**
 * A clause that fires once [timeout] has passed, rounded up to whole milliseconds as kotlinx does
 * (a timer never fires before its timeout); an infinite one never fires.
 */
internal fun timeoutClause(timeout: Duration): SelectClauseSpec {
    val whole = timeout.inWholeMilliseconds
    val millis = when {
        timeout.isInfinite() || whole == Long.MAX_VALUE -> Long.MAX_VALUE
        timeout > whole.milliseconds -> whole + 1
        else -> whole
    }
    return SelectClauseSpec.Timeout(millis)
}

/** The end of a channel, as a receive clause saw it; [cause] is null after a normal close. */
internal class ClosedChannel(@JvmField val cause: Throwable?)

/** Which clause fired ([DEFAULT] for the default, [ALL_CLOSED] for the end) and its value. */
internal class Fired(@JvmField val index: Int, @JvmField val value: Any?) {
    companion object {
        /** The index of the default clause. */
        const val DEFAULT: Int = -1

        /** The "index" a select returns once every until-closed receive clause has left it. */
        const val ALL_CLOSED: Int = -2
    }
}

/** A select's clauses, the order to register them in, and whether a default comes last. */
internal class SelectSpec(
    private val clauses: List<SelectClauseSpec>,
    private val order: IntArray,
    private val hasDefault: Boolean,
) {
    /**
     * Which clauses are sends to a channel that also has a receive clause here (kotlinx takes
     * neither pair); null, without allocating, for the usual select that has none.
     */
    private val pairedSends: BooleanArray? = pairedSendsOf(clauses)

    /** Whether the clauses must be tried before the select waits (see the file comment). */
    private val triesFirst: Boolean =
        pairedSends != null || clauses.indices.any { (clauses[it] as? SelectClauseSpec.Send)?.triesFirst == true }

    /** The until-closed receive clauses; null, without allocating, for the usual select that has none. */
    private val untilClosed: List<SelectClauseSpec.Receive>? =
        clauses.filterIsInstance<SelectClauseSpec.Receive>().filter { it.untilClosed }.ifEmpty { null }

    /** Whether a run is one kotlinx select and nothing else: no until-closed clause, nothing tried first. */
    private val onePass: Boolean = untilClosed == null && !triesFirst

    /** Whether a send clause's channel is closed (which is why a failed select failed). */
    @OptIn(DelicateCoroutinesApi::class)
    fun sendsToClosedChannel(): Boolean = clauses.any { it is SelectClauseSpec.Send && it.channel.isClosedForSend }

    /**
     * Runs the select in the calling coroutine: the first clause ready in [order] fires, or the
     * default if none is, or [Fired.ALL_CLOSED] once no until-closed clause is left. Passes that
     * end in [ThreadCall.AGAIN] are run again here, so a cancellation between two passes is
     * kotlinx's prompt cancellation, as documented on CoroutineSelect.
     */
    suspend fun run(): Any? {
        if (onePass) return selectOnce(order, 0L)
        val start = System.nanoTime()
        while (true) {
            val outcome = pass(start)
            if (outcome !== ThreadCall.AGAIN) return outcome
        }
    }

    /** The clock reading [pass] counts timers from: System.nanoTime, or 0 for a select of one pass. */
    fun startTime(): Long = if (onePass) 0L else System.nanoTime()

    /**
     * One pass of the select, with at most one kotlinx select in it: returns a [Fired], or
     * [ThreadCall.AGAIN] when the pass took and sent nothing the caller must hear of (it saw an
     * until-closed channel's normal close and marked the clause, or a paired send's retry time
     * passed). Timers count from [start] ([startTime]).
     *
     * A Java caller starts each pass as a new ThreadCall, withdrawn only once suspended: kotlinx
     * drops an element that a select took while re-registering its clauses if its job was
     * cancelled meanwhile, so a second select inside one call could lose an element to a
     * withdrawal that arrived between the two.
     */
    suspend fun pass(start: Long): Any? = when {
        untilClosed != null -> passUntilClosed(untilClosed, start)
        triesFirst -> passTryingFirst(order, start)
        else -> selectOnce(order, 0L) // onePass
    }

    private suspend fun selectOnce(order: IntArray, elapsedMillis: Long): Fired = select {
        for (index in order) clauses[index].register(this, index, elapsedMillis)
        registerDefault()
    }

    /**
     * [pass] for a select with until-closed clauses: a normal close of one marks it closed and ends
     * the pass with [ThreadCall.AGAIN] (see the file comment). Each such pass marks one more clause
     * closed (a closed clause is never registered again), so a run ends after at most one pass per
     * until-closed clause plus one.
     */
    private suspend fun passUntilClosed(untilClosed: List<SelectClauseSpec.Receive>, start: Long): Any? {
        if (untilClosed.all { it.closed }) return Fired(Fired.ALL_CLOSED, null)
        val open = order.filter { (clauses[it] as? SelectClauseSpec.Receive)?.closed != true }.toIntArray()
        val outcome = if (triesFirst) passTryingFirst(open, start) else selectOnce(open, elapsedMillis(start))
        val fired = outcome as? Fired ?: return outcome
        val clause = clauses.getOrNull(fired.index) as? SelectClauseSpec.Receive
        val closed = fired.value as? ClosedChannel
        if (clause == null || !clause.untilClosed || closed == null) return fired
        clause.closed = true
        return if (closed.cause != null) fired else ThreadCall.AGAIN
    }

    /**
     * [pass] trying the clauses of [order] before the wait; timers count from [start]. Ends with
     * [ThreadCall.AGAIN] when only a paired send's retry time passed.
     */
    private suspend fun passTryingFirst(order: IntArray, start: Long): Any? {
        val elapsed = elapsedMillis(start)
        for (index in order) clauses[index].poll(index, elapsed)?.let { return it }
        if (hasDefault) return Fired(Fired.DEFAULT, null)
        // Nothing was ready: wait on what kotlinx can wait on, and try any paired send again after
        // a while, since only trying one tells it is possible.
        val retry = if (pairedSends == null) Long.MAX_VALUE else PAIRED_SEND_RETRY_MILLIS
        val waiting = order.filter { pairedSends?.get(it) != true }
        val offers = arrayOfNulls<UndeliveredFilter.Send>(clauses.size)
        var fired: Fired? = null
        try {
            for (index in waiting) offers[index] = (clauses[index] as? SelectClauseSpec.Send)?.offer()
            fired = select<Fired?> {
                for (index in waiting) clauses[index].register(this, index, elapsed)
                onTimeoutMillis(retry) { null }
            }
        } finally {
            // After kotlinx's select has ended: it withdrew every losing clause before returning
            // or throwing, so every callback it made for their elements is held back by now.
            for (index in waiting) (clauses[index] as? SelectClauseSpec.Send)?.withdraw(offers[index], fired?.index == index)
        }
        return fired ?: ThreadCall.AGAIN
    }

    private fun elapsedMillis(start: Long): Long = (System.nanoTime() - start) / NANOS_PER_MILLI

    // A zero timeout registered last is kotlinx's way to a default: it fires during registration,
    // so only if no clause before it could.
    private fun SelectBuilder<Fired>.registerDefault() {
        if (hasDefault) onTimeoutMillis(0L) { Fired(Fired.DEFAULT, null) }
    }

    private companion object {
        const val NANOS_PER_MILLI = 1_000_000L
        const val PAIRED_SEND_RETRY_MILLIS = 1L
    }
}

private fun pairedSendsOf(clauses: List<SelectClauseSpec>): BooleanArray? {
    var paired: BooleanArray? = null
    for (index in clauses.indices) {
        val send = clauses[index] as? SelectClauseSpec.Send ?: continue
        for (other in clauses.indices) {
            val receive = clauses[other]
            if (receive is SelectClauseSpec.Receive && receive.channel === send.channel) {
                paired = (paired ?: BooleanArray(clauses.size)).also { it[index] = true }
                break
            }
        }
    }
    return paired
}

@OptIn(ExperimentalCoroutinesApi::class)
private fun <R> SelectBuilder<R>.onTimeoutMillis(millis: Long, block: suspend () -> R) {
    if (millis != Long.MAX_VALUE) onTimeout(millis, block)
}

private const val CLOSED_MESSAGE = "Channel was closed"

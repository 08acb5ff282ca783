package dev.fanin

import dev.fanin.internal.EngineScope
import dev.fanin.internal.LoopClause
import dev.fanin.internal.countOf
import dev.fanin.internal.joinParts
import dev.fanin.internal.watched
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.Job
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async
import kotlinx.coroutines.channels.ReceiveChannel
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.job
import kotlinx.coroutines.selects.SelectBuilder
import kotlinx.coroutines.selects.select
import kotlinx.coroutines.withContext
import java.util.Collections
import java.util.IdentityHashMap
import java.util.concurrent.CompletionStage

/**
 * multi_await's loop: a long-lived set of sources (channel receives, futures, re-armed work) and a
 * wait, [awaitFired], that returns every source that fired since the last wait, by position.
 *
 * - **Sources.** [addReceive] fires once per element of a channel (and once more, with a failure
 *   [ClosedReceiveChannelException][kotlinx.coroutines.channels.ClosedReceiveChannelException] or
 *   the close cause, when the channel is closed and drained; then it is removed).
 *   [addReceiveUntilClosed] fires once per element too, but a normal close only removes it, and
 *   once every such source has left, a wait says so by returning an empty list. [addDeferred] and
 *   [addFuture] fire once, when completed, and are removed. [addWork] runs its work at once and, each
 *   time that run has been reported, runs it again (multi_await's re-called coroutine function). A
 *   [CoroutineTicker]'s `ticks` is a receive source. Sources may be added and removed while a wait is in
 *   progress; the wait then takes them into account.
 * - **Results.** Each wait returns at least one [Fired], at most one per source, in the order of
 *   the sources' [Source.index] (the order they were added); the one exception is the empty list
 *   that ends a loop over [addReceiveUntilClosed] channels. A failure is a [Fired] with an
 *   [Outcome.Failure]; [awaitFiredOrThrow] throws the first one instead. A source that did not fire
 *   is not in the list: there is no null for "did not fire".
 * - **Nothing is lost.** An element is taken from a channel only by a wait, and only to be returned
 *   by it. If the waiting coroutine is cancelled just as an element arrives, that element is kept and
 *   returned by the next wait, or by [leftovers] after [close].
 * - **Closing** cancels the work in flight. It never cancels the caller's channels, deferreds or
 *   futures.
 *
 * - **The same object twice.** A channel (a ticker's `ticks` included) has at most one receive
 *   source in a loop, as it has at most one receive clause in a select: [addReceive] rejects a
 *   second with [IllegalArgumentException]. The same deferred or future may be added more than
 *   once; each of its sources fires.
 *
 * Only one wait at a time: a second concurrent [awaitFired] throws [IllegalStateException].
 *
 * **Where work runs.** Work sources ([addWork]) run on `Dispatchers.Default` in a job of the loop's
 * own, or, with the `SelectLoop(scope)` constructor, in that scope's context as children of its job
 * (cancelling the scope then cancels them too).
 *
 * ```
 * CoroutineSelectLoop().use { loop ->
 *     val activity = loop.addReceive(pings)
 *     val tick = loop.addReceive(CoroutineTicker(60.seconds).ticks)
 *     while (true) for (fired in loop.awaitFired()) when (fired.source) {
 *         activity -> lastSeen[fired.value()] = now()
 *         tick -> flush(lastSeen)
 *     }
 * }
 * ```
 */
public class CoroutineSelectLoop(scope: CoroutineScope) : AutoCloseable {
    /** A loop whose work sources run on `Dispatchers.Default`, owned by the loop alone. */
    public constructor() : this(EngineScope)

    /**
     * A source of this loop; [index] is its position, in the order sources were added.
     *
     * @property index the position of this source in its loop, from 0
     */
    public class Source<T> internal constructor(
        public val index: Int,
        internal val clause: LoopClause<T>,
    ) {
        /** `SelectLoop.Source(index)`. */
        override fun toString(): String = "CoroutineSelectLoop.Source($index)"
    }

    /**
     * One firing of [source]: the value it produced, or its failure.
     *
     * @property source the source that fired
     * @property outcome its value or failure
     */
    public class Fired<T> internal constructor(
        public val source: Source<T>,
        public val outcome: Outcome<T>,
    ) {
        /** The index of [source]. */
        public val index: Int get() = source.index

        /** The value; throws the failure of a failed firing. */
        public fun value(): T = outcome.getOrThrow()

        /**
         * This firing's value if it is from [of] and succeeded, else null. A failed firing from [of]
         * (a closed channel, a failed deferred or work) gives null, as a firing from another source
         * does; read [outcome], or call [value], which throws the failure, to tell them apart. The
         * Java `valueIf` answers the same (an empty `Optional`).
         */
        @Suppress("UNCHECKED_CAST")
        public fun <U> valueIf(of: Source<U>): U? =
            if (of === source) (outcome as? Outcome.Success<T>)?.value as U? else null

        /** `Fired(index, outcome)`. */
        override fun toString(): String = "Fired($index, $outcome)"
    }

    /** Runs work sources in [scope]'s context, under a job of their own that is a child of [scope]'s. */
    private val workScope = CoroutineScope(
        (if (scope === EngineScope) Dispatchers.Default else scope.coroutineContext) +
            SupervisorJob(scope.coroutineContext[Job]),
    )

    private val lock = Any()
    private val sources = ArrayList<Source<*>>() // guarded by lock, in index order
    private val pending = ArrayList<Fired<*>>() // fired, not yet returned; guarded by lock
    private var nextIndex = 0
    private var changed = CompletableDeferred<Unit>() // completed when sources change
    private var waiting = false
    private var closed = false
    private var untilClosedSources = 0 // until-closed receives in sources; guarded by lock

    /**
     * Set when the last until-closed receive leaves [sources], cleared by the wait that reports it
     * (an empty list) or by adding another; guarded by lock.
     */
    private var allClosedPending = false

    /**
     * Adds a receive from [channel]: fires once per element.
     *
     * A channel has at most one receive source in a loop, as it has at most one receive clause in
     * a select: two would only split its elements between them. To receive from it under another
     * source, [remove] the first (or let it fire the channel's close, which removes it).
     *
     * @throws IllegalArgumentException if [channel] already has a receive source in this loop
     * @throws IllegalStateException if the loop is closed
     */
    public fun <T> addReceive(channel: ReceiveChannel<T>): Source<T> = addReceive(channel, "channel")

    /** [addReceive], naming the argument [name] in its exception (the Java facade's `ticker`). */
    internal fun <T> addReceive(channel: ReceiveChannel<T>, name: String): Source<T> =
        add(LoopClause.Receive(channel), name)

    /**
     * Adds a receive from [channel] that leaves the loop once the channel is closed and drained: it
     * fires once per element, and a normal close (`close()` without a cause) removes it without
     * firing. A close with a cause (`close(cause)`, `cancel()`) still fires once, as a failure with
     * that cause, as [addReceive] does, so a producer's failure is never dropped; then the source is
     * removed too.
     *
     * **The end.** Once every source added with this function has left the loop (its channel closed,
     * or [remove]), the next wait returns an empty list, once, at once, whatever other sources the
     * loop has: that is how a loop over channels ends (adr/0018). A wait that returns other firings
     * leaves the empty list to the next one. After it, the loop goes on as one without such sources
     * (a wait with no source at all throws [IllegalStateException]). Adding such a source before the
     * empty list was returned cancels it.
     *
     * ```
     * CoroutineSelectLoop().use { loop ->
     *     val fromOrders = loop.addReceiveUntilClosed(orders)
     *     loop.addReceiveUntilClosed(refunds)
     *     while (true) {
     *         val fired = loop.awaitFired()
     *         if (fired.isEmpty()) break // both channels are closed and drained
     *         for (each in fired) if (each.source === fromOrders) process(each.value()) else refund(each.value())
     *     }
     * }
     * ```
     *
     * @throws IllegalArgumentException if [channel] already has a receive source in this loop
     * @throws IllegalStateException if the loop is closed
     */
    public fun <T> addReceiveUntilClosed(channel: ReceiveChannel<T>): Source<T> =
        add(LoopClause.Receive(channel, untilClosed = true), "channel")

    /**
     * Adds [deferred]: fires once, when it completes; the loop never cancels it. The same deferred
     * may be added more than once: each of its sources fires once, with its outcome.
     *
     * @throws IllegalStateException if the loop is closed
     */
    public fun <T> addDeferred(deferred: Deferred<T>): Source<T> = add(LoopClause.Once(deferred))

    /**
     * Adds [stage]: fires once, when it completes; the loop never cancels it. As with
     * [addDeferred], the same stage may be added more than once.
     *
     * @throws IllegalStateException if the loop is closed
     */
    public fun <T> addFuture(stage: CompletionStage<T>): Source<T> = add(LoopClause.Once(stage.watched()))

    /** Adds [work], started now and again each time its result has been returned by a wait. */
    public fun <T> addWork(work: suspend () -> T): Source<T> = add(LoopClause.Work(workScope, work))

    /**
     * Removes [source]; returns false if it was not in the loop. Work in flight is cancelled.
     * Removing the last [addReceiveUntilClosed] source ends the loop as its channel's close would.
     */
    public fun remove(source: Source<*>): Boolean {
        val removed = synchronized(lock) {
            leave(source).also { if (it) signalChanged() }
        }
        if (removed) source.clause.stop()
        return removed
    }

    /**
     * Waits until at least one source has fired and returns every source that fired, each once, by
     * index. Returns at once if something fired since the last wait. Returns an empty list, once,
     * when the last [addReceiveUntilClosed] source has left ([addReceiveUntilClosed] tells when).
     *
     * **Cancellation.** Cancellable; an element taken as the waiting coroutine is cancelled is kept
     * for the next wait.
     *
     * @throws IllegalStateException if the loop is closed, has no source, or another wait is in progress
     */
    public suspend fun awaitFired(): List<Fired<*>> {
        synchronized(lock) {
            check(!closed) { "the select loop is closed" }
            check(!waiting) { "another awaitFired is in progress" }
            waiting = true
        }
        try {
            while (true) {
                val (snapshot, change) = synchronized(lock) {
                    check(!closed) { "the select loop is closed" }
                    if (allClosedPending && pending.isEmpty()) {
                        allClosedPending = false
                        return emptyList()
                    }
                    check(sources.isNotEmpty() || pending.isNotEmpty()) { "the select loop has no source" }
                    sources.toList() to changed
                }
                // Poll first: when sources are busy something is ready, and no select is needed.
                sweep(snapshot)
                if (synchronized(lock) { pending.isEmpty() && !allClosedPending }) {
                    selectOne(snapshot, change)
                    sweep(snapshot)
                }
                currentCoroutineContext().ensureActive()
                val result = synchronized(lock) {
                    val taken = pending.sortedBy { it.index }
                    pending.clear()
                    taken
                }
                if (result.isEmpty()) continue // the sources changed (or the last until-closed one left)
                for (fired in result) afterFired(fired)
                return result
            }
        } finally {
            synchronized(lock) { waiting = false }
        }
    }

    /** [awaitFired], but throws the exception of the first failed firing (the others are lost). */
    public suspend fun awaitFiredOrThrow(): List<Fired<*>> {
        val fired = awaitFired()
        fired.firstOrNull { it.outcome !is Outcome.Success }?.value()
        return fired
    }

    /**
     * Closes the loop and cancels the work in flight, without waiting for it to stop (a `close()`
     * cannot suspend; [closeAndJoin] waits). A wait in progress wakes and returns what fired
     * meanwhile, or throws [IllegalStateException]. Idempotent. What had fired and was not returned
     * (only after a cancelled wait) stays available from [leftovers].
     */
    override fun close() {
        synchronized(lock) {
            if (closed) return
            closed = true
            signalChanged()
        }
        workJob.cancel()
    }

    /**
     * [close], then suspends until the work in flight has stopped, as the Java `SelectLoop.close()`
     * blocks until it has: after it returns, nothing the loop started is still running. Cancelling
     * the caller stops the waiting, not the closing.
     */
    public suspend fun closeAndJoin() {
        close()
        workJob.join()
    }

    /**
     * The loop's state for toString, such as "4 sources, waiting": idle, waiting (an [awaitFired]
     * is in progress) or closed, and how many firings are not yet returned, if any. Read without
     * the lock (internal/Describe.kt), so a count may be off by a source being added or removed.
     */
    internal fun describeState(): String {
        val state = when {
            closed -> "closed"
            waiting -> "waiting"
            else -> "idle"
        }
        val fired = pending.size
        return joinParts(countOf(sources.size, "source"), if (fired > 0) "$fired fired" else null, state)
    }

    /** `CoroutineSelectLoop[4 sources, waiting]`; never blocks. */
    override fun toString(): String = "CoroutineSelectLoop[" + describeState() + "]"

    /** The job of the work sources: cancelled by [close], completed once they have all stopped. */
    internal val workJob: Job get() = workScope.coroutineContext.job

    /**
     * Takes what fired and was not returned by a wait: empty unless a wait was cancelled just as
     * something fired (then the next wait would have returned it). Call it after [close] to account
     * for every element the loop took.
     */
    public fun leftovers(): List<Fired<*>> = synchronized(lock) {
        pending.sortedBy { it.index }.also { pending.clear() }
    }

    /** Adds [clause] as a new source; [name] is the argument a rejected duplicate receive is called. */
    private fun <T> add(clause: LoopClause<T>, name: String = ""): Source<T> = synchronized(lock) {
        check(!closed) { "the select loop is closed" }
        if (clause is LoopClause.Receive) {
            // Invariant: at most one Receive per channel in sources, so at most one per snapshot.
            val existing = sources.firstOrNull { (it.clause as? LoopClause.Receive<*>)?.channel === clause.channel }
            require(existing == null) {
                "$name already has a receive source in this loop (index ${existing!!.index}): ${clause.channel}"
            }
        }
        // Prepared before it is published: a wait polling the sources never sees it half-added.
        clause.prepare()
        val source = Source<T>(nextIndex++, clause)
        sources.add(source)
        if (clause.isUntilClosed()) {
            untilClosedSources++
            allClosedPending = false
        }
        signalChanged()
        source
    }.also { it.clause.launch() }

    /**
     * Removes [source] from [sources]; returns false if it was not there. The last until-closed
     * receive to leave makes the next wait report the end. Call holding lock.
     */
    private fun leave(source: Source<*>): Boolean {
        if (!sources.remove(source)) return false
        if (source.clause.isUntilClosed() && --untilClosedSources == 0) allClosedPending = true
        return true
    }

    /** Puts [fired] in [pending], or removes its source if it is an until-closed receive leaving. */
    private fun <T> record(fired: Fired<T>) {
        synchronized(lock) {
            if (fired.source.clause.leaves(fired.outcome)) leave(fired.source) else pending.add(fired)
        }
    }

    private fun LoopClause<*>.isUntilClosed(): Boolean = this is LoopClause.Receive<*> && untilClosed

    private fun signalChanged() {
        changed.complete(Unit)
        changed = CompletableDeferred()
    }

    /**
     * Waits for one source of [snapshot] to fire, or for [change], and puts what fired in
     * [pending]. The select runs without cancellation, with the caller's cancellation as one more
     * clause, and what fired is stored before anything can throw: so an element a clause took is
     * never dropped by a cancellation arriving at the same moment (kotlinx's prompt cancellation).
     */
    private suspend fun selectOne(snapshot: List<Source<*>>, change: CompletableDeferred<Unit>) {
        coroutineScope {
            val cancelled = CompletableDeferred<Unit>()
            // Unconfined: its end runs on the thread that cancels it, so leaving the scope never
            // waits for another thread.
            val watcher = launch(Dispatchers.Unconfined, start = CoroutineStart.UNDISPATCHED) {
                try {
                    awaitCancellation()
                } finally {
                    cancelled.complete(Unit)
                }
            }
            try {
                withContext(NonCancellable) {
                    val fired = select<Fired<*>?> {
                        // One clause per select object (a deferred added twice): kotlinx rejects a
                        // second. The sweep after the select polls the sources not registered.
                        val registered = Collections.newSetFromMap(IdentityHashMap<Any, Boolean>())
                        for (source in snapshot) {
                            if (registered.add(source.clause.selectObject)) register(this, source)
                        }
                        change.onJoin { null }
                        cancelled.onJoin { null }
                    }
                    if (fired != null) record(fired)
                }
            } finally {
                watcher.cancel()
            }
        }
    }

    /** Registers [source]'s clause in [builder]: it fires with a [Fired] of [source]. */
    private fun <T> register(builder: SelectBuilder<Fired<*>?>, source: Source<T>) {
        source.clause.register(builder) { Fired(source, it) }
    }

    /** [source]'s firing available now, without waiting, or null. */
    private fun <T> poll(source: Source<T>): Fired<T>? = source.clause.poll()?.let { Fired(source, it) }

    /** Adds to [pending] every other source of [snapshot] that has fired, without waiting. */
    private fun sweep(snapshot: List<Source<*>>) {
        synchronized(lock) {
            for (source in snapshot) {
                if (pending.any { it.source === source } || source !in sources) continue
                poll(source)?.let { record(it) }
            }
        }
    }

    /** Re-arms a work source, removes one that will not fire again. */
    private fun afterFired(fired: Fired<*>) {
        val source = fired.source
        when (source.clause) {
            is LoopClause.Work<*> -> source.clause.start()
            is LoopClause.Once<*> -> synchronized(lock) { leave(source) }
            is LoopClause.Receive<*> -> if (fired.outcome !is Outcome.Success) synchronized(lock) { leave(source) }
        }
    }
}

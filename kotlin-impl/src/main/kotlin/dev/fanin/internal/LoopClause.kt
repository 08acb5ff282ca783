package dev.fanin.internal

import dev.fanin.Outcome
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.async
import kotlinx.coroutines.channels.ClosedReceiveChannelException
import kotlinx.coroutines.channels.ReceiveChannel
import kotlinx.coroutines.selects.SelectBuilder

/**
 * How a select loop (`CoroutineSelectLoop`) waits on and polls one kind of source. A clause reports
 * a firing as the [Outcome] of its source; the loop makes that into its own firing, so the engine
 * needs none of the loop's API types.
 */
internal sealed class LoopClause<T> {
    /**
     * Makes the clause ready to be registered and polled, without running user code: the loop calls
     * it under its lock, before publishing the source, so a wait never sees a source half-added.
     */
    open fun prepare() {}

    /** Runs what [prepare] made ready; called outside the loop's lock. */
    open fun launch() {}

    /** Arms the clause again: [prepare] then [launch]. */
    fun start() {
        prepare()
        launch()
    }

    open fun stop() {}

    /** Registers this clause in [builder]; when it fires, the select returns [fired] of its outcome. */
    abstract fun <R> register(builder: SelectBuilder<R>, fired: (Outcome<T>) -> R)

    /** The outcome of the firing available now, without waiting, or null. */
    abstract fun poll(): Outcome<T>?

    /**
     * The object kotlinx's select identifies this clause by: one select may register only one
     * clause per object ("Cannot use select clauses on the same object"). Two clauses of a loop
     * with the same object are registered once; the other is found by the poll after the select.
     */
    open val selectObject: Any get() = this

    /**
     * Whether [outcome], which this clause fired with, is not a firing but the clause leaving its
     * loop: an until-closed receive's normal close. The loop removes such a source and reports nothing.
     */
    open fun leaves(outcome: Outcome<T>): Boolean = false

    /**
     * A receive from [channel]: fires with each element, and once with a failure when the channel is
     * closed and drained (the close cause, or ClosedReceiveChannelException after a normal close).
     * With [untilClosed] a normal close is not a firing: the clause fires [LEFT], which [leaves] tells.
     */
    class Receive<T>(val channel: ReceiveChannel<T>, val untilClosed: Boolean = false) : LoopClause<T>() {
        override val selectObject: Any get() = channel

        override fun <R> register(builder: SelectBuilder<R>, fired: (Outcome<T>) -> R) = with(builder) {
            channel.onReceiveCatching { result -> fired(outcome(result.isSuccess, result.getOrNull(), result.exceptionOrNull())) }
        }

        override fun poll(): Outcome<T>? {
            val result = channel.tryReceive()
            return if (result.isSuccess || result.isClosed) outcome(result.isSuccess, result.getOrNull(), result.exceptionOrNull()) else null
        }

        override fun leaves(outcome: Outcome<T>): Boolean = outcome === LEFT

        private fun outcome(success: Boolean, value: T?, cause: Throwable?): Outcome<T> =
            when {
                success -> {
                    @Suppress("UNCHECKED_CAST")
                    Outcome.Success(value as T)
                }
                cause == null && untilClosed -> LEFT
                else -> Outcome.Failure(cause ?: ClosedReceiveChannelException("the channel is closed"))
            }

        private companion object {
            /** What an until-closed receive fires with on a normal close; never reaches a caller. */
            val LEFT: Outcome<Nothing> = Outcome.Failure(LeftTheLoop())
        }

        /** The failure inside [LEFT]; the loop drops it, so it needs no stack trace. */
        private class LeftTheLoop : IllegalStateException("the channel is closed; the source left its loop") {
            override fun fillInStackTrace(): Throwable = this
        }
    }

    /** A deferred that fires once. */
    class Once<T>(private val deferred: Deferred<T>) : LoopClause<T>() {
        override val selectObject: Any get() = deferred

        override fun <R> register(builder: SelectBuilder<R>, fired: (Outcome<T>) -> R) = with(builder) {
            deferred.onJoin { fired(outcome()) }
        }

        override fun poll(): Outcome<T>? = if (deferred.isCompleted) outcome() else null

        @OptIn(ExperimentalCoroutinesApi::class)
        private fun outcome(): Outcome<T> = when (val failure = deferred.getCompletionExceptionOrNull()) {
            null -> Outcome.Success(deferred.getCompleted())
            is CancellationException -> Outcome.Cancelled(failure)
            else -> Outcome.Failure(failure)
        }
    }

    /** Work started again after each firing has been returned. */
    class Work<T>(private val scope: CoroutineScope, private val work: suspend () -> T) : LoopClause<T>() {
        private val state = Any()

        /** The prepared or running run; guarded by [state]. */
        private var run: Deferred<T>? = null

        /** Set by [stop]; guarded by [state]. Invariant: no run is prepared after it is set. */
        private var stopped = false

        /** The current run as a once-firing clause, made once per run rather than per wait. */
        @Volatile
        private var current: Once<T>? = null

        override fun prepare() {
            synchronized(state) {
                if (stopped) return
                // LAZY: the run exists (and can be polled and cancelled) before it can complete.
                val next = scope.async(start = CoroutineStart.LAZY) { work() }
                run = next
                current = Once(next)
            }
        }

        override fun launch() {
            synchronized(state) { run }?.start()
        }

        override fun stop() {
            synchronized(state) {
                stopped = true
                run
            }?.cancel()
        }

        override fun <R> register(builder: SelectBuilder<R>, fired: (Outcome<T>) -> R) {
            checkNotNull(current) { "work source registered before it was prepared" }.register(builder, fired)
        }

        override fun poll(): Outcome<T>? =
            checkNotNull(current) { "work source polled before it was prepared" }.poll()
    }
}

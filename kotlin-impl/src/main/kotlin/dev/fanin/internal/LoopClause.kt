package dev.fanin.internal

import dev.fanin.Outcome
import dev.fanin.CoroutineSelectLoop
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.async
import kotlinx.coroutines.channels.ClosedReceiveChannelException
import kotlinx.coroutines.channels.ReceiveChannel
import kotlinx.coroutines.selects.SelectBuilder

/** How a [CoroutineSelectLoop] waits on and polls one kind of source. */
internal sealed class LoopClause {
    open fun start() {}

    open fun stop() {}

    abstract fun register(builder: SelectBuilder<CoroutineSelectLoop.Fired<*>?>, source: CoroutineSelectLoop.Source<*>)

    /** The firing available now, without waiting, or null. */
    abstract fun poll(source: CoroutineSelectLoop.Source<*>): CoroutineSelectLoop.Fired<*>?

    class Receive<T>(private val channel: ReceiveChannel<T>) : LoopClause() {
        override fun register(builder: SelectBuilder<CoroutineSelectLoop.Fired<*>?>, source: CoroutineSelectLoop.Source<*>) = with(builder) {
            channel.onReceiveCatching { result -> fired(source, result.isSuccess, result.getOrNull(), result.exceptionOrNull()) }
        }

        override fun poll(source: CoroutineSelectLoop.Source<*>): CoroutineSelectLoop.Fired<*>? {
            val result = channel.tryReceive()
            return if (result.isSuccess || result.isClosed) fired(source, result.isSuccess, result.getOrNull(), result.exceptionOrNull()) else null
        }

        private fun fired(source: CoroutineSelectLoop.Source<*>, success: Boolean, value: T?, cause: Throwable?): CoroutineSelectLoop.Fired<*> =
            if (success) {
                @Suppress("UNCHECKED_CAST")
                CoroutineSelectLoop.Fired(source as CoroutineSelectLoop.Source<T>, Outcome.Success(value as T))
            } else {
                CoroutineSelectLoop.Fired(source, Outcome.Failure(cause ?: ClosedReceiveChannelException("the channel is closed")))
            }
    }

    /** A deferred that fires once. */
    class Once<T>(private val deferred: Deferred<T>) : LoopClause() {
        override fun register(builder: SelectBuilder<CoroutineSelectLoop.Fired<*>?>, source: CoroutineSelectLoop.Source<*>) = with(builder) {
            deferred.onJoin { outcome(source) }
        }

        override fun poll(source: CoroutineSelectLoop.Source<*>): CoroutineSelectLoop.Fired<*>? = if (deferred.isCompleted) outcome(source) else null

        @OptIn(ExperimentalCoroutinesApi::class)
        private fun outcome(source: CoroutineSelectLoop.Source<*>): CoroutineSelectLoop.Fired<*> {
            @Suppress("UNCHECKED_CAST")
            val typed = source as CoroutineSelectLoop.Source<T>
            return when (val failure = deferred.getCompletionExceptionOrNull()) {
                null -> CoroutineSelectLoop.Fired(typed, Outcome.Success(deferred.getCompleted()))
                is CancellationException -> CoroutineSelectLoop.Fired(typed, Outcome.Cancelled(failure))
                else -> CoroutineSelectLoop.Fired(typed, Outcome.Failure(failure))
            }
        }
    }

    /** Work started again after each firing has been returned. */
    class Work<T>(private val scope: CoroutineScope, private val work: suspend () -> T) : LoopClause() {
        @Volatile
        private var run: Deferred<T>? = null

        /** The current run as a once-firing clause, made once per run rather than per wait. */
        @Volatile
        private var current: Once<T>? = null

        override fun start() {
            // LAZY then start: the work may complete at once, and must find run set.
            val next = scope.async(start = CoroutineStart.LAZY) { work() }
            run = next
            current = Once(next)
            next.start()
        }

        override fun stop() {
            run?.cancel()
        }

        override fun register(builder: SelectBuilder<CoroutineSelectLoop.Fired<*>?>, source: CoroutineSelectLoop.Source<*>) {
            current!!.register(builder, source)
        }

        override fun poll(source: CoroutineSelectLoop.Source<*>): CoroutineSelectLoop.Fired<*>? = current!!.poll(source)
    }
}

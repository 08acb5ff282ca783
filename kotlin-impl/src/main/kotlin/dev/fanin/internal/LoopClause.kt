package dev.fanin.internal

import dev.fanin.Outcome
import dev.fanin.SelectLoop
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.async
import kotlinx.coroutines.channels.ClosedReceiveChannelException
import kotlinx.coroutines.channels.ReceiveChannel
import kotlinx.coroutines.selects.SelectBuilder

/** How a [SelectLoop] waits on and polls one kind of source. */
internal sealed class LoopClause {
    open fun start() {}

    open fun stop() {}

    abstract fun register(builder: SelectBuilder<SelectLoop.Fired<*>?>, source: SelectLoop.Source<*>)

    /** The firing available now, without waiting, or null. */
    abstract fun poll(source: SelectLoop.Source<*>): SelectLoop.Fired<*>?

    class Receive<T>(private val channel: ReceiveChannel<T>) : LoopClause() {
        override fun register(builder: SelectBuilder<SelectLoop.Fired<*>?>, source: SelectLoop.Source<*>) = with(builder) {
            channel.onReceiveCatching { result -> fired(source, result.isSuccess, result.getOrNull(), result.exceptionOrNull()) }
        }

        override fun poll(source: SelectLoop.Source<*>): SelectLoop.Fired<*>? {
            val result = channel.tryReceive()
            return if (result.isSuccess || result.isClosed) fired(source, result.isSuccess, result.getOrNull(), result.exceptionOrNull()) else null
        }

        private fun fired(source: SelectLoop.Source<*>, success: Boolean, value: T?, cause: Throwable?): SelectLoop.Fired<*> =
            if (success) {
                @Suppress("UNCHECKED_CAST")
                SelectLoop.Fired(source as SelectLoop.Source<T>, Outcome.Success(value as T))
            } else {
                SelectLoop.Fired(source, Outcome.Failure(cause ?: ClosedReceiveChannelException("the channel is closed")))
            }
    }

    /** A deferred that fires once. */
    class Once<T>(private val deferred: Deferred<T>) : LoopClause() {
        override fun register(builder: SelectBuilder<SelectLoop.Fired<*>?>, source: SelectLoop.Source<*>) = with(builder) {
            deferred.onJoin { outcome(source) }
        }

        override fun poll(source: SelectLoop.Source<*>): SelectLoop.Fired<*>? = if (deferred.isCompleted) outcome(source) else null

        @OptIn(ExperimentalCoroutinesApi::class)
        private fun outcome(source: SelectLoop.Source<*>): SelectLoop.Fired<*> {
            @Suppress("UNCHECKED_CAST")
            val typed = source as SelectLoop.Source<T>
            return when (val failure = deferred.getCompletionExceptionOrNull()) {
                null -> SelectLoop.Fired(typed, Outcome.Success(deferred.getCompleted()))
                is CancellationException -> SelectLoop.Fired(typed, Outcome.Cancelled(failure))
                else -> SelectLoop.Fired(typed, Outcome.Failure(failure))
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

        override fun register(builder: SelectBuilder<SelectLoop.Fired<*>?>, source: SelectLoop.Source<*>) {
            current!!.register(builder, source)
        }

        override fun poll(source: SelectLoop.Source<*>): SelectLoop.Fired<*>? = current!!.poll(source)
    }
}

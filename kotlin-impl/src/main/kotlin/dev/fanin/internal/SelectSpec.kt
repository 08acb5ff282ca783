package dev.fanin.internal

import kotlinx.coroutines.DelicateCoroutinesApi
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.channels.ReceiveChannel
import kotlinx.coroutines.channels.SendChannel
import kotlinx.coroutines.selects.SelectBuilder
import kotlinx.coroutines.selects.onTimeout
import kotlinx.coroutines.selects.select
import java.util.concurrent.CompletionStage

/*
 * A select made from Java: its clauses, registered into one kotlinx select in the order the caller
 * chose (listed order when biased, shuffled when not), with the default last. Every clause's
 * kotlinx handler only records which clause fired and with what (a Fired); the user's handler runs
 * afterwards on the caller's thread. So no user code runs on the thread that completed the select,
 * and a clause that did not fire has done nothing: kotlinx unregisters it without taking, sending
 * or cancelling anything.
 */

/** One clause of a Java select. */
internal sealed class SelectClauseSpec {
    abstract fun register(builder: SelectBuilder<Fired>, index: Int)

    /** Receive from [channel]; fires with the element or a [ClosedChannel]. */
    class Receive(private val channel: ReceiveChannel<Any?>) : SelectClauseSpec() {
        override fun register(builder: SelectBuilder<Fired>, index: Int) = with(builder) {
            channel.onReceiveCatching { result ->
                Fired(index, if (result.isClosed) ClosedChannel(result.exceptionOrNull()) else result.getOrThrow())
            }
        }
    }

    /** Send [element] to [channel]; fires with null. */
    class Send(val channel: SendChannel<Any?>, private val element: Any) : SelectClauseSpec() {
        override fun register(builder: SelectBuilder<Fired>, index: Int) = with(builder) {
            channel.onSend(element) { Fired(index, null) }
        }
    }

    /**
     * Completion of [stage]; fires with the value or a [Thrown]. Each select adds one completion
     * callback to the stage, which stays until the stage completes.
     */
    class Complete(private val stage: CompletionStage<*>) : SelectClauseSpec() {
        // getCompleted and getCompletionExceptionOrNull: read after onJoin, when they are settled.
        @OptIn(ExperimentalCoroutinesApi::class)
        override fun register(builder: SelectBuilder<Fired>, index: Int) {
            val done = stage.watched()
            with(builder) {
                done.onJoin {
                    val failure = done.getCompletionExceptionOrNull()
                    Fired(index, if (failure == null) done.getCompleted() else Thrown(failure))
                }
            }
        }
    }

    /** Fires with null once [millis] have passed. */
    class Timeout(private val millis: Long) : SelectClauseSpec() {
        @OptIn(ExperimentalCoroutinesApi::class)
        override fun register(builder: SelectBuilder<Fired>, index: Int) = with(builder) {
            onTimeout(millis) { Fired(index, null) }
        }
    }
}

/** The end of a channel, as a receive clause saw it; [cause] is null after a normal close. */
internal class ClosedChannel(@JvmField val cause: Throwable?)

/** Which clause fired ([DEFAULT] for the default) and its value. */
internal class Fired(@JvmField val index: Int, @JvmField val value: Any?) {
    companion object {
        /** The index of the default clause. */
        const val DEFAULT: Int = -1
    }
}

/** A select's clauses, the order to register them in, and whether a default comes last. */
internal class SelectSpec(
    private val clauses: List<SelectClauseSpec>,
    private val order: IntArray,
    private val hasDefault: Boolean,
) {
    /** Whether a send clause's channel is closed (which is why a failed select failed). */
    @OptIn(DelicateCoroutinesApi::class)
    fun sendsToClosedChannel(): Boolean = clauses.any { it is SelectClauseSpec.Send && it.channel.isClosedForSend }

    /** Runs the select: the first clause ready in [order] fires, or the default if none is. */
    @OptIn(ExperimentalCoroutinesApi::class)
    suspend fun run(): Any? = select<Fired> {
        for (index in order) clauses[index].register(this, index)
        // A zero timeout registered last is kotlinx's way to a default: it fires during
        // registration, so only if no clause before it could.
        if (hasDefault) onTimeout(0L) { Fired(Fired.DEFAULT, null) }
    }
}

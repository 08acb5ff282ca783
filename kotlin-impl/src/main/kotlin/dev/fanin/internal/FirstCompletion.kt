package dev.fanin.internal

import dev.fanin.Completion
import dev.fanin.Outcome
import java.util.concurrent.CompletionStage
import java.util.function.BiConsumer

/*
 * firstCompleted over CompletionStages the caller holds, for the Java facade (the Kotlin form is a
 * select over onJoin, FirstCompleted.kt).
 *
 * One whenDone per input, registered in argument order until the result is done: an input already
 * complete arrives during its own registration, so of the inputs complete when the call is made the
 * first in argument order wins, and no later input is registered. The first arrival completes the
 * result with a Completion of the input's first position (an input given twice may arrive through
 * either registration), the input, and its outcome.
 *
 * Nothing is ever cancelled: not the inputs when the result completes, nor when it is cancelled.
 * Cancelling the result, or completing it any other way from outside (WorkFuture), only lets go of
 * the inputs. A CompletionStage offers no way to remove a callback, so each input still pending keeps
 * one small Arrival until it completes; the Arrival drops its reference to this future once the
 * result is done. [arrivals] is written by the starting thread only; a thread that completes the
 * result meanwhile may not see every entry, so the starting thread lets go of them again at its end.
 */
internal class FirstCompletion<T, F : CompletionStage<*>>(private val inputs: Array<F>) :
    WorkFuture<Completion<T, F>>() {
    private val arrivals = arrayOfNulls<Arrival>(inputs.size)

    fun start(): FirstCompletion<T, F> {
        for (i in inputs.indices) {
            if (isDone) break
            val arrival = Arrival(this, i)
            arrivals[i] = arrival
            inputs[i].whenDone(arrival)
        }
        if (isDone) release()
        return this
    }

    internal fun arrived(index: Int, value: Any?, failure: Throwable?) {
        if (isDone) return
        val input = inputs[index]
        var first = 0
        while (inputs[first] !== input) first++
        @Suppress("UNCHECKED_CAST")
        val outcome = (if (failure == null) Outcome.Success(value) else outcomeOfFailure(failure.unwrapCompletion())) as Outcome<T>
        if (completeFromWork(Completion(first, input, outcome))) release()
    }

    override fun stopWork(mayInterruptIfRunning: Boolean) {
        release()
    }

    private fun release() {
        for (arrival in arrivals) arrival?.owner = null
    }

    private class Arrival(@Volatile var owner: FirstCompletion<*, *>?, private val index: Int) : BiConsumer<Any?, Throwable?> {
        override fun accept(value: Any?, failure: Throwable?) {
            owner?.arrived(index, value, failure)
        }
    }
}

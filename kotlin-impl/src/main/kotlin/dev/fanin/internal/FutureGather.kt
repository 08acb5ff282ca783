package dev.fanin.internal

import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import java.util.concurrent.atomic.AtomicInteger
import java.util.function.BiConsumer

/*
 * gather over CompletionStages the caller already holds. No coroutine: a countdown of pending
 * inputs, one slot per input, and the result list is a view over the slots.
 *
 * Cost: an input that is already a completed CompletableFuture is read in place, with no
 * allocation; any other input costs one whenComplete registration. There is no recursion, so a
 * million inputs cannot overflow the stack (allOf's tree and thenCombine chains can).
 *
 * Ordering: slots are written before the countdown is decremented, and the thread that brings it
 * to zero publishes the list, so the list it builds sees every slot.
 *
 * The inputs belong to the caller: a failure completes the result at once and cancels nothing;
 * cancelling the result, or completing it any other way from outside (WorkFuture), cancels every
 * input (as asyncio's gather does).
 */
internal class FutureGather<R>(
    private val inputs: Array<CompletionStage<*>>,
    private val settled: Boolean,
) : NamedWorkFuture<List<R>>() {
    private val slots = arrayOfNulls<Any?>(inputs.size)

    private val pending = AtomicInteger(inputs.size)

    fun start(): FutureGather<R> {
        if (inputs.isEmpty()) {
            publish()
            return this
        }
        var ready = 0
        for (i in inputs.indices) {
            val input = inputs[i]
            if (input is CompletableFuture<*> && isDoneFuture(input)) {
                if (!record(i, valueOfDone(input))) return this
                ready++
            } else {
                input.whenDone(Arrival(this, i))
            }
        }
        if (ready > 0 && pending.addAndGet(-ready) == 0) publish()
        AmbientJob.link(this)
        return this
    }

    internal fun arrived(index: Int, raw: Any?) {
        if (record(index, raw) && pending.decrementAndGet() == 0) publish()
    }

    /** Stores the input's result; false if it failed the gather (fail-fast mode). */
    private fun record(index: Int, raw: Any?): Boolean {
        if (settled) {
            slots[index] = outcomeOf(raw)
        } else if (raw is Thrown) {
            failFromWork(raw.exception)
            return false
        } else {
            slots[index] = raw
        }
        return true
    }

    private fun publish() {
        completeFromWork(ImmutableArrayList(slots))
    }

    override fun stopWork(mayInterruptIfRunning: Boolean) {
        for (input in inputs) {
            try {
                input.toCompletableFuture().cancel(mayInterruptIfRunning)
            } catch (_: UnsupportedOperationException) {
                // A stage with no CompletableFuture view cannot be cancelled; it finishes on its own.
            }
        }
    }

    private class Arrival(private val gather: FutureGather<*>, private val index: Int) : BiConsumer<Any?, Throwable?> {
        override fun accept(value: Any?, exception: Throwable?) {
            gather.arrived(index, if (exception == null) value else Thrown(exception.unwrapCompletion()))
        }
    }

    private companion object {
        /**
         * Whether [future] is done and readable in place. A minimal stage is a CompletableFuture
         * whose non-stage methods throw UnsupportedOperationException: it takes the callback path.
         */
        fun isDoneFuture(future: CompletableFuture<*>): Boolean = try {
            future.isDone
        } catch (_: UnsupportedOperationException) {
            false
        }

        /** The value of a completed future, or a Thrown, read without allocating on success. */
        fun valueOfDone(future: CompletableFuture<*>): Any? {
            if (!future.isCompletedExceptionally) return future.getNow(null)
            return Thrown(future.failureOfDone())
        }
    }
}

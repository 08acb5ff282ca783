package dev.fanin.internal

import dev.fanin.ReturnWhen
import dev.fanin.WaitResult
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Job
import java.util.concurrent.CompletionStage
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicIntegerArray
import java.util.function.BiConsumer
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.time.Duration

/*
 * waitUntil over CompletionStages, for the Java facade.
 *
 * One whenComplete per distinct handle marks its slot done and checks the condition; the first
 * thread to find it true (or the timer) completes the result with the split read from the slots.
 * A CompletionStage offers no way to remove a callback, so a wait that ends early leaves one small
 * Arrival per pending handle until that handle completes; the Arrival drops its reference to this
 * wait when the wait ends, so only a few bytes stay behind. Nothing is ever cancelled: not the
 * handles, on return or on timeout. Cancelling the result, or completing it any other way from
 * outside (WorkFuture), stops the timer only.
 */
internal class StageWait<H : CompletionStage<*>>(
    handles: List<H>,
    private val returnWhen: ReturnWhen,
) : NamedWorkFuture<WaitResult<H>>() {
    private val handles: List<H> = distinctByIdentity(handles)
    private val done = AtomicIntegerArray(this.handles.size)
    private val remaining = AtomicInteger(this.handles.size)
    private val arrivals = ArrayList<Arrival>(this.handles.size)

    @Volatile
    private var timer: Job? = null

    @Volatile
    private var starting = true

    @Volatile
    private var failed = false

    fun start(timeout: Duration): StageWait<H> {
        // Every handle is registered before the condition is judged, so handles that were already
        // complete are all reported done, as asyncio collects every done future first.
        for (i in handles.indices) {
            val arrival = Arrival(this, i)
            synchronized(arrivals) { arrivals.add(arrival) }
            handles[i].whenDone(arrival)
        }
        // Volatile write, then reads of the flags: an arrival racing this either sees `starting`
        // false and finishes itself, or its flag is seen by holds() below.
        starting = false
        if (holds()) finish()
        if (!isDone && !timeout.isInfinite()) {
            timer = EngineScope.launchDeadline(EmptyCoroutineContext, timeout) { finish() }
        }
        // The result may have completed while this thread was still registering.
        if (isDone) release()
        return this
    }

    internal fun arrived(index: Int, exception: Throwable?) {
        if (!done.compareAndSet(index, 0, 1)) return
        if (exception != null && exception.unwrapCompletion() !is CancellationException) failed = true
        remaining.decrementAndGet()
        if (!starting && holds()) finish()
    }

    private fun holds(): Boolean = when (returnWhen) {
        ReturnWhen.FIRST_COMPLETED -> remaining.get() < handles.size
        ReturnWhen.FIRST_EXCEPTION -> failed || remaining.get() == 0
        ReturnWhen.ALL_COMPLETED -> remaining.get() == 0
    }

    private fun finish() {
        if (isDone) return
        val doneHandles = ArrayList<H>()
        val pendingHandles = ArrayList<H>()
        for (i in handles.indices) (if (done.get(i) == 1) doneHandles else pendingHandles).add(handles[i])
        if (completeFromWork(WaitResult(java.util.List.copyOf(doneHandles), java.util.List.copyOf(pendingHandles)))) release()
    }

    override fun stopWork(mayInterruptIfRunning: Boolean) {
        release()
    }

    private fun release() {
        timer?.cancel()
        synchronized(arrivals) { arrivals.forEach { it.wait = null } }
    }

    private class Arrival(@Volatile var wait: StageWait<*>?, private val index: Int) : BiConsumer<Any?, Throwable?> {
        override fun accept(value: Any?, exception: Throwable?) {
            wait?.arrived(index, exception)
        }
    }
}

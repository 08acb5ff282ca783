package dev.fanin.internal

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableJob
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import java.util.ArrayDeque
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeoutException
import java.util.function.BiConsumer
import kotlin.time.Duration

/** Starts one input of an as-completed sequence and reports how it ended. */
internal fun interface InputStarter {
    /**
     * Starts [input] (a task Fanin runs as a child of [job], or a future the caller holds) and calls
     * [done] once with its value or its exception (unwrapped from CompletionException).
     */
    fun start(input: Any, job: Job, done: BiConsumer<Any?, Throwable?>)

    /**
     * Blocks, ignoring interrupts, until every task this starter started has stopped; returns
     * whether the thread was interrupted (its status is then clear). Futures need no wait.
     */
    fun awaitStopped(): Boolean = false
}

/** Builds a facade's as-completed item. */
internal fun interface ItemFactory<out R> {
    fun create(index: Int, input: Any, value: Any?, exception: Throwable?): R
}

/*
 * asCompleted for every facade: the inputs' results in completion order (or, when `ordered`, in
 * input order), pulled one at a time through next().
 *
 * State, all under `lock`:
 * - inFlight: inputs started and not yet handed to a consumer, running or ready. The window: the
 *   source is pulled only while inFlight < limit, so running tasks plus results waiting for the
 *   consumer never exceed `limit`, and memory is O(limit) however long the source is. A slot frees
 *   when the consumer takes a result, not when a task finishes: a slow consumer throttles the
 *   source instead of piling up results.
 * - ready: results no consumer has asked for yet (a map by index when ordered: it holds at most
 *   `limit` results back while an earlier input is still running).
 * - waiters: futures handed out by next() that no result has reached yet. Completing one from
 *   outside (cancel, complete, orTimeout, ...; see WorkFuture) closes the sequence: every facade
 *   closed it on a cancelled waiter anyway, and a waiter completed otherwise would leave a result
 *   with no taker and its tasks running.
 * - sourceDone / failure / expired / closed: how the sequence ends. The end is reached when the
 *   source is exhausted and inFlight is 0; later next() calls give null.
 *
 * The source is pulled outside the lock, by one thread at a time (`pulling`), on whichever thread
 * freed a slot: the constructor's caller, or a consumer in next(). A source that throws fails the
 * sequence: waiting and later next() calls fail with its exception, and the tasks Fanin started are
 * cancelled. close() cancels those tasks too; futures the caller passed in are never cancelled.
 * Expiry of the timeout fails waiting and later next() calls with TimeoutException and cancels
 * nothing. Futures handed out are completed outside the lock, so user callbacks never run under it.
 *
 * Not guaranteed: among results that become ready at the same moment, which is handed out first.
 */
internal class CompletionSequence<R : Any>(
    private val source: Iterator<Any?>,
    private val sourceName: String,
    private val limit: Int,
    private val ordered: Boolean,
    private val starter: InputStarter,
    private val items: ItemFactory<R>,
    parent: Job?,
) {
    /** Owns the tasks Fanin starts; close() and a source failure cancel it. */
    val job: CompletableJob = Job(parent)

    private val lock = Any()
    private var pulled = 0
    private var inFlight = 0
    private var pulling = false
    /** Written under [lock]; volatile so that [fill] can skip the lock once nothing is left to pull. */
    @Volatile
    private var sourceDone = false
    private var failure: Throwable? = null
    private var expired = false
    private var closed = false
    private val ready = ArrayDeque<R>()
    private val readyByIndex = HashMap<Int, R>()
    private var nextOrdered = 0
    private val waiters = ArrayDeque<Waiter<R>>()

    /** Fills the window; starts the timer unless [timeout] is infinite. */
    fun start(timeout: Duration): CompletionSequence<R> {
        // Fill first: with a zero timeout, inputs that are already complete are still handed out.
        fill()
        if (!timeout.isInfinite()) {
            EngineScope.launch(job + Dispatchers.Unconfined) {
                delay(timeout)
                expire()
            }
        }
        return this
    }

    /** The future of the next result, or of null once every input has been handed out. */
    fun next(): CompletableFuture<R?> {
        val handedOut: R
        val ended: List<Waiter<R>>
        synchronized(lock) {
            failure?.let { return CompletableFuture.failedFuture(it) }
            if (closed) return CompletableFuture.failedFuture(CancellationException("the iteration was closed"))
            val item = takeReady()
            if (item == null) {
                if (isEnded()) return CompletableFuture.completedFuture(null)
                if (expired) return CompletableFuture.failedFuture(timedOut())
                return Waiter(this).also { waiters.add(it) }
            }
            handedOut = item
            inFlight--
            ended = endWaitersIfEnded()
        }
        ended.forEach { it.completeFromWork(null) }
        fill()
        return CompletableFuture.completedFuture(handedOut)
    }

    /** Whether another result will come; may pull the source (and block in it) to find out. */
    fun hasNext(): Boolean {
        while (true) {
            val otherPuller: Boolean
            synchronized(lock) {
                if (closed) return false
                if (failure != null || expired) return true // next() reports it
                // A slot reserved by a pull in progress is not an input yet: the source may be empty.
                val started = if (pulling) inFlight - 1 else inFlight
                if (started > 0 || ready.isNotEmpty() || readyByIndex.isNotEmpty()) return true
                if (sourceDone) return false
                otherPuller = pulling
            }
            // Another thread is asking the source and its answer decides: wait for it outside the
            // lock (rare and short). Otherwise ask the source ourselves.
            if (otherPuller) Thread.yield() else fill()
        }
    }

    /**
     * Blocks, ignoring interrupts, until every task Fanin started and every Fanin call they made has
     * stopped; returns whether the thread was interrupted (its status is then clear).
     */
    fun awaitStopped(): Boolean {
        val interrupted = starter.awaitStopped()
        return dev.fanin.internal.awaitStopped(job) || interrupted
    }

    /** Cancels the tasks Fanin started and fails waiting consumers; results not taken are dropped. */
    fun close() {
        val cancelled: List<Waiter<R>>
        synchronized(lock) {
            if (closed) return
            closed = true
            cancelled = drainWaiters()
            ready.clear()
            readyByIndex.clear()
        }
        job.cancel()
        cancelled.forEach { it.cancelFromWork() }
    }

    private fun arrived(index: Int, input: Any, value: Any?, exception: Throwable?) {
        val item = items.create(index, input, value, exception)
        // Usually nobody waits, or one consumer: no list unless a second delivery needs one.
        var first: Delivery<R>? = null
        var more: ArrayList<Delivery<R>>? = null
        val ended: List<Waiter<R>>
        synchronized(lock) {
            // After expiry the sequence only reports the timeout, as asyncio's as_completed does.
            if (closed || failure != null || expired) return
            if (ordered) readyByIndex[index] = item else ready.add(item)
            while (waiters.isNotEmpty()) {
                val resultIndex = nextOrdered
                val next = takeReady() ?: break
                val delivery = Delivery(waiters.poll(), next, resultIndex)
                if (first == null) first = delivery else (more ?: ArrayList<Delivery<R>>().also { more = it }).add(delivery)
                inFlight--
            }
            ended = endWaitersIfEnded()
        }
        first?.let { deliver(it) }
        more?.forEach { deliver(it) }
        ended.forEach { it.completeFromWork(null) }
        if (first != null) fill()
    }

    private fun deliver(delivery: Delivery<R>) {
        if (!delivery.waiter.completeFromWork(delivery.result)) putBack(delivery.index, delivery.result)
    }

    /**
     * The future [result] was meant for was completed from outside first, which closes the
     * sequence: keep the result only if that close has not happened yet (it then drops it).
     */
    private fun putBack(index: Int, result: R) {
        synchronized(lock) {
            if (closed || failure != null) return
            inFlight++
            if (ordered) {
                readyByIndex[index] = result
                nextOrdered = minOf(nextOrdered, index)
            } else {
                ready.addFirst(result)
            }
        }
    }

    /** Pulls and starts inputs while the window has room; one puller at a time. */
    private fun fill() {
        // Every input of a list is pulled at the start: after that, each take would lock only to see it.
        if (sourceDone) return
        while (true) {
            val index: Int
            synchronized(lock) {
                if (pulling || sourceDone || closed || expired || failure != null || inFlight >= limit) return
                pulling = true
                inFlight++ // reserve the slot before pulling outside the lock
                index = pulled
            }
            val input: Any?
            try {
                input = if (source.hasNext()) source.next() ?: throw NullPointerException("$sourceName[$index]") else END
            } catch (t: Throwable) {
                fail(t)
                return
            }
            val ended: List<Waiter<R>>
            synchronized(lock) {
                pulling = false
                if (input === END) {
                    sourceDone = true
                    inFlight--
                    ended = endWaitersIfEnded()
                } else {
                    pulled++
                    ended = emptyList()
                }
            }
            if (input === END) {
                ended.forEach { it.completeFromWork(null) }
                return
            }
            starter.start(input, job) { value, exception -> arrived(index, input, value, exception) }
        }
    }

    private fun fail(cause: Throwable) {
        val failed: List<Waiter<R>>
        synchronized(lock) {
            pulling = false
            failure = cause
            failed = drainWaiters()
        }
        job.cancel()
        failed.forEach { it.failFromWork(cause) }
    }

    private fun expire() {
        val failed: List<Waiter<R>>
        synchronized(lock) {
            if (isEnded() || closed) return
            expired = true
            failed = drainWaiters()
        }
        failed.forEach { it.failFromWork(timedOut()) }
    }

    private fun timedOut() = TimeoutException("asCompleted timed out")

    private fun takeReady(): R? =
        if (ordered) readyByIndex.remove(nextOrdered)?.also { nextOrdered++ } else ready.poll()

    private fun isEnded(): Boolean = sourceDone && inFlight == 0

    /** Once ended: completes the job (so an ambient parent can complete) and empties waiters. */
    private fun endWaitersIfEnded(): List<Waiter<R>> {
        if (!isEnded()) return emptyList()
        job.complete()
        job.children.forEach { it.cancel() } // the timer, if any
        return drainWaiters()
    }

    private fun drainWaiters(): List<Waiter<R>> {
        if (waiters.isEmpty()) return emptyList()
        val drained = ArrayList(waiters)
        waiters.clear()
        return drained
    }

    /** A result on its way to a consumer; [index] matters only when ordered. */
    private class Delivery<R : Any>(val waiter: Waiter<R>, val result: R, val index: Int)

    /** A future handed out by next() before its result arrived; completing it from outside closes the sequence. */
    private class Waiter<R : Any>(private val sequence: CompletionSequence<R>) : WorkFuture<R?>() {
        override fun stopWork(mayInterruptIfRunning: Boolean) {
            sequence.close()
        }
    }

    private companion object {
        val END = Any()
    }
}

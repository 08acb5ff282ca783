package dev.fanin.internal

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableJob
import kotlinx.coroutines.Job
import java.util.ArrayDeque
import java.util.concurrent.CompletableFuture
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.locks.LockSupport
import java.util.concurrent.TimeoutException
import kotlin.time.Duration

/** Starts one input of an as-completed sequence and reports how it ended. */
internal fun interface InputStarter {
    /**
     * Starts [input], the sequence's input number [index] (a task Fanin runs as a child of [job],
     * or a future the caller holds), and calls [arrivals] once with its value or its exception
     * (unwrapped from CompletionException).
     */
    fun start(index: Int, input: Any, job: Job, arrivals: Arrivals)

    /**
     * Blocks, ignoring interrupts, until every task this starter started has stopped; returns
     * whether the thread was interrupted (its status is then clear). Futures need no wait.
     */
    fun awaitStopped(): Boolean = false
}

/**
 * Where inputs report how they ended. The index and input travel with the call, so that a task
 * needs no callback object of its own to remember them.
 */
internal fun interface Arrivals {
    fun arrived(index: Int, input: Any, value: Any?, exception: Throwable?)
}

/** Builds a facade's as-completed item. */
internal fun interface ItemFactory<out R> {
    fun create(index: Int, input: Any, value: Any?, exception: Throwable?): R
}

/*
 * asCompleted for every facade: the inputs' results in completion order (or, when `ordered`, in
 * input order), pulled one at a time through next().
 *
 * State, all under `lock` unless said otherwise:
 * - inFlight: inputs started and not yet handed to a consumer, running or ready. The window: the
 *   source is pulled only while inFlight < limit, so running tasks plus results waiting for the
 *   consumer never exceed `limit`, and memory is O(limit) however long the source is. A slot frees
 *   when the consumer takes a result, not when a task finishes: a slow consumer throttles the
 *   source instead of piling up results.
 * - ready: results no consumer has asked for yet (a map by index when ordered: it holds at most
 *   `limit` results back while an earlier input is still running). Unordered, it is a lock-free
 *   queue that a finishing task adds to without the lock while nobody waits (`waiting` is 0):
 *   finishing tasks contending for the lock with each other and with the consumer were the largest
 *   cost of an asCompleted over many small tasks (a fifth of a profile's samples). A consumer
 *   with nothing to take registers as a waiter, publishing `waiting`, and only then looks at ready
 *   again; a task adds its result, then reads `waiting`. Both volatile, so one of them sees the
 *   other and the result is never stranded beside a waiting consumer. Consumers still take under
 *   the lock.
 * - waiters: futures handed out by next() that no result has reached yet. Completing one from
 *   outside (cancel, complete, orTimeout, ...; see WorkFuture) closes the sequence: every facade
 *   closed it on a cancelled waiter anyway, and a waiter completed otherwise would leave a result
 *   with no taker and its tasks running.
 * - sourceDone / failure / expired / closed: how the sequence ends. The end is reached when the
 *   source is exhausted and inFlight is 0; later next() calls give null.
 *
 * The source is pulled outside the lock, by one thread at a time (`pulling`), on whichever thread
 * freed a slot: the constructor's caller, a consumer taking a result (which reserves the slot it
 * freed in the same lock pass), or a task whose result went to a waiting consumer. The puller
 * reserves every free slot at once (`reserved`), pulls and starts inputs into them without the
 * lock, then records what it pulled under the lock once, reserving in the same pass any slot freed
 * meanwhile: a list of n tasks costs two lock passes to start, not 2n, the tasks' first results do
 * not queue behind the puller for the lock, and a bounded window refills a slot in two. A
 * consumer takes a ready result without a future (poll); next() makes one only to wait. A source
 * that throws fails the sequence: waiting and later next() calls fail with its exception, and the
 * tasks Fanin started are cancelled. close() cancels those tasks too; futures the caller passed in
 * are never cancelled.
 * Expiry of the timeout fails waiting and later next() calls with TimeoutException; results that
 * arrived before it are still handed out first (`readyAtExpiry` counts them, so that a result added
 * without the lock just after expiry is not). No later result can be handed out, so expiry also
 * cancels the tasks Fanin started, in every form (the caller's futures are never cancelled). Futures handed out are
 * completed outside the lock, so user callbacks never run under it.
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
    private var pulling = false
    /**
     * Threads parked in hasNext() until the pull in progress ends (or the sequence ends, or a
     * result arrives): the puller, close(), expiry and arrivals wake them ([takePullWaiters]).
     */
    private val pullWaiters = ArrayList<Thread>(0)
    /** Whether [pullWaiters] may be non-empty: lets an arriving result skip the lock. */
    @Volatile
    private var pullWaiting = false
    /** Slots the puller holds for inputs it is pulling; part of [inFlight] until it records them. */
    private var reserved = 0

    // Written under [lock]. Volatile so that, once the source is exhausted, hasNext() and fill() can
    // answer without the lock, and so that a puller can stop between inputs once the sequence ends.
    @Volatile
    private var inFlight = 0
    @Volatile
    private var sourceDone = false
    @Volatile
    private var failure: Throwable? = null
    @Volatile
    private var expired = false
    @Volatile
    private var closed = false
    private val ready = ConcurrentLinkedQueue<R>()
    private val readyByIndex = HashMap<Int, R>()
    private var nextOrdered = 0
    private var readyAtExpiry = 0
    private val waiters = ArrayDeque<Waiter<R>>()
    private val arrivals = Arrivals(::arrived)

    /**
     * Expires the sequence; null without a timeout. Set before start() returns, so before any
     * result is taken and the sequence can end (an empty source ends it first: the timer is then
     * launched into the completed job, which cancels it at once).
     */
    @Volatile
    private var timer: Job? = null

    /** waiters.size, read without the lock by arrivals (see the comment above). */
    @Volatile
    private var waiting = 0

    /** Fills the window; starts the timer unless [timeout] is infinite. */
    fun start(timeout: Duration): CompletionSequence<R> {
        // Fill first: with a zero timeout, inputs that are already complete are still handed out.
        fill()
        if (!timeout.isInfinite()) {
            timer = EngineScope.launchDeadline(job, timeout) { expire() }
        }
        return this
    }

    /**
     * The next result if one is ready now, else null; next() then says why (nothing ready yet,
     * the end, a failure, the close or the timeout). Spares a blocking taker a future per result.
     */
    fun poll(): R? {
        val item: R
        val ended: List<Waiter<R>>
        val room: Int
        synchronized(lock) {
            if (failure != null || closed) return null
            item = takeReady() ?: return null
            inFlight--
            ended = endWaitersIfEnded()
            // The slot just freed is pulled into by this thread, without a second pass of the lock.
            room = if (sourceDone) 0 else reserve()
        }
        ended.forEach { it.completeFromWork(null) }
        pullFrom(room)
        return item
    }

    /** The future of the next result, or of null once every input has been handed out. */
    fun next(): CompletableFuture<R?> {
        poll()?.let { return CompletableFuture.completedFuture(it) }
        val waiter: Waiter<R>
        val handoffs: Handoffs<R>?
        synchronized(lock) {
            failure?.let { return CompletableFuture.failedFuture(it) }
            if (closed) return CompletableFuture.failedFuture(CancellationException("the iteration was closed"))
            if (isEnded()) return CompletableFuture.completedFuture(null)
            waiter = Waiter(this)
            waiters.add(waiter)
            waiting = waiters.size
            // A result that arrived since poll() may have seen nobody waiting and skipped the lock.
            handoffs = matchWaiters()
            // After expiry only results that arrived before it are handed out; none is left for this one.
            if (expired && waiters.remove(waiter)) {
                waiting = waiters.size
                return CompletableFuture.failedFuture(timedOut())
            }
        }
        handoffs?.complete()
        return waiter
    }

    /**
     * Whether another result will come; may pull the source (and block in it) to find out, or wait
     * for another thread's pull. An interrupt does not end that wait; it is kept in the thread's
     * status.
     */
    fun hasNext(): Boolean {
        if (sourceDone) {
            // No pull in progress, and every input not yet handed out, running or ready, counts
            // in inFlight: the lock would only confirm what these reads say. Closed wins.
            if (closed) return false
            return failure != null || expired || inFlight > 0
        }
        // A ready result answers without the lock (the lock would only confirm it); closed wins.
        if (!ordered && !closed && ready.isNotEmpty()) return true
        var interrupted = false
        try {
            while (true) {
                val otherPuller: Boolean
                synchronized(lock) {
                    if (closed) return false
                    if (failure != null || expired) return true // next() reports it
                    // Slots reserved by a pull in progress are not inputs yet: the source may be empty.
                    val started = inFlight - reserved
                    if (started > 0 || ready.isNotEmpty() || readyByIndex.isNotEmpty()) return true
                    if (sourceDone) return false
                    otherPuller = pulling
                    if (otherPuller) {
                        pullWaiters.add(Thread.currentThread())
                        pullWaiting = true
                    }
                }
                // Another thread is asking the source and its answer decides: park until it has
                // answered (the source may block), then look again. Otherwise ask it ourselves.
                if (otherPuller) {
                    // A result offered without the lock reads pullWaiting after its offer, and this
                    // reads ready after setting it: one of them sees the other.
                    if (ready.isEmpty()) LockSupport.park(this)
                    if (Thread.interrupted()) interrupted = true // else park would return at once
                } else {
                    fill()
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt()
        }
    }

    /** Under [lock]: the threads parked in hasNext() for a pull, now to be woken. */
    private fun takePullWaiters(): List<Thread> {
        if (pullWaiters.isEmpty()) return emptyList()
        val woken = ArrayList(pullWaiters)
        pullWaiters.clear()
        pullWaiting = false
        return woken
    }

    private fun unparkAll(threads: List<Thread>) {
        for (thread in threads) LockSupport.unpark(thread)
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
        val woken: List<Thread>
        synchronized(lock) {
            if (closed) return
            closed = true
            cancelled = drainWaiters()
            ready.clear()
            readyByIndex.clear()
            woken = takePullWaiters()
        }
        unparkAll(woken)
        job.cancel()
        cancelled.forEach { it.cancelFromWork() }
    }

    /**
     * toString's state, such as "5 started, 2 not taken, open": how many inputs were started, how
     * many of them were not yet handed out (running or ready), and how the sequence stands. Read
     * without the lock (Describe.kt): the counts may be off by a pull or a take in progress.
     */
    fun describe(): String {
        val state = when {
            closed -> "closed"
            failure != null -> "failed"
            expired -> "timed out"
            isEnded() -> "ended"
            else -> "open"
        }
        return "$pulled started, ${maxOf(inFlight - reserved, 0)} not taken, $state"
    }

    private fun arrived(index: Int, input: Any, value: Any?, exception: Throwable?) {
        // After expiry the sequence only reports the timeout, as asyncio's as_completed does.
        if (closed || failure != null || expired) return
        val item = items.create(index, input, value, exception)
        val handoffs: Handoffs<R>?
        if (ordered) {
            synchronized(lock) {
                if (closed || failure != null || expired) return
                readyByIndex[index] = item
                handoffs = matchWaiters()
            }
            if (pullWaiting) unparkAll(synchronized(lock) { takePullWaiters() })
        } else {
            ready.offer(item)
            // A hasNext() that starts waiting after this read looks at ready again first.
            if (pullWaiting) unparkAll(synchronized(lock) { takePullWaiters() })
            // A consumer that starts waiting after this read looks at ready again (next()).
            if (waiting == 0) return
            handoffs = synchronized(lock) { matchWaiters() }
        }
        handoffs?.complete()
    }

    /**
     * Hands ready results to waiters, oldest waiter first, and ends the waiters if that was the
     * end; under [lock]. The returned handoffs are completed outside it.
     */
    private fun matchWaiters(): Handoffs<R>? {
        var handoffs: Handoffs<R>? = null
        while (waiters.isNotEmpty()) {
            val resultIndex = nextOrdered
            val next = takeReady() ?: break
            (handoffs ?: Handoffs(this).also { handoffs = it }).add(Delivery(waiters.poll(), next, resultIndex))
            inFlight--
        }
        waiting = waiters.size
        val ended = endWaitersIfEnded()
        if (ended.isNotEmpty()) (handoffs ?: Handoffs(this).also { handoffs = it }).ended = ended
        return handoffs
    }

    private fun deliver(delivery: Delivery<R>) {
        // Handed over as a whole on kotlinx's threads, so that a failed completion is seen and the
        // result put back (completeFromWork alone could only guess).
        offKotlinxThreads {
            if (!delivery.waiter.completeFromWork(delivery.result)) putBack(delivery.index, delivery.result)
        }
    }

    /**
     * The future [result] was meant for was completed from outside first, which closes the
     * sequence: keep the result only if that close has not happened yet (it then drops it).
     */
    private fun putBack(index: Int, result: R) {
        synchronized(lock) {
            // Unordered, after expiry: readyAtExpiry counts from the front of the queue, and the
            // close on its way would drop the result anyway.
            if (closed || failure != null || (expired && !ordered)) return
            inFlight++
            if (ordered) {
                readyByIndex[index] = result
                nextOrdered = minOf(nextOrdered, index)
            } else {
                ready.offer(result) // order among ready results is not promised
            }
        }
    }

    /** Pulls and starts inputs while the window has room; one puller at a time. */
    private fun fill() {
        // Every input of a list is pulled at the start: after that, each take would lock only to see it.
        if (sourceDone) return
        pullFrom(synchronized(lock) { reserve() })
    }

    /** Pulls into the [room] slots [reserve] gave this thread, and into any freed meanwhile. */
    private fun pullFrom(room: Int) {
        var next = room
        while (next > 0) next = pullInto(next)
    }

    /**
     * Under [lock]: makes this thread the puller and reserves every free slot of the window for it,
     * before it pulls outside the lock; returns how many (0: it may not pull now).
     */
    private fun reserve(): Int {
        if (pulling || sourceDone || closed || expired || failure != null || inFlight >= limit) return 0
        pulling = true
        val room = limit - inFlight
        reserved = room
        inFlight += room
        return room
    }

    /**
     * Pulls and starts inputs into the [room] slots [reserve] gave this thread, then records them
     * and, in the same lock pass, reserves the slots freed meanwhile; returns how many (0: the pull
     * is handed back). One lock pass fewer per refill than recording and reserving apart: a bounded
     * window refills a slot for every result taken.
     */
    private fun pullInto(room: Int): Int {
        val first = pulled // written only by the puller, which this thread now is
        var started = 0
        var exhausted = false
        while (started < room && !closed && !expired && failure == null) {
            val index = first + started
            val input: Any?
            try {
                input = if (source.hasNext()) source.next() ?: throw NullPointerException("$sourceName[$index]") else END
            } catch (t: Throwable) {
                fail(t)
                return 0
            }
            if (input === END) {
                exhausted = true
                break
            }
            started++
            starter.start(index, input, job, arrivals)
        }
        val ended: List<Waiter<R>>
        val next: Int
        val woken: List<Thread>
        synchronized(lock) {
            pulling = false
            reserved = 0
            pulled += started
            inFlight -= room - started
            if (exhausted) sourceDone = true
            ended = endWaitersIfEnded()
            woken = takePullWaiters()
            next = reserve()
        }
        unparkAll(woken)
        ended.forEach { it.completeFromWork(null) }
        return next
    }

    private fun fail(cause: Throwable) {
        val failed: List<Waiter<R>>
        val woken: List<Thread>
        synchronized(lock) {
            pulling = false
            reserved = 0
            failure = cause
            failed = drainWaiters()
            woken = takePullWaiters()
        }
        unparkAll(woken)
        job.cancel()
        failed.forEach { it.failFromWork(cause) }
    }

    private fun expire() {
        val failed: List<Waiter<R>>
        val woken: List<Thread>
        synchronized(lock) {
            if (isEnded() || closed) return
            expired = true
            readyAtExpiry = ready.size
            failed = drainWaiters()
            woken = takePullWaiters()
        }
        unparkAll(woken)
        job.cancel()
        failed.forEach { it.failFromWork(timedOut()) }
    }

    private fun timedOut() = TimeoutException("asCompleted timed out")

    private fun takeReady(): R? = when {
        ordered -> readyByIndex.remove(nextOrdered)?.also { nextOrdered++ }
        !expired -> ready.poll()
        readyAtExpiry > 0 -> ready.poll()?.also { readyAtExpiry-- }
        else -> null
    }

    private fun isEnded(): Boolean = sourceDone && inFlight == 0

    /** Once ended: completes the job (so an ambient parent can complete) and empties waiters. */
    private fun endWaitersIfEnded(): List<Waiter<R>> {
        if (!isEnded()) return emptyList()
        job.complete()
        timer?.cancel()
        return drainWaiters()
    }

    private fun drainWaiters(): List<Waiter<R>> {
        if (waiters.isEmpty()) return emptyList()
        val drained = ArrayList(waiters)
        waiters.clear()
        waiting = 0
        return drained
    }

    /** A result on its way to a consumer; [index] matters only when ordered. */
    private class Delivery<R : Any>(val waiter: Waiter<R>, val result: R, val index: Int)

    /** What [matchWaiters] decided under the lock, for [complete] to carry out outside it. */
    private class Handoffs<R : Any>(private val sequence: CompletionSequence<R>) {
        // Usually one delivery: no list unless a second one needs it.
        private var first: Delivery<R>? = null
        private var more: ArrayList<Delivery<R>>? = null
        var ended: List<Waiter<R>> = emptyList()

        fun add(delivery: Delivery<R>) {
            if (first == null) first = delivery else (more ?: ArrayList<Delivery<R>>().also { more = it }).add(delivery)
        }

        /** Completes the waiters; a delivery freed a slot, so the window is filled again. */
        fun complete() {
            first?.let { sequence.deliver(it) }
            more?.forEach { sequence.deliver(it) }
            ended.forEach { it.completeFromWork(null) }
            if (first != null) sequence.fill()
        }
    }

    /** A future handed out by next() before its result arrived; completing it from outside closes the sequence. */
    private class Waiter<R : Any>(private val sequence: CompletionSequence<R>) : NamedWorkFuture<R?>() {
        override fun stopWork(mayInterruptIfRunning: Boolean) {
            sequence.close()
        }
    }

    private companion object {
        val END = Any()
    }
}

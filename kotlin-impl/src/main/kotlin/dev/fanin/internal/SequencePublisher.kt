package dev.fanin.internal

import java.util.concurrent.CompletableFuture
import java.util.concurrent.Flow
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong

/*
 * A CompletionSequence as a java.util.concurrent.Flow.Publisher (Reactive Streams rules).
 *
 * Unicast: the sequence is consumed once, so a second subscriber gets onError. Demand is honoured:
 * next() is called only while demand is positive, and at most one next() is outstanding, which also
 * keeps onNext calls serial. A drain loop guarded by `wip` makes request() safe from any thread and
 * re-entrant from onNext. cancel() closes the sequence: tasks Fanin started are cancelled.
 */
internal class SequencePublisher<R : Any>(
    private val sequence: CompletionSequence<R>,
    /** The facade method that returned this publisher, for toString. */
    private val operation: String,
) : Flow.Publisher<R> {
    private val subscribed = AtomicBoolean()

    /** "Fanin.asCompleted[publisher, 5 started, 2 not taken, open]" (Describe.kt). */
    override fun toString(): String =
        describe(operation, "publisher", if (subscribed.get()) null else "no subscriber", sequence.describe())

    override fun subscribe(subscriber: Flow.Subscriber<in R>) {
        if (!subscribed.compareAndSet(false, true)) {
            subscriber.onSubscribe(NoSubscription)
            subscriber.onError(IllegalStateException("an as-completed publisher takes one subscriber"))
            return
        }
        val subscription = SequenceSubscription(sequence, subscriber)
        subscriber.onSubscribe(subscription)
        subscription.drain()
    }

    private object NoSubscription : Flow.Subscription {
        override fun request(n: Long) {}

        override fun cancel() {}
    }
}

private class SequenceSubscription<R : Any>(
    private val sequence: CompletionSequence<R>,
    private val subscriber: Flow.Subscriber<in R>,
) : Flow.Subscription {
    private val demand = AtomicLong()
    private val wip = AtomicInteger()

    @Volatile
    private var awaiting = false

    @Volatile
    private var terminated = false

    override fun request(n: Long) {
        if (terminated) return // Reactive Streams §3.6: requests after termination are no-ops
        if (n <= 0) {
            cancel()
            subscriber.onError(IllegalArgumentException("request($n): n must be positive (Reactive Streams §3.9)"))
            return
        }
        demand.getAndUpdate { current -> if (Long.MAX_VALUE - current < n) Long.MAX_VALUE else current + n }
        drain()
    }

    override fun cancel() {
        terminated = true
        sequence.close()
    }

    fun drain() {
        if (wip.getAndIncrement() != 0) return
        var missed = 1
        while (true) {
            while (!terminated && !awaiting && demand.get() > 0) {
                val next = sequence.next()
                if (!next.isDone) {
                    awaiting = true
                    next.whenDone { item, failure ->
                        deliver(item, failure)
                        awaiting = false
                        drain()
                    }
                    break
                }
                deliver(next)
            }
            missed = wip.addAndGet(-missed)
            if (missed == 0) return
        }
    }

    private fun deliver(done: CompletableFuture<R?>) {
        if (done.isCompletedExceptionally) deliver(null, done.failureOfDone()) else deliver(done.getNow(null), null)
    }

    private fun deliver(item: R?, failure: Throwable?) {
        if (terminated) return
        when {
            failure != null -> {
                terminated = true
                sequence.close()
                subscriber.onError(failure.unwrapCompletion())
            }
            item == null -> {
                terminated = true
                subscriber.onComplete()
            }
            else -> {
                demand.decrementAndGet()
                try {
                    subscriber.onNext(item)
                } catch (t: Throwable) {
                    // §2.13: a subscriber that throws has cancelled; stop its tasks.
                    cancel()
                }
            }
        }
    }
}

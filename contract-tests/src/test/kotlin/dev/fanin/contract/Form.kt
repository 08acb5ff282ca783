@file:OptIn(kotlinx.coroutines.ExperimentalCoroutinesApi::class, kotlinx.coroutines.DelicateCoroutinesApi::class)

package dev.fanin.contract

import dev.fanin.Completion
import dev.fanin.java.Completions
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeoutOrNull
import java.util.concurrent.CompletableFuture
import java.util.concurrent.ExecutionException
import java.util.concurrent.Flow.Publisher
import java.util.concurrent.Flow.Subscriber
import java.util.concurrent.Flow.Subscription
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit
import java.util.concurrent.TimeoutException
import kotlin.time.Duration.Companion.seconds

/**
 * One operation in its three forms. [normalize] turns a result into a comparable value (the same
 * function for every form); [blocking] may throw checked exceptions (Kotlin does not declare them).
 */
class Op<T>(
    val kotlin: suspend () -> T,
    val future: () -> CompletableFuture<out T>,
    val blocking: () -> T,
    val normalize: (T) -> Any? = { it },
)

/** How a call ended, and which tasks had not stopped when it returned. */
data class Ended(val observed: Observed, val unstoppedAtReturn: List<String>)

/** A started call of one form, which the test can cancel from outside and wait for. */
abstract class Call(private val scenario: Scenario?) {
    @Volatile
    var cancelledFromOutside: Boolean = false
        private set

    private val returned = CompletableFuture<List<String>>()

    /** Records which tasks were still running at the moment the call returned. */
    protected fun returned() {
        returned.complete(scenario?.unstopped() ?: emptyList())
    }

    /** Cancels the call the way its form does: cancel the coroutine, cancel the future, interrupt the caller. */
    fun cancel() {
        cancelledFromOutside = true
        doCancel()
    }

    protected abstract fun doCancel()

    protected abstract fun awaitObserved(): Observed

    /** Waits (bounded) for the call to end. */
    fun await(): Ended {
        val observed = awaitObserved()
        return Ended(observed, returned.get(HANG_SECONDS, TimeUnit.SECONDS))
    }
}

/**
 * Where a form's Kotlin callers run: real threads, so that timers behave as in production. A
 * supervisor, so that one call's failure does not cancel the scope for the next test.
 */
private val kotlinCallers = CoroutineScope(SupervisorJob() + Dispatchers.Default)

/** The three forms of every operation. */
enum class Form {
    /** The Kotlin suspend function, called in a coroutine on `Dispatchers.Default`. */
    KOTLIN {
        override fun <T> start(scenario: Scenario?, op: Op<T>): Call = object : Call(scenario) {
            // ATOMIC: a cancellation that arrives before the coroutine runs still lets the call start
            // (and see the cancellation at its first suspension), as a caller cancelled mid-call would.
            val deferred = kotlinCallers.async(start = CoroutineStart.ATOMIC) {
                try {
                    op.normalize(op.kotlin())
                } finally {
                    returned()
                }
            }

            override fun doCancel() {
                deferred.cancel()
            }

            override fun awaitObserved(): Observed = runBlocking {
                withTimeoutOrNull(HANG_SECONDS.seconds) { deferred.join() }
                    ?: run {
                        deferred.cancel()
                        throw AssertionError("the Kotlin call did not return within $HANG_SECONDS s")
                    }
                val failure = deferred.getCompletionExceptionOrNull()
                if (failure == null) Observed.Value(deferred.getCompleted()) else classify(KOTLIN, failure, cancelledFromOutside)
            }
        }
    },

    /** `Fanin.*`: the returned `CompletableFuture`, waited for with `get`. */
    FUTURE {
        override fun <T> start(scenario: Scenario?, op: Op<T>): Call = object : Call(scenario) {
            val future: CompletableFuture<out T>?
            val threw: Throwable?

            init {
                var started: CompletableFuture<out T>? = null
                var thrown: Throwable? = null
                try {
                    started = op.future()
                } catch (t: Throwable) {
                    thrown = t
                    returned()
                }
                future = started
                threw = thrown
                future?.whenComplete { _, _ -> returned() }
            }

            override fun doCancel() {
                future?.cancel(true)
            }

            override fun awaitObserved(): Observed {
                val f = future ?: return classify(FUTURE, threw!!, cancelledFromOutside)
                try {
                    f.get(HANG_SECONDS, TimeUnit.SECONDS)
                } catch (e: TimeoutException) {
                    f.cancel(true)
                    throw AssertionError("the future did not complete within $HANG_SECONDS s", e)
                } catch (_: ExecutionException) {
                    // Read below.
                } catch (_: java.util.concurrent.CancellationException) {
                    // Read below.
                }
                // The future's own outcome: on JDK 23+, get() throws a new CancellationException("get")
                // with the stored one as cause, which is the JDK's doing, not Fanin's.
                val failure = f.handle { _, e -> e }.getNow(null)
                return if (failure == null) Observed.Value(op.normalize(f.getNow(null))) else classify(FUTURE, failure, cancelledFromOutside)
            }
        }
    },

    /** `FaninBlocking.*`, called on a platform thread of its own that the test can interrupt. */
    BLOCKING {
        override fun <T> start(scenario: Scenario?, op: Op<T>): Call = object : Call(scenario) {
            val result = CompletableFuture<Observed>()
            val thread = Thread({
                val observed = try {
                    val value = try {
                        op.blocking()
                    } finally {
                        returned()
                    }
                    Observed.Value(op.normalize(value))
                } catch (t: Throwable) {
                    classify(BLOCKING, t, cancelledFromOutside)
                }
                result.complete(observed)
            }, "contract-blocking-caller")

            init {
                thread.start()
            }

            override fun doCancel() {
                thread.interrupt()
            }

            override fun awaitObserved(): Observed {
                thread.join(TimeUnit.SECONDS.toMillis(HANG_SECONDS))
                if (thread.isAlive) {
                    thread.interrupt()
                    thread.join(TimeUnit.SECONDS.toMillis(HANG_SECONDS))
                    throw AssertionError("the blocking call did not return within $HANG_SECONDS s")
                }
                return result.get()
            }
        }
    };

    /** Starts [op] in this form; [scenario]'s tasks are checked when it returns. */
    abstract fun <T> start(scenario: Scenario?, op: Op<T>): Call

    /** Runs [op] in this form to its end. */
    fun <T> run(scenario: Scenario?, op: Op<T>): Ended = start(scenario, op).await()
}

/** One step of an as-completed iteration. */
sealed interface Step {
    data class Next(val item: Item) : Step
    data object TimedOut : Step
    data object End : Step
    data class Failed(val exception: Throwable) : Step
}

/** An as-completed iteration in one form, read one result at a time. */
interface Iteration : AutoCloseable {
    /** Waits (bounded) for the next step. */
    fun next(): Step

    /** Leaves the iteration (closes it, cancels the collector, or cancels the futures). */
    override fun close()

    /** Reads every step up to the end or a timeout, that one included. */
    fun drain(): List<Step> {
        val steps = mutableListOf<Step>()
        while (true) {
            val step = next()
            steps += step
            if (step !is Step.Next) return steps
        }
    }
}

/** Kotlin: the flow collected in a coroutine that hands each result over a rendezvous channel. */
class KotlinIteration(flow: Flow<Completion<*, *>>, private val inputs: () -> List<Any>) : Iteration {
    private val results = Channel<Completion<*, *>>()
    private val collector: Job = kotlinCallers.launch {
        try {
            flow.collect { results.send(it) }
            results.close()
        } catch (e: CancellationException) {
            results.close(e)
            throw e
        } catch (t: Throwable) {
            results.close(t)
        }
    }

    override fun next(): Step = runBlocking {
        val received = withTimeoutOrNull(HANG_SECONDS.seconds) { results.receiveCatching() }
            ?: throw AssertionError("no result within $HANG_SECONDS s")
        val completion = received.getOrNull()
        when {
            completion != null -> Step.Next(completion.item(inputs()))
            received.exceptionOrNull() == null -> Step.End
            else -> stepOf(unrecover(received.exceptionOrNull()!!))
        }
    }

    override fun close() {
        runBlocking { collector.cancelAndJoin() }
    }
}

/** The future form over a list: the i-th future holds the i-th result. */
class FuturesIteration(
    private val futures: List<CompletableFuture<out Completion<*, *>>>,
    private val inputs: List<Any>,
) : Iteration {
    private var taken = 0

    override fun next(): Step {
        if (taken == futures.size) return Step.End
        val future = futures[taken++]
        return try {
            Step.Next(future.get(HANG_SECONDS, TimeUnit.SECONDS).item(inputs))
        } catch (e: TimeoutException) {
            throw AssertionError("no result within $HANG_SECONDS s", e)
        } catch (e: ExecutionException) {
            stepOf(e.cause!!)
        }
    }

    override fun close() {
        // Cancelling any of the futures closes the whole iteration (Fanin.asCompleted).
        if (taken < futures.size) futures[taken].cancel(true)
    }
}

/** The future form of the bounded iteration: a publisher, asked for one result at a time. */
class PublisherIteration(publisher: Publisher<out Completion<*, *>>, private val inputs: () -> List<Any>) : Iteration {
    private val signals = LinkedBlockingQueue<Any>()
    private val subscription = CompletableFuture<Subscription>()
    private var ended: Step? = null

    init {
        publisher.subscribe(object : Subscriber<Completion<*, *>> {
            override fun onSubscribe(s: Subscription) {
                subscription.complete(s)
            }

            override fun onNext(item: Completion<*, *>) {
                signals.add(item)
            }

            override fun onError(throwable: Throwable) {
                signals.add(Step.Failed(throwable))
            }

            override fun onComplete() {
                signals.add(Step.End)
            }
        })
    }

    override fun next(): Step {
        ended?.let { return it }
        subscription.get(HANG_SECONDS, TimeUnit.SECONDS).request(1)
        val signal = signals.poll(HANG_SECONDS, TimeUnit.SECONDS) ?: throw AssertionError("no signal within $HANG_SECONDS s")
        return when (signal) {
            is Completion<*, *> -> Step.Next(signal.item(inputs()))
            is Step.Failed -> stepOf(signal.exception).also { ended = it }
            else -> (signal as Step).also { ended = it }
        }
    }

    override fun close() {
        subscription.getNow(null)?.cancel()
    }
}

/** The blocking form: `Completions.take()` (or `Completions.Timed.take()`) on the test thread. */
class BlockingIteration private constructor(
    private val hasNext: () -> Boolean,
    private val take: () -> Completion<*, *>,
    private val closer: () -> Unit,
    private val inputs: () -> List<Any>,
) : Iteration {
    constructor(completions: Completions<*, *>, inputs: () -> List<Any>) :
        this(completions::hasNext, completions::take, completions::close, inputs)

    constructor(completions: Completions.Timed<*, *>, inputs: () -> List<Any>) :
        this(completions::hasNext, completions::take, completions::close, inputs)

    override fun next(): Step = try {
        if (!hasNext()) Step.End else Step.Next(take().item(inputs()))
    } catch (e: TimeoutException) {
        Step.TimedOut
    } catch (e: Exception) {
        Step.Failed(e)
    }

    override fun close() {
        closer()
    }
}

private fun stepOf(t: Throwable): Step = if (t is TimeoutException) Step.TimedOut else Step.Failed(t)

@file:OptIn(kotlinx.coroutines.ExperimentalCoroutinesApi::class)

package dev.fanin.contract

import dev.fanin.CoroutineSelect
import dev.fanin.OnFailure
import dev.fanin.Outcome
import dev.fanin.ReturnWhen
import dev.fanin.WaitResult
import dev.fanin.asCompleted
import dev.fanin.asCompletedDeferreds
import dev.fanin.asCompletedOrdered
import dev.fanin.gather
import dev.fanin.gatherSettled
import dev.fanin.java.Channel
import dev.fanin.java.ChannelClosedException
import dev.fanin.java.Fanin
import dev.fanin.java.FaninBlocking
import dev.fanin.java.Select
import dev.fanin.onComplete
import dev.fanin.onDefault
import dev.fanin.taskGroup
import dev.fanin.timeoutScope
import dev.fanin.waitFor
import dev.fanin.waitUntil
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.Job
import kotlinx.coroutines.asContextElement
import kotlinx.coroutines.selects.onTimeout
import kotlinx.coroutines.selects.select
import kotlinx.coroutines.withContext
import java.time.Duration
import java.util.concurrent.Callable
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionException
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.toKotlinDuration

/** The thread-local a body reads in [Ops.bodyReadsCallerContext]. */
val CALLER_CONTEXT: ThreadLocal<String> = ThreadLocal()

/** A caller's own future: a `CompletableDeferred` for Kotlin and a `CompletableFuture` for Java, driven together. */
class Handle(val name: String) {
    val deferred: CompletableDeferred<Any?> = CompletableDeferred()
    val future: CompletableFuture<Any?> = CompletableFuture()

    fun complete(value: Any?): Handle = apply {
        deferred.complete(value)
        future.complete(value)
    }

    fun fail(error: Throwable): Handle = apply {
        deferred.completeExceptionally(error)
        future.completeExceptionally(error)
    }

    /** Cancels it as the caller would: the deferred's `cancel()`, the future's `cancel(true)`. */
    fun cancel(): Handle = apply {
        deferred.cancel()
        future.cancel(true)
    }

    /** Whether [form]'s view of this handle was cancelled. */
    fun isCancelled(form: Form): Boolean = if (form == Form.KOTLIN) deferred.isCancelled else future.isCancelled

    /** Whether [form]'s view of this handle has completed. */
    fun isDone(form: Form): Boolean = if (form == Form.KOTLIN) deferred.isCompleted else future.isDone

    override fun toString(): String = "handle $name"
}

/** What a group's fork handles ended with, in fork order; filled as each completes. */
class ForkStates(size: Int) {
    /** Completed when the i-th fork's handle (deferred or future) has completed. */
    val done: List<CompletableFuture<Unit>> = List(size) { CompletableFuture() }
    private val states = arrayOfNulls<Settled>(size)
    private val forked = java.util.concurrent.atomic.AtomicIntegerArray(size)

    /** Marks the i-th task as forked: [states] waits for its handle. */
    fun forked(index: Int) {
        forked.set(index, 1)
    }

    fun record(index: Int, state: Settled) {
        states[index] = state
        done[index].complete(Unit)
    }

    /**
     * The states; null for a task never forked. Waits (bounded) for the handles of forked tasks: a
     * Kotlin completion handler may run just after the group has returned, since the parent is
     * notified first.
     */
    fun states(): List<Settled?> {
        for (i in done.indices) if (forked.get(i) == 1) done[i].get(HANG_SECONDS, java.util.concurrent.TimeUnit.SECONDS)
        return states.toList()
    }
}

private fun Duration.kt() = toKotlinDuration()

private fun List<Task>.callables(): List<Callable<Any?>> = map { it.callable() }

private fun List<Task>.lambdas(): List<suspend () -> Any?> = map { it.suspending() }

private fun List<Outcome<Any?>>.settled(): List<Settled> = map { it.settled() }

/** The operations, each written once for the three forms. */
object Ops {
    fun gather(tasks: List<Task>): Op<List<Any?>> = Op(
        kotlin = { gather(tasks.lambdas()) },
        future = { Fanin.gather(tasks.callables()) },
        blocking = { FaninBlocking.gather(tasks.callables()) },
    )

    fun gatherSettled(tasks: List<Task>): Op<List<Outcome<Any?>>> = Op(
        kotlin = { gatherSettled(tasks.lambdas()) },
        future = { Fanin.gatherSettled(tasks.callables()) },
        blocking = { FaninBlocking.gatherSettled(tasks.callables()) },
        normalize = { it.settled() },
    )

    fun waitFor(task: Task, timeout: Duration): Op<Any?> = Op(
        kotlin = { waitFor(timeout.kt()) { task.suspending()() } },
        future = { Fanin.waitFor(task.callable(), timeout) },
        blocking = { FaninBlocking.waitFor(task.callable(), timeout) },
    )

    fun waitForHandle(handle: Handle, timeout: Duration): Op<Any?> = Op(
        kotlin = { waitFor(handle.deferred, timeout.kt()) },
        future = { Fanin.waitFor(handle.future, timeout) },
        blocking = { FaninBlocking.waitFor(handle.future, timeout) },
    )

    /**
     * A timeout scope ([group] false) or a task group whose body returns [CALLER_CONTEXT] as it
     * sees it. The caller sets it to "caller": as a context element of its coroutine (Kotlin, the
     * idiom for thread-locals there), on its thread around the call (Java).
     */
    fun bodyReadsCallerContext(group: Boolean): Op<Any?> = Op(
        kotlin = {
            withContext(CALLER_CONTEXT.asContextElement("caller")) {
                if (group) taskGroup { CALLER_CONTEXT.get() } else timeoutScope(LONG.kt()) { CALLER_CONTEXT.get() }
            }
        },
        future = {
            withCallerContext {
                if (group) Fanin.taskGroup { CALLER_CONTEXT.get() } else Fanin.timeoutScope(LONG) { CALLER_CONTEXT.get() }
            }
        },
        blocking = {
            withCallerContext {
                if (group) FaninBlocking.taskGroup { CALLER_CONTEXT.get() } else FaninBlocking.timeoutScope(LONG) { CALLER_CONTEXT.get() }
            }
        },
    )

    private fun <T> withCallerContext(call: () -> T): T {
        CALLER_CONTEXT.set("caller")
        try {
            return call()
        } finally {
            CALLER_CONTEXT.remove()
        }
    }

    fun timeoutScope(body: Task, timeout: Duration): Op<Any?> = Op(
        kotlin = { timeoutScope(timeout.kt()) { body.suspending()() } },
        future = { Fanin.timeoutScope(timeout) { body.callable().call() } },
        blocking = { FaninBlocking.timeoutScope(timeout) { body.callable().call() } },
    )

    /** waitUntil over [handles]; the split is normalised to the handles' names. */
    fun waitUntil(returnWhen: ReturnWhen, handles: List<Handle>, timeout: Duration?): Op<WaitResult<*>> {
        fun names(split: List<Any?>): List<String> = split.map { h -> handles.first { it.deferred === h || it.future === h }.name }
        val deferreds: List<Job> = handles.map { it.deferred }
        val futures = handles.map { it.future }
        return Op(
            kotlin = { if (timeout == null) waitUntil(returnWhen, deferreds) else waitUntil(returnWhen, deferreds, timeout.kt()) },
            future = { if (timeout == null) Fanin.waitUntil(returnWhen, futures) else Fanin.waitUntil(returnWhen, futures, timeout) },
            blocking = {
                if (timeout == null) FaninBlocking.waitUntil(returnWhen, futures) else FaninBlocking.waitUntil(returnWhen, futures, timeout)
            },
            normalize = { names(it.done) to names(it.pending) },
        )
    }

    /**
     * A task group over [forks] (forked in order by the body), then [body] (run by the body after
     * forking; returns "body" when null), with [onFailure] and an optional [timeout]. Each fork's
     * handle is recorded in [states].
     */
    fun taskGroup(
        onFailure: OnFailure,
        forks: List<Task>,
        states: ForkStates = ForkStates(forks.size),
        timeout: Duration? = null,
        body: Task? = null,
    ): Op<Any?> {
        fun watch(index: Int, deferred: Deferred<Any?>) {
            states.forked(index)
            deferred.invokeOnCompletion { cause ->
                states.record(
                    index,
                    when (cause) {
                        null -> Settled.Ok(deferred.getCompleted())
                        is CancellationException -> Settled.Cancelled
                        else -> Settled.Err(unrecover(cause))
                    },
                )
            }
        }

        fun watch(index: Int, future: CompletableFuture<Any?>) {
            states.forked(index)
            future.whenComplete { value, error ->
                val cause = if (error is CompletionException && error.cause != null) error.cause else error
                states.record(
                    index,
                    when (cause) {
                        null -> Settled.Ok(value)
                        is java.util.concurrent.CancellationException -> Settled.Cancelled
                        else -> Settled.Err(cause)
                    },
                )
            }
        }

        val kotlinBody: suspend dev.fanin.TaskGroupScope.() -> Any? = {
            forks.forEachIndexed { i, task -> watch(i, fork(task.suspending())) }
            if (body == null) "body" else body.suspending()()
        }
        val javaBody = dev.fanin.java.TaskGroup.Body<Any?> { group ->
            forks.forEachIndexed { i, task -> watch(i, group.fork(task.callable())) }
            if (body == null) "body" else body.callable().call()
        }
        return Op(
            kotlin = {
                if (timeout == null) taskGroup(onFailure, block = kotlinBody) else taskGroup(onFailure, timeout.kt(), kotlinBody)
            },
            future = { if (timeout == null) Fanin.taskGroup(onFailure, javaBody) else Fanin.taskGroup(onFailure, timeout, javaBody) },
            blocking = {
                if (timeout == null) FaninBlocking.taskGroup(onFailure, javaBody) else FaninBlocking.taskGroup(onFailure, timeout, javaBody)
            },
        )
    }

    /** One clause of a select, described once. */
    sealed interface Clause {
        data class Receive(val channel: Channel<Any>) : Clause
        data class Complete(val stage: CompletableFuture<Any?>) : Clause
        data class Timeout(val timeout: Duration) : Clause
        data object Default : Clause
    }

    /**
     * A biased select over [clauses] in order (kotlinx's `select` is biased; Java's `Select.biased()`
     * matches it). Results: "received x", "completed <Settled>", "timeout", "default".
     */
    @OptIn(ExperimentalCoroutinesApi::class)
    fun select(vararg clauses: Clause): Op<Any?> {
        require(clauses.indexOf(Clause.Default).let { it == -1 || it == clauses.lastIndex }) { "default goes last" }
        fun java(): Select<Any?> {
            val select = Select.biased<Any?>()
            for (clause in clauses) {
                when (clause) {
                    is Clause.Receive -> select.onReceive(clause.channel) { "received $it" }
                    is Clause.Complete -> select.onComplete(clause.stage) { "completed ${it.settled()}" }
                    is Clause.Timeout -> select.onTimeout(clause.timeout) { "timeout" }
                    Clause.Default -> select.onDefault { "default" }
                }
            }
            return select
        }
        return Op(
            kotlin = {
                select {
                    for (clause in clauses) {
                        when (clause) {
                            is Clause.Receive -> clause.channel.asKotlinChannel().onReceive { "received $it" }
                            is Clause.Complete -> onComplete(clause.stage) { "completed ${it.settled()}" }
                            is Clause.Timeout -> onTimeout(clause.timeout.kt()) { "timeout" }
                            Clause.Default -> onDefault { "default" }
                        }
                    }
                }
            },
            future = { java().selectAsync() },
            blocking = { java().select() },
        )
    }

    /**
     * One select over [channels], built once and run until every channel is closed
     * (`onReceiveUntilClosed` and `onAllClosed`; Kotlin: `CoroutineSelect`, Java: `Select.create()`,
     * the future form chaining `selectAsync`). Result: what each run returned, "received x" per
     * element, "failed <message of the close cause>" per run that failed, and "all closed" last;
     * normalised with the others sorted, since an unbiased select interleaves channels at random.
     * // differences table: a receive from a channel closed with a cause — Kotlin throws the cause
     * itself (as kotlinx's receive does), Java throws `ChannelClosedException` with the cause.
     */
    fun selectUntilClosed(vararg channels: Channel<Any>): Op<List<String>> {
        fun failed(thrown: Throwable): String {
            val t = unrecover(if (thrown is CompletionException) thrown.cause!! else thrown)
            return "failed ${(if (t is ChannelClosedException) t.cause else t)?.message}"
        }
        fun java(): Select<String> {
            val select = Select.create<String>()
            for (channel in channels) select.onReceiveUntilClosed(channel) { "received $it" }
            return select.onAllClosed { ALL_CLOSED }
        }
        fun chain(select: Select<String>, runs: MutableList<String>): CompletableFuture<List<String>> =
            select.selectAsync().handle { result, thrown -> result ?: failed(thrown) }.thenCompose { result ->
                runs += result
                if (result == ALL_CLOSED) CompletableFuture.completedFuture(runs) else chain(select, runs)
            }
        fun blocking(select: Select<String>): List<String> {
            val runs = mutableListOf<String>()
            do runs += try { select.select() } catch (e: ChannelClosedException) { failed(e) } while (runs.last() != ALL_CLOSED)
            return runs
        }
        return Op(
            kotlin = {
                val select = CoroutineSelect<String>()
                for (channel in channels) select.onReceiveUntilClosed(channel.asKotlinChannel()) { "received $it" }
                select.onAllClosed { ALL_CLOSED }
                val runs = mutableListOf<String>()
                do runs += try { select.select() } catch (e: Boom) { failed(e) } while (runs.last() != ALL_CLOSED)
                runs
            },
            future = { chain(java(), mutableListOf()) },
            blocking = { blocking(java()) },
            normalize = { runs -> runs.dropLast(1).sorted() + runs.last() },
        )
    }

    /** What [selectUntilClosed]'s select returns once every channel is closed. */
    const val ALL_CLOSED: String = "all closed"
}

/** The as-completed iterations, each written once for the three forms. */
object Iterations {
    /** asCompleted over [tasks], with an optional [timeout]. */
    fun asCompleted(form: Form, tasks: List<Task>, timeout: Duration? = null): Iteration = when (form) {
        Form.KOTLIN -> {
            val lambdas = tasks.lambdas()
            KotlinIteration(if (timeout == null) asCompleted(lambdas) else asCompleted(lambdas, timeout.kt())) { lambdas }
        }
        Form.FUTURE -> {
            val callables = tasks.callables()
            FuturesIteration(if (timeout == null) Fanin.asCompleted(callables) else Fanin.asCompleted(callables, timeout), callables)
        }
        Form.BLOCKING -> {
            val callables = tasks.callables()
            if (timeout == null) {
                BlockingIteration(FaninBlocking.asCompleted(callables)) { callables }
            } else {
                BlockingIteration(FaninBlocking.asCompleted(callables, timeout)) { callables }
            }
        }
    }

    /** asCompleted over the caller's own [handles], with an optional [timeout]. */
    fun asCompletedFutures(form: Form, handles: List<Handle>, timeout: Duration? = null): Iteration = when (form) {
        Form.KOTLIN -> {
            val deferreds: List<Deferred<Any?>> = handles.map { it.deferred }
            KotlinIteration(if (timeout == null) asCompletedDeferreds(deferreds) else asCompletedDeferreds(deferreds, timeout.kt())) { deferreds }
        }
        Form.FUTURE -> {
            val futures = handles.map { it.future }
            FuturesIteration(
                if (timeout == null) Fanin.asCompletedFutures(futures) else Fanin.asCompletedFutures(futures, timeout),
                futures,
            )
        }
        Form.BLOCKING -> {
            val futures = handles.map { it.future }
            if (timeout == null) {
                BlockingIteration(FaninBlocking.asCompletedFutures(futures)) { futures }
            } else {
                BlockingIteration(FaninBlocking.asCompletedFutures(futures, timeout)) { futures }
            }
        }
    }

    /**
     * The bounded asCompleted over a lazy source of [tasks], at most [limit] at a time; [pulled]
     * counts the tasks the source has yielded. [ordered] selects `asCompletedOrdered`.
     */
    fun bounded(form: Form, tasks: List<Task>, limit: Int, pulled: AtomicInteger, ordered: Boolean = false): Iteration {
        val yielded = java.util.concurrent.CopyOnWriteArrayList<Any>()
        return when (form) {
            Form.KOTLIN -> {
                val source = sequence {
                    for (task in tasks) {
                        pulled.incrementAndGet()
                        val lambda = task.suspending()
                        yielded += lambda
                        yield(lambda)
                    }
                }
                KotlinIteration(if (ordered) source.asCompletedOrdered(limit) else source.asCompleted(limit)) { yielded }
            }
            else -> {
                val source = object : Iterator<Callable<Any?>> {
                    private var next = 0

                    override fun hasNext(): Boolean = next < tasks.size

                    override fun next(): Callable<Any?> {
                        pulled.incrementAndGet()
                        return tasks[next++].callable().also { yielded += it }
                    }
                }
                if (form == Form.FUTURE) {
                    PublisherIteration(
                        if (ordered) Fanin.asCompletedOrdered(source, limit) else Fanin.asCompleted(source, limit),
                    ) { yielded }
                } else {
                    BlockingIteration(
                        if (ordered) FaninBlocking.asCompletedOrdered(source, limit) else FaninBlocking.asCompleted(source, limit),
                    ) { yielded }
                }
            }
        }
    }
}

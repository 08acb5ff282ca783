package dev.fanin.contract

import dev.fanin.OnFailure
import dev.fanin.java.FaninBlocking
import dev.fanin.taskGroup
import dev.fanin.waitFor
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.future.await
import kotlinx.coroutines.withTimeoutOrNull
import java.util.concurrent.Callable
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toKotlinDuration

/** The hang guard of every bounded wait in this suite: long enough never to fire on a correct run. */
const val HANG_SECONDS: Long = 10

/**
 * A task failure whose identity survives every form: it has no `(String)`, `(Throwable)` or
 * `(String, Throwable)` constructor, so kotlinx's stack-trace recovery cannot make a copy of it.
 */
class Boom(label: String, @Suppress("unused") private val serial: Long) : RuntimeException(label) {
    companion object {
        /** A new, distinct failure named [label]. */
        fun of(label: String): Boom = Boom(label, 0L)
    }
}

/** What a task does, described once for both languages. */
sealed interface Behaviour {
    /** Returns [value]. */
    data class Returns(val value: Any?) : Behaviour

    /** Throws [error] (checked ones included). */
    data class Throws(val error: Throwable) : Behaviour

    /** Waits until it is cancelled (Kotlin) or interrupted (Java); then throws [cleanup] from its `finally`, if given. */
    data class BlocksUntilCancelled(val cleanup: Throwable?) : Behaviour

    /**
     * Waits until cancelled, then echoes the cancellation: Java catches the `InterruptedException`
     * and throws `RuntimeException(e)`; Kotlin, whose idiom is to let the cancellation through,
     * rethrows the `CancellationException`.
     */
    data object EchoesCancellation : Behaviour

    /** Throws [cancellation], a `CancellationException` of its own, without being cancelled. */
    data class ThrowsCancellation(val cancellation: CancellationException) : Behaviour

    /** Waits until cancelled, catches the cancellation and returns [value]. */
    data class SwallowsCancellation(val value: Any?) : Behaviour

    /** Runs a nested task group (Kotlin `taskGroup`, Java `FaninBlocking.taskGroup`) over [tasks]. */
    data class RunsGroup(val onFailure: OnFailure, val tasks: List<Task>) : Behaviour

    /**
     * Runs [inner] under a deadline of its own, as the guide writes a per-task deadline: Kotlin
     * `waitFor(timeout) { ... }`, Java `FaninBlocking.waitFor(inner, timeout)` inside the task.
     */
    data class RunsWithDeadline(val timeout: java.time.Duration, val inner: Task) : Behaviour
}

/**
 * One form-neutral task: its [behaviour], run after [after] completes (if given), with probes that
 * say whether it started, saw its cancellation, and ran its `finally`.
 */
class Task internal constructor(
    val name: String,
    val behaviour: Behaviour,
    private val after: CompletableFuture<*>?,
    private val scenario: Scenario,
) {
    /** Completed when the task body starts. */
    val started: CompletableFuture<Unit> = CompletableFuture()

    /** Completed when the task body's `finally` runs. */
    val stopped: CompletableFuture<Unit> = CompletableFuture()

    /** How many times the body was started. */
    val runs: AtomicInteger = AtomicInteger()

    /** Whether the task saw a cancellation (Kotlin) or an interrupt (Java). */
    @Volatile
    var sawCancellation: Boolean = false
        private set

    /** The Kotlin form of this task. */
    fun suspending(): suspend () -> Any? = { runSuspending() }

    /** The Java form of this task. */
    fun callable(): Callable<Any?> = Callable { runJava() }

    private suspend fun runSuspending(): Any? {
        enter()
        var cleanup: Throwable? = null
        try {
            // A copy, because kotlinx's await cancels the future it waits on when cancelled.
            after?.copy()?.await()
            return when (val b = behaviour) {
                is Behaviour.Returns -> b.value
                is Behaviour.Throws -> throw b.error
                is Behaviour.BlocksUntilCancelled -> {
                    cleanup = b.cleanup
                    awaitCancellationGuarded()
                }
                Behaviour.EchoesCancellation -> awaitCancellationGuarded()
                is Behaviour.ThrowsCancellation -> throw b.cancellation
                is Behaviour.SwallowsCancellation -> try {
                    awaitCancellationGuarded()
                } catch (e: CancellationException) {
                    sawCancellation = true
                    b.value
                }
                is Behaviour.RunsGroup -> taskGroup(b.onFailure) {
                    b.tasks.forEach { fork(it.suspending()) }
                    null
                }
                is Behaviour.RunsWithDeadline -> waitFor(b.timeout.toKotlinDuration()) { b.inner.suspending()() }
            }
        } catch (e: CancellationException) {
            if (e !== (behaviour as? Behaviour.ThrowsCancellation)?.cancellation) sawCancellation = true
            throw e
        } finally {
            exit()
            val thrown = cleanup
            if (thrown != null && sawCancellation) throw thrown
        }
    }

    private fun runJava(): Any? {
        enter()
        var cleanup: Throwable? = null
        try {
            after?.get(HANG_SECONDS, TimeUnit.SECONDS)
            return when (val b = behaviour) {
                is Behaviour.Returns -> b.value
                is Behaviour.Throws -> throw b.error
                is Behaviour.BlocksUntilCancelled -> {
                    cleanup = b.cleanup
                    blockUntilInterrupted()
                }
                Behaviour.EchoesCancellation -> try {
                    blockUntilInterrupted()
                } catch (e: InterruptedException) {
                    sawCancellation = true
                    throw RuntimeException("echo of the interrupt", e)
                }
                is Behaviour.ThrowsCancellation -> throw b.cancellation
                is Behaviour.SwallowsCancellation -> try {
                    blockUntilInterrupted()
                } catch (e: InterruptedException) {
                    sawCancellation = true
                    b.value
                }
                is Behaviour.RunsGroup -> FaninBlocking.taskGroup<Any?>(b.onFailure) { group ->
                    b.tasks.forEach { group.fork(it.callable()) }
                    null
                }
                is Behaviour.RunsWithDeadline -> FaninBlocking.waitFor(b.inner.callable(), b.timeout)
            }
        } catch (e: InterruptedException) {
            sawCancellation = true
            throw e
        } catch (e: CancellationException) {
            // A nested blocking call may see its own cancellation before the interrupt (Fanin.timeoutScope's KDoc).
            if (e !== (behaviour as? Behaviour.ThrowsCancellation)?.cancellation) sawCancellation = true
            throw e
        } finally {
            exit()
            val thrown = cleanup
            if (thrown != null && sawCancellation) throw thrown
        }
    }

    private suspend fun awaitCancellationGuarded(): Nothing {
        withTimeoutOrNull(HANG_SECONDS.seconds) { awaitCancellation() }
        throw AssertionError("task $name was never cancelled")
    }

    private fun blockUntilInterrupted(): Nothing {
        // A latch nobody counts down (STYLE 19); the bound only guards against a hang.
        CountDownLatch(1).await(HANG_SECONDS, TimeUnit.SECONDS)
        throw AssertionError("task $name was never interrupted")
    }

    private fun enter() {
        runs.incrementAndGet()
        val now = scenario.running.incrementAndGet()
        scenario.maxRunning.accumulateAndGet(now, ::maxOf)
        started.complete(Unit)
    }

    private fun exit() {
        scenario.running.decrementAndGet()
        stopped.complete(Unit)
    }

    override fun toString(): String = "task $name"
}

/** The tasks of one scenario run on one form, and what they saw. */
class Scenario {
    /** Every task made by this scenario, in creation order. */
    val tasks: MutableList<Task> = CopyOnWriteArrayList()

    /** Tasks whose body is running now. */
    val running: AtomicInteger = AtomicInteger()

    /** The most task bodies that ran at once. */
    val maxRunning: AtomicInteger = AtomicInteger()

    fun task(name: String, behaviour: Behaviour, after: CompletableFuture<*>? = null): Task =
        Task(name, behaviour, after, this).also { tasks += it }

    fun returns(name: String, value: Any?, after: CompletableFuture<*>? = null): Task =
        task(name, Behaviour.Returns(value), after)

    fun throws(name: String, error: Throwable, after: CompletableFuture<*>? = null): Task =
        task(name, Behaviour.Throws(error), after)

    fun blocks(name: String, cleanup: Throwable? = null, after: CompletableFuture<*>? = null): Task =
        task(name, Behaviour.BlocksUntilCancelled(cleanup), after)

    fun echoes(name: String, after: CompletableFuture<*>? = null): Task =
        task(name, Behaviour.EchoesCancellation, after)

    fun throwsCancellation(name: String, after: CompletableFuture<*>? = null): Task =
        task(name, Behaviour.ThrowsCancellation(CancellationException("$name gave up")), after)

    fun swallows(name: String, value: Any?, after: CompletableFuture<*>? = null): Task =
        task(name, Behaviour.SwallowsCancellation(value), after)

    fun group(name: String, onFailure: OnFailure, tasks: List<Task>, after: CompletableFuture<*>? = null): Task =
        task(name, Behaviour.RunsGroup(onFailure, tasks), after)

    fun withDeadline(name: String, timeout: java.time.Duration, inner: Task, after: CompletableFuture<*>? = null): Task =
        task(name, Behaviour.RunsWithDeadline(timeout, inner), after)

    /** Names of the tasks that started and have not run their `finally` yet. */
    fun unstopped(): List<String> = tasks.filter { it.started.isDone && !it.stopped.isDone }.map { it.name }

    /** Waits (bounded) until every task in [which] has started. */
    fun awaitStarted(vararg which: Task) {
        which.forEach { it.started.get(HANG_SECONDS, TimeUnit.SECONDS) }
    }

    /** Waits (bounded) until every task that started has run its `finally`; returns those that did not. */
    fun awaitStartedStopped(): List<String> {
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_SECONDS)
        for (task in tasks.filter { it.started.isDone }) {
            try {
                task.stopped.get(maxOf(0L, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
            } catch (_: java.util.concurrent.TimeoutException) {
                // Reported below.
            }
        }
        return unstopped()
    }
}

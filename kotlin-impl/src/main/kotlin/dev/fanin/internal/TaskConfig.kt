package dev.fanin.internal

import java.util.concurrent.Callable
import java.util.concurrent.Executor
import java.util.concurrent.atomic.AtomicReference
import java.util.function.UnaryOperator

/*
 * The process-wide settings of the Java tasks Fanin starts (`FaninConfig` in the Java facade): the
 * executor of the calls that name none, and a decorator applied to every task as it starts, so that
 * a caller's context (a logging MDC, a tracing span, a ThreadLocal) can travel with it.
 *
 * Each may be set once, before Fanin starts its first Java task: the first start seals them, so
 * every task of a process runs under the same settings (none decorated and some not, no group split
 * over two executors), and a setting that comes too late fails loudly instead of applying to some
 * tasks only. The settings are one immutable value behind one reference, replaced by CAS: a set and
 * the sealing first start cannot interleave, so a set either took effect before every task or
 * throws. Once sealed the value never changes, and a start reads it with one volatile read.
 *
 * Not covered, on purpose: Fanin's own hand-offs (a future completed off kotlinx's threads, a
 * select handler, a deadline's expiry) stay on TaskExecutors.default, which never runs out of
 * threads: a caller's bounded executor, every thread busy, must not hold up a deadline. Kotlin
 * coroutine tasks are not decorated either: their context travels in the CoroutineContext
 * (ThreadContextElement).
 */
internal object TaskConfig : TaskSettings()

/** Settings as described above, sealed by their first use; [TaskConfig] is the process's. */
internal open class TaskSettings {
    private class Settings(
        val executor: Executor?,
        val decorator: UnaryOperator<Callable<*>>?,
        val sealed: Boolean,
    )

    private val settings = AtomicReference(Settings(executor = null, decorator = null, sealed = false))

    /** The settings once sealed: they never change again. */
    @Volatile
    private var inForce: Settings? = null

    /** The executor of tasks whose call names none; seals the settings. */
    fun executor(): Executor = (inForce ?: seal()).executor ?: TaskExecutors.default

    /**
     * [task] as the decorator makes it, on the calling thread (the task's starter); [task] itself if
     * there is no decorator. Seals the settings.
     *
     * @throws NullPointerException if the decorator returned null; anything the decorator threw
     */
    fun decorate(task: Callable<*>): Callable<*> {
        val decorator = (inForce ?: seal()).decorator ?: return task
        // A Java decorator may return null whatever the type says.
        val decorated: Callable<*>? = decorator.apply(task)
        return decorated ?: throw NullPointerException("the task decorator returned null")
    }

    /** Sets the executor of tasks whose call names none; see `FaninConfig.setDefaultExecutor`. */
    fun setExecutor(executor: Executor) {
        update("default executor") { s ->
            check(s.executor == null) { "the default executor has already been set" }
            Settings(executor, s.decorator, sealed = false)
        }
    }

    /** Sets the decorator of every task; see `FaninConfig.setTaskDecorator`. */
    fun setDecorator(decorator: UnaryOperator<Callable<*>>) {
        update("task decorator") { s ->
            check(s.decorator == null) { "the task decorator has already been set" }
            Settings(s.executor, decorator, sealed = false)
        }
    }

    private inline fun update(what: String, change: (Settings) -> Settings) {
        while (true) {
            val current = settings.get()
            check(!current.sealed) { "Fanin has already started a task: set the $what before the first one" }
            if (settings.compareAndSet(current, change(current))) return
        }
    }

    private fun seal(): Settings {
        while (true) {
            val current = settings.get()
            val sealed = if (current.sealed) current else Settings(current.executor, current.decorator, sealed = true)
            if (sealed === current || settings.compareAndSet(current, sealed)) {
                inForce = sealed
                return sealed
            }
        }
    }
}

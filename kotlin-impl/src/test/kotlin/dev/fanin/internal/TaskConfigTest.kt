package dev.fanin.internal

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.util.concurrent.Callable
import java.util.concurrent.CyclicBarrier
import java.util.concurrent.Executor
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicReference
import java.util.function.UnaryOperator

/**
 * The task settings (`FaninConfig`): each set once, sealed by their first use, on fresh instances
 * (the process's own, TaskConfig, is sealed by the first test that runs a Java task).
 */
class TaskConfigTest {
    private val executor = Executor(Runnable::run)
    private val decorator = UnaryOperator<Callable<*>> { task -> Callable { "decorated " + task.call() } }

    /** Unset, tasks run on the built-in executor and as they are. */
    @Test
    fun unset_builtInExecutorAndTasksAsTheyAre() {
        val settings = TaskSettings()
        val task = Callable { "task" }
        assertSame(TaskExecutors.default, settings.executor())
        assertSame(task, settings.decorate(task))
    }

    /** Set before the first use, both take effect. */
    @Test
    fun set_beforeFirstUse_takesEffect() {
        val settings = TaskSettings()
        settings.setExecutor(executor)
        settings.setDecorator(decorator)
        assertSame(executor, settings.executor())
        assertEquals("decorated task", settings.decorate(Callable { "task" }).call())
    }

    /** A second set of either throws IllegalStateException and changes nothing. */
    @Test
    fun set_twice_throwsAndKeepsTheFirst() {
        val settings = TaskSettings()
        settings.setExecutor(executor)
        settings.setDecorator(decorator)
        val second = assertThrows(IllegalStateException::class.java) { settings.setExecutor(Executor(Runnable::run)) }
        assertTrue(second.message!!.contains("already been set"), second.message)
        assertThrows(IllegalStateException::class.java) { settings.setDecorator(UnaryOperator { it }) }
        assertSame(executor, settings.executor())
    }

    /** Once a task has read the settings, setting either throws: no task runs under other settings. */
    @Test
    fun set_afterFirstUse_throws() {
        val afterExecutor = TaskSettings()
        afterExecutor.executor()
        val late = assertThrows(IllegalStateException::class.java) { afterExecutor.setDecorator(decorator) }
        assertTrue(late.message!!.contains("already started a task"), late.message)
        val afterDecorate = TaskSettings()
        afterDecorate.decorate(Callable { "task" })
        assertThrows(IllegalStateException::class.java) { afterDecorate.setExecutor(executor) }
        assertSame(TaskExecutors.default, afterDecorate.executor())
    }

    /** A decorator that returns null: NullPointerException, naming the decorator. */
    @Test
    fun decorate_decoratorReturnsNull_throwsNpe() {
        val settings = TaskSettings()
        // What a Java decorator can do whatever the type says.
        @Suppress("UNCHECKED_CAST")
        val returnsNull = UnaryOperator<Callable<*>?> { null } as UnaryOperator<Callable<*>>
        settings.setDecorator(returnsNull)
        val thrown = assertThrows(NullPointerException::class.java) { settings.decorate(Callable { "task" }) }
        assertTrue(thrown.message!!.contains("decorator"), thrown.message)
    }

    /**
     * A set racing the first use: either the set took effect before the use (which sees it) or it
     * threw; never a set that succeeded and a use that missed it.
     */
    @Test
    fun set_racingFirstUse_eitherSeenOrRejected() {
        repeat(2_000) { round ->
            val settings = TaskSettings()
            val barrier = CyclicBarrier(2)
            val setFailure = AtomicReference<Throwable?>()
            val setter = Thread {
                barrier.await(30, TimeUnit.SECONDS)
                try {
                    settings.setDecorator(decorator)
                } catch (e: IllegalStateException) {
                    setFailure.set(e)
                }
            }.apply { start() }
            barrier.await(30, TimeUnit.SECONDS)
            val decorated = settings.decorate(Callable { "task" }).call()
            setter.join(TimeUnit.SECONDS.toMillis(30))
            if (setFailure.get() == null) {
                assertEquals("decorated task", decorated, "round $round: the set succeeded but the first use missed it")
            } else {
                assertEquals("task", decorated, "round $round")
            }
        }
    }
}

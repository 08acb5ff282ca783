package dev.fanin.internal

import java.util.concurrent.Executor
import java.util.concurrent.SynchronousQueue
import java.util.concurrent.ThreadFactory
import java.util.concurrent.ThreadPoolExecutor
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicLong

/*
 * Where Fanin runs Java tasks when the caller names no Executor (adr/0001). A task may block, and
 * may itself block on a nested Fanin call, so a bounded pool can deadlock. On JDK 21+ each task
 * gets a virtual thread; on JDK 17 a cached pool of daemon platform threads grows as tasks block
 * and shrinks when idle. Looked up reflectively because the library is compiled for release 17.
 *
 * The virtual threads share one name, [VIRTUAL_THREAD_NAME], with no counter: a name per thread is a
 * new String for every task (adr/0024 gives its price), and a virtual thread is told apart by its id,
 * which its toString and thread dumps show. Pool threads live
 * long and keep numbered names.
 */
internal object TaskExecutors {
    private const val IDLE_SECONDS = 10L

    /** The name of every virtual thread the default executor starts. */
    const val VIRTUAL_THREAD_NAME = "fanin-virtual"

    /** The default executor: one virtual thread per task, or the cached pool on JDK 17-20. */
    val default: Executor = virtualThreadExecutor() ?: cachedPool()

    /** Whether [default] starts virtual threads. */
    val defaultIsVirtual: Boolean = default !is ThreadPoolExecutor

    private fun virtualThreadExecutor(): Executor? = try {
        val builderClass = Class.forName("java.lang.Thread\$Builder")
        val builder = Thread::class.java.getMethod("ofVirtual").invoke(null)
        val named = builderClass.getMethod("name", String::class.java).invoke(builder, VIRTUAL_THREAD_NAME)
        val factory = builderClass.getMethod("factory").invoke(named) as ThreadFactory
        Executor { command -> factory.newThread(command).start() }
    } catch (_: ReflectiveOperationException) {
        null
    }

    private fun cachedPool(): Executor {
        val ids = AtomicLong()
        val factory = ThreadFactory { r ->
            Thread(r, "fanin-worker-${ids.incrementAndGet()}").apply { isDaemon = true }
        }
        return ThreadPoolExecutor(0, Int.MAX_VALUE, IDLE_SECONDS, TimeUnit.SECONDS, SynchronousQueue(), factory)
    }
}

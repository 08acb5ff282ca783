package dev.fanin.internal

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.GlobalScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit

/**
 * KotlinxThreads recognises the threads kotlinx really uses, so that a kotlinx upgrade that renames
 * them fails here rather than letting user code onto them again.
 */
class KotlinxThreadsTest {
    /** The workers of Dispatchers.Default and Dispatchers.IO are kotlinx's. */
    @Test
    fun schedulerWorkers_areKotlinxThreads() = runBlocking {
        assertTrue(withContext(Dispatchers.Default) { KotlinxThreads.isCurrent() })
        assertTrue(withContext(Dispatchers.IO) { KotlinxThreads.isCurrent() })
    }

    /**
     * kotlinx's timer thread, which a pending unconfined delay keeps alive, is kotlinx's. It is
     * found by name: where kotlinx resumes a given delay is its own choice (a thread in runBlocking
     * may), so no delay is asked to run on it.
     */
    @Test
    @OptIn(kotlinx.coroutines.DelicateCoroutinesApi::class)
    fun timerThread_isKotlinxThread() {
        val pending = GlobalScope.launch(Dispatchers.Unconfined) { delay(60_000) }
        try {
            val timers = Thread.getAllStackTraces().keys.filter { it.name.startsWith("kotlinx.coroutines.DefaultExecutor") }
            assertTrue(timers.isNotEmpty(), "no kotlinx timer thread while a delay is pending")
            timers.forEach { assertTrue(KotlinxThreads.isKotlinxThread(it), it.toString()) }
        } finally {
            pending.cancel()
        }
    }

    /** Test threads, Fanin's own threads and threads a user names like kotlinx's are not. */
    @Test
    fun otherThreads_areNot() {
        assertFalse(KotlinxThreads.isCurrent())
        val onDefault = CompletableFuture<Boolean>()
        TaskExecutors.default.execute { onDefault.complete(KotlinxThreads.isCurrent()) }
        assertFalse(onDefault.get(10, TimeUnit.SECONDS))
        val lookalike = object : Thread("kotlinx.coroutines.DefaultExecutor") {}
        assertFalse(KotlinxThreads.isKotlinxThread(lookalike), "a Thread subclass is not kotlinx's timer")
    }

    /** A completion from a kotlinx thread is handed over: the future's stages run elsewhere. */
    @Test
    fun completeFromWork_onKotlinxThread_stagesRunOffIt() = runBlocking {
        val future = object : WorkFuture<String>() {
            override fun stopWork(mayInterruptIfRunning: Boolean) {}
        }
        val stageThread = future.thenApply { Thread.currentThread() }
        withContext(Dispatchers.Default) { future.completeFromWork("done") }
        assertFalse(KotlinxThreads.isKotlinxThread(stageThread.get(10, TimeUnit.SECONDS)))
    }
}

package dev.fanin.internal

/*
 * kotlinx.coroutines' own threads: its timer (DefaultExecutor, one thread that resumes every delay
 * of a dispatcher without a clock of its own, Dispatchers.Unconfined included) and the workers of
 * its scheduler (Dispatchers.Default and Dispatchers.IO). User code must never run there: a
 * dependent stage that blocks on the timer thread stalls every deadline in the JVM, and one that
 * blocks on Default's few workers starves every coroutine that needs them.
 *
 * A CompletableFuture runs its dependent stages on the thread that completes it, so Fanin never
 * completes a future it returned on these threads: where work ends on one of them (a deadline
 * passed, a ticker or a Kotlin coroutine on Default completed what a Java future waited for), the
 * completion is handed to Fanin's default executor. Everywhere else it stays on the thread that
 * ended the work, which costs one class comparison (and, on a plain Thread, a name prefix check),
 * no allocation.
 *
 * Recognised by class and name: kotlinx's scheduler workers are its own Thread subclass, and its
 * timer thread is a plain Thread with a fixed name (debug mode appends to it). KotlinxThreadsTest checks both against the
 * threads kotlinx really uses, so an upgrade that changes them fails loudly.
 */
internal object KotlinxThreads {
    /**
     * The name kotlinx gives its timer thread; a prefix, because kotlinx's debug mode appends the
     * name of the coroutine the thread is running.
     */
    private const val TIMER_THREAD_NAME = "kotlinx.coroutines.DefaultExecutor"

    /** The class of kotlinx's scheduler workers; null if this kotlinx has none by that name. */
    private val schedulerWorker: Class<*>? = try {
        Class.forName("kotlinx.coroutines.scheduling.CoroutineScheduler\$Worker")
    } catch (_: ClassNotFoundException) {
        null
    }

    /** Whether [thread] is kotlinx's timer thread or one of its scheduler's workers. */
    fun isKotlinxThread(thread: Thread): Boolean {
        val type = thread.javaClass
        return type === schedulerWorker || (type === Thread::class.java && thread.name.startsWith(TIMER_THREAD_NAME))
    }

    /** Whether the current thread is one of kotlinx's own; see [isKotlinxThread]. */
    fun isCurrent(): Boolean = isKotlinxThread(Thread.currentThread())
}

/**
 * Runs [block] on this thread, or on Fanin's default executor when this is one of kotlinx's own
 * threads ([KotlinxThreads]): for code that completes futures users hold, or cancels their stages.
 * Allocates only when it hands [block] over.
 */
internal inline fun offKotlinxThreads(crossinline block: () -> Unit) {
    if (KotlinxThreads.isCurrent()) TaskExecutors.default.execute { block() } else block()
}

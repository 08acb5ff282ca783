package dev.fanin.interop

import dev.fanin.internal.AmbientJob
import dev.fanin.internal.GroupCore
import dev.fanin.internal.CallerThread
import dev.fanin.internal.TaskConfig
import dev.fanin.internal.named
import dev.fanin.internal.requireNotNegative
import dev.fanin.internal.runBody
import java.util.concurrent.Callable
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executor
import java.util.function.Function
import kotlin.time.Duration
import kotlin.time.toKotlinDuration
import java.time.Duration as JavaDuration

/**
 * The engine's task group for the Java facade.
 *
 * @suppress
 */
@InternalFaninApi
public object TaskGroupBridge {
    /** A running group as the Java facade sees it. */
    public class Group internal constructor(
        internal val core: GroupCore,
        internal val aggregate: Function<List<Throwable>, out Throwable>,
    ) {
        /** Starts [task] on [executor] (default when null); see `TaskGroup.fork`. */
        public fun <T> fork(task: Callable<out T>, executor: Executor?): CompletableFuture<T> =
            core.fork(task, executor ?: TaskConfig.executor()).named("TaskGroup.fork")

        /** See `GroupCore.join`. */
        public fun join(): CompletableFuture<Any?> = core.join(aggregate)

        /** Cancels every task. */
        public fun cancel() {
            core.cancel()
        }

        /** The group's state for toString, such as "open, 3 running, 1 failed"; never blocks. */
        public fun describe(): String = core.describe()
    }

    /** A group as a child of the ambient job; see `TaskGroup.open`. */
    @JvmStatic
    public fun open(cancelAll: Boolean, timeout: JavaDuration?, aggregate: Function<List<Throwable>, out Throwable>): Group {
        val deadline = timeout?.let { requireNotNegative(it).toKotlinDuration() } ?: Duration.INFINITE
        val core = GroupCore(AmbientJob.get(), cancelAll, deadline)
        core.trackUntilJoined()
        return Group(core, aggregate)
    }

    /**
     * Runs [body] as the first task of a new group and returns the future of its result, available
     * once the whole group has ended; see `Fanin.taskGroup`.
     */
    @JvmStatic
    public fun <R> run(group: Group, body: Callable<out R>, executor: Executor?): CompletableFuture<R> =
        group.core.runBody(body, executor ?: TaskConfig.executor(), group.aggregate).named("Fanin.taskGroup")

    /**
     * Runs [body] on this thread as the first task of [group] and returns the future of its result,
     * available once the whole group has ended, the body having returned; see
     * `FaninBlocking.taskGroup` and CallerThread.
     *
     * @throws InterruptedException if this thread was interrupted from outside while the body ran;
     *   the group was then cancelled and has stopped
     */
    @JvmStatic
    @Throws(InterruptedException::class)
    public fun <R> runHere(group: Group, body: Callable<out R>): CompletableFuture<R> {
        val caller = CallerThread()
        val result = group.core.runBody(caller.body(body), caller, group.aggregate, decorate = false)
        caller.runHere(result)
        @Suppress("UNCHECKED_CAST")
        return result as CompletableFuture<R>
    }
}

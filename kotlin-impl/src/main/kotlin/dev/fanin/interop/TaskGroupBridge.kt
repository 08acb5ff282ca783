package dev.fanin.interop

import dev.fanin.internal.AmbientJob
import dev.fanin.internal.GroupCore
import dev.fanin.internal.TaskExecutors
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
            core.fork(task, executor ?: TaskExecutors.default).named("TaskGroup.fork")

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
        group.core.runBody(body, executor ?: TaskExecutors.default, group.aggregate).named("Fanin.taskGroup")
}

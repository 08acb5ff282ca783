package dev.fanin.interop

import dev.fanin.internal.TaskCensus
import dev.fanin.internal.TaskExecutors

/**
 * Facts about the engine for tests and diagnostics.
 *
 * @suppress
 */
@InternalFaninApi
public object EngineDiagnostics {
    /**
     * How many user tasks Fanin is running code for right now. Counted only in a JVM started with
     * `-Dfanin.taskCensus=true` (Fanin's tests); otherwise throws IllegalStateException.
     */
    @JvmStatic
    public fun runningTasks(): Int = TaskCensus.running()

    /** Whether the default executor runs tasks on virtual threads (JDK 21+). */
    @JvmStatic
    public fun defaultExecutorIsVirtual(): Boolean = TaskExecutors.defaultIsVirtual
}

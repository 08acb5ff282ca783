package dev.fanin.interop

import dev.fanin.internal.TaskCensus
import dev.fanin.internal.TaskExecutors
import dev.fanin.internal.Tuning

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

    /**
     * How many times a thread about to wait on a channel spins before it parks (the engine's
     * tuning, `internal/Tuning.kt`): for a benchmark's floor that must wait the same way.
     */
    @JvmStatic
    public fun channelWaitSpins(virtualThread: Boolean, rendezvous: Boolean): Int = when {
        !virtualThread -> Tuning.PLATFORM_WAIT_SPINS
        rendezvous -> Tuning.VIRTUAL_RENDEZVOUS_SPINS
        else -> 0
    }

    /** Whether the default executor runs tasks on virtual threads (JDK 21+). */
    @JvmStatic
    public fun defaultExecutorIsVirtual(): Boolean = TaskExecutors.defaultIsVirtual
}

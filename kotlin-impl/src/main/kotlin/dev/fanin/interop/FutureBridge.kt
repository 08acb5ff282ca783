package dev.fanin.interop

import dev.fanin.internal.JobFuture
import dev.fanin.internal.TaskRun
import dev.fanin.internal.awaitStopped
import java.util.concurrent.Future

/**
 * What the Java facade's blocking forms need to know about futures Fanin returned.
 *
 * @suppress
 */
@InternalFaninApi
public object FutureBridge {
    /**
     * Waits, without responding to interrupts, until the work behind [future] has stopped. For a
     * future Fanin did not create, returns at once. Call it after cancelling [future]: a cancelled
     * CompletableFuture reports done at once while its tasks may still be stopping.
     *
     * @return whether the thread was interrupted while waiting (the caller decides what that means)
     */
    @JvmStatic
    public fun awaitStopped(future: Future<*>): Boolean {
        if (future is TaskRun) return future.awaitEnded()
        val job = (future as? JobFuture<*>)?.job ?: return false
        return awaitStopped(job)
    }
}

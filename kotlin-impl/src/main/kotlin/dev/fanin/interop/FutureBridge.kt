package dev.fanin.interop

import dev.fanin.internal.JobFuture
import java.util.concurrent.CountDownLatch
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
        val job = (future as? JobFuture<*>)?.job ?: return false
        if (job.isCompleted) return false
        val stopped = CountDownLatch(1)
        job.invokeOnCompletion { stopped.countDown() }
        var interrupted = false
        while (true) {
            try {
                stopped.await()
                return interrupted
            } catch (_: InterruptedException) {
                interrupted = true
            }
        }
    }
}

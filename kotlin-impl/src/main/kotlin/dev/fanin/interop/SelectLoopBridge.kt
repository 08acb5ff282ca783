package dev.fanin.interop

import dev.fanin.CoroutineSelectLoop
import dev.fanin.internal.FutureCall
import dev.fanin.internal.ParkedCall
import dev.fanin.internal.TaskConfig
import dev.fanin.internal.Thrown
import dev.fanin.internal.awaitStoppedUnlessWithin
import dev.fanin.internal.runTask
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.channels.ReceiveChannel
import java.util.concurrent.Callable
import java.util.concurrent.CompletableFuture
import java.util.function.Function
import kotlin.coroutines.intrinsics.COROUTINE_SUSPENDED

/**
 * The select loop for the Java facade: its waits made on the caller's thread, like a channel
 * operation ([ChannelEndpoint]), and Java work sources.
 *
 * @suppress
 */
@InternalFaninApi
public object SelectLoopBridge {
    /**
     * Adds a receive from [channel], naming it [name] if the loop rejects it as a second receive
     * source of the same channel (`channel`, or `ticker` for `SelectLoop.addTicker`).
     */
    @JvmStatic
    public fun <T> addReceive(loop: CoroutineSelectLoop, channel: ReceiveChannel<T>, name: String): CoroutineSelectLoop.Source<T> =
        loop.addReceive(channel, name)

    /**
     * Adds [work] as a work source, run on Fanin's default executor (interrupted when cancelled).
     * The task decorator is applied once, here on the caller's thread: each run of the work starts
     * on one of the loop's kotlinx threads, which must not run user code and hold no context of the
     * caller's. If the decorator throws, every run of the work fails with that exception.
     */
    @JvmStatic
    public fun <T> addWork(loop: CoroutineSelectLoop, work: Callable<T>): CoroutineSelectLoop.Source<T> {
        val executor = TaskConfig.executor()
        val code = try {
            TaskConfig.decorate(work)
        } catch (failure: Throwable) {
            Callable { throw failure }
        }
        return loop.addWork {
            val outcome = runTask(code, executor, decorate = false)
            if (outcome is Thrown) throw outcome.exception
            @Suppress("UNCHECKED_CAST")
            outcome as T
        }
    }

    /**
     * Waits on this thread; see `SelectLoop.awaitFired`.
     *
     * @throws InterruptedException if interrupted while waiting; what fired meanwhile is kept
     */
    @JvmStatic
    @Throws(InterruptedException::class)
    public fun awaitFired(loop: CoroutineSelectLoop): List<CoroutineSelectLoop.Fired<*>> {
        if (Thread.interrupted()) throw InterruptedException()
        val call = ParkedCall(0)
        var outcome = call.start(loop, AWAIT)
        if (outcome === COROUTINE_SUSPENDED) outcome = call.await(ParkedCall.FOREVER)
        if (outcome is Thrown) throw outcome.exception
        @Suppress("UNCHECKED_CAST")
        return outcome as List<CoroutineSelectLoop.Fired<*>>
    }

    /** The future of [map] applied to the next wait's result; completing it otherwise withdraws the wait. */
    @JvmStatic
    public fun <R> awaitFiredAsync(loop: CoroutineSelectLoop, map: Function<List<CoroutineSelectLoop.Fired<*>>, R>): CompletableFuture<R> {
        @Suppress("UNCHECKED_CAST")
        val future = FutureCall<R>({ map.apply(it as List<CoroutineSelectLoop.Fired<*>>) }, { it })
        future.named("SelectLoop.awaitFiredAsync").start(loop, AWAIT)
        return future
    }

    /**
     * Closes [loop] and blocks, without responding to interrupts, until its work sources have
     * stopped; see `SelectLoop.close`. Returns whether the thread was interrupted meanwhile. Called
     * from one of the loop's own work sources, it does not wait, which would wait for itself.
     */
    @JvmStatic
    public fun closeAndAwaitStopped(loop: CoroutineSelectLoop): Boolean {
        loop.close()
        return awaitStoppedUnlessWithin(loop.workJob)
    }

    /** [loop]'s state for the Java `SelectLoop`'s toString, such as "4 sources, waiting"; never blocks. */
    @JvmStatic
    public fun describe(loop: CoroutineSelectLoop): String = loop.describeState()

    private val AWAIT: suspend CoroutineSelectLoop.() -> Any? = CoroutineSelectLoop::awaitFired
}

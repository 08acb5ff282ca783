@file:JvmName("ParkingFloor")

package dev.fanin.benchmarks

import kotlinx.coroutines.channels.Channel
import java.util.concurrent.locks.LockSupport
import kotlin.coroutines.Continuation
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.coroutines.intrinsics.COROUTINE_SUSPENDED
import kotlin.coroutines.intrinsics.startCoroutineUninterceptedOrReturn

/*
 * A floor for ChannelJavaBenchmark: the least a Java thread can do to use a kotlinx channel, the
 * architecture the channel issue prescribes (Fanin's channel is a kotlinx channel that threads use
 * directly). An operation tries to complete at once; if it cannot, it becomes a suspend call on the
 * calling thread whose continuation records the outcome and unparks the thread, which spins
 * [spins] times and then parks: Fanin's own path, without what makes it a library (no job, so no
 * interrupt or deadline can withdraw the call, no closed-channel handling, no undelivered-element
 * care). Whatever Fanin's channel costs beyond this row is its own; what this row costs beyond
 * SynchronousQueue, ArrayBlockingQueue or Jox is kotlinx's algorithm driven from a thread.
 */

/** Sends [element] on [channel] from a Java thread; see the comment above. */
fun <E> floorSend(channel: Channel<E>, element: E, spins: Int) {
    if (channel.trySend(element).isSuccess) return
    val call = ParkingCall(spins)
    // A suspend function of arity 2 is, on the JVM, a function of arity 3 taking the continuation last.
    @Suppress("UNCHECKED_CAST")
    val send = SEND as Function3<Channel<Any?>, Any?, Continuation<Any?>, Any?>
    if (send(channel.untyped(), element, call) === COROUTINE_SUSPENDED) call.await()
}

/** Receives from [channel] on a Java thread; see the comment above. */
@Suppress("UNCHECKED_CAST")
fun <E> floorReceive(channel: Channel<E>, spins: Int): E {
    val attempt = channel.tryReceive()
    if (attempt.isSuccess) return attempt.getOrThrow()
    val call = ParkingCall(spins)
    val outcome = RECEIVE.startCoroutineUninterceptedOrReturn(channel.untyped(), call)
    return (if (outcome === COROUTINE_SUSPENDED) call.await() else outcome) as E
}

@Suppress("UNCHECKED_CAST")
private fun <E> Channel<E>.untyped() = this as Channel<Any?>

private val SEND: suspend Channel<Any?>.(Any?) -> Unit = Channel<Any?>::send
private val RECEIVE: suspend Channel<Any?>.() -> Any? = Channel<Any?>::receive

/** A continuation that the calling thread waits for: spin, then park; no job, no withdrawal. */
private class ParkingCall(private val spins: Int) : Continuation<Any?> {
    private val thread = Thread.currentThread()

    @Volatile
    private var outcome: Any? = PENDING

    @Volatile
    private var parking = false

    override val context: CoroutineContext get() = EmptyCoroutineContext

    override fun resumeWith(result: Result<Any?>) {
        outcome = result.getOrThrow() // the benchmarks never close their channels
        if (parking) LockSupport.unpark(thread)
    }

    fun await(): Any? {
        var left = spins
        while (outcome === PENDING && left-- > 0) Thread.onSpinWait()
        parking = true
        while (outcome === PENDING) LockSupport.park(this)
        return outcome
    }

    private companion object {
        val PENDING = Any()
    }
}

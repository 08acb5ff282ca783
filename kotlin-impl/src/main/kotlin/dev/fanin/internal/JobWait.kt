package dev.fanin.internal

import dev.fanin.ReturnWhen
import dev.fanin.WaitResult
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.DisposableHandle
import kotlinx.coroutines.Job
import java.util.IdentityHashMap
import java.util.concurrent.atomic.AtomicInteger

/*
 * waitUntil over Jobs. One completion handler per distinct handle counts completions and completes
 * `ready` when the condition holds; the handlers are disposed when the wait ends, however it ends,
 * so waiting repeatedly on a long-lived job leaves nothing behind. The split is read from the jobs'
 * own state when the wait returns: a handle that completed after the condition held and before the
 * split was read counts as done.
 */
internal class JobWait<H : Job>(handles: Collection<H>, private val returnWhen: ReturnWhen) {
    private val handles: List<H> = distinctByIdentity(handles)
    private val ready = CompletableDeferred<Unit>()
    private val remaining = AtomicInteger(this.handles.size)
    private val registrations = ArrayList<DisposableHandle>(this.handles.size)

    suspend fun await() {
        for (handle in handles) {
            if (ready.isCompleted) break
            registrations.add(handle.invokeOnCompletion { cause -> completed(cause) })
        }
        ready.await()
    }

    private fun completed(cause: Throwable?) {
        val holds = when (returnWhen) {
            ReturnWhen.FIRST_COMPLETED -> true
            ReturnWhen.FIRST_EXCEPTION -> (cause != null && cause !is CancellationException) || remaining.decrementAndGet() == 0
            ReturnWhen.ALL_COMPLETED -> remaining.decrementAndGet() == 0
        }
        if (holds) ready.complete(Unit)
    }

    fun dispose() {
        registrations.forEach { it.dispose() }
    }

    fun split(): WaitResult<H> {
        val (done, pending) = handles.partition { it.isCompleted }
        return WaitResult(done, pending)
    }
}

/** [elements] without repeats by identity, in first-occurrence order. */
internal fun <E> distinctByIdentity(elements: Collection<E>): List<E> {
    val seen = IdentityHashMap<E, Unit>(elements.size)
    val distinct = ArrayList<E>(elements.size)
    for (element in elements) if (seen.put(element, Unit) == null) distinct.add(element)
    return distinct
}

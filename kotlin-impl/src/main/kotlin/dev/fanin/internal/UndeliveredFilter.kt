package dev.fanin.internal

import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater

/*
 * Why a filter: a Java send that fails (interrupted, timed out, its future withdrawn, or the channel
 * closed or cancelled under it) throws or returns false, and the element is the caller's again, as
 * with a BlockingQueue. kotlinx instead hands such an element to onUndeliveredElement, so the
 * user's callback would see an element its sender still holds (and, say, close a connection the
 * sender goes on using). Fanin's channels therefore pass the callback through this filter, so that
 * each element has one owner: the sender (its send failed), the channel and then a receiver or the
 * callback (its send succeeded), never two.
 *
 * Offers: a Java send that may wait (a blocking send, a sendAsync, a select's send clause) offers
 * its element before kotlinx sees it, and ends the offer once its outcome is known. A callback for
 * an offered element, on any thread, is held back: kotlinx makes it when the send is withdrawn
 * (interrupt, deadline, cancelled future, losing select clause), when cancel() discards the element
 * of a waiting sender (which kotlinx then fails), or on a closed channel. When the offer ends, a
 * held-back callback is passed on only if the send succeeded: a receiver coroutine cancelled just
 * after taking it, or a buffered element discarded before its sender noticed it was sent.
 *
 * A failed send on a closed channel leaves a mark: kotlinx's cancel() first takes a waiting
 * sender's cell, then calls back with its element, then resumes the sender. A withdrawal (interrupt,
 * deadline) between the first step and the third cancels the sender's call without a word, so the
 * send reports it not sent while the callback for its element may still be on its way. The offer
 * therefore stays, marked, and absorbs the next callback for its element, once. If cancel() had
 * not taken the cell, none comes and the mark stays until the channel is collected: only a send
 * that fails on a channel already closed leaves one, and those are few (a send that finds the
 * channel closed fails at once, without an offer).
 *
 * Offers are found by the element's identity. An element object offered by one send and, at the
 * same moment, dropped by another operation on the same channel cannot be told apart: the offer
 * absorbs one callback for it, and passes it on only if its own send succeeded.
 *
 * No lock is taken where kotlinx may be waiting for this thread: ending an offer and holding a
 * callback back are single atomic updates; only offering, before kotlinx sees the element, and
 * forgetting an ended offer update the map (ConcurrentHashMap, whose bin lock guards a few
 * instructions). An offer may end on the thread that resumes its sender inside kotlinx's channel,
 * while other threads spin on that cell (HandoffWait.kt says why that must not block).
 *
 * A DROP_LATEST send never waits, so it holds back only callbacks on its own thread (begin/end),
 * which is cheaper than an offer: kotlinx drops the newest element inside the send.
 */

/** Holds back kotlinx's undelivered-element callbacks for elements a Java send still owns. */
internal class UndeliveredFilter<E>(private val user: (E) -> Unit) {
    private val sending = ThreadLocal<Send?>()

    /** Waiting sends by element identity; a key's array is replaced, never changed. */
    private val offers = ConcurrentHashMap<Identity, Array<Send>>()

    /** A send that owns its element until it ends. */
    class Send internal constructor(@JvmField val element: Any?) {
        /** OFFERED, then HELD when a callback came, then ENDED (or MARKED, then ENDED). */
        @JvmField
        @Volatile
        internal var state = OFFERED
    }

    /** The callback to give kotlinx. */
    val callback: (E) -> Unit = { element ->
        // kotlinx 1.11 may call back with null for a select send clause: a receiver that meets the
        // clause while its select is still registering clears the cell's element and marks the cell
        // interrupted, the clause registers again elsewhere, and the select's cleanup then reports the
        // old cell, element already cleared (BufferedChannel's onCancellation). Fanin's channels hold
        // no nulls, and the element is still with its clause: nothing was lost, nothing to report.
        if (element != null) {
            val send = sending.get()
            if (send != null && send.element === element) {
                send.state = HELD
            } else if (!holdBackOffered(element)) {
                user(element)
            }
        }
    }

    private fun holdBackOffered(element: Any): Boolean {
        val sends = offers[Identity(element)] ?: return false
        for (send in sends) if (STATE.compareAndSet(send, OFFERED, HELD)) return true
        for (send in sends) {
            if (STATE.compareAndSet(send, MARKED, ENDED)) {
                forget(send) // the callback cancel() owed a failed send: its sender keeps the element
                return true
            }
        }
        return false
    }

    /**
     * Offers [element] for a send that may wait, before kotlinx sees it; [end] must follow, on any
     * thread.
     */
    fun offer(element: E): Send {
        val send = Send(element)
        offers.compute(Identity(element as Any)) { _, sends -> if (sends == null) arrayOf(send) else sends + send }
        return send
    }

    /**
     * Ends [send], a thread-local [begin] or an [offer]: if it [succeeded] and a callback for its
     * element was held back meanwhile, the user gets the element; else the sender keeps it. Pass
     * [channelClosed] for a failed offer: whether the channel is closed for sending now.
     */
    fun end(send: Send, succeeded: Boolean, channelClosed: Boolean = false) {
        val local = sending.get() === send
        if (local) sending.set(null)
        if (!local && !succeeded && channelClosed && STATE.compareAndSet(send, OFFERED, MARKED)) return
        val held = STATE.getAndSet(send, ENDED) == HELD
        if (!local) forget(send)
        @Suppress("UNCHECKED_CAST")
        if (succeeded && held) user(send.element as E)
    }

    private fun forget(send: Send) {
        val element = send.element ?: return
        offers.computeIfPresent(Identity(element)) { _, sends ->
            if (sends.size == 1 && sends[0] === send) null else sends.filter { it !== send }.toTypedArray().ifEmpty { null }
        }
    }

    /** Marks [element] as being sent by this thread, for a send that never waits, until [end]. */
    fun begin(element: E): Send {
        val send = Send(element)
        sending.set(send)
        return send
    }

    /** An element's identity as a map key. */
    private class Identity(private val element: Any) {
        override fun equals(other: Any?): Boolean = other is Identity && other.element === element

        override fun hashCode(): Int = System.identityHashCode(element)
    }

    companion object {
        /** A filter for a channel without a callback: holds nothing back, passes nothing on. */
        val NONE: UndeliveredFilter<Any?> = UndeliveredFilter {}

        private const val OFFERED = 0
        private const val HELD = 1
        private const val ENDED = 2
        private const val MARKED = 3

        private val STATE: AtomicIntegerFieldUpdater<Send> = AtomicIntegerFieldUpdater.newUpdater(Send::class.java, "state")
    }
}

package dev.fanin.internal

/*
 * Why a filter: a Java send that fails (interrupted, timed out, its future withdrawn, or the channel
 * closed under it) throws or returns false, and the element is the caller's again, as with a
 * BlockingQueue. kotlinx instead hands such an element to onUndeliveredElement, so the user's
 * callback would see an element its sender still holds (and, say, close a connection the sender
 * goes on using). Fanin's channels therefore pass the callback through this filter: while a Java
 * thread sends an element, a callback for that same element on that thread is held back, and passed
 * on only if the send then succeeds (a DROP_LATEST channel drops the element of a successful send).
 * Callbacks for other elements, or on other threads, pass straight through.
 *
 * A select's send clause is the other case: while it waits, kotlinx may withdraw it (another clause
 * won, or the select was cancelled) on whichever thread ends the select, and hand its element to the
 * callback. So a waiting send clause registers its element as an offer, by identity, and a callback
 * for an offered element is held back until the select ends: passed on only if that clause fired.
 * An element object offered by a select and, at the same moment, dropped by another operation on
 * the same channel cannot be told apart; the offer absorbs one callback for it.
 */

/** Holds back kotlinx's undelivered-element callbacks for the element a Java thread is sending. */
internal class UndeliveredFilter<E>(private val user: (E) -> Unit) {
    private val sending = ThreadLocal<Send?>()

    /** A send in progress on this thread. */
    class Send(@JvmField val element: Any?) {
        @JvmField
        var heldBack = false
    }

    /** Elements offered by waiting select send clauses; guarded by itself, usually empty. */
    private val offers = ArrayList<Send>(0)

    /** The callback to give kotlinx. */
    val callback: (E) -> Unit = { element ->
        // kotlinx 1.11 may call back with null for a select send clause: a receiver that meets the
        // clause while its select is still registering clears the cell's element and marks the cell
        // interrupted, the clause registers again elsewhere, and the select's cleanup then reports the
        // old cell, element already cleared (BufferedChannel's onCancellation). Fanin's channels hold
        // no nulls, and the element is still with its clause: nothing was lost, nothing to report.
        if (element != null) {
            val send = sending.get()
            if (send != null && send.element === element) send.heldBack = true else if (!holdBackOffered(element)) user(element)
        }
    }

    private fun holdBackOffered(element: E): Boolean = synchronized(offers) {
        val offer = offers.firstOrNull { it.element === element && !it.heldBack } ?: return false
        offer.heldBack = true
        true
    }

    /** Marks [element] as offered by a waiting select send clause, on any thread, until [withdraw]. */
    fun offer(element: E): Send {
        val offer = Send(element)
        synchronized(offers) { offers.add(offer) }
        return offer
    }

    /** Ends [offer]: if its clause [fired] and a callback for its element came meanwhile, the user gets it. */
    fun withdraw(offer: Send, fired: Boolean) {
        synchronized(offers) { offers.remove(offer) }
        @Suppress("UNCHECKED_CAST")
        if (fired && offer.heldBack) user(offer.element as E)
    }

    /** Marks [element] as being sent by this thread until [end]. */
    fun begin(element: E): Send {
        val send = Send(element)
        sending.set(send)
        return send
    }

    companion object {
        /** A filter for a channel without a callback: holds nothing back, passes nothing on. */
        val NONE: UndeliveredFilter<Any?> = UndeliveredFilter {}
    }

    /** Ends [send]: if it [succeeded] and kotlinx dropped its element meanwhile, the user gets it. */
    fun end(send: Send, succeeded: Boolean) {
        sending.set(null)
        @Suppress("UNCHECKED_CAST")
        if (succeeded && send.heldBack) user(send.element as E)
    }
}

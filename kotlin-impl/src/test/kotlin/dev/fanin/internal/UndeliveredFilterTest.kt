package dev.fanin.internal

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

/**
 * [UndeliveredFilter] on its own: which of kotlinx's undelivered-element callbacks reach the user.
 * The races that produce them are in the Java facade's SelectStressTest and ChannelStressTest; here
 * each callback is made by hand, in the order a race could make it.
 */
class UndeliveredFilterTest {
    private val delivered = ArrayList<String?>()
    private val filter = UndeliveredFilter<String?> { delivered.add(it) }

    @Test
    fun callback_null_reachesNobody() {
        // What kotlinx 1.11 reports for a select send clause it withdrew to register again.
        filter.callback(null)

        assertEquals(emptyList<String?>(), delivered)
    }

    @Test
    fun callback_otherElement_reachesTheUser() {
        filter.callback("dropped")

        assertEquals(listOf("dropped"), delivered)
    }

    @Test
    fun callback_offeredElement_heldBackUntilTheClauseFired() {
        val element = "sent"
        val offer = filter.offer(element)

        filter.callback(element)
        assertEquals(emptyList<String?>(), delivered)

        filter.end(offer, succeeded = true)
        assertEquals(listOf(element), delivered)
    }

    @Test
    fun callback_offeredElement_droppedWhenTheClauseLost() {
        val element = "kept by its sender"
        val offer = filter.offer(element)

        filter.callback(element)
        filter.end(offer, succeeded = false)

        assertEquals(emptyList<String?>(), delivered)
    }

    @Test
    fun callback_elementThisThreadSends_heldBackUntilTheSendEnds() {
        val element = "sending"
        val send = filter.begin(element)

        filter.callback(element)
        filter.end(send, succeeded = false)

        assertEquals(emptyList<String?>(), delivered)
    }
}

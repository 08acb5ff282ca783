package dev.fanin.samples.guide

import dev.fanin.testing.NoLeaksExtension
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.extension.ExtendWith
import java.io.IOException

/** The guide's Kotlin race example does what the guide says. The timeout is only a guard against hangs. */
@ExtendWith(NoLeaksExtension::class)
@Timeout(30)
class KotlinRaceSnippetsTest {
    /** A primary that never answers is joined by the mirror, which wins; the primary was cancelled and completed. */
    @Test
    fun quoteFromEither_slowPrimary_mirrorWins() = runBlocking {
        val primaryDone = CompletableDeferred<Unit>()
        val quote = quoteFromEither(
            {
                try {
                    awaitCancellation()
                } finally {
                    primaryDone.complete(Unit)
                }
            },
            { "mirror" },
        )
        assertEquals("mirror", quote)
        assertTrue(primaryDone.isCompleted)
    }

    /** Both failing gives null. */
    @Test
    fun quoteFromEither_bothFail_null() = runBlocking {
        assertNull(quoteFromEither({ throw IOException("down") }, { throw IOException("down") }))
    }
}

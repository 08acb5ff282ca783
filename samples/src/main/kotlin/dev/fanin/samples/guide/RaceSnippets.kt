// The guide's Kotlin race example (docs/guide.md), run by KotlinRaceSnippetsTest.

package dev.fanin.samples.guide

import dev.fanin.RaceFailedException
import dev.fanin.race
import kotlin.time.Duration.Companion.milliseconds

/** A quote from whichever replica answers first; the mirror is asked only if the primary is slow or fails. */
suspend fun quoteFromEither(primary: suspend () -> String, mirror: suspend () -> String): String? =
    try {
        // The mirror starts when the primary fails, or has not answered within 200 ms; the loser is
        // cancelled and has completed when race returns.
        race(primary, mirror, stagger = 200.milliseconds)
    } catch (_: RaceFailedException) {
        null // both failed
    }

package dev.fanin

import dev.fanin.testing.ApiDump
import org.junit.jupiter.api.Test
import java.nio.file.Path
import kotlin.reflect.KVisibility

/** The public Kotlin API matches the committed dump; update it with -Dfanin.api.update=true. */
class ApiDumpTest {
    /** Every change to public signatures is deliberate. */
    @Test
    fun publicApi_matchesCommittedDump() {
        ApiDump.check(
            Path.of(System.getProperty("fanin.api.classes")),
            Path.of(System.getProperty("fanin.api.dump")),
            ::isKotlinPublic,
        )
    }

    /** Kotlin `internal` classes are public in bytecode; only Kotlin metadata tells them apart. */
    private fun isKotlinPublic(type: Class<*>): Boolean = try {
        type.kotlin.visibility == KVisibility.PUBLIC
    } catch (_: UnsupportedOperationException) {
        true // a file facade: its functions carry their own visibility in the bytecode
    }
}

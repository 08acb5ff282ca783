package dev.fanin

import dev.fanin.testing.ApiDump
import org.junit.jupiter.api.Test
import java.nio.file.Path

/** The public Kotlin API matches the committed dump; update it with -Dfanin.api.update=true. */
class ApiDumpTest {
    /** Every change to public signatures is deliberate. */
    @Test
    fun publicApi_matchesCommittedDump() {
        ApiDump.check(Path.of(System.getProperty("fanin.api.classes")), Path.of(System.getProperty("fanin.api.dump")))
    }
}

package dev.fanin.samples.quickstart

import dev.fanin.testing.NoLeaksExtension
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith
import java.io.ByteArrayOutputStream
import java.io.PrintStream

/** The README's Kotlin examples run. */
@ExtendWith(NoLeaksExtension::class)
class KotlinQuickStartTest {
    /** The Kotlin examples print what the Java ones print. */
    @Test
    fun kotlinQuickStart_printsResults() {
        val bytes = ByteArrayOutputStream()
        runBlocking { quickStart(PrintStream(bytes, true, Charsets.UTF_8)) }
        assertEquals(QuickStartTest.EXPECTED, bytes.toString(Charsets.UTF_8))
    }
}

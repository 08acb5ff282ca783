@file:JvmName("KotlinCall")

package dev.fanin.consumer

import dev.fanin.gather
import kotlinx.coroutines.runBlocking

/** A Kotlin call into Fanin from a project that depends on it like any user's. */
fun main() {
    val pages = runBlocking { gather({ "page a" }, { "page b" }) }
    check(pages == listOf("page a", "page b")) { "Kotlin gather: $pages" }
    println("Kotlin gather: $pages")
}

package dev.fanin.internal

import kotlin.time.Duration
import java.time.Duration as JavaDuration

/**
 * A snapshot of [elements] as an array, checking every element: a null one throws
 * NullPointerException naming it (`tasks[3]`). Snapshotting first means a bad element is found
 * before any work starts, and later changes to the caller's list do not matter.
 */
internal inline fun <reified E : Any> checkedArray(elements: List<E?>, name: String): Array<E> {
    val array = arrayOfNulls<E>(elements.size)
    var i = 0
    for (element in elements) {
        if (i == array.size) throw IllegalArgumentException("$name changed size while being read")
        array[i] = element ?: throw NullPointerException("$name[$i]")
        i++
    }
    if (i != array.size) throw IllegalArgumentException("$name changed size while being read")
    @Suppress("UNCHECKED_CAST")
    return array as Array<E>
}

/**
 * [timeout] itself, or IllegalArgumentException naming it when negative (`timeout < 0: -1s`): every
 * Fanin call rejects a negative duration the same way, and zero means "at once" (adr/0010).
 */
internal fun requireNotNegative(timeout: Duration, name: String = "timeout"): Duration {
    require(!timeout.isNegative()) { "$name < 0: $timeout" }
    return timeout
}

/** [requireNotNegative] for the Java facade, whose message shows the Java duration (`PT-1S`). */
internal fun requireNotNegative(timeout: JavaDuration, name: String = "timeout"): JavaDuration {
    require(!timeout.isNegative) { "$name < 0: $timeout" }
    return timeout
}

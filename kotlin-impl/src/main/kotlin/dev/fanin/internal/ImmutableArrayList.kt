package dev.fanin.internal

import java.util.RandomAccess

/** A read-only List view of an array the engine filled and no longer writes; nulls allowed. */
internal class ImmutableArrayList<T>(private val elements: Array<Any?>) : AbstractList<T>(), RandomAccess {
    override val size: Int get() = elements.size

    @Suppress("UNCHECKED_CAST")
    override fun get(index: Int): T = elements[index] as T
}

package dev.fanin

/**
 * One result of [asCompleted]: which input it came from, and how that input ended.
 *
 * [index] is the input's position (in the list, or in the order a lazy source yielded it) and
 * [handle] the input itself, so `===` finds it. [value] returns the value or throws the input's
 * exception, as [Outcome.getOrThrow] does.
 *
 * The Java facade has the same type as `dev.fanin.java.Completion`.
 *
 * @property index the position of the input, from 0
 * @property handle the input itself
 * @property outcome how it ended
 */
public data class Completion<out T, out H>(
    public val index: Int,
    public val handle: H,
    public val outcome: Outcome<T>,
) {
    /** The input's value; throws its exception if it failed or was cancelled. */
    public val value: T get() = outcome.getOrThrow()
}

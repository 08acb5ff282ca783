package dev.fanin.interop

/**
 * Builds the facade's result type for a wait: the handles split into done and pending.
 *
 * @suppress
 */
@InternalFaninApi
public fun interface SplitFactory<H, out R> {
    /** The result for [done] and [pending] handles, each in argument order. */
    public fun split(done: List<H>, pending: List<H>): R
}

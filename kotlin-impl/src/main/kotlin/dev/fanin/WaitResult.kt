package dev.fanin

/**
 * What [waitUntil] returns: the caller's own handles, split into those that had completed when it
 * returned and those that had not.
 *
 * Each list keeps the order in which the handles were given; a handle given twice appears once, at
 * its first position. The lists hold the original objects, so `===` finds them.
 *
 * @property done the handles that had completed (normally, exceptionally or by cancellation)
 * @property pending the handles that had not
 */
public data class WaitResult<out H>(public val done: List<H>, public val pending: List<H>)

package dev.fanin

/**
 * What `waitUntil` returns, in Kotlin and Java: the caller's own handles, split into those that had
 * completed when it returned and those that had not.
 *
 * Each list keeps the order in which the handles were given; a handle given twice appears once, at
 * its first position. The lists hold the original objects, so `===` (Java `==`) finds them; the
 * lists Fanin returns cannot be modified.
 *
 * Java 17:
 * ```
 * WaitResult<CompletableFuture<String>> result =
 *     FaninBlocking.waitUntil(ReturnWhen.FIRST_COMPLETED, List.of(primary, fallback));
 * boolean primaryWon = result.done().contains(primary);
 * ```
 *
 * @property done the handles that had completed (normally, exceptionally or by cancellation)
 * @property pending the handles that had not
 */
@JvmRecord
public data class WaitResult<out H>(public val done: List<H>, public val pending: List<H>)

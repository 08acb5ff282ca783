package dev.fanin

/** When `waitUntil` returns (asyncio's `return_when`): one type for Kotlin and Java. */
public enum class ReturnWhen {
    /** As soon as any handle has completed, in any way. */
    FIRST_COMPLETED,

    /**
     * As soon as any handle has failed, or when all have completed. A cancelled handle does not count
     * as failed, as in asyncio.
     */
    FIRST_EXCEPTION,

    /** When every handle has completed. */
    ALL_COMPLETED,
}

package dev.fanin.internal

/*
 * Reading a user's exception without trusting it. getCause, getMessage and toString can be
 * overridden to throw, return the exception itself or loop through a chain; the engine reads them
 * only through these helpers, in bookkeeping that must finish whatever they do (adr/0015). A
 * throwing accessor counts as "no cause" or "no match", never as a reason to stop.
 */

/** [Throwable.cause], or null if `getCause` throws or returns the exception itself. */
internal fun Throwable.safeCause(): Throwable? {
    val cause = try {
        cause
    } catch (_: Throwable) {
        return null
    }
    return if (cause === this) null else cause
}

/** Whether [a] and [b] have equal messages; false if either `getMessage` throws. */
internal fun sameMessage(a: Throwable, b: Throwable): Boolean = try {
    a.message == b.message
} catch (_: Throwable) {
    false
}

/**
 * Whether [copy] is kotlinx's stack-trace-recovery copy of [original]: kotlinx makes one (when
 * assertions are enabled) as an exception resumes a continuation, of the same class, with the same
 * message and the original as its cause.
 */
internal fun isRecoveredCopy(copy: Throwable, original: Throwable): Boolean =
    copy !== original && copy.javaClass == original.javaClass && copy.safeCause() === original &&
        sameMessage(copy, original)

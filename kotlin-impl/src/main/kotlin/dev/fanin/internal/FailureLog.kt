package dev.fanin.internal

import dev.fanin.UncheckedTaskException
import java.util.Collections
import java.util.IdentityHashMap
import java.util.concurrent.CompletionException
import java.util.concurrent.ExecutionException

/*
 * The failures of a task group, in the order they happened. Thread-safe: one lock, O(1) per add.
 *
 * An echo is one logged failure coming back through another task, which must not be listed twice
 * (adr/0007): the same object (a task rethrew what it awaited), kotlinx's stack-trace-recovery copy
 * of it (same class and message, the original as its cause), or the wrapper that awaiting it
 * produces: a CompletionException from `join()`, an ExecutionException from `get()`, the facade's
 * UncheckedTaskException around a checked one. Anything else is a failure of its own, even if its
 * cause is a logged failure: a task that catches a sibling's failure and throws its own exception
 * with it as the cause says something new (its type and message), so it is listed.
 *
 * Echoes are remembered too (in [seen], not in the list), so that an echo of an echo is one.
 * Causes are read with safeCause and messages compared with sameMessage: a user exception whose
 * accessors throw is compared by identity only.
 */
internal class FailureLog {
    // Both made on the first failure, under this object's monitor: most groups log none.
    private var failures: ArrayList<Throwable>? = null

    /** Every failure logged and every echo of one; by identity. */
    private var seen: MutableSet<Throwable>? = null

    /** Logs [failure] unless it is an echo of one already logged; see the comment above. */
    fun add(failure: Throwable) {
        synchronized(this) {
            val logged = failures ?: ArrayList<Throwable>().also { failures = it }
            val known = seen ?: Collections.newSetFromMap(IdentityHashMap<Throwable, Boolean>()).also { seen = it }
            if (!known.add(failure)) return // the same object again
            if (!isEcho(failure, logged, known)) logged.add(failure)
        }
    }

    /** Whether [failure] (not itself seen yet) wraps or copies a failure already seen. */
    private fun isEcho(failure: Throwable, logged: List<Throwable>, known: Set<Throwable>): Boolean {
        if (logged.isEmpty()) return false
        val cause = failure.safeCause() ?: return false
        if (cause !in known) return false
        return failure is CompletionException || failure is ExecutionException ||
            failure is UncheckedTaskException || isRecoveredCopy(failure, cause)
    }

    fun snapshot(): List<Throwable> = synchronized(this) { failures?.toList() ?: emptyList() }

    /** How many failures are logged, read without the lock for toString: may be stale, never blocks. */
    val size: Int get() = failures?.size ?: 0
}

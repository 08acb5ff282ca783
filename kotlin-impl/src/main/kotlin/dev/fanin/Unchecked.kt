@file:JvmName("-Unchecked") // A leading '-' hides this facade from Java.

package dev.fanin

// Helpers of the model types (Outcome, UncheckedTaskException, TaskGroupException, RaceFailedException), kept beside them
// so that the model depends on nothing else of Fanin; the engine may use them from here.

/**
 * Throws [failure] from a method that declares no checked exception: unchecked as it is, checked
 * wrapped in [UncheckedTaskException].
 */
internal fun rethrowUnchecked(failure: Throwable): Nothing =
    if (failure is RuntimeException || failure is Error) throw failure else throw UncheckedTaskException(failure)

/**
 * `failure.toString()`, or its class name if that throws: a user's exception whose `getMessage` or
 * `toString` fails must not break Fanin's own messages and bookkeeping.
 */
internal fun describeSafely(failure: Throwable): String = try {
    failure.toString()
} catch (e: Throwable) {
    failure.javaClass.name + " (toString threw " + e.javaClass.name + ")"
}

/** How many failures the message of an aggregate exception names; the rest are counted. */
private const val FAILURES_NAMED: Int = 10

/**
 * [failures] as the message of an aggregate exception lists them: the first ten by [describeSafely],
 * separated by "; ", then "; and N more" if there are more. Never throws.
 */
internal fun describeFailures(failures: List<Throwable>): String = buildString {
    failures.asSequence().take(FAILURES_NAMED).forEachIndexed { i, failure ->
        if (i > 0) append("; ")
        append(describeSafely(failure))
    }
    if (failures.size > FAILURES_NAMED) append("; and ").append(failures.size - FAILURES_NAMED).append(" more")
}

@file:JvmName("-Unchecked") // A leading '-' hides this facade from Java.

package dev.fanin

// Helpers of the model types (Outcome, UncheckedTaskException, TaskGroupException), kept beside them
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

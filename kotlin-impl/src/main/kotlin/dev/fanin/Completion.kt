package dev.fanin

/**
 * One result of an as-completed iteration: which input it came from, and how that input ended.
 *
 * One type for Kotlin's [asCompleted] and the Java facade's. [index] is the input's position (in the
 * list, or in the order a lazy source yielded it) and [handle] the input itself, so `===` (Java `==`)
 * finds it. [value] returns the value or throws as [Outcome.getOrThrow] does.
 *
 * Java 17:
 * ```
 * try (Completions<String, Callable<String>> pages = FaninBlocking.asCompleted(fetches)) {
 *   while (pages.hasNext()) {
 *     Completion<String, Callable<String>> page = pages.take();
 *     System.out.println("input " + page.index() + " finished: " + page.outcome());
 *   }
 * }
 * ```
 *
 * An immutable value, safe to share between threads.
 *
 * @property index the position of the input, from 0
 * @property handle the input itself
 * @property outcome how it ended
 * @throws IllegalArgumentException if [index] is negative
 */
@JvmRecord
public data class Completion<out T, out H>(
    public val index: Int,
    public val handle: H,
    public val outcome: Outcome<T>,
) {
    init {
        require(index >= 0) { "index < 0: $index" }
    }

    /**
     * The input's value. Throws as [Outcome.getOrThrow] does: unchecked exceptions as they are,
     * checked ones in [UncheckedTaskException], a cancellation as its `CancellationException`.
     */
    @get:JvmName("value")
    public val value: T get() = outcome.getOrThrow()

    /** Whether the input completed with a value. */
    public val isSuccess: Boolean get() = outcome is Outcome.Success
}

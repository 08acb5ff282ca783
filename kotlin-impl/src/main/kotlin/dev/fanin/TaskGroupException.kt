package dev.fanin

import java.io.ObjectInputStream

/**
 * Every failure of a task group, in the order they happened: thrown when a group ends with one or
 * more failed tasks (or a failed body), even with exactly one, so that one `catch` handles every
 * group. Cancellations the group caused are not failures and are not listed. [cause] is the first
 * failure.
 *
 * One type for both languages: Kotlin's `taskGroup` and the Java facade's `TaskGroup` throw it, so a
 * Kotlin `catch` around a group Java code ran catches it, and the other way round.
 *
 * Kotlin:
 * ```
 * try {
 *     taskGroup { fork { load("a") }; fork { load("b") } }
 * } catch (e: TaskGroupException) {
 *     e.failuresOf<IOException>().forEach { log(it) }
 * }
 * ```
 *
 * Java 17:
 * ```
 * try (TaskGroup group = TaskGroup.open()) {
 *   group.fork(() -> load("a"));
 *   group.fork(() -> load("b"));
 *   group.join();
 * } catch (TaskGroupException e) {
 *   e.failures(IOException.class).forEach(log::warn);
 * }
 * ```
 *
 * The message is built when first read, names at most ten failures (and how many more
 * there are), and never fails: a failure whose `toString` throws is named by its class. The failures
 * are serialised with the exception.
 *
 * @property failures every failure, in the order they happened; never empty, cannot be modified
 * @throws IllegalArgumentException if [failures] is empty
 * @throws NullPointerException if [failures] holds null
 */
public class TaskGroupException(failures: List<Throwable>) :
    RuntimeException(null, failures.firstOrNull()) {

    @get:JvmName("failures")
    public val failures: List<Throwable> = java.util.List.copyOf(failures)

    @Transient
    private var cachedMessage: String? = null

    init {
        require(failures.isNotEmpty()) { "failures is empty" }
    }

    override val message: String
        get() = cachedMessage ?: describe(failures).also { cachedMessage = it }

    /**
     * The failures that are instances of [type], in order.
     *
     * @throws NullPointerException if [type] is null
     */
    public fun <X : Throwable> failures(type: Class<X>): List<X> = failures.filter(type::isInstance).map(type::cast)

    /** The failures that are instances of [X], in order (Kotlin's form of `failures(Class)`). */
    @JvmSynthetic
    public inline fun <reified X : Throwable> failuresOf(): List<X> = failures.filterIsInstance<X>()

    private fun readObject(input: ObjectInputStream) {
        input.defaultReadObject()
        require(failures.isNotEmpty()) { "failures is empty" }
    }

    private companion object {
        private const val serialVersionUID: Long = 2L

        private fun describe(failures: List<Throwable>): String =
            "${failures.size} task(s) failed: " + describeFailures(failures)
    }
}

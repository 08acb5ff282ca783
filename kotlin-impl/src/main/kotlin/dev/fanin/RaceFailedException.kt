package dev.fanin

import java.io.ObjectInputStream

/**
 * Every failure of a race that no task won, in the order the tasks failed: thrown by `race` when
 * every task failed, even when there was only one task, so that one `catch` handles every race.
 * [cause] is the first failure. A race that a task won never throws it: the failures of the tasks
 * that lost are not reported.
 *
 * One type for both languages: Kotlin's `race` and the Java facade's `Fanin.race` and
 * `FaninBlocking.race` throw it, so a Kotlin `catch` around a race Java code ran catches it, and the
 * other way round. It is not a [TaskGroupException]: a group fails when any task fails, a race only
 * when all of them have (adr/0023).
 *
 * Kotlin:
 * ```
 * try {
 *     race({ fetch(primary) }, { fetch(mirror) })
 * } catch (e: RaceFailedException) {
 *     e.failuresOf<IOException>().forEach { log(it) }
 * }
 * ```
 *
 * Java 17:
 * ```
 * try {
 *   FaninBlocking.race(List.of(() -> fetch(primary), () -> fetch(mirror)));
 * } catch (RaceFailedException e) {
 *   e.failures(IOException.class).forEach(log::warn);
 * }
 * ```
 *
 * The failures are the tasks' own exception objects, checked ones included (not wrapped), one per
 * task. The message is built when first read, names at most ten failures (and how many more there
 * are), and never fails: a failure whose `toString` throws is named by its class. The failures are
 * serialised with the exception.
 *
 * @property failures one failure per task, in the order the tasks failed; never empty, cannot be
 *   modified
 * @throws IllegalArgumentException if [failures] is empty
 * @throws NullPointerException if [failures] holds null
 */
public class RaceFailedException(failures: List<Throwable>) :
    RuntimeException(null, failures.firstOrNull()) {

    @get:JvmName("failures")
    public val failures: List<Throwable> = java.util.List.copyOf(failures)

    @Transient
    private var cachedMessage: String? = null

    init {
        require(failures.isNotEmpty()) { "failures is empty" }
    }

    override val message: String
        get() = cachedMessage ?: ("all ${failures.size} task(s) failed: " + describeFailures(failures)).also { cachedMessage = it }

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
        private const val serialVersionUID: Long = 1L
    }
}

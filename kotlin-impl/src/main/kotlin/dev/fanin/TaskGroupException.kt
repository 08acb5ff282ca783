package dev.fanin

/**
 * Every failure of a task group, in the order they happened: thrown when a group ends with one or
 * more failed tasks (or a failed body), even with exactly one, so that one `catch` handles every
 * group. Cancellations the group caused are not failures and are not listed. [cause] is the first
 * failure.
 *
 * ```
 * try {
 *     taskGroup { fork { load("a") }; fork { load("b") } }
 * } catch (e: TaskGroupException) {
 *     e.failuresOf<IOException>().forEach { log(it) }
 * }
 * ```
 *
 * The Java facade throws `dev.fanin.java.TaskGroupException`, with the same contract.
 *
 * @property failures the failures, in the order they happened; never empty
 */
public class TaskGroupException(public val failures: List<Throwable>) :
    RuntimeException(describe(failures), failures.firstOrNull()) {
    init {
        require(failures.isNotEmpty()) { "failures is empty" }
    }

    /** The failures that are instances of [X], in order. */
    public inline fun <reified X : Throwable> failuresOf(): List<X> = failures.filterIsInstance<X>()

    private companion object {
        private const val serialVersionUID: Long = 1L

        fun describe(failures: List<Throwable>): String =
            "${failures.size} task(s) failed: " + failures.joinToString("; ") { it.toString() }
    }
}

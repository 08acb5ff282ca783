package dev.fanin

/**
 * Carries a checked exception that a task threw out of a method that cannot throw it as it is: a
 * blocking call of the Java facade, or [Outcome.getOrThrow] and [Completion.value] in either
 * language. [cause] is the task's own exception; this exception's stack trace is where it was
 * rethrown. It is the one wrapper Fanin uses (`adr/0013`).
 *
 * It is never a task's failure: a Java task (a `Callable`, a body) that lets one escape, from a
 * blocking Fanin call made inside it such as a per-task `FaninBlocking.waitFor`, fails with [cause],
 * as if it had thrown that itself (`adr/0019`). So the outer call reports the inner task's own
 * exception, and a blocking caller gets one wrapper around it, never a wrapper of a wrapper.
 *
 * Java 17:
 * ```
 * try {
 *   FaninBlocking.gather(List.of(() -> Files.readString(path)));
 * } catch (UncheckedTaskException e) {
 *   if (e.getCause() instanceof IOException io) { ... }
 * }
 * ```
 *
 * The message is the cause's, built when first read; it never fails, even if the cause's `toString`
 * throws.
 *
 * @param cause the task's exception
 */
public class UncheckedTaskException(cause: Throwable) : RuntimeException(null, cause) {
    override val message: String get() = describeSafely(cause!!)

    private companion object {
        private const val serialVersionUID: Long = 1L
    }
}

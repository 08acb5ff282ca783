package dev.fanin

/**
 * What a task group does when one of its tasks fails: one type for Kotlin's `taskGroup` and the Java
 * facade's `TaskGroup`.
 */
public enum class OnFailure {
    /** Cancel every other task and the body at once (asyncio's `TaskGroup`, kotlinx's `coroutineScope`). */
    CANCEL_ALL,

    /**
     * Let the other tasks run to the end (kotlinx's `supervisorScope`, the JDK's `awaitAll` joiner);
     * every failure is still reported when the group ends.
     */
    KEEP_RUNNING,
}

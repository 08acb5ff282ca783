package dev.fanin.java;

/**
 * What a {@link TaskGroup} does when one of its tasks fails.
 *
 * <p>Kotlin code has the same constants as {@code dev.fanin.OnFailure}.
 */
public enum OnFailure {
  /** Cancel every other task and the body at once (asyncio's {@code TaskGroup}). */
  CANCEL_ALL,

  /**
   * Let the other tasks run to the end (kotlinx's {@code supervisorScope}, the JDK's {@code
   * awaitAll} joiner); every failure is still reported when the group ends.
   */
  KEEP_RUNNING
}

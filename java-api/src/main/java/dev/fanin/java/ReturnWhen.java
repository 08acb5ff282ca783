package dev.fanin.java;

/**
 * When {@link Fanin#waitUntil(ReturnWhen, java.util.List) waitUntil} returns (asyncio's {@code
 * return_when}).
 *
 * <p>Kotlin code has the same constants as {@code dev.fanin.ReturnWhen}.
 */
public enum ReturnWhen {
  /** As soon as any handle has completed, in any way. */
  FIRST_COMPLETED,

  /**
   * As soon as any handle has failed, or when all have completed. A cancelled handle does not count
   * as failed, as in asyncio.
   */
  FIRST_EXCEPTION,

  /** When every handle has completed. */
  ALL_COMPLETED
}

package dev.fanin.java;

import dev.fanin.java.internal.Arguments;
import java.util.List;

/**
 * What {@link Fanin#waitUntil(ReturnWhen, List) waitUntil} returns: the caller's own handles, split
 * into those that had completed when it returned and those that had not.
 *
 * <p>Each list keeps the order in which the handles were given; a handle given twice appears once,
 * at its first position. The lists hold the original objects, so {@code ==} finds them, and cannot be
 * modified.
 *
 * <pre>{@code
 * WaitResult<CompletableFuture<String>> result =
 *     FaninBlocking.waitUntil(ReturnWhen.FIRST_COMPLETED, List.of(primary, fallback));
 * boolean primaryWon = result.done().contains(primary);
 * }</pre>
 *
 * @param done the handles that had completed (normally, exceptionally or by cancellation)
 * @param pending the handles that had not
 * @param <H> the type of the handles
 */
public record WaitResult<H>(List<H> done, List<H> pending) {
  /**
   * Copies both lists.
   *
   * @param done the handles that had completed
   * @param pending the handles that had not
   * @throws NullPointerException if a list or an element is null
   */
  public WaitResult {
    done = Arguments.copyOfNonNull(done, "done");
    pending = Arguments.copyOfNonNull(pending, "pending");
  }
}

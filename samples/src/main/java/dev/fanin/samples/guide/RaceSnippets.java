package dev.fanin.samples.guide;

import dev.fanin.Completion;
import dev.fanin.RaceFailedException;
import dev.fanin.java.FaninBlocking;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/** The guide's race and firstCompleted examples (docs/guide.md), run by {@code RaceSnippetsTest}. */
public final class RaceSnippets {
  private RaceSnippets() {}

  /**
   * A quote from whichever replica answers first, asking the mirror only if the primary is slow or
   * fails.
   *
   * @param primary asks the primary replica
   * @param mirror asks the mirror
   * @return the first answer, or a note that both failed
   * @throws InterruptedException if interrupted; both requests are then cancelled and have stopped
   */
  public static String quote(Callable<String> primary, Callable<String> mirror)
      throws InterruptedException {
    try {
      // The mirror starts when the primary fails, or has not answered within 200 ms (a hedged
      // request). The first answer wins; the other request is interrupted, and has stopped by the
      // time race returns.
      return FaninBlocking.race(List.of(primary, mirror), Duration.ofMillis(200));
    } catch (RaceFailedException e) {
      // Both failed: every failure, in the order they happened, each the task's own exception.
      return "unavailable (" + e.failures().size() + " failures)";
    }
  }

  /**
   * Which of two lookups already running finished first, and how.
   *
   * @param fromCache one lookup
   * @param fromServer the other
   * @return which finished first, and its outcome
   * @throws InterruptedException if interrupted while waiting; neither lookup is cancelled
   */
  public static String whichFirst(
      CompletableFuture<String> fromCache, CompletableFuture<String> fromServer)
      throws InterruptedException {
    Completion<String, CompletableFuture<String>> first =
        FaninBlocking.firstCompleted(List.of(fromCache, fromServer));
    // index() says which one, outcome() how it ended (a failure too); neither is cancelled.
    return (first.index() == 0 ? "cache" : "server") + ": " + first.outcome();
  }
}

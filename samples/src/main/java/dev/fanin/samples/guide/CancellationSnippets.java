package dev.fanin.samples.guide;

import dev.fanin.java.Fanin;
import dev.fanin.java.FaninBlocking;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The guide's "Cancellation and interrupts" examples (docs/guide.md), run by {@code
 * CancellationSnippetsTest}.
 */
public final class CancellationSnippets {
  private CancellationSnippets() {}

  /**
   * Starts the fetches and returns what a Cancel button would run.
   *
   * @param fetches the tasks
   * @param show gets the pages if every fetch succeeds
   * @return stops the fetches
   */
  public static Runnable startFetches(List<Callable<String>> fetches, Consumer<List<String>> show) {
    CompletableFuture<List<String>> pages = Fanin.gather(fetches);
    pages.thenAccept(show);
    // Cancel the future Fanin returned: that interrupts the running tasks, whatever the flag says.
    // Cancelling a stage derived from it (the result of thenAccept) would leave them running.
    return () -> pages.cancel(false);
  }

  /**
   * Runs the fetches; an interrupt gives up on them.
   *
   * @param fetches the tasks
   * @return the pages, or an empty list if the thread was interrupted
   */
  public static List<String> fetchOrNothing(List<Callable<String>> fetches) {
    try {
      return FaninBlocking.gather(fetches);
    } catch (InterruptedException e) {
      // The tasks were cancelled and have stopped before this line; keep the interrupt for the caller.
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  /**
   * Looks for the smallest factor of {@code n} for at most {@code budget}.
   *
   * @param n the number, at least 2
   * @param budget how long the search may take
   * @return the smallest factor (n itself for a prime), or empty if the budget ran out
   * @throws InterruptedException if interrupted; the search is then cancelled and has stopped
   */
  public static Optional<Long> smallestFactor(long n, Duration budget) throws InterruptedException {
    Callable<Long> search =
        () -> {
          for (long f = 2; f <= n / f; f++) {
            // Cancelling interrupts this thread; a loop that never blocks must look, or it cannot stop.
            if (Thread.currentThread().isInterrupted()) {
              throw new InterruptedException("search cancelled at " + f);
            }
            if (n % f == 0) {
              return f;
            }
          }
          return n;
        };
    try {
      return Optional.of(FaninBlocking.waitFor(search, budget));
    } catch (TimeoutException e) {
      return Optional.empty(); // the search saw the interrupt and has stopped
    }
  }
}

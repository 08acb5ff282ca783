package dev.fanin.samples.guide;

import dev.fanin.java.Fanin;
import dev.fanin.java.FaninBlocking;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/** The guide's "Three forms of every call" examples (docs/guide.md), run by {@code FormsSnippetsTest}. */
public final class FormsSnippets {
  private FormsSnippets() {}

  /**
   * Sums the counts, waiting on this thread.
   *
   * @param counts the tasks
   * @return the sum of their results
   * @throws InterruptedException if interrupted; the tasks are then cancelled and have stopped
   */
  public static int total(List<Callable<Integer>> counts) throws InterruptedException {
    // Blocking form: waits on this thread; a task's exception is thrown as it is.
    return FaninBlocking.gather(counts).stream().mapToInt(Integer::intValue).sum();
  }

  /**
   * Sums the counts without blocking.
   *
   * @param counts the tasks
   * @return a future of the sum of their results
   */
  public static CompletableFuture<Integer> totalLater(List<Callable<Integer>> counts) {
    // Future form: returns at once; the future completes when every task has.
    return Fanin.gather(counts).thenApply(all -> all.stream().mapToInt(Integer::intValue).sum());
  }
}

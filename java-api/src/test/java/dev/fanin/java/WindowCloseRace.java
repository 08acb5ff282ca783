package dev.fanin.java;

import dev.fanin.Completion;
import dev.fanin.testing.Forked;
import dev.fanin.testing.Forks;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The race the bounded-window stress tests share: the calling thread takes every result of a
 * bounded asCompleted while another thread, lined up with it by a barrier, closes the window
 * (first releasing the tasks, when asked to).
 */
final class WindowCloseRace {
  private WindowCloseRace() {}

  /** The window raced, and whether the close ended the taking ({@code false}: every result came). */
  record Raced(Completions<Integer, Callable<Integer>> results, boolean closedFirst) {}

  /**
   * Opens a window of {@code limit} over {@code source} (in source order if {@code ordered}) and
   * races taking everything into {@code delivered} (counting each take in {@code takes}) against
   * a close; the closer counts {@code go} down first if {@code release}.
   */
  static Raced run(
      Iterator<Callable<Integer>> source,
      int limit,
      boolean ordered,
      boolean release,
      CountDownLatch go,
      AtomicInteger takes,
      List<Completion<Integer, Callable<Integer>>> delivered)
      throws Exception {
    Completions<Integer, Callable<Integer>> results =
        ordered
            ? FaninBlocking.asCompletedOrdered(source, limit)
            : FaninBlocking.asCompleted(source, limit);
    CyclicBarrier start = new CyclicBarrier(2);
    Forked closer =
        Forks.start(
            "closer",
            () -> {
              start.await();
              if (release) {
                go.countDown();
              }
              results.close();
            });
    start.await();
    boolean closedFirst = takeAll(results, takes, delivered);
    closer.join();
    return new Raced(results, closedFirst);
  }

  private static boolean takeAll(
      Completions<Integer, Callable<Integer>> results,
      AtomicInteger takes,
      List<Completion<Integer, Callable<Integer>>> delivered)
      throws Exception {
    while (true) {
      takes.incrementAndGet();
      try {
        delivered.add(results.take());
      } catch (CancellationException e) {
        return true;
      } catch (NoSuchElementException e) {
        return false;
      }
    }
  }
}

package dev.fanin.samples.tour;

import dev.fanin.Completion;
import dev.fanin.java.Completions;
import dev.fanin.java.FaninBlocking;
import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * {@code asCompleted}: results in the order the tasks finish, each saying which task it came from
 * (asyncio's {@code as_completed}, plus the index asyncio users ask for); and the bounded form, which
 * pulls tasks from a lazy source only as results are taken.
 */
final class AsCompletedTour {
  private AsCompletedTour() {}

  static void run(PrintStream out) throws Exception {
    completionOrder(out);
    boundedWindow(out);
  }

  /** The tour releases the tasks in the order 2, 0, 1; the results come in that order. */
  private static void completionOrder(PrintStream out) throws Exception {
    List<CountDownLatch> go = List.of(new CountDownLatch(1), new CountDownLatch(1), new CountDownLatch(1));
    List<Callable<String>> fetches = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int page = i;
      fetches.add(
          () -> {
            go.get(page).await();
            if (page == 1) {
              throw new FileNotFoundException("page 1");
            }
            return "page " + page;
          });
    }
    try (Completions<String, Callable<String>> pages = FaninBlocking.asCompleted(fetches)) {
      for (int release : new int[] {2, 0, 1}) {
        go.get(release).countDown();
        Completion<String, Callable<String>> next = pages.take();
        String how = next.isSuccess() ? "returned " + next.value() : "failed: " + next.outcome();
        out.println(
            "task "
                + next.index()
                + " finished (same Callable: "
                + (next.handle() == fetches.get(next.index()))
                + "), "
                + how);
      }
    }
  }

  /** Six tasks from a lazy source, at most two running or untaken at any moment. */
  private static void boundedWindow(PrintStream out) throws Exception {
    AtomicInteger pulled = new AtomicInteger();
    var source =
        IntStream.range(0, 6)
            .mapToObj(
                i -> {
                  pulled.incrementAndGet();
                  return (Callable<Integer>) () -> i * i;
                })
            .iterator();
    int maxAhead = 0;
    int taken = 0;
    try (Completions<Integer, Callable<Integer>> squares = FaninBlocking.asCompleted(source, 2)) {
      while (squares.hasNext()) {
        squares.take();
        taken++;
        maxAhead = Math.max(maxAhead, pulled.get() - taken);
      }
    }
    // How far ahead the source is at a given take depends on timing (the slot a take frees may be
    // refilled on a task's thread after take returns); the bound does not.
    out.println(
        "bounded: " + taken + " results, at most 2 pulled ahead of the taker: " + (maxAhead <= 2));
  }
}

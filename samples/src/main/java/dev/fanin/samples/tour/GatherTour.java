package dev.fanin.samples.tour;

import dev.fanin.java.FaninBlocking;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code gather}: run tasks concurrently and get their results in argument order, whatever order
 * they finish in.
 *
 * <p>Task {@code i} waits until task {@code i + 1} has finished, so the three finish in reverse
 * order; the results still come back in the order the tasks were given.
 */
final class GatherTour {
  private static final int TASKS = 3;

  private GatherTour() {}

  static void run(PrintStream out) throws Exception {
    // finished[i] opens when task i has finished; task i waits for finished[i + 1].
    List<CountDownLatch> finished = new ArrayList<>();
    for (int i = 0; i < TASKS; i++) {
      finished.add(new CountDownLatch(1));
    }
    List<Callable<String>> tasks = new ArrayList<>();
    for (int i = 0; i < TASKS; i++) {
      int index = i;
      tasks.add(
          () -> {
            if (index + 1 < TASKS) {
              finished.get(index + 1).await();
            }
            out.println("task " + index + " finished");
            finished.get(index).countDown();
            return "result " + index;
          });
    }

    out.println("gathering " + TASKS + " tasks; each waits for the next one to finish");
    List<String> results = FaninBlocking.gather(tasks);
    out.println("results: " + results);
  }
}

package dev.fanin.samples.tour;

import dev.fanin.java.FaninBlocking;
import dev.fanin.java.TaskGroup;
import dev.fanin.TaskGroupException;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * {@code TaskGroup}: a scope that owns its tasks (asyncio's {@code TaskGroup}). The first failure
 * cancels the others, every failure is reported together, and nothing outlives the group.
 */
final class TaskGroupTour {
  private TaskGroupTour() {}

  static void run(PrintStream out) throws Exception {
    allSucceed(out);
    oneFails(out);
  }

  /** Two tasks, joined in a try-with-resources block; the second forks a helper of its own. */
  private static void allSucceed(PrintStream out) throws Exception {
    try (TaskGroup group = TaskGroup.open()) {
      CompletableFuture<String> user = group.fork(() -> "ada");
      CompletableFuture<Integer> orders =
          group.fork(
              () -> {
                CompletableFuture<Integer> archived = group.fork(() -> 2); // workers spawn workers
                return 3 + archived.join();
              });
      group.join();
      out.println("user " + user.join() + " has " + orders.join() + " orders");
    }
  }

  /** One task fails; its sibling, blocked on a latch nobody counts down, is interrupted. */
  private static void oneFails(PrintStream out) throws Exception {
    CountDownLatch siblingStarted = new CountDownLatch(1);
    CountDownLatch siblingStopped = new CountDownLatch(1);
    try {
      FaninBlocking.taskGroup(
          group -> {
            group.fork(
                () -> {
                  siblingStarted.countDown();
                  try {
                    new CountDownLatch(1).await(); // nobody counts it down
                    return "unreachable";
                  } catch (InterruptedException e) {
                    out.println("sibling interrupted");
                    throw e;
                  } finally {
                    siblingStopped.countDown();
                  }
                });
            group.fork(
                () -> {
                  siblingStarted.await();
                  throw new IllegalStateException("payment service down");
                });
            return "unreachable";
          });
    } catch (TaskGroupException e) {
      out.println("group failed with " + e.failures().size() + " failure: " + e.getCause().getMessage());
      out.println("sibling had stopped before the group returned: " + (siblingStopped.getCount() == 0));
    }
  }
}

package dev.fanin.samples.tour;

import dev.fanin.java.FaninBlocking;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code gather} fails fast: the first task to throw cancels its siblings, and the blocking call
 * throws that task's own exception (not an {@code ExecutionException}) once every sibling has
 * stopped.
 *
 * <p>Task 1 blocks on a latch nobody counts down; task 0 throws once task 1 is blocked. Unlike
 * asyncio's {@code gather}, Fanin does not leave task 1 running: it is interrupted, and {@code
 * gather} returns only after it has stopped.
 */
final class GatherFailureTour {
  private GatherFailureTour() {}

  static void run(PrintStream out) throws Exception {
    CountDownLatch siblingBlocked = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1); // nobody counts it down
    AtomicBoolean siblingInterrupted = new AtomicBoolean();
    List<Callable<String>> tasks =
        List.of(
            () -> {
              siblingBlocked.await();
              out.println("task 0 throws");
              throw new IllegalStateException("out of stock");
            },
            () -> {
              out.println("task 1 waits for a latch nobody counts down");
              siblingBlocked.countDown();
              try {
                never.await();
                return "unreachable";
              } catch (InterruptedException e) {
                out.println("task 1 interrupted");
                siblingInterrupted.set(true);
                throw e;
              }
            });

    try {
      FaninBlocking.gather(tasks);
      out.println("gather returned normally");
    } catch (IllegalStateException e) {
      out.println("gather threw " + e.getClass().getSimpleName() + ": " + e.getMessage());
      out.println("task 1 interrupted before gather returned: " + siblingInterrupted.get());
    }
  }
}

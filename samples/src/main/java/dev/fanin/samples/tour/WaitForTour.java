package dev.fanin.samples.tour;

import dev.fanin.java.FaninBlocking;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code waitFor}: run one task with a deadline (asyncio's {@code wait_for}).
 *
 * <p>When the deadline passes, the task is interrupted, and once it has stopped the call throws
 * {@link TimeoutException}: no task is left running behind the caller's back. A task that finishes
 * in time just returns its result.
 */
final class WaitForTour {
  private WaitForTour() {}

  static void run(PrintStream out) throws Exception {
    CountDownLatch never = new CountDownLatch(1); // nobody counts it down
    AtomicBoolean interrupted = new AtomicBoolean();
    try {
      FaninBlocking.waitFor(
          () -> {
            try {
              never.await();
              return "unreachable";
            } catch (InterruptedException e) {
              out.println("task interrupted");
              interrupted.set(true);
              throw e;
            }
          },
          Duration.ofMillis(100));
      out.println("waitFor returned normally");
    } catch (TimeoutException e) {
      out.println("timed out after 100 ms");
      out.println("task interrupted before waitFor threw: " + interrupted.get());
    }

    // The deadline here only guards against a hang; the task returns at once.
    String result = FaninBlocking.waitFor(() -> "fresh quote", Duration.ofMinutes(1));
    out.println("finished in time: " + result);
  }
}

package dev.fanin.samples.tour;

import dev.fanin.java.Fanin;
import dev.fanin.java.FaninBlocking;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;

/**
 * {@code timeoutScope}: one deadline for a block of code and every Fanin call it makes (asyncio's
 * {@code timeout()}).
 *
 * <p>When the deadline passes, the body is interrupted and the Fanin calls it made are cancelled,
 * nested tasks included; once all of it has stopped, the scope throws {@link TimeoutException}.
 * The body can also move its own deadline with {@code reschedule}.
 */
final class TimeoutScopeTour {
  private TimeoutScopeTour() {}

  static void run(PrintStream out) throws Exception {
    deadlinePasses(out);
    bodyReschedules(out);
  }

  /** The body blocks in a nested {@code gather}; the deadline cancels the gather's task too. */
  private static void deadlinePasses(PrintStream out) throws Exception {
    CountDownLatch never = new CountDownLatch(1); // nobody counts it down
    CountDownLatch started = new CountDownLatch(1);
    Callable<String> neverFinishes =
        () -> {
          started.countDown();
          try {
            never.await();
            return "unreachable";
          } catch (InterruptedException e) {
            out.println("nested task interrupted");
            throw e;
          }
        };
    try {
      FaninBlocking.timeoutScope(
          Duration.ofMinutes(1),
          scope -> {
            out.println("body gathers a task that never finishes");
            CompletableFuture<List<String>> gathering = Fanin.gather(List.of(neverFinishes));
            // Start the 100 ms only once the task runs, so the tour prints the same every time.
            started.await();
            scope.reschedule(Duration.ofMillis(100));
            return FaninBlocking.gatherFutures(List.of(gathering));
          });
      out.println("timeoutScope returned normally");
    } catch (TimeoutException e) {
      out.println("scope timed out after 100 ms");
    }
  }

  /** The body starts with a minute, then gives the rest of its work 100 ms. */
  private static void bodyReschedules(PrintStream out) throws Exception {
    CountDownLatch never = new CountDownLatch(1); // nobody counts it down
    try {
      FaninBlocking.timeoutScope(
          Duration.ofMinutes(1),
          scope -> {
            out.println("body: step 1 done, expired: " + scope.isExpired());
            scope.reschedule(Duration.ofMillis(100));
            out.println("body: step 2 gets 100 ms");
            try {
              never.await();
              return "unreachable";
            } catch (InterruptedException e) {
              out.println("body: step 2 interrupted, expired: " + scope.isExpired());
              throw e;
            }
          });
      out.println("timeoutScope returned normally");
    } catch (TimeoutException e) {
      out.println("scope timed out at the new deadline");
    }
  }
}

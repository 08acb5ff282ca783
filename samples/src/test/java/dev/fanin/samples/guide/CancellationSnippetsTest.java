package dev.fanin.samples.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.testing.Forked;
import dev.fanin.testing.Forks;
import dev.fanin.testing.NoLeaksExtension;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The guide's "Cancellation and interrupts" examples do what the guide says. Latches order the
 * events; the timeout is only a guard against hangs.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(30)
class CancellationSnippetsTest {
  private final CountDownLatch started = new CountDownLatch(2);
  private final CountDownLatch stopped = new CountDownLatch(2);
  private final CountDownLatch never = new CountDownLatch(1);

  /** Two fetches that block until they are interrupted. */
  private List<Callable<String>> blockingFetches() {
    Callable<String> fetch =
        () -> {
          started.countDown();
          try {
            never.await();
            return "unreachable";
          } finally {
            stopped.countDown();
          }
        };
    return List.of(fetch, fetch);
  }

  /** cancel(false) on the future Fanin returned interrupts both running tasks. */
  @Test
  void startFetches_cancel_interruptsTheTasks() throws Exception {
    AtomicBoolean shown = new AtomicBoolean();
    Runnable cancel = CancellationSnippets.startFetches(blockingFetches(), pages -> shown.set(true));
    started.await();

    cancel.run();

    stopped.await(); // returns only because the tasks were interrupted
    assertEquals(false, shown.get());
  }

  /** An interrupted caller gets an empty list after the tasks stopped, and its status back. */
  @Test
  void fetchOrNothing_interrupted_returnsEmpty_afterTheTasksStopped() throws Exception {
    AtomicReference<List<String>> result = new AtomicReference<>();
    AtomicLong stillRunning = new AtomicLong(-1);
    AtomicBoolean statusKept = new AtomicBoolean();
    Forked caller =
        Forks.start(
            "caller",
            () -> {
              result.set(CancellationSnippets.fetchOrNothing(blockingFetches()));
              stillRunning.set(stopped.getCount());
              statusKept.set(Thread.interrupted());
            });
    started.await();

    caller.thread().interrupt();
    caller.join();

    assertEquals(List.of(), result.get());
    assertEquals(0, stillRunning.get(), "both tasks had stopped when fetchOrNothing returned");
    assertTrue(statusKept.get(), "the interrupt status was set again");
  }

  /** A quick search finds its answer; one far beyond the budget is interrupted and gives up. */
  @Test
  void smallestFactor_givesUpWhenTheBudgetRunsOut() throws Exception {
    assertEquals(Optional.of(7L), CancellationSnippets.smallestFactor(91, Duration.ofSeconds(10)));
    // 2^61 - 1 is prime: trying every factor up to its square root takes seconds, not 50 ms.
    assertEquals(
        Optional.empty(), CancellationSnippets.smallestFactor((1L << 61) - 1, Duration.ofMillis(50)));
  }
}

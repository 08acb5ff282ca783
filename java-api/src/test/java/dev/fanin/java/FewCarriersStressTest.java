package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fanin.testing.Forked;
import dev.fanin.testing.Forks;
import dev.fanin.testing.NoLeaksExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Virtual threads on few carriers: no Fanin code may hold a carrier while it waits for another
 * thread's progress. The pom's {@code few-carriers} executions run this class (and the channel and
 * select tests) with the virtual-thread scheduler's parallelism at 1 and 2; in a run with more
 * carriers it still passes, it only proves less.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(120)
class FewCarriersStressTest {
  private static final int SENDERS = 3;
  private static final int RECEIVERS = 3;
  private static final int SENDS = Integer.getInteger("fanin.fewCarriers.sends", 200_000);

  /** A hang guard: far longer than the run takes, and the wedge it guards against never ends. */
  private static final Duration HANG_GUARD = Duration.ofSeconds(30);

  /**
   * Senders that cancel half of their {@code sendAsync} futures, against receivers whose timed
   * receives keep withdrawing, on a small buffer: every thread ends after {@code close()}, and each
   * element is received exactly when its send was not withdrawn.
   */
  @Test
  void sendAsyncCancelled_againstTimedReceives_allThreadsEnd() {
    Channel<Integer> channel = Channel.buffered(8);
    AtomicLong sent = new AtomicLong();
    AtomicLong received = new AtomicLong();
    List<Forked> senders = new ArrayList<>();
    for (int s = 0; s < SENDERS; s++) {
      senders.add(
          Forks.startVirtual(
              "sender-" + s,
              () -> {
                List<CompletableFuture<?>> kept = new ArrayList<>();
                for (int i = 0; i < SENDS; i++) {
                  CompletableFuture<?> future = channel.sendAsync(i);
                  if (i % 2 == 0 && future.cancel(false)) {
                    continue; // withdrawn: the element stays here
                  }
                  kept.add(future);
                }
                for (CompletableFuture<?> future : kept) {
                  future.join();
                  sent.incrementAndGet();
                }
              }));
    }
    List<Forked> receivers = new ArrayList<>();
    for (int r = 0; r < RECEIVERS; r++) {
      receivers.add(
          Forks.startVirtual(
              "receiver-" + r,
              () -> {
                while (true) {
                  Duration wait = Duration.ofNanos(ThreadLocalRandom.current().nextLong(2_000_000));
                  ReceiveResult<Integer> result = channel.tryReceive(wait);
                  if (result instanceof ReceiveResult.Closed) {
                    return;
                  }
                  if (result instanceof ReceiveResult.Received) {
                    received.incrementAndGet();
                  }
                }
              }));
    }
    for (Forked sender : senders) {
      sender.join(HANG_GUARD);
    }
    channel.close();
    for (Forked receiver : receivers) {
      receiver.join(HANG_GUARD);
    }
    assertEquals(sent.get(), received.get());
  }
}

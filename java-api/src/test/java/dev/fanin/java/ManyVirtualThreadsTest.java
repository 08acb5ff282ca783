package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fanin.testing.Forked;
import dev.fanin.testing.Forks;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.VirtualThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Many more virtual threads than carriers (the scheduler has one carrier per core, two on CI), all
 * blocked in Fanin at once: each test reaches a point where thousands of them must be parked
 * together, which only works if a virtual thread blocked in Fanin frees its carrier. Pinning would
 * hang the test (the class timeout is the guard). JDK 21 and later; skipped on 17.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(300)
class ManyVirtualThreadsTest {
  private static final int THREADS = 10_000;
  private static final Duration HANG_GUARD = Duration.ofMinutes(2);

  @BeforeEach
  void needVirtualThreads() {
    assumeTrue(VirtualThreads.available(), "virtual threads need JDK 21 or later");
  }

  /**
   * 10,000 virtual senders on a rendezvous channel, started before any receiver, so that they all
   * wait at once; then 10,000 virtual receivers: every element is received exactly once.
   */
  @Test
  void channel_tenThousandVirtualSendersThenReceivers_everyElementOnce() throws Exception {
    Channel<Integer> channel = Channel.rendezvous();
    List<Forked> threads = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      int element = i;
      threads.add(Forks.startVirtual("sender-" + i, () -> channel.send(element)));
    }
    AtomicIntegerArray received = new AtomicIntegerArray(THREADS);
    for (int i = 0; i < THREADS; i++) {
      threads.add(
          Forks.startVirtual("receiver-" + i, () -> received.incrementAndGet(channel.receive())));
    }
    for (Forked thread : threads) {
      thread.join(HANG_GUARD);
    }
    for (int i = 0; i < THREADS; i++) {
      assertEquals(1, received.get(i), "element " + i);
    }
  }

  /**
   * 10,000 virtual threads each in a blocking gather whose task waits until all 10,000 tasks have
   * started: 20,000 virtual threads (callers and Fanin's own tasks) parked at once, then all
   * released, each caller getting its own result.
   */
  @Test
  void gatherBlocking_tenThousandVirtualCallersAllWaitingAtOnce_eachGetsItsResult()
      throws Exception {
    CountDownLatch allStarted = new CountDownLatch(THREADS);
    AtomicIntegerArray results = new AtomicIntegerArray(THREADS);
    List<Forked> callers = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      int index = i;
      callers.add(
          Forks.startVirtual(
              "caller-" + i,
              () -> {
                List<Integer> result =
                    FaninBlocking.gather(
                        List.of(
                            () -> {
                              allStarted.countDown();
                              allStarted.await();
                              return index;
                            }));
                results.set(index, result.get(0) + 1);
              }));
    }
    for (Forked caller : callers) {
      caller.join(HANG_GUARD);
    }
    for (int i = 0; i < THREADS; i++) {
      assertEquals(i + 1, results.get(i), "caller " + i);
    }
  }

  /**
   * 10,000 virtual threads each selecting over its own rendezvous channel and a shared one that
   * never gets an element: each waits in select until this thread sends to its channel, one after
   * another, so thousands wait at once; each receives exactly its own element.
   */
  @Test
  void select_tenThousandVirtualSelectorsWaitingAtOnce_eachGetsItsElement() throws Exception {
    Channel<Integer> shared = Channel.rendezvous();
    List<Channel<Integer>> own = new ArrayList<>();
    List<Forked> selectors = new ArrayList<>();
    AtomicIntegerArray got = new AtomicIntegerArray(THREADS);
    CountDownLatch waiting = new CountDownLatch(THREADS);
    for (int i = 0; i < THREADS; i++) {
      Channel<Integer> mine = Channel.rendezvous();
      own.add(mine);
      int index = i;
      selectors.add(
          Forks.startVirtual(
              "selector-" + i,
              () -> {
                waiting.countDown();
                int element =
                    Select.<Integer>biased()
                        .onReceive(mine, e -> e)
                        .onReceiveCatching(shared, r -> -1)
                        .select();
                got.set(index, element);
              }));
    }
    waiting.await();
    for (int i = 0; i < THREADS; i++) {
      own.get(i).send(i); // a rendezvous: returns once selector i has taken it
    }
    for (Forked selector : selectors) {
      selector.join(HANG_GUARD);
    }
    for (int i = 0; i < THREADS; i++) {
      assertEquals(i, got.get(i), "selector " + i);
    }
  }
}

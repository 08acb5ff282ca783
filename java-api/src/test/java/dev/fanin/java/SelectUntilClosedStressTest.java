package dev.fanin.java;

import static dev.fanin.java.ChannelThreads.fork;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.Outcome;
import dev.fanin.testing.Forked;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import dev.fanin.testing.StressBudget;
import dev.fanin.testing.StressRace;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Closes racing waits, for {@link Select#onReceiveUntilClosed} and {@link
 * SelectLoop#addReceiveUntilClosed} (adr/0018): in each round two producers send their elements
 * and close their channels (every third round one closes with a cause) while a consumer runs one
 * select, or one loop, until every channel has left. The consumer is interrupted at random
 * (blocking form) or has its futures cancelled at random (future form), so closes also race
 * withdrawals. Each round checks that every element was received exactly once, that a failed
 * channel failed exactly one run (or fired exactly one failure) with its cause, that the end came
 * only after everything else, and that nothing is left in the channels or the loop. Rounds come
 * from {@link StressBudget}; each test runs on platform threads and, on JDK 21 and later, on virtual
 * threads.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(600)
class SelectUntilClosedStressTest {
  /** Elements each producer sends before it closes its channel. */
  private static final int PER_PRODUCER = 4;

  /** A guard against a hung race, not a timing assumption. */
  private static final Duration HANG_GUARD = Duration.ofSeconds(30);

  /**
   * One select over two channels, run until both are closed while their producers send and close
   * and the consumer's runs are withdrawn at random: every element once, a failure once, then the
   * end.
   */
  @OnEachThreadKind
  void select_closesRaceWaitsAndWithdrawals_everyElementOnceThenAllClosed() throws Exception {
    race(
        (r, tally, where) -> {
          Queue<Integer> received = new ConcurrentLinkedQueue<>();
          List<Throwable> failures = new ArrayList<>();
          Select<Boolean> merge =
              (r.round % 2 == 0 ? Select.<Boolean>biased() : Select.<Boolean>create())
                  .onReceiveUntilClosed(r.a, received::add)
                  .onReceiveUntilClosed(r.b, received::add)
                  .onAllClosed(() -> false);
          AtomicBoolean ended = new AtomicBoolean();
          Forked consumer =
              fork(
                  "consumer",
                  () -> {
                    r.start.await();
                    while (r.async
                        ? runAsync(merge, r.round, failures, tally)
                        : runBlocking(merge, failures, tally)) {
                      // one run done: an element, a withdrawal or a failure
                    }
                    ended.set(true);
                  });
          r.race(consumer);
          assertTrue(ended.get(), where + ": the consumer did not reach the end");
          r.check(new ArrayList<>(received), failures, where);
          assertFalse(merge.select(), where + ": a later run must end at once");
        });
  }

  /**
   * One loop over two channels, waited on until a wait returns the empty list while their producers
   * send and close and the consumer's waits are withdrawn at random: every element once, a failure
   * once, then the end, and nothing left over.
   */
  @OnEachThreadKind
  void selectLoop_closesRaceWaitsAndWithdrawals_everyElementOnceThenEmpty() throws Exception {
    race(
        (r, tally, where) -> {
          List<Integer> received = new ArrayList<>();
          List<Throwable> failures = new ArrayList<>();
          try (SelectLoop loop = SelectLoop.open()) {
            loop.addReceiveUntilClosed(r.a);
            loop.addReceiveUntilClosed(r.b);
            Forked consumer =
                fork(
                    "consumer",
                    () -> {
                      r.start.await();
                      while (true) {
                        List<SelectLoop.Fired<?>> fired =
                            r.async ? waitAsync(loop, r.round, tally) : waitBlocking(loop, tally);
                        if (fired == null) {
                          continue; // withdrawn
                        }
                        if (fired.isEmpty()) {
                          return;
                        }
                        for (SelectLoop.Fired<?> each : fired) {
                          if (each.outcome() instanceof Outcome.Failure<?> failure) {
                            failures.add(failure.exception());
                          } else {
                            received.add((Integer) each.value());
                          }
                        }
                      }
                    });
            r.race(consumer);
            r.check(received, failures, where);
            assertEquals(List.of(), loop.leftovers(), where + ": left over");
          }
        });
  }

  /** One round of a race: its channels and producers, the tally so far, and where, for messages. */
  @FunctionalInterface
  private interface RoundBody {
    void run(Round round, Tally tally, String where) throws Exception;
  }

  /**
   * Runs {@code body} for each round of a race, with a round of that shape. Ten times the usual
   * rounds: a round takes about half a millisecond, and a withdrawal that lands between two passes
   * of a select (a close, then the next wait) is rare; at the usual count a run that lost an element
   * there failed about one run in ten.
   */
  private static void race(RoundBody body) throws Exception {
    Tally tally = new Tally();
    try (StressRace stress = StressBudget.race(StressBudget.rounds() * 10)) {
      while (stress.nextRound()) {
        Round r = new Round(stress.round());
        body.run(r, tally, "round " + r.round + " (" + r + ") on " + Thread.currentThread() + ", " + tally);
        tally.rounds.increment();
      }
    }
  }

  /** One blocking run; false once all closed. An interrupt or a failure is counted, not thrown. */
  private static boolean runBlocking(Select<Boolean> merge, List<Throwable> failures, Tally tally) {
    try {
      return merge.select();
    } catch (InterruptedException e) {
      tally.withdrawn.increment();
      return true;
    } catch (ChannelClosedException e) {
      failures.add(e);
      return true;
    }
  }

  /** One future run, cancelled at random; false once all closed. */
  private static boolean runAsync(
      Select<Boolean> merge, int round, List<Throwable> failures, Tally tally) throws Exception {
    CompletableFuture<Boolean> run = merge.selectAsync();
    maybeCancel(run, round);
    try {
      return run.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
    } catch (CancellationException e) {
      tally.withdrawn.increment();
      return true;
    } catch (ExecutionException e) {
      failures.add(e.getCause());
      return true;
    }
  }

  /** One blocking wait; null if interrupted (the interrupt is counted). */
  private static List<SelectLoop.Fired<?>> waitBlocking(SelectLoop loop, Tally tally) {
    try {
      return loop.awaitFired();
    } catch (InterruptedException e) {
      tally.withdrawn.increment();
      return null;
    }
  }

  /** One future wait, cancelled at random; null if the cancellation won. */
  private static List<SelectLoop.Fired<?>> waitAsync(SelectLoop loop, int round, Tally tally)
      throws Exception {
    CompletableFuture<List<SelectLoop.Fired<?>>> wait = loop.awaitFiredAsync();
    maybeCancel(wait, round);
    try {
      return wait.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
    } catch (CancellationException e) {
      tally.withdrawn.increment();
      return null;
    }
  }

  /** Cancels {@code future} after a short random spin, in about a third of the calls. */
  private static void maybeCancel(CompletableFuture<?> future, int round) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    if (random.nextInt(3) == 0) {
      jitter(round + random.nextInt(64));
      future.cancel(true);
    }
  }

  /** Up to a microsecond or so of spinning that varies with {@code seed}, to vary the race. */
  private static void jitter(int seed) {
    int spins = (seed * 31) % 97;
    for (int i = 0; i < spins; i++) {
      Thread.onSpinWait();
    }
  }

  /** One round's channels, producers and what they send; the shape varies with the round. */
  private static final class Round {
    final Channel<Integer> a;
    final Channel<Integer> b;
    final boolean async;
    final IOException cause; // b's close cause, or null for a normal close
    final CyclicBarrier start;
    final int round;

    Round(int round) {
      this.round = round;
      a = channel(round);
      b = channel(round / 3);
      async = (round / 2) % 2 == 1;
      cause = round % 3 == 2 ? new IOException("b failed in round " + round) : null;
      start = new CyclicBarrier(async ? 3 : 4);
    }

    private static Channel<Integer> channel(int shape) {
      return switch (shape % 3) {
        case 0 -> Channel.rendezvous();
        case 1 -> Channel.buffered(1);
        default -> Channel.buffered(PER_PRODUCER);
      };
    }

    /** The element producer {@code p} sends {@code i}-th: distinct across the round. */
    int element(int p, int i) {
      return (round * 2 + p) * PER_PRODUCER + i;
    }

    /**
     * Starts the producers (and, in the blocking form, an interrupter), lines them up with the
     * consumer, and joins them all.
     */
    void race(Forked consumer) throws Exception {
      Forked producerA = fork("producer-a", () -> produce(a, 0, null));
      Forked producerB = fork("producer-b", () -> produce(b, 1, cause));
      Forked interrupter =
          async
              ? null
              : fork(
                  "interrupter",
                  () -> {
                    start.await();
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = random.nextInt(4); i > 0; i--) {
                      jitter(round + random.nextInt(256));
                      consumer.thread().interrupt();
                    }
                  });
      producerA.join(HANG_GUARD);
      producerB.join(HANG_GUARD);
      if (interrupter != null) {
        interrupter.join(HANG_GUARD);
      }
      consumer.join(HANG_GUARD);
    }

    private void produce(Channel<Integer> channel, int p, Throwable closeCause) throws Exception {
      start.await();
      for (int i = 0; i < PER_PRODUCER; i++) {
        if (ThreadLocalRandom.current().nextBoolean()) {
          jitter(round + i);
        }
        channel.send(element(p, i));
      }
      if (closeCause == null) {
        channel.close();
      } else {
        channel.close(closeCause);
      }
    }

    /** Every element once, a failure once if b failed, nothing left in the channels. */
    void check(List<Integer> received, List<Throwable> failures, String where) {
      List<Integer> expected = new ArrayList<>();
      for (int p = 0; p < 2; p++) {
        for (int i = 0; i < PER_PRODUCER; i++) {
          expected.add(element(p, i));
        }
      }
      List<Integer> sorted = new ArrayList<>(received);
      sorted.sort(null);
      assertEquals(expected, sorted, where + ": elements lost or doubled");
      if (cause == null) {
        assertEquals(List.of(), failures, where + ": failures without a failed channel");
      } else {
        assertEquals(1, failures.size(), where + ": the failure must be reported once: " + failures);
        assertSame(
            cause,
            assertInstanceOf(ChannelClosedException.class, failures.get(0), where).getCause(),
            where);
      }
      assertInstanceOf(ReceiveResult.Closed.class, a.tryReceive(), where);
      assertInstanceOf(ReceiveResult.Closed.class, b.tryReceive(), where);
    }

    @Override
    public String toString() {
      return (async ? "future form" : "blocking form")
          + (cause == null ? "" : ", b fails")
          + ", shapes " + (round % 3) + "/" + (round / 3 % 3);
    }
  }

  /** What happened so far, for failure messages; nothing asserts on it. */
  private static final class Tally {
    final LongAdder rounds = new LongAdder();
    final LongAdder withdrawn = new LongAdder();

    @Override
    public String toString() {
      return rounds + " rounds, " + withdrawn + " runs withdrawn";
    }
  }
}

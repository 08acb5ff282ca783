package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.Outcome;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.StressBudget;
import dev.fanin.testing.StressRace;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The select loop's close and interrupts racing concurrent sends, and its close racing work
 * sources, repeated {@code fanin.stress.rounds} times (200 by default; under {@code -Pstress} for its share of a
 * time budget, {@link StressBudget}): every element sent is accounted for exactly once, returned by a wait, by {@link
 * SelectLoop#leftovers()}, or still in its channel; every work result is returned once, in order.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(600)
class SelectLoopStressTest {
  private static final int ROUNDS = StressBudget.rounds();
  private static final int PER_ROUND = 16;

  /** close() and an interrupt of the waiter race two senders: nothing lost, nothing doubled. */
  @Test
  void close_racesSendsAndWaits_everyElementOnce() throws Exception {
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      Channel<Integer> a = Channel.buffered(4);
      Channel<Integer> b = Channel.buffered(4);
      AtomicIntegerArray seen = new AtomicIntegerArray(2 * PER_ROUND);
      SelectLoop loop = SelectLoop.open();
      loop.addReceive(a);
      loop.addReceive(b);
      CyclicBarrier start = new CyclicBarrier(4);
      List<Thread> threads = new ArrayList<>();
      threads.add(sender(a, 0, start));
      threads.add(sender(b, PER_ROUND, start));
      Thread waiter =
          new Thread(
              () -> {
                try {
                  start.await();
                  while (true) {
                    for (SelectLoop.Fired<?> fired : loop.awaitFired()) {
                      // A sender's channel closing fires once, as a failure; elements are successes.
                      if (fired.outcome() instanceof Outcome.Success<?> success) {
                        seen.incrementAndGet((Integer) success.value());
                      }
                    }
                  }
                } catch (InterruptedException | IllegalStateException e) {
                  // interrupted, or the loop was closed: stop waiting
                } catch (Exception e) {
                  throw new AssertionError(e);
                }
              });
      threads.add(waiter);
      threads.forEach(Thread::start);
      start.await();
      if (round % 2 == 0) {
        waiter.interrupt();
      }
      loop.close();
      waiter.join(TimeUnit.SECONDS.toMillis(30));
      for (SelectLoop.Fired<?> fired : loop.leftovers()) {
        if (fired.outcome() instanceof Outcome.Success<?> success) {
          seen.incrementAndGet((Integer) success.value());
        }
      }
      // The senders may wait for room: draining lets them finish and close their channels.
      drain(a, seen);
      drain(b, seen);
      for (Thread thread : threads) {
        thread.join(TimeUnit.SECONDS.toMillis(30));
      }
      for (int i = 0; i < seen.length(); i++) {
        assertEquals(1, seen.get(i), "round " + round + ", element " + i);
      }
    }
  }

  /**
   * close() racing a waiter while a work source runs again and again: the runs a wait returned are
   * exactly 1, 2, ..., k, once each and in order (a run is started again only after its result was
   * returned), at most one more run started (its result dropped by the close), and a run that
   * starts after close() returned finds its thread interrupted: close stops the work.
   */
  @Test
  void close_racesWorkRuns_eachResultOnceInOrderAndNoLiveRunAfterClose() throws Exception {
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      String where = "round " + round;
      AtomicInteger runs = new AtomicInteger();
      AtomicBoolean closing = new AtomicBoolean();
      AtomicBoolean closed = new AtomicBoolean();
      AtomicInteger liveAfterClose = new AtomicInteger();
      SelectLoop loop = SelectLoop.open();
      loop.addWork(
          () -> {
            if (closed.get() && !Thread.currentThread().isInterrupted()) {
              liveAfterClose.incrementAndGet();
            }
            return runs.incrementAndGet();
          });
      List<Integer> returned = new ArrayList<>();
      CyclicBarrier start = new CyclicBarrier(2);
      Thread waiter =
          new Thread(
              () -> {
                try {
                  start.await();
                  while (true) {
                    for (SelectLoop.Fired<?> fired : loop.awaitFired()) {
                      record(fired, closing, returned);
                    }
                  }
                } catch (IllegalStateException e) {
                  // the loop was closed: stop waiting
                } catch (Exception e) {
                  throw new AssertionError(e);
                }
              });
      waiter.start();
      start.await();
      closing.set(true);
      loop.close();
      closed.set(true);
      waiter.join(TimeUnit.SECONDS.toMillis(30));
      assertFalse(waiter.isAlive(), where);
      for (SelectLoop.Fired<?> fired : loop.leftovers()) {
        record(fired, closing, returned);
      }

      for (int i = 0; i < returned.size(); i++) {
        assertEquals(i + 1, returned.get(i), where + ": " + returned);
      }
      assertTrue(runs.get() <= returned.size() + 1, where + ": " + runs + " runs, " + returned);
      assertEquals(0, liveAfterClose.get(), where + ": a run started after close, not interrupted");
    }
  }

  /**
   * Work sources added from another thread while a wait is polling the loop's sources: every added
   * source is seen by a wait (its first run fires), and no wait fails on a source half-added (one
   * published before its run existed).
   */
  @Test
  void addWork_racesWaits_everyAddedSourceFires() throws Exception {
    int added = 8;
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      String where = "round " + stress.round();
      SelectLoop loop = SelectLoop.open();
      loop.addWork(() -> -1); // keeps the waiter polling: fires again after each wait
      AtomicIntegerArray firstRuns = new AtomicIntegerArray(added);
      AtomicInteger seen = new AtomicInteger();
      List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
      CyclicBarrier start = new CyclicBarrier(2);
      Thread waiter =
          new Thread(
              () -> {
                try {
                  start.await();
                  while (seen.get() < added) {
                    for (SelectLoop.Fired<?> fired : loop.awaitFired()) {
                      int value = (Integer) fired.value();
                      if (value >= 0 && firstRuns.getAndIncrement(value) == 0) {
                        seen.incrementAndGet();
                      }
                    }
                  }
                } catch (Throwable e) {
                  failures.add(e);
                }
              });
      waiter.start();
      start.await();
      for (int i = 0; i < added; i++) {
        int value = i;
        loop.addWork(() -> value);
      }
      waiter.join(TimeUnit.SECONDS.toMillis(30));
      loop.close();
      assertFalse(waiter.isAlive(), where);
      assertEquals(List.of(), failures, where);
      assertEquals(added, seen.get(), where);
    }
  }

  /**
   * Records a work firing's value. A wait that the close woke may also report the run the close
   * cancelled, as Cancelled; nothing else may fail.
   */
  private static void record(SelectLoop.Fired<?> fired, AtomicBoolean closing, List<Integer> into) {
    if (fired.outcome() instanceof Outcome.Success<?> success) {
      into.add((Integer) success.value());
    } else if (!(fired.outcome() instanceof Outcome.Cancelled<?>) || !closing.get()) {
      throw new AssertionError("unexpected firing " + fired);
    }
  }

  private static Thread sender(Channel<Integer> channel, int first, CyclicBarrier start) {
    return new Thread(
        () -> {
          try {
            start.await();
            for (int i = first; i < first + PER_ROUND; i++) {
              channel.send(i);
            }
            channel.close();
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
  }

  private static void drain(Channel<Integer> channel, AtomicIntegerArray seen)
      throws InterruptedException {
    for (Integer element : channel) {
      seen.incrementAndGet(element);
    }
  }
}

package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.Completion;
import dev.fanin.Outcome;
import dev.fanin.testing.Forked;
import dev.fanin.testing.Forks;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.StressBudget;
import dev.fanin.testing.StressRace;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Races between tasks completing and the as-completed iteration being closed, repeated {@code
 * fanin.stress.rounds} times (200 by default; under {@code -Pstress} for its share of a time budget, {@link StressBudget}). Each round checks that every handle is accounted
 * for; NoLeaksExtension checks afterwards that no task is left running.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(600)
class AsCompletedStressTest {
  private static final int ROUNDS = StressBudget.rounds();
  private static final int TASKS = 12;

  /**
   * A bounded iteration closed while its tasks complete: each handle is delivered at most once, with
   * its own index and outcome; a handle not delivered was dropped by the close; the source never ran
   * more than limit ahead of the takes.
   */
  @Test
  void asCompletedBounded_completionRacesClose_everyHandleAccountedFor() throws Exception {
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      runRound(round, false);
    }
  }

  /**
   * The same race with asCompletedOrdered: the results delivered before the close are exactly the
   * first ones of the source, in source order.
   */
  @Test
  void asCompletedOrdered_completionRacesClose_deliveredPrefixInSourceOrder() throws Exception {
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      runRound(round, true);
    }
  }

  /**
   * Cancelling one future of the future form while the tasks complete: every future ends, completed
   * futures carry distinct inputs, and the tasks stop.
   */
  @Test
  void asCompletedFutureForm_completionRacesCancel_everyFutureEndsOnce() throws Exception {
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      CountDownLatch go = new CountDownLatch(1);
      List<Callable<Integer>> tasks = tasks(go);
      List<CompletableFuture<Completion<Integer, Callable<Integer>>>> futures =
          Fanin.asCompleted(tasks);
      CyclicBarrier start = new CyclicBarrier(2);
      Forked releaser =
          Forks.start(
              "releaser",
              () -> {
                start.await();
                go.countDown();
              });
      start.await();
      CompletableFuture<Completion<Integer, Callable<Integer>>> victim = futures.get(round % TASKS);
      boolean cancelled = victim.cancel(true);
      releaser.join();
      CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
          .exceptionally(failure -> null)
          .join();

      boolean[] seen = new boolean[TASKS];
      for (CompletableFuture<Completion<Integer, Callable<Integer>>> future : futures) {
        assertTrue(future.isDone());
        if (future.isCancelled()) {
          continue;
        }
        Completion<Integer, Callable<Integer>> completion = future.join();
        assertFalse(seen[completion.index()], "delivered twice: " + completion.index());
        seen[completion.index()] = true;
        checkCompletion(tasks, completion);
      }
      // The cancel either won (the future is cancelled) or lost to a result that arrived first.
      assertEquals(cancelled, victim.isCancelled());
    }
  }

  /**
   * Cancelling a subscription while results are delivered: no duplicate, no onNext without demand
   * or overlapping another, and no error signal.
   */
  @Test
  void publisher_completionRacesCancel_noDuplicateNoViolation() throws Exception {
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      CountDownLatch go = new CountDownLatch(1);
      List<Callable<Integer>> tasks = tasks(go);
      RecordingSubscriber<Completion<Integer, Callable<Integer>>> subscriber =
          new RecordingSubscriber<>();
      Fanin.asCompleted(new CountingSource<>(tasks), 1 + round % 4).subscribe(subscriber);
      subscriber.request(1 + round % (TASKS + 1));
      CyclicBarrier start = new CyclicBarrier(2);
      Forked releaser =
          Forks.start(
              "releaser",
              () -> {
                start.await();
                go.countDown();
              });
      start.await();
      subscriber.cancel();
      releaser.join();
      subscriber.request(1); // a no-op after cancel

      subscriber.assertNoViolations();
      assertTrue(subscriber.onNextCalls() <= 1 + round % (TASKS + 1));
    }
  }

  /**
   * Two threads taking from one iteration at once: each result goes to exactly one of them, and
   * both see the end.
   */
  @Test
  void completions_twoConcurrentTakers_eachResultToExactlyOne() throws Exception {
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int i = 0; i < TASKS; i++) {
        int value = i;
        tasks.add(() -> value);
      }
      try (Completions<Integer, Callable<Integer>> results =
          round % 2 == 0
              ? FaninBlocking.asCompleted(tasks)
              : FaninBlocking.asCompleted(tasks.iterator(), 1 + round % 4)) {
        CyclicBarrier start = new CyclicBarrier(2);
        List<List<Completion<Integer, Callable<Integer>>>> taken = new ArrayList<>();
        List<Forked> takers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
          List<Completion<Integer, Callable<Integer>>> mine =
              Collections.synchronizedList(new ArrayList<>());
          taken.add(mine);
          takers.add(
              Forks.start(
                  "taker-" + t,
                  () -> {
                    start.await();
                    while (true) {
                      try {
                        mine.add(results.take());
                      } catch (NoSuchElementException e) {
                        return;
                      }
                    }
                  }));
        }
        for (Forked taker : takers) {
          taker.join();
        }
        boolean[] seen = new boolean[TASKS];
        int count = 0;
        for (List<Completion<Integer, Callable<Integer>>> mine : taken) {
          for (Completion<Integer, Callable<Integer>> completion : mine) {
            assertFalse(seen[completion.index()], "taken twice: " + completion.index());
            seen[completion.index()] = true;
            assertSame(tasks.get(completion.index()), completion.handle());
            assertEquals(completion.index(), completion.value());
            count++;
          }
        }
        assertEquals(TASKS, count);
      }
    }
  }

  private static void runRound(int round, boolean ordered) throws Exception {
    int limit = 1 + round % 4;
    // Odd rounds never release the tasks: only the close can stop them.
    boolean release = round % 2 == 0;
    CountDownLatch go = new CountDownLatch(1);
    List<Callable<Integer>> tasks = tasks(go);
    AtomicInteger takes = new AtomicInteger();
    CountingSource<Callable<Integer>> source =
        new CountingSource<>(tasks, () -> takes.get() + limit);
    List<Completion<Integer, Callable<Integer>>> delivered = new ArrayList<>();
    WindowCloseRace.Raced raced =
        WindowCloseRace.run(source, limit, ordered, release, go, takes, delivered);
    Completions<Integer, Callable<Integer>> results = raced.results();
    boolean closedFirst = raced.closedFirst();

    source.assertNoViolations();
    assertThrows(CancellationException.class, results::take, "closed");
    boolean[] seen = new boolean[TASKS];
    for (int i = 0; i < delivered.size(); i++) {
      Completion<Integer, Callable<Integer>> completion = delivered.get(i);
      assertTrue(completion.index() < source.pulled(), "delivered before it was pulled");
      assertFalse(seen[completion.index()], "delivered twice: " + completion.index());
      seen[completion.index()] = true;
      checkCompletion(tasks, completion);
      if (ordered) {
        assertEquals(i, completion.index(), "source order");
      }
    }
    if (!closedFirst) {
      assertEquals(TASKS, delivered.size(), "ended without a close: every handle delivered");
    }
    if (!release) {
      assertTrue(closedFirst);
      assertEquals(0, delivered.size());
    }
  }

  /** Tasks that wait for {@code go} and then return their index, every fourth one failing instead. */
  private static List<Callable<Integer>> tasks(CountDownLatch go) {
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < TASKS; i++) {
      int index = i;
      tasks.add(
          () -> {
            go.await();
            if (index % 4 == 3) {
              throw new IllegalStateException("task " + index);
            }
            return index;
          });
    }
    return tasks;
  }

  private static void checkCompletion(
      List<Callable<Integer>> tasks, Completion<Integer, Callable<Integer>> completion) {
    int index = completion.index();
    assertSame(tasks.get(index), completion.handle());
    if (index % 4 == 3) {
      Outcome.Failure<?> failure = assertInstanceOf(Outcome.Failure.class, completion.outcome());
      assertEquals("task " + index, failure.exception().getMessage());
    } else {
      assertEquals(index, completion.value());
    }
  }

  /**
   * A task finishing just as the only taker starts to wait: the result reaches the taker. Finishing
   * tasks add their result without the lock while nobody waits, so each round lines the two up on
   * a barrier; a result stranded beside a waiting taker would leave the taker blocked (caught by
   * the join's guard).
   */
  @Test
  void take_racesArrival_resultNeverStranded() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      for (StressRace stress = StressBudget.race(StressBudget.rounds() * 10); stress.nextRound(); ) {
        int round = stress.round();
        CyclicBarrier both = new CyclicBarrier(2);
        Integer value = round;
        List<Callable<Integer>> tasks =
            List.of(
                () -> {
                  both.await();
                  return value;
                });
        try (Completions<Integer, Callable<Integer>> results =
            round % 2 == 0
                ? FaninBlocking.asCompleted(tasks, pool)
                : FaninBlocking.asCompleted(tasks.iterator(), 1, pool)) {
          Forked taker =
              Forks.start(
                  "taker",
                  () -> {
                    both.await();
                    assertSame(value, results.take().value());
                  });
          taker.join();
          assertFalse(results.hasNext());
        }
      }
    } finally {
      pool.shutdown();
      assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    }
  }

  /**
   * A bounded iteration that has started hundreds of tasks (so its task registry has been pruned
   * many times while pool threads stopped tasks) and then closes with a full window of tasks
   * blocked: close interrupts every one of them and returns only once they have all stopped, and no
   * later task ever starts.
   */
  @Test
  void bounded_closeAfterManyStarts_everyRunningTaskStopsBeforeCloseReturns() throws Exception {
    int quick = 300;
    int limit = 8;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (StressRace stress = StressBudget.race(Math.max(1, StressBudget.rounds() / 4)); stress.nextRound(); ) {
        int round = stress.round();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger started = new AtomicInteger();
        CountDownLatch never = new CountDownLatch(1);
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < quick + 100; i++) {
          int value = i;
          tasks.add(
              () -> {
                started.incrementAndGet();
                running.incrementAndGet();
                try {
                  if (value >= quick) {
                    never.await();
                  }
                  return value;
                } finally {
                  running.decrementAndGet();
                }
              });
        }
        Completions<Integer, Callable<Integer>> results =
            FaninBlocking.asCompleted(tasks.iterator(), limit, pool);
        for (int taken = 0; taken < quick; taken++) {
          assertTrue(results.take().value() < quick);
        }
        results.close();
        assertEquals(0, running.get(), "round " + round + ": a task still runs after close");
        assertTrue(started.get() <= quick + limit, "started " + started.get());
        assertFalse(results.hasNext());
      }
    } finally {
      pool.shutdown();
      assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    }
  }

  /**
   * hasNext() never answers true when no result is left, even while a worker thread is asking the
   * source for the next task after the last one (each round races that pull with hasNext).
   */
  @Test
  void bounded_hasNextRacesLastPull_neverPromisesAMissingResult() throws Exception {
    for (StressRace stress = StressBudget.race(StressBudget.rounds() * 10); stress.nextRound(); ) {
      int round = stress.round();
      List<Callable<Integer>> tasks = List.of(() -> 0, () -> 1, () -> 2, () -> 3);
      int taken = 0;
      try (Completions<Integer, Callable<Integer>> results =
          FaninBlocking.asCompleted(tasks.iterator(), 1)) {
        while (results.hasNext()) {
          results.take();
          taken++;
        }
      }
      assertEquals(4, taken, "round " + round);
    }
  }
}

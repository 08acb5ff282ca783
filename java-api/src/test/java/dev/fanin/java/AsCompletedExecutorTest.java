package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.Completion;
import dev.fanin.Outcome;
import dev.fanin.testing.NoLeaksExtension;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** asCompleted with the caller's Executor: tasks run there, and a rejection is a task's failure. */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class AsCompletedExecutorTest {
  private static final String POOL_PREFIX = "as-completed-pool-";

  private ExecutorService pool;

  @BeforeEach
  void startPool() {
    AtomicInteger ids = new AtomicInteger();
    pool =
        Executors.newFixedThreadPool(
            2, task -> new Thread(task, POOL_PREFIX + ids.incrementAndGet()));
  }

  @AfterEach
  void stopPool() throws InterruptedException {
    pool.shutdown();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
  }

  /** Every task of the list form runs on the given executor, and every result arrives once. */
  @Test
  void asCompleted_listOnExecutor_everyTaskRunsThereOnce() throws Exception {
    List<Callable<String>> tasks = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      tasks.add(() -> Thread.currentThread().getName());
    }
    Set<Integer> indexes = new HashSet<>();
    try (Completions<String, Callable<String>> results = FaninBlocking.asCompleted(tasks, pool)) {
      while (results.hasNext()) {
        Completion<String, Callable<String>> next = results.take();
        assertTrue(next.value().startsWith(POOL_PREFIX), next.value());
        assertTrue(indexes.add(next.index()));
      }
    }
    assertEquals(20, indexes.size());
  }

  /** The future form runs on the executor too. */
  @Test
  void asCompletedFutures_listOnExecutor_runsThere() {
    List<Callable<String>> tasks = List.of(() -> Thread.currentThread().getName());
    List<CompletableFuture<Completion<String, Callable<String>>>> results =
        Fanin.asCompleted(tasks, pool);
    assertTrue(results.get(0).join().value().startsWith(POOL_PREFIX));
  }

  /** The bounded form runs every task of the source on the executor. */
  @Test
  void asCompletedBounded_onExecutor_everyTaskRunsThere() throws Exception {
    List<Callable<String>> tasks = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      tasks.add(() -> Thread.currentThread().getName());
    }
    int count = 0;
    try (Completions<String, Callable<String>> results =
        FaninBlocking.asCompleted(tasks.iterator(), 4, pool)) {
      while (results.hasNext()) {
        assertTrue(results.take().value().startsWith(POOL_PREFIX));
        count++;
      }
    }
    assertEquals(50, count);
  }

  /** The bounded publisher form delivers the results of tasks run on the executor. */
  @Test
  void asCompletedPublisher_onExecutor_everyTaskRunsThere() throws Exception {
    List<Callable<String>> tasks = List.of(() -> Thread.currentThread().getName(), () -> "x");
    RecordingSubscriber<Completion<String, Callable<String>>> subscriber =
        new RecordingSubscriber<>();
    Fanin.asCompleted(tasks.iterator(), 1, pool).subscribe(subscriber);
    subscriber.request(Long.MAX_VALUE);
    Set<String> values = new HashSet<>();
    values.add(subscriber.awaitNext().value());
    values.add(subscriber.awaitNext().value());
    subscriber.awaitComplete();
    subscriber.assertNoViolations();
    assertTrue(values.remove("x"));
    assertTrue(values.iterator().next().startsWith(POOL_PREFIX));
  }

  /**
   * Every input shape of the bounded forms (iterator, iterable, stream; completion and source
   * order; blocking and publisher) has an executor overload, and runs every task there.
   */
  @Test
  void asCompletedBounded_everyShapeOnExecutor_everyTaskRunsThere() throws Exception {
    List<Callable<String>> tasks = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      int index = i;
      tasks.add(() -> index + "@" + Thread.currentThread().getName());
    }
    // Suppliers: each form starts its tasks only when its turn comes.
    List<Supplier<Completions<String, Callable<String>>>> blocking =
        List.of(
            () -> FaninBlocking.asCompleted(tasks, 3, pool),
            () -> FaninBlocking.asCompleted(tasks.stream(), 3, pool),
            () -> FaninBlocking.asCompletedOrdered(tasks.iterator(), 3, pool),
            () -> FaninBlocking.asCompletedOrdered(tasks, 3, pool),
            () -> FaninBlocking.asCompletedOrdered(tasks.stream(), 3, pool));
    for (int form = 0; form < blocking.size(); form++) {
      boolean ordered = form >= 2;
      List<String> values = new ArrayList<>();
      try (Completions<String, Callable<String>> results = blocking.get(form).get()) {
        results.forEachRemaining(result -> values.add(result.value()));
      }
      assertRanOnPool(values, ordered);
    }
    List<Supplier<Flow.Publisher<Completion<String, Callable<String>>>>> publishers =
        List.of(
            () -> Fanin.asCompleted(tasks, 3, pool),
            () -> Fanin.asCompleted(tasks.stream(), 3, pool),
            () -> Fanin.asCompletedOrdered(tasks.iterator(), 3, pool),
            () -> Fanin.asCompletedOrdered(tasks, 3, pool),
            () -> Fanin.asCompletedOrdered(tasks.stream(), 3, pool));
    for (int form = 0; form < publishers.size(); form++) {
      RecordingSubscriber<Completion<String, Callable<String>>> subscriber =
          new RecordingSubscriber<>();
      publishers.get(form).get().subscribe(subscriber);
      subscriber.request(Long.MAX_VALUE);
      List<String> values = new ArrayList<>();
      for (int i = 0; i < tasks.size(); i++) {
        values.add(subscriber.awaitNext().value());
      }
      subscriber.awaitComplete();
      subscriber.assertNoViolations();
      assertRanOnPool(values, form >= 2);
    }
  }

  /** Each value is "index@thread": every task ran on the pool, once; in order if {@code ordered}. */
  private static void assertRanOnPool(List<String> values, boolean ordered) {
    assertEquals(12, values.size(), values.toString());
    Set<Integer> indexes = new HashSet<>();
    for (int i = 0; i < values.size(); i++) {
      String[] parts = values.get(i).split("@", 2);
      int index = Integer.parseInt(parts[0]);
      assertTrue(parts[1].startsWith(POOL_PREFIX), values.get(i));
      assertTrue(indexes.add(index), values.toString());
      if (ordered) {
        assertEquals(i, index, values.toString());
      }
    }
  }

  /** A task the executor rejects is a failed result in its turn; the iteration goes on. */
  @Test
  void asCompleted_executorRejects_failureWithRejectedExecutionException() throws Exception {
    ExecutorService stopped = Executors.newSingleThreadExecutor();
    stopped.shutdown();
    List<Callable<Integer>> tasks = List.of(() -> 1, () -> 2);
    try (Completions<Integer, Callable<Integer>> results =
        FaninBlocking.asCompleted(tasks, stopped)) {
      for (int i = 0; i < 2; i++) {
        Outcome<Integer> outcome = results.take().outcome();
        Outcome.Failure<?> failure = assertInstanceOf(Outcome.Failure.class, outcome);
        assertInstanceOf(RejectedExecutionException.class, failure.exception());
      }
      assertFalse(results.hasNext());
    }
  }

  /**
   * An executor that breaks its contract and throws something other than a rejection: the task
   * fails with that exception in its turn, and close does not wait for a task that never started.
   */
  @Test
  void asCompleted_executorThrowsOtherException_failureWithThatException() throws Exception {
    IllegalStateException broken = new IllegalStateException("broken executor");
    Executor throwing =
        command -> {
          throw broken;
        };
    try (Completions<Integer, Callable<Integer>> results =
        FaninBlocking.asCompleted(List.<Callable<Integer>>of(() -> 1), throwing)) {
      Outcome.Failure<?> failure =
          assertInstanceOf(Outcome.Failure.class, results.take().outcome());
      assertSame(broken, failure.exception());
      assertFalse(results.hasNext());
    }
  }
}

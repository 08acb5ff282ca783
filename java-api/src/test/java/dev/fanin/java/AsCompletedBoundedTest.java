package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.Completion;
import dev.fanin.Outcome;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** asCompleted and asCompletedOrdered over a lazy source with a bounded window, blocking form. */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class AsCompletedBoundedTest {

  /**
   * Tasks running plus results not yet taken never exceed the limit, and the window is used in
   * full, while gated tasks are released one at a time in a random order.
   */
  @OnEachThreadKind
  void asCompletedBounded_tasksReleasedOneAtATime_windowNeverExceedsLimit() throws Exception {
    int limit = 3;
    int n = 12;
    Window window = new Window(limit);
    List<GatedTask<Integer>> gated = new ArrayList<>();
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      GatedTask<Integer> task = GatedTask.returning(i);
      gated.add(task);
      tasks.add(
          () -> {
            window.taskStarted();
            return task.call();
          });
    }
    AtomicInteger takes = new AtomicInteger();
    CountingSource<Callable<Integer>> source =
        new CountingSource<>(tasks, () -> takes.get() + limit);
    Random random = new Random(42);
    boolean[] released = new boolean[n];
    try (Completions<Integer, Callable<Integer>> results =
        FaninBlocking.asCompleted(source, limit)) {
      assertEquals(limit, source.pulled(), "the window is filled at once, and no further");
      for (int taken = 0; taken < n; taken++) {
        // A take frees a slot but need not have refilled it when it returns (the refill may run on
        // the task's thread): wait for the window to be full again before choosing what to release.
        source.awaitPulled(Math.min(n, taken + limit));
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < source.pulled(); i++) {
          if (!released[i]) {
            candidates.add(i);
          }
        }
        for (int i : candidates) {
          gated.get(i).started.await();
        }
        int pick = candidates.get(random.nextInt(candidates.size()));
        released[pick] = true;
        gated.get(pick).open();

        takes.incrementAndGet();
        window.takeStarted();
        Completion<Integer, Callable<Integer>> next = results.take();
        window.taken();

        assertEquals(pick, next.index());
        assertSame(tasks.get(pick), next.handle());
        assertEquals(pick, next.value());
      }
      assertFalse(results.hasNext());
    }
    source.assertNoViolations();
    window.assertNoViolations();
    assertEquals(limit, window.max(), "the window was used in full");
  }

  /**
   * Before any take the source is pulled exactly limit times, even after those tasks finished; each
   * take lets it go at most one further.
   */
  @OnEachThreadKind
  void asCompletedBounded_slowConsumer_sourceNeverPulledMoreThanLimitAhead() throws Exception {
    int limit = 2;
    int n = 8;
    CountDownLatch firstTwoRan = new CountDownLatch(limit);
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int value = i;
      tasks.add(
          () -> {
            firstTwoRan.countDown();
            return value;
          });
    }
    AtomicInteger takes = new AtomicInteger();
    CountingSource<Callable<Integer>> source =
        new CountingSource<>(tasks, () -> takes.get() + limit);
    List<Integer> indices = new ArrayList<>();
    try (Completions<Integer, Callable<Integer>> results =
        FaninBlocking.asCompleted(source, limit)) {
      firstTwoRan.await();
      assertEquals(limit, source.pulled(), "finished but untaken results hold their slots");
      while (results.hasNext()) {
        assertTrue(source.pulled() <= takes.get() + limit);
        takes.incrementAndGet();
        Completion<Integer, Callable<Integer>> next = results.take();
        assertSame(tasks.get(next.index()), next.handle());
        indices.add(next.index());
      }
    }
    source.assertNoViolations();
    Collections.sort(indices);
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      expected.add(i);
    }
    assertEquals(expected, indices);
  }

  /** A failed task is a result like any other, and the iteration goes on. */
  @Test
  void asCompletedBounded_taskFails_deliveredAsAResult() throws Exception {
    IllegalStateException boom = new IllegalStateException("boom");
    GatedTask<String> failing = GatedTask.failing(boom);
    GatedTask<String> fine = GatedTask.returning("fine");
    try (Completions<String, Callable<String>> results =
        FaninBlocking.asCompleted(List.<Callable<String>>of(failing, fine).iterator(), 2)) {
      failing.open();
      Completion<String, Callable<String>> failed = results.take();
      assertSame(failing, failed.handle());
      assertSame(boom, assertInstanceOf(Outcome.Failure.class, failed.outcome()).exception());
      fine.open();
      assertEquals("fine", results.take().value());
      assertFalse(results.hasNext());
    }
  }

  /** A source that throws fails take() with that exception and cancels the running tasks. */
  @OnEachThreadKind
  void asCompletedBounded_sourceThrows_takeThrowsItAndRunningTasksCancelled() throws Exception {
    BlockedTask<String> blocked = new BlockedTask<>();
    IllegalStateException broken = new IllegalStateException("source broke");
    Iterator<Callable<String>> source =
        new Iterator<>() {
          private int pulled;

          @Override
          public boolean hasNext() {
            return true;
          }

          @Override
          public Callable<String> next() {
            if (pulled++ == 0) {
              return blocked;
            }
            awaitStarted(blocked);
            throw broken;
          }
        };
    try (Completions<String, Callable<String>> results = FaninBlocking.asCompleted(source, 2)) {
      assertSame(broken, assertThrows(IllegalStateException.class, results::take));
      blocked.stopped.await();
      assertTrue(blocked.interrupted);
      assertTrue(results.hasNext(), "hasNext() is true so that next() reports the failure");
      assertSame(broken, assertThrows(IllegalStateException.class, results::next));
    }
  }

  /** A source that throws after some results were taken fails the next take with its exception. */
  @Test
  void asCompletedBounded_sourceThrowsLater_resultsBeforeThenItsException() throws Exception {
    IllegalStateException broken = new IllegalStateException("source broke");
    Callable<String> first = () -> "first";
    Iterator<Callable<String>> source =
        new Iterator<>() {
          private int pulled;

          @Override
          public boolean hasNext() {
            return true;
          }

          @Override
          public Callable<String> next() {
            if (pulled++ == 0) {
              return first;
            }
            throw broken;
          }
        };
    try (Completions<String, Callable<String>> results = FaninBlocking.asCompleted(source, 1)) {
      assertSame(first, results.take().handle());
      assertSame(broken, assertThrows(IllegalStateException.class, results::take));
    }
  }

  /** A source that yields null fails the iteration with NullPointerException naming source[i]. */
  @Test
  void asCompletedBounded_sourceYieldsNull_nullPointerExceptionNamingIndex() {
    List<Callable<String>> withNull = new ArrayList<>();
    withNull.add(() -> "x");
    withNull.add(null);
    try (Completions<String, Callable<String>> results =
        FaninBlocking.asCompleted(withNull.iterator(), 2)) {
      NullPointerException thrown = assertThrows(NullPointerException.class, results::take);
      assertEquals("source[1]", thrown.getMessage());
    }
  }

  /** A limit below 1 throws IllegalArgumentException naming the limit, and pulls nothing. */
  @ParameterizedTest
  @ValueSource(ints = {0, -1})
  void asCompletedBounded_limitBelowOne_throwsIllegalArgumentException(int limit) {
    CountingSource<Callable<String>> source = new CountingSource<>(List.of(() -> "x"));
    IllegalArgumentException thrown =
        assertThrows(IllegalArgumentException.class, () -> FaninBlocking.asCompleted(source, limit));
    assertTrue(thrown.getMessage().contains("limit"), thrown.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> FaninBlocking.asCompletedOrdered(source, limit));
    assertThrows(IllegalArgumentException.class, () -> Fanin.asCompleted(source, limit));
    assertThrows(IllegalArgumentException.class, () -> Fanin.asCompletedOrdered(source, limit));
    assertEquals(0, source.pulled());
  }

  /** A null source throws NullPointerException naming it. */
  @Test
  void asCompletedBounded_nullSource_throwsNullPointerExceptionNamingIt() {
    assertEquals(
        "source",
        assertThrows(
                NullPointerException.class,
                () -> FaninBlocking.asCompleted((Iterator<Callable<String>>) null, 1))
            .getMessage());
  }

  /** An Iterable source is pulled through its iterator, with the same window. */
  @Test
  void asCompletedBounded_iterableSource_everyTaskOnce() throws Exception {
    List<Callable<Integer>> tasks = List.of(() -> 0, () -> 1, () -> 2);
    List<Integer> indices = new ArrayList<>();
    try (Completions<Integer, Callable<Integer>> results =
        FaninBlocking.asCompletedOrdered((Iterable<Callable<Integer>>) tasks, 1)) {
      while (results.hasNext()) {
        Completion<Integer, Callable<Integer>> next = results.take();
        assertSame(tasks.get(next.index()), next.handle());
        indices.add(next.value());
      }
    }
    assertEquals(List.of(0, 1, 2), indices);
  }

  /** A Stream source is consumed lazily, within the window, and the iteration does not close it. */
  @Test
  void asCompletedBounded_streamSource_consumedLazilyAndNotClosed() throws Exception {
    AtomicInteger produced = new AtomicInteger();
    AtomicInteger streamClosed = new AtomicInteger();
    Stream<Callable<Integer>> source =
        IntStream.range(0, 5)
            .<Callable<Integer>>mapToObj(
                i -> {
                  produced.incrementAndGet();
                  return () -> i;
                })
            .onClose(streamClosed::incrementAndGet);
    try (Completions<Integer, Callable<Integer>> results = FaninBlocking.asCompleted(source, 2)) {
      assertTrue(produced.get() <= 2, () -> "produced " + produced.get() + " with limit 2");
      int count = 0;
      while (results.hasNext()) {
        results.take();
        count++;
      }
      assertEquals(5, count);
    }
    assertEquals(0, streamClosed.get());
    source.close();
  }

  /** An empty source gives an iteration that has ended. */
  @Test
  void asCompletedBounded_emptySource_hasNoNext() {
    try (Completions<String, Callable<String>> results =
        FaninBlocking.asCompleted(List.<Callable<String>>of().iterator(), 4)) {
      assertFalse(results.hasNext());
      assertThrows(NoSuchElementException.class, results::next);
    }
  }

  /** Closing interrupts the running tasks and the source is pulled no further. */
  @OnEachThreadKind
  void asCompletedBounded_closed_interruptsTasksAndStopsPulling() throws Exception {
    List<BlockedTask<String>> blocked = List.of(new BlockedTask<>(), new BlockedTask<>());
    List<Callable<String>> tasks = new ArrayList<>(blocked);
    tasks.add(() -> "never pulled");
    CountingSource<Callable<String>> source = new CountingSource<>(tasks);
    Completions<String, Callable<String>> results = FaninBlocking.asCompleted(source, 2);
    for (BlockedTask<String> task : blocked) {
      task.started.await();
    }

    results.close();

    for (BlockedTask<String> task : blocked) {
      task.stopped.await();
      assertTrue(task.interrupted);
    }
    assertThrows(CancellationException.class, results::take);
    assertFalse(results.hasNext(), "a closed iteration has no next");
    assertEquals(2, source.pulled());
  }

  /** A long source with a small limit delivers every task exactly once. */
  @Test
  void asCompletedBounded_longSource_everyTaskOnce() throws Exception {
    int n = 10_000;
    Iterator<Callable<Integer>> source =
        new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < n;
          }

          @Override
          public Callable<Integer> next() {
            int value = next++;
            return () -> value;
          }
        };
    boolean[] seen = new boolean[n];
    int count = 0;
    try (Completions<Integer, Callable<Integer>> results = FaninBlocking.asCompleted(source, 8)) {
      while (results.hasNext()) {
        Completion<Integer, Callable<Integer>> next = results.take();
        assertEquals(next.index(), next.value());
        assertFalse(seen[next.index()], "delivered twice: " + next.index());
        seen[next.index()] = true;
        count++;
      }
    }
    assertEquals(n, count);
  }

  /**
   * asCompletedOrdered yields results in source order although the tasks finish in reverse, holding
   * back early results without pulling past the limit.
   */
  @OnEachThreadKind
  void asCompletedOrdered_tasksFinishInReverse_yieldsSourceOrder() throws Exception {
    int limit = 3;
    int n = 6;
    List<GatedTask<Integer>> gated = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      gated.add(GatedTask.returning(i));
    }
    AtomicInteger takes = new AtomicInteger();
    CountingSource<Callable<Integer>> source =
        new CountingSource<>(gated, () -> takes.get() + limit);
    try (Completions<Integer, Callable<Integer>> results =
        FaninBlocking.asCompletedOrdered(source, limit)) {
      for (int batch = 0; batch < n; batch += limit) {
        for (int i = batch + limit - 1; i > batch; i--) {
          gated.get(i).open();
          gated.get(i).stopped.await();
        }
        assertEquals(batch + limit, source.pulled(), "held-back results keep their slots");
        gated.get(batch).open();
        for (int i = batch; i < batch + limit; i++) {
          takes.incrementAndGet();
          Completion<Integer, Callable<Integer>> next = results.take();
          assertEquals(i, next.index());
          assertSame(gated.get(i), next.handle());
          assertEquals(i, next.value());
        }
      }
      assertFalse(results.hasNext());
    }
    source.assertNoViolations();
  }

  /** asCompletedOrdered delivers a failed task in its source position. */
  @Test
  void asCompletedOrdered_taskFails_deliveredInSourcePosition() throws Exception {
    IllegalStateException boom = new IllegalStateException("boom");
    GatedTask<String> first = GatedTask.returning("first");
    GatedTask<String> failing = GatedTask.failing(boom);
    try (Completions<String, Callable<String>> results =
        FaninBlocking.asCompletedOrdered(
            List.<Callable<String>>of(first, failing).iterator(), 2)) {
      failing.open();
      failing.stopped.await();
      first.open();
      assertEquals("first", results.take().value());
      Completion<String, Callable<String>> second = results.take();
      assertEquals(1, second.index());
      assertSame(boom, assertThrows(IllegalStateException.class, second::value));
    }
  }

  /**
   * Counts tasks started and not yet taken. A take hands its result out, and so frees its slot,
   * before it returns to the test, so the next task may start while the take is still in progress;
   * that result counts as taken from then on.
   */
  private static final class Window {
    private final int limit;
    private int open;
    private boolean taking;
    private int max;
    private String violation;

    Window(int limit) {
      this.limit = limit;
    }

    synchronized void taskStarted() {
      open++;
      int occupied = taking ? open - 1 : open;
      max = Math.max(max, occupied);
      if (occupied > limit && violation == null) {
        violation = occupied + " tasks running or untaken with limit " + limit;
      }
    }

    synchronized void takeStarted() {
      taking = true;
    }

    synchronized void taken() {
      open--;
      taking = false;
    }

    synchronized int max() {
      return max;
    }

    synchronized void assertNoViolations() {
      if (violation != null) {
        throw new AssertionError(violation);
      }
    }
  }

  private static void awaitStarted(BlockedTask<?> task) {
    try {
      task.started.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}

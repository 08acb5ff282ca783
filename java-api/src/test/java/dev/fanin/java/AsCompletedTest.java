package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.Completion;
import dev.fanin.Outcome;
import dev.fanin.UncheckedTaskException;
import dev.fanin.testing.Forked;
import dev.fanin.testing.Forks;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** asCompleted over a list of Callables or of the caller's futures, in both forms. */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class AsCompletedTest {
  private static final Duration SHORT = Duration.ofMillis(20);
  private static final Duration LONG = Duration.ofMinutes(10);

  /** Results are taken in the order the tasks complete, each with its task's index and handle. */
  @OnEachThreadKind
  void asCompletedBlocking_tasksCompleteInChosenOrder_takenInCompletionOrder() throws Exception {
    List<GatedTask<String>> tasks =
        List.of(GatedTask.returning("a"), GatedTask.returning("b"), GatedTask.returning("c"));
    try (Completions<String, Callable<String>> results = FaninBlocking.asCompleted(tasks)) {
      for (int index : new int[] {2, 0, 1}) {
        tasks.get(index).open();
        Completion<String, Callable<String>> next = results.take();
        assertEquals(index, next.index());
        assertSame(tasks.get(index), next.handle());
        assertTrue(next.isSuccess());
        assertEquals(List.of("a", "b", "c").get(index), next.value());
      }
      assertFalse(results.hasNext());
      assertThrows(NoSuchElementException.class, results::take);
    }
  }

  /** The caller's futures are taken in the order they complete, each with its index and the future. */
  @Test
  void asCompletedFuturesBlocking_futuresCompleteInChosenOrder_takenInCompletionOrder()
      throws Exception {
    List<CompletableFuture<String>> futures =
        List.of(new CompletableFuture<>(), new CompletableFuture<>(), new CompletableFuture<>());
    try (Completions<String, CompletableFuture<String>> results =
        FaninBlocking.asCompletedFutures(futures)) {
      for (int index : new int[] {1, 2, 0}) {
        futures.get(index).complete("v" + index);
        Completion<String, CompletableFuture<String>> next = results.take();
        assertEquals(index, next.index());
        assertSame(futures.get(index), next.handle());
        assertEquals("v" + index, next.value());
      }
      assertFalse(results.hasNext());
    }
  }

  /** A failed task is a result in its turn, and the other tasks go on to deliver theirs. */
  @OnEachThreadKind
  void asCompletedBlocking_taskFails_deliveredInItsTurnOthersContinue() throws Exception {
    IllegalStateException boom = new IllegalStateException("boom");
    GatedTask<String> first = GatedTask.returning("first");
    GatedTask<String> failing = GatedTask.failing(boom);
    GatedTask<String> last = GatedTask.returning("last");
    List<GatedTask<String>> tasks = List.of(first, failing, last);
    try (Completions<String, Callable<String>> results = FaninBlocking.asCompleted(tasks)) {
      failing.open();
      Completion<String, Callable<String>> failed = results.take();
      assertEquals(1, failed.index());
      assertSame(failing, failed.handle());
      assertFalse(failed.isSuccess());
      assertSame(boom, assertInstanceOf(Outcome.Failure.class, failed.outcome()).exception());
      assertFalse(first.hasStopped());
      assertFalse(last.hasStopped());

      last.open();
      assertEquals("last", results.take().value());
      first.open();
      assertEquals("first", results.take().value());
      assertFalse(first.interrupted || last.interrupted);
    }
  }

  /** Completion.value() throws an unchecked exception as it is and wraps a checked one. */
  @Test
  void completionValue_inputFailed_throwsTheInputsException() throws Exception {
    IllegalStateException unchecked = new IllegalStateException("unchecked");
    IOException checked = new IOException("checked");
    CompletableFuture<String> cancelled = new CompletableFuture<>();
    cancelled.cancel(false);
    List<CompletableFuture<String>> futures =
        List.of(
            CompletableFuture.failedFuture(unchecked),
            CompletableFuture.failedFuture(checked),
            cancelled);
    try (Completions<String, CompletableFuture<String>> results =
        FaninBlocking.asCompletedFutures(futures)) {
      List<Completion<String, CompletableFuture<String>>> all = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        all.add(results.take());
      }
      all.sort((x, y) -> Integer.compare(x.index(), y.index()));

      assertSame(unchecked, assertThrows(IllegalStateException.class, all.get(0)::value));
      assertSame(
          checked, assertThrows(UncheckedTaskException.class, all.get(1)::value).getCause());
      assertInstanceOf(Outcome.Cancelled.class, all.get(2).outcome());
      assertThrows(CancellationException.class, all.get(2)::value);
    }
  }

  /** A task that returns null gives a successful completion whose value is null. */
  @Test
  void asCompletedBlocking_taskReturnsNull_valueIsNull() throws Exception {
    List<Callable<String>> tasks = List.of(() -> null);
    try (Completions<String, Callable<String>> results = FaninBlocking.asCompleted(tasks)) {
      Completion<String, Callable<String>> only = results.take();
      assertTrue(only.isSuccess());
      assertEquals(null, only.value());
    }
  }

  /**
   * After the deadline, results that were ready are still taken, then take() throws
   * TimeoutException and next() UncheckedTimeoutException; the late input is not cancelled.
   */
  @OnEachThreadKind
  void asCompletedFuturesBlocking_timeout_readyResultsThenTimeoutException() throws Exception {
    CompletableFuture<String> ready = CompletableFuture.completedFuture("ready");
    CompletableFuture<String> never = new CompletableFuture<>();
    try (Completions.Timed<String, CompletableFuture<String>> results =
        FaninBlocking.asCompletedFutures(List.of(never, ready), SHORT)) {
      Completion<String, CompletableFuture<String>> first = results.take();
      assertSame(ready, first.handle());
      assertEquals(1, first.index());

      assertThrows(TimeoutException.class, results::take);
      UncheckedTimeoutException unchecked =
          assertThrows(UncheckedTimeoutException.class, results::next);
      assertInstanceOf(TimeoutException.class, unchecked.getCause());
      assertFalse(never.isDone());

      never.complete("late");
      assertThrows(TimeoutException.class, results::take, "after the deadline only the timeout");
    }
    assertFalse(never.isCancelled());
  }

  /**
   * The deadline cancels the tasks still running, as the futures form and the Kotlin flow do: take()
   * throws TimeoutException once the blocked task was interrupted and has stopped.
   */
  @OnEachThreadKind
  void asCompletedBlocking_timeout_cancelsRunningTasksBeforeThrowing() throws Exception {
    BlockedTask<String> blocked = new BlockedTask<>();
    try (Completions.Timed<String, Callable<String>> results =
        FaninBlocking.asCompleted(List.of(blocked), SHORT)) {
      assertThrows(TimeoutException.class, results::take);
      // asCompleted's deadline counts from the call (adr/0006): on a loaded machine it may pass
      // before the executor starts the task, which then never runs. A task that started was
      // interrupted and has stopped before take() threw.
      if (blocked.started.getCount() == 0) {
        assertTrue(blocked.hasStopped(), "the task stopped before take() threw");
        assertTrue(blocked.interrupted);
      }
      assertThrows(TimeoutException.class, results::take, "after the deadline only the timeout");
    }
    assertEquals(0, dev.fanin.interop.EngineDiagnostics.runningTasks());
  }

  /**
   * hasNext() after the deadline answers at once (true: next() then reports the timeout), even
   * when nothing was pulled before the deadline.
   */
  @Test
  void completionsHasNext_zeroTimeout_answersWithoutSpinning() throws Exception {
    CompletableFuture<String> never = new CompletableFuture<>();
    try (Completions.Timed<String, CompletableFuture<String>> results =
        FaninBlocking.asCompletedFutures(List.of(never), Duration.ZERO)) {
      AtomicBoolean answer = new AtomicBoolean();
      Forked probe = Forks.start("hasNext", () -> answer.set(results.hasNext()));
      probe.join(Duration.ofSeconds(10));
      assertTrue(answer.get());
      assertThrows(UncheckedTimeoutException.class, results::next);
    }
  }

  /** A zero timeout polls (adr/0006): inputs already complete are delivered, then the timeout. */
  @Test
  void asCompletedFuturesBlocking_zeroTimeout_deliversInputsAlreadyComplete() throws Exception {
    CompletableFuture<String> ready = CompletableFuture.completedFuture("ready");
    CompletableFuture<String> never = new CompletableFuture<>();
    try (Completions.Timed<String, CompletableFuture<String>> results =
        FaninBlocking.asCompletedFutures(List.of(never, ready), Duration.ZERO)) {
      assertSame(ready, results.take().handle());
      assertThrows(TimeoutException.class, results::take);
    }
  }

  /** Closing the iteration interrupts the tasks Fanin started, and later takes are cancelled. */
  @OnEachThreadKind
  void completionsClose_faninStartedTasks_cancelledAndInterrupted() throws Exception {
    BlockedTask<String> first = new BlockedTask<>();
    BlockedTask<String> second = new BlockedTask<>();
    Completions<String, Callable<String>> results =
        FaninBlocking.asCompleted(List.of(first, second));
    first.started.await();
    second.started.await();

    results.close();

    first.stopped.await();
    second.stopped.await();
    assertTrue(first.interrupted);
    assertTrue(second.interrupted);
    assertThrows(CancellationException.class, results::take);
    assertFalse(results.hasNext(), "a closed iteration has no next");
    results.close(); // a second close is harmless
  }

  /** Closing the iteration never cancels the caller's futures. */
  @Test
  void completionsClose_callerFutures_notCancelled() throws Exception {
    CompletableFuture<String> a = new CompletableFuture<>();
    CompletableFuture<String> b = new CompletableFuture<>();
    Completions<String, CompletableFuture<String>> results =
        FaninBlocking.asCompletedFutures(List.of(a, b));

    results.close();

    assertFalse(a.isDone());
    assertFalse(b.isDone());
    assertThrows(CancellationException.class, results::take);
    a.complete("a"); // arrives after close: dropped quietly
  }

  /** An interrupted take() throws InterruptedException with the status cleared, and closes. */
  @OnEachThreadKind
  void completionsTake_callerInterrupted_throwsAndCloses() throws Exception {
    BlockedTask<String> blocked = new BlockedTask<>();
    Thread caller = Thread.currentThread();
    try (Completions<String, Callable<String>> results =
        FaninBlocking.asCompleted(List.of(blocked))) {
      Forked interrupter =
          Forks.start(
              "interrupter",
              () -> {
                blocked.started.await();
                caller.interrupt();
              });

      assertThrows(InterruptedException.class, results::take);

      assertFalse(Thread.currentThread().isInterrupted());
      interrupter.join();
      blocked.stopped.await();
      assertTrue(blocked.interrupted);
      assertThrows(CancellationException.class, results::take);
    }
  }

  /**
   * An interrupted next() closes, restores the interrupt status and throws CancellationException
   * caused by the InterruptedException.
   */
  @OnEachThreadKind
  void completionsNext_callerInterrupted_throwsCancellationAndKeepsStatus() throws Exception {
    BlockedTask<String> blocked = new BlockedTask<>();
    Thread caller = Thread.currentThread();
    try (Completions<String, Callable<String>> results =
        FaninBlocking.asCompleted(List.of(blocked))) {
      Forked interrupter =
          Forks.start(
              "interrupter",
              () -> {
                blocked.started.await();
                caller.interrupt();
              });

      CancellationException thrown = assertThrows(CancellationException.class, results::next);

      assertTrue(Thread.interrupted(), "next() sets the interrupt status again");
      assertInstanceOf(InterruptedException.class, thrown.getCause());
      interrupter.join();
      blocked.stopped.await();
      assertTrue(blocked.interrupted);
    }
  }

  /** The Iterator view yields every result in completion order and then reports the end. */
  @OnEachThreadKind
  void completionsIterator_hasNextNext_yieldsAllInCompletionOrder() throws Exception {
    List<GatedTask<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      tasks.add(GatedTask.returning(i));
    }
    int[] order = {3, 1, 0, 2};
    List<Integer> seen = new ArrayList<>();
    try (Completions<Integer, Callable<Integer>> results = FaninBlocking.asCompleted(tasks)) {
      tasks.get(order[0]).open();
      while (results.hasNext()) {
        Completion<Integer, Callable<Integer>> next = results.next();
        assertSame(tasks.get(next.index()), next.handle());
        seen.add(next.value());
        if (seen.size() < order.length) {
          tasks.get(order[seen.size()]).open();
        }
      }
      assertThrows(NoSuchElementException.class, results::next);
    }
    assertEquals(List.of(3, 1, 0, 2), seen);
  }

  /** The stream view yields every result once. */
  @Test
  void completionsStream_allTasksFinish_yieldsEveryIndexOnce() {
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      int value = i;
      tasks.add(() -> value);
    }
    Set<Integer> indices;
    try (Stream<Completion<Integer, Callable<Integer>>> stream =
        FaninBlocking.asCompleted(tasks).stream()) {
      indices =
          stream
              .peek(c -> assertEquals(c.index(), c.value()))
              .map(Completion::index)
              .collect(Collectors.toSet());
    }
    Set<Integer> expected = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      expected.add(i);
    }
    assertEquals(expected, indices);
  }

  /** Closing the stream closes the iteration and interrupts the tasks still running. */
  @OnEachThreadKind
  void completionsStream_closed_closesIterationAndInterruptsTasks() throws Exception {
    GatedTask<String> quick = GatedTask.returning("quick");
    BlockedTask<String> blocked = new BlockedTask<>();
    Completions<String, Callable<String>> results =
        FaninBlocking.asCompleted(List.<Callable<String>>of(quick, blocked));
    // A task cancelled before it started never runs, and its latches would never open.
    blocked.started.await();
    quick.open();
    Optional<Completion<String, Callable<String>>> first;
    try (Stream<Completion<String, Callable<String>>> stream = results.stream()) {
      first = stream.findFirst();
    }
    assertSame(quick, first.orElseThrow().handle());
    blocked.stopped.await();
    assertTrue(blocked.interrupted);
    assertThrows(CancellationException.class, results::take);
  }

  /** An empty list gives an iteration that has ended, and an empty list of futures. */
  @Test
  void asCompleted_emptyList_endsAtOnce() throws Exception {
    try (Completions<String, Callable<String>> results =
        FaninBlocking.asCompleted(List.<Callable<String>>of())) {
      assertFalse(results.hasNext());
      assertThrows(NoSuchElementException.class, results::take);
    }
    assertEquals(List.of(), Fanin.asCompleted(List.<Callable<String>>of()));
  }

  /** An input given twice is reported once per position, each time with its own index (adr/0006). */
  @Test
  void asCompletedFutures_inputGivenTwice_reportedOncePerPosition() throws Exception {
    CompletableFuture<String> twice = new CompletableFuture<>();
    try (Completions<String, CompletableFuture<String>> results =
        FaninBlocking.asCompletedFutures(List.of(twice, twice))) {
      twice.complete("x");
      Set<Integer> indices = new HashSet<>();
      for (int i = 0; i < 2; i++) {
        Completion<String, CompletableFuture<String>> next = results.take();
        assertSame(twice, next.handle());
        assertEquals("x", next.value());
        indices.add(next.index());
      }
      assertEquals(Set.of(0, 1), indices);
      assertFalse(results.hasNext());
    }
  }

  /** A null task or future throws NullPointerException naming its index, before any task starts. */
  @Test
  void asCompleted_nullElement_throwsNullPointerExceptionNamingIndex() {
    AtomicBoolean ran = new AtomicBoolean();
    List<Callable<String>> tasks =
        Arrays.asList(
            () -> {
              ran.set(true);
              return "x";
            },
            null);
    assertEquals(
        "tasks[1]",
        assertThrows(NullPointerException.class, () -> FaninBlocking.asCompleted(tasks))
            .getMessage());
    assertEquals(
        "tasks[1]",
        assertThrows(NullPointerException.class, () -> Fanin.asCompleted(tasks)).getMessage());
    List<CompletableFuture<String>> futures = Arrays.asList(null, new CompletableFuture<>());
    assertEquals(
        "futures[0]",
        assertThrows(NullPointerException.class, () -> Fanin.asCompletedFutures(futures))
            .getMessage());
    assertFalse(ran.get());
  }

  /** A negative timeout throws IllegalArgumentException naming the timeout, in every form. */
  @Test
  void asCompleted_negativeTimeout_throwsIllegalArgumentExceptionNamingTimeout() {
    Duration negative = Duration.ofMillis(-1);
    List<Callable<String>> tasks = List.of(() -> "x");
    List<CompletableFuture<String>> futures = List.of(new CompletableFuture<>());
    IllegalArgumentException thrown =
        assertThrows(
            IllegalArgumentException.class, () -> FaninBlocking.asCompleted(tasks, negative));
    assertTrue(thrown.getMessage().contains("timeout"), thrown.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Fanin.asCompleted(tasks, negative));
    assertThrows(
        IllegalArgumentException.class, () -> Fanin.asCompletedFutures(futures, negative));
    assertThrows(
        IllegalArgumentException.class,
        () -> FaninBlocking.asCompletedFutures(futures, negative));
  }

  /** In the future form the i-th future completes with the i-th task to complete. */
  @Test
  void asCompletedFutureForm_tasksCompleteInChosenOrder_ithFutureGetsIthCompletion()
      throws Exception {
    List<GatedTask<String>> tasks =
        List.of(GatedTask.returning("a"), GatedTask.returning("b"), GatedTask.returning("c"));
    List<CompletableFuture<Completion<String, Callable<String>>>> futures =
        Fanin.asCompleted(tasks);
    assertEquals(3, futures.size());
    assertThrows(UnsupportedOperationException.class, () -> futures.remove(0));
    int[] order = {1, 2, 0};
    for (int i = 0; i < order.length; i++) {
      assertFalse(futures.get(i).isDone());
      tasks.get(order[i]).open();
      Completion<String, Callable<String>> next = futures.get(i).get();
      assertEquals(order[i], next.index());
      assertSame(tasks.get(order[i]), next.handle());
    }
  }

  /** In the future form over the caller's futures, the i-th returned future gets the i-th input to complete. */
  @Test
  void asCompletedFuturesFutureForm_inputsCompleteInChosenOrder_ithFutureGetsIthCompletion() {
    List<CompletableFuture<String>> inputs =
        List.of(new CompletableFuture<>(), new CompletableFuture<>(), new CompletableFuture<>());
    List<CompletableFuture<Completion<String, CompletableFuture<String>>>> futures =
        Fanin.asCompletedFutures(inputs);
    inputs.get(2).completeExceptionally(new IllegalStateException("two"));
    inputs.get(0).complete("zero");
    inputs.get(1).complete("one");

    assertSame(inputs.get(2), futures.get(0).join().handle());
    assertInstanceOf(Outcome.Failure.class, futures.get(0).join().outcome());
    assertSame(inputs.get(0), futures.get(1).join().handle());
    assertSame(inputs.get(1), futures.get(2).join().handle());
    assertEquals(2, futures.get(0).join().index());
  }

  /** Cancelling one future of the future form cancels the others and interrupts the tasks. */
  @Test
  void asCompletedFutureForm_oneFutureCancelled_cancelsTasksAndOtherFutures() throws Exception {
    BlockedTask<String> first = new BlockedTask<>();
    BlockedTask<String> second = new BlockedTask<>();
    List<CompletableFuture<Completion<String, Callable<String>>>> futures =
        Fanin.asCompleted(List.of(first, second));
    first.started.await();
    second.started.await();

    assertTrue(futures.get(1).cancel(false));

    first.stopped.await();
    second.stopped.await();
    assertTrue(first.interrupted);
    assertTrue(second.interrupted);
    assertTrue(futures.get(0).isCancelled());
  }

  /** Cancelling a future of the future form over the caller's futures cancels none of the inputs. */
  @Test
  void asCompletedFuturesFutureForm_oneFutureCancelled_inputsNotCancelled() {
    CompletableFuture<String> a = new CompletableFuture<>();
    CompletableFuture<String> b = new CompletableFuture<>();
    List<CompletableFuture<Completion<String, CompletableFuture<String>>>> futures =
        Fanin.asCompletedFutures(List.of(a, b));

    futures.get(0).cancel(true);

    assertTrue(futures.get(1).isCancelled());
    assertFalse(a.isDone());
    assertFalse(b.isDone());
  }

  /**
   * In the future form with a deadline, the ready result completes its future, the rest fail with
   * TimeoutException, and the inputs are not cancelled.
   */
  @Test
  void asCompletedFuturesFutureForm_timeout_readyThenTimeoutException() {
    CompletableFuture<String> ready = CompletableFuture.completedFuture("ready");
    CompletableFuture<String> never = new CompletableFuture<>();
    List<CompletableFuture<Completion<String, CompletableFuture<String>>>> futures =
        Fanin.asCompletedFutures(List.of(never, ready), SHORT);

    assertSame(ready, futures.get(0).join().handle());
    ExecutionException thrown = assertThrows(ExecutionException.class, futures.get(1)::get);
    assertInstanceOf(TimeoutException.class, thrown.getCause());
    assertFalse(futures.get(1).isCancelled());
    assertFalse(never.isDone());
  }

  /**
   * Once the deadline has failed every returned future, no future is left to receive a result, so
   * the future form cancels (interrupts) the tasks still running instead of leaving them behind.
   */
  @Test
  void asCompletedFutureForm_afterTimeout_cancelsTasksStillRunning() throws Exception {
    GatedTask<String> task = GatedTask.returning("late");
    List<CompletableFuture<Completion<String, Callable<String>>>> futures =
        Fanin.asCompleted(List.of(task), SHORT);
    try {
      ExecutionException thrown = assertThrows(ExecutionException.class, futures.get(0)::get);
      assertInstanceOf(TimeoutException.class, thrown.getCause());
      // The task may not even have started before the deadline; whether it did or not, nothing
      // may be left running. Its gate stays shut, so only cancellation can stop it.
      long guard = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); // hang guard, not a sync
      while (dev.fanin.interop.EngineDiagnostics.runningTasks() != 0 && System.nanoTime() < guard) {
        Thread.onSpinWait();
      }
      assertEquals(0, dev.fanin.interop.EngineDiagnostics.runningTasks(), "the task was never cancelled");
    } finally {
      task.open();
    }
  }

  /**
   * A Fanin call a task starts and does not wait for belongs to the task: the task's item comes
   * only once that call has finished.
   */
  @Test
  void asCompleted_taskLeavesNestedCallRunning_itemWaitsForIt() throws Exception {
    GatedTask<String> inner = GatedTask.returning("inner");
    CompletableFuture<CompletableFuture<List<String>>> nested = new CompletableFuture<>();
    Callable<String> outer =
        () -> {
          nested.complete(Fanin.gather(List.of(inner)));
          return "outer";
        };
    List<CompletableFuture<Completion<String, Callable<String>>>> futures =
        Fanin.asCompleted(List.of(outer));
    CompletableFuture<List<String>> innerResult = nested.get();
    inner.started.await();
    assertFalse(futures.get(0).isDone(), "the item came before the nested call finished");
    inner.open();
    assertEquals("outer", futures.get(0).get().value());
    assertEquals(List.of("inner"), innerResult.getNow(null));
  }

  /** Closing the iteration cancels the Fanin calls its tasks started, and waits for them. */
  @OnEachThreadKind
  void close_taskLeftNestedCallRunning_nestedCallCancelledAndStopped() throws Exception {
    BlockedTask<String> inner = new BlockedTask<>();
    CompletableFuture<CompletableFuture<List<String>>> nested = new CompletableFuture<>();
    Callable<String> outer =
        () -> {
          nested.complete(Fanin.gather(List.of(inner)));
          return "outer";
        };
    Completions<String, Callable<String>> results = FaninBlocking.asCompleted(List.of(outer));
    CompletableFuture<List<String>> innerResult = nested.get();
    inner.started.await();
    results.close();
    assertTrue(inner.hasStopped(), "close returned before the nested call stopped");
    assertTrue(inner.interrupted);
    assertTrue(innerResult.isCancelled());
  }
}

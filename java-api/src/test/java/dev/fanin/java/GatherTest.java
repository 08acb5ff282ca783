package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.UncheckedTaskException;
import dev.fanin.interop.EngineDiagnostics;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import dev.fanin.testing.OrderChecker;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** gather over Callables that Fanin runs, in both forms. */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class GatherTest {

  /** Results come in argument order even when the tasks finish in reverse order. */
  @OnEachThreadKind
  void gather_tasksFinishInReverse_resultsInArgumentOrder() throws Exception {
    int n = 5;
    List<CountDownLatch> mayFinish = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      mayFinish.add(new CountDownLatch(1));
    }
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int index = i;
      tasks.add(
          () -> {
            mayFinish.get(index).await();
            if (index > 0) {
              mayFinish.get(index - 1).countDown();
            }
            return index * 10;
          });
    }
    mayFinish.get(n - 1).countDown();

    assertEquals(List.of(0, 10, 20, 30, 40), FaninBlocking.gather(tasks));
  }

  /** An empty list gives a future that is already complete with an empty list. */
  @Test
  void gather_emptyList_completesAtOnce() {
    CompletableFuture<List<Object>> result = Fanin.gather(List.of());
    assertTrue(result.isDone());
    assertEquals(List.of(), result.join());
  }

  /** A task may return null, and the result list holds it. */
  @Test
  void gather_taskReturnsNull_listHoldsNull() throws Exception {
    assertEquals(Arrays.asList("a", null), FaninBlocking.gather(List.of(() -> "a", () -> null)));
  }

  /** The result list cannot be modified. */
  @Test
  void gather_resultList_isImmutable() throws Exception {
    List<Integer> result = FaninBlocking.gather(List.of(() -> 1));
    assertThrows(UnsupportedOperationException.class, () -> result.set(0, 2));
  }

  /**
   * The first failure completes the future with the task's own exception, after the blocked
   * sibling was interrupted and has stopped.
   */
  @Test
  void gather_taskFails_interruptsSiblingsAndCompletesAfterTheyStopped() throws Exception {
    BlockedTask<String> sibling = new BlockedTask<>();
    IllegalStateException boom = new IllegalStateException("boom");
    OrderChecker order = new OrderChecker();

    CompletableFuture<List<String>> result =
        Fanin.gather(
            List.<Callable<String>>of(
                sibling,
                () -> {
                  sibling.started.await();
                  throw boom;
                }));
    CompletableFuture<List<String>> callback =
        result.whenComplete(
            (value, failure) -> {
              order.expect(1);
              if (!sibling.hasStopped() || EngineDiagnostics.runningTasks() != 0) {
                order.expectUnreached();
              }
            });

    ExecutionException thrown = assertThrows(ExecutionException.class, result::get);
    assertSame(boom, thrown.getCause());
    assertTrue(sibling.interrupted);
    // get() may return before the callback has run: wait for it.
    callback.handle((value, failure) -> null).join();
    order.finish(2);
    order.check();
  }

  /** The blocking form throws an unchecked task exception as it is, showing where it waited. */
  @OnEachThreadKind
  void gatherBlocking_uncheckedFailure_thrownAsIsWithWaiterTrace() {
    IllegalStateException boom = new IllegalStateException("boom");
    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                FaninBlocking.gather(
                    List.of(
                        () -> {
                          throw boom;
                        })));
    assertSame(boom, thrown);
    assertEquals(1, thrown.getSuppressed().length);
    assertTrue(thrown.getSuppressed()[0].getMessage().startsWith("awaited in thread"));
  }

  /** The same failure awaited again (a retry loop over a failed future) gains no second trace. */
  @Test
  void blocking_sameFailureAwaitedTwice_oneWaiterTrace() throws Exception {
    IllegalStateException boom = new IllegalStateException("boom");
    CompletableFuture<Integer> failed = CompletableFuture.failedFuture(boom);
    for (int i = 0; i < 3; i++) {
      assertSame(
          boom,
          assertThrows(
              IllegalStateException.class, () -> FaninBlocking.gatherFutures(List.of(failed))));
    }
    assertEquals(1, boom.getSuppressed().length);
  }

  /** The blocking form wraps a checked task exception in UncheckedTaskException. */
  @OnEachThreadKind
  void gatherBlocking_checkedFailure_wrappedInUncheckedTaskException() {
    IOException io = new IOException("disk");
    UncheckedTaskException thrown =
        assertThrows(
            UncheckedTaskException.class,
            () ->
                FaninBlocking.gather(
                    List.of(
                        () -> {
                          throw io;
                        })));
    assertSame(io, thrown.getCause());
  }

  /** An Error from a task reaches the blocking caller as it is. */
  @Test
  void gatherBlocking_error_thrownAsIs() {
    AssertionError error = new AssertionError("bad");
    assertSame(
        error,
        assertThrows(
            AssertionError.class,
            () ->
                FaninBlocking.gather(
                    List.of(
                        () -> {
                          throw error;
                        }))));
  }

  /** Cancelling the returned future interrupts running tasks, whatever mayInterruptIfRunning says. */
  @Test
  void gather_futureCancelled_interruptsRunningTasks() throws Exception {
    BlockedTask<String> first = new BlockedTask<>();
    BlockedTask<String> second = new BlockedTask<>();
    CompletableFuture<List<String>> result = Fanin.gather(List.of(first, second));
    first.started.await();
    second.started.await();

    assertTrue(result.cancel(false));

    assertTrue(result.isCancelled());
    first.stopped.await();
    second.stopped.await();
    assertTrue(first.interrupted);
    assertTrue(second.interrupted);
  }

  /**
   * Interrupting the blocked caller cancels the tasks, waits until they stopped, and throws
   * InterruptedException with the interrupt status cleared.
   */
  @OnEachThreadKind
  void gatherBlocking_callerInterrupted_cancelsTasksAndThrows() throws Exception {
    BlockedTask<String> task = new BlockedTask<>();
    Thread caller = Thread.currentThread();
    CompletableFuture<Void> interrupter =
        CompletableFuture.runAsync(
            () -> {
              try {
                task.started.await();
              } catch (InterruptedException e) {
                throw new AssertionError(e);
              }
              caller.interrupt();
            });

    assertThrows(InterruptedException.class, () -> FaninBlocking.gather(List.of(task)));

    assertTrue(task.hasStopped());
    assertTrue(task.interrupted);
    assertTrue(!Thread.currentThread().isInterrupted());
    interrupter.join();
  }

  /** Tasks run on the executor the caller passes. */
  @Test
  void gather_withExecutor_runsTasksThere() throws Exception {
    ExecutorService executor =
        Executors.newFixedThreadPool(2, r -> new Thread(r, "caller-pool"));
    try {
      List<String> names =
          FaninBlocking.gather(
              List.of(
                  () -> Thread.currentThread().getName(), () -> Thread.currentThread().getName()),
              executor);
      // kotlinx's debug mode (on under -ea) appends the coroutine to the thread name.
      assertTrue(names.stream().allMatch(name -> name.startsWith("caller-pool")), names::toString);
    } finally {
      executor.shutdown();
      assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
    }
  }

  /** An executor that rejects a task fails the gather with its RejectedExecutionException. */
  @Test
  void gather_executorRejects_failsWithRejectedExecutionException() {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    executor.shutdown();
    assertThrows(
        RejectedExecutionException.class,
        () -> FaninBlocking.gather(List.of(() -> 1), executor));
  }

  /** A task that throws CancellationException fails the gather with it. */
  @Test
  void gather_taskThrowsCancellation_failsTheGather() {
    CancellationException cancelled = new CancellationException("task gave up");
    CompletableFuture<List<Object>> result =
        Fanin.gather(
            List.of(
                () -> {
                  throw cancelled;
                }));
    assertThrows(CancellationException.class, result::join);
  }

  /**
   * The blocking form throws the task's own CancellationException on every JDK (from JDK 23,
   * CompletableFuture.get() throws a new CancellationException("get") around it).
   */
  @OnEachThreadKind
  void gatherBlocking_taskThrowsCancellation_throwsThatObject() {
    CancellationException cancelled = new CancellationException("task gave up");
    assertSame(
        cancelled,
        assertThrows(
            CancellationException.class,
            () ->
                FaninBlocking.gather(
                    List.<Callable<Object>>of(
                        () -> {
                          throw cancelled;
                        }))));
  }

  /** A million tasks complete: no stack overflow, and no thread per task stays alive. */
  @Test
  void gather_millionTasks_completes() throws Exception {
    int n = 1_000_000;
    AtomicInteger ran = new AtomicInteger();
    List<Callable<Integer>> tasks =
        Collections.nCopies(n, () -> ran.incrementAndGet());
    List<Integer> results = FaninBlocking.gather(tasks);
    assertEquals(n, results.size());
    assertEquals(n, ran.get());
  }

  /** A Fanin-returned future of a gather can itself be gathered. */
  @Test
  void gather_resultFutures_canBeGatheredAgain() throws Exception {
    CompletableFuture<List<Integer>> inner = Fanin.gather(List.of(() -> 1, () -> 2));
    List<List<Integer>> outer = FaninBlocking.gatherFutures(List.of(inner));
    assertEquals(List.of(List.of(1, 2)), outer);
  }

  /**
   * A task that answers the cancelling interrupt with an exception of its own is a failure added to
   * the first as suppressed, as Kotlin's gather (coroutineScope) does; one that wraps the interrupt
   * (the cancellation's echo) is not reported.
   */
  @Test
  void gather_siblingFailsAfterCancellation_suppressedUnlessItIsTheEcho() throws Exception {
    IllegalStateException first = new IllegalStateException("first");
    IllegalArgumentException late = new IllegalArgumentException("late");
    CountDownLatch blocked = new CountDownLatch(2);
    CompletableFuture<List<Object>> result =
        Fanin.gather(
            List.of(
                () -> {
                  blocked.await();
                  throw first;
                },
                () -> {
                  blocked.countDown();
                  try {
                    new CountDownLatch(1).await(); // wait for interrupt
                  } catch (InterruptedException e) {
                    throw late;
                  }
                  return null;
                },
                () -> {
                  blocked.countDown();
                  try {
                    new CountDownLatch(1).await(); // wait for interrupt
                  } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                  }
                  return null;
                }));
    ExecutionException thrown = assertThrows(ExecutionException.class, result::get);
    assertSame(first, thrown.getCause());
    assertEquals(List.of(late), List.of(first.getSuppressed()));
  }
}

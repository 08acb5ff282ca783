package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.OnFailure;
import dev.fanin.ReturnWhen;
import dev.fanin.TaskGroupException;
import dev.fanin.UncheckedTaskException;
import dev.fanin.WaitResult;
import dev.fanin.interop.EngineDiagnostics;
import dev.fanin.testing.Forked;
import dev.fanin.testing.Forks;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import dev.fanin.testing.OrderChecker;
import dev.fanin.testing.ThrowingRunnable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** TaskGroup in the try-with-resources form: failures, cancellation, deadlines, nesting. */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class TaskGroupTest {
  /**
   * Long enough that the fork right after {@code open} comes first, short enough to keep the test
   * quick; the task it cancels never finishes on its own.
   */
  private static final Duration SHORT = Duration.ofMillis(100);

  /** When every task succeeds, join returns and each future holds its task's result. */
  @OnEachThreadKind
  void join_allTasksSucceed_returnsWithResultsInFutures() throws Exception {
    CompletableFuture<String> a;
    CompletableFuture<Integer> b;
    CompletableFuture<Void> c;
    String[] ran = new String[1];
    try (TaskGroup group = TaskGroup.open()) {
      a = group.fork(() -> "a");
      b = group.fork(() -> 2);
      c =
          group.fork(
              () -> {
                ran[0] = "c";
              });
      group.join();
    }
    assertEquals("a", a.join());
    assertEquals(2, b.join());
    assertNull(c.join());
    assertEquals("c", ran[0]);
  }

  /**
   * The body of {@code taskGroup} forks a task with no result, as a {@link TaskGroup} can: the
   * future completes with null once the task has run, and a failure of such a task is a failure of
   * the group.
   */
  @OnEachThreadKind
  void taskGroupBody_forkRunnable_runsTaskAndFailsGroupOnFailure() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    CompletableFuture<Void> ranFuture =
        FaninBlocking.taskGroup(
            group -> {
              CompletableFuture<Void> task = group.fork(() -> ran.countDown());
              return task;
            });
    assertNull(ranFuture.join());
    assertEquals(0, ran.getCount());

    IllegalStateException boom = new IllegalStateException("boom");
    TaskGroupException failure =
        assertThrows(
            TaskGroupException.class,
            () ->
                FaninBlocking.taskGroup(
                    group -> {
                      // A void call: only fork(Runnable) accepts this lambda.
                      group.fork(() -> throwIt(boom));
                      return null;
                    }));
    assertEquals(List.of(boom), failure.failures());
  }

  private static void throwIt(RuntimeException e) {
    throw e;
  }

  /**
   * A task that throws CancellationException itself counts as cancelled, not failed, under both
   * failure policies (as in asyncio and Kotlin's taskGroup): join returns, its future is cancelled,
   * and the other task is not cancelled.
   */
  @OnEachThreadKind
  void join_taskThrowsCancellationItself_countsAsCancelledNotFailed() throws Exception {
    for (OnFailure policy : OnFailure.values()) {
      CompletableFuture<String> gaveUp;
      CompletableFuture<String> other;
      try (TaskGroup group = TaskGroup.open(policy)) {
        gaveUp =
            group.fork(
                () -> {
                  throw new CancellationException("gave up");
                });
        other = group.fork(() -> "other");
        group.join();
      }
      assertTrue(gaveUp.isCancelled(), policy::toString);
      assertEquals("other", other.join(), policy::toString);
    }
  }

  /**
   * With CANCEL_ALL the first failure cancels and interrupts the blocked siblings, and join throws a
   * TaskGroupException listing exactly that failure (the siblings' cancellations are not failures)
   * with it as the cause, once every task has stopped.
   */
  @OnEachThreadKind
  void join_taskFails_cancelsSiblingsAndReportsOnlyThatFailure() throws Exception {
    BlockedTask<String> first = new BlockedTask<>();
    BlockedTask<String> second = new BlockedTask<>();
    IOException boom = new IOException("boom");
    CompletableFuture<String> firstFuture;
    CompletableFuture<String> secondFuture;
    CompletableFuture<Object> failing;
    TaskGroupException thrown;
    try (TaskGroup group = TaskGroup.open()) {
      firstFuture = group.fork(first);
      secondFuture = group.fork(second);
      failing =
          group.fork(
              () -> {
                first.started.await();
                second.started.await();
                throw boom;
              });
      thrown = assertThrows(TaskGroupException.class, group::join);
      assertTrue(first.hasStopped() && second.hasStopped(), "join returns after tasks stopped");
      assertEquals(0, EngineDiagnostics.runningTasks());
    }
    assertEquals(List.of(boom), thrown.failures());
    assertSame(boom, thrown.getCause());
    assertTrue(first.interrupted);
    assertTrue(second.interrupted);
    assertCancelled(firstFuture);
    assertCancelled(secondFuture);
    assertSame(boom, outcomeOf(failing));
  }

  /**
   * A sibling whose clean-up throws while the first failure cancels it is a second failure, listed
   * after the first (as in asyncio and the Kotlin taskGroup); a sibling that wraps its interrupt
   * (the cancellation's echo) is not a failure. The same through the body form, whose body fails.
   */
  @OnEachThreadKind
  void join_cancelledSiblingFailsInCleanup_listedAfterFirstFailure() throws Exception {
    IOException boom = new IOException("first");
    IllegalStateException cleanup = new IllegalStateException("cleanup failed");
    CountDownLatch blocked = new CountDownLatch(2);
    TaskGroupException thrown;
    try (TaskGroup group = TaskGroup.open()) {
      group.fork(() -> blockThenThrowInCleanup(blocked, cleanup));
      group.fork(
          () -> {
            blocked.countDown();
            try {
              new CountDownLatch(1).await();
              return null;
            } catch (InterruptedException e) {
              throw new RuntimeException(e); // the cancellation's echo
            }
          });
      group.fork(
          () -> {
            blocked.await();
            throw boom;
          });
      thrown = assertThrows(TaskGroupException.class, group::join);
    }
    assertEquals(List.of(boom, cleanup), thrown.failures());

    IllegalStateException bodyFailed = new IllegalStateException("body failed");
    IllegalStateException taskCleanup = new IllegalStateException("task cleanup failed");
    CountDownLatch taskBlocked = new CountDownLatch(1);
    TaskGroupException fromBody =
        assertThrows(
            TaskGroupException.class,
            () ->
                FaninBlocking.taskGroup(
                    g -> {
                      g.fork(() -> blockThenThrowInCleanup(taskBlocked, taskCleanup));
                      taskBlocked.await();
                      throw bodyFailed;
                    }));
    assertEquals(List.of(bodyFailed, taskCleanup), fromBody.failures());
  }

  @SuppressWarnings("finally") // the clean-up that throws is the point
  private static Object blockThenThrowInCleanup(CountDownLatch blocked, RuntimeException cleanup)
      throws InterruptedException {
    blocked.countDown();
    try {
      new CountDownLatch(1).await();
      return null;
    } finally {
      throw cleanup;
    }
  }

  /** With KEEP_RUNNING, two failures are reported in the order they happened, not fork order. */
  @OnEachThreadKind
  void join_keepRunningTwoFailures_reportedInOrderTheyHappened() throws Exception {
    IllegalStateException early = new IllegalStateException("early");
    IOException late = new IOException("late");
    TaskGroupRunExecutor earlyRun = new TaskGroupRunExecutor("early");
    TaskGroupRunExecutor lateRun = new TaskGroupRunExecutor("late");
    GatedTask<Object> earlyTask = GatedTask.failing(early);
    TaskGroupException thrown;
    try (TaskGroup group = TaskGroup.open(OnFailure.KEEP_RUNNING)) {
      group.fork(
          () -> {
            earlyRun.ran.await();
            throw late;
          },
          lateRun);
      group.fork(earlyTask, earlyRun);
      // Opened only after every fork returned, so no task ends before the group watches it.
      earlyTask.open();
      // Joined only once the last failure has happened, so the failures' order is the runs' order.
      lateRun.ran.await();
      thrown = assertThrows(TaskGroupException.class, group::join);
    } finally {
      earlyRun.joinAll();
      lateRun.joinAll();
    }
    assertEquals(List.of(early, late), thrown.failures());
    assertSame(early, thrown.getCause());
  }

  /** With KEEP_RUNNING, three failures are reported in the order they happened, not fork order. */
  @OnEachThreadKind
  void join_keepRunningThreeFailures_reportedInOrderTheyHappened() throws Exception {
    RuntimeException one = new RuntimeException("one");
    IOException two = new IOException("two");
    AssertionError three = new AssertionError("three");
    TaskGroupRunExecutor oneRun = new TaskGroupRunExecutor("one");
    TaskGroupRunExecutor twoRun = new TaskGroupRunExecutor("two");
    TaskGroupRunExecutor threeRun = new TaskGroupRunExecutor("three");
    GatedTask<Object> oneTask = GatedTask.failing(one);
    TaskGroupException thrown;
    try (TaskGroup group = TaskGroup.open(OnFailure.KEEP_RUNNING)) {
      group.fork(
          () -> {
            twoRun.ran.await();
            throw three;
          },
          threeRun);
      group.fork(oneTask, oneRun);
      group.fork(
          () -> {
            oneRun.ran.await();
            throw two;
          },
          twoRun);
      // Opened only after every fork returned, so no task ends before the group watches it.
      oneTask.open();
      // Joined only once the last failure has happened, so the failures' order is the runs' order.
      threeRun.ran.await();
      thrown = assertThrows(TaskGroupException.class, group::join);
    } finally {
      oneRun.joinAll();
      twoRun.joinAll();
      threeRun.joinAll();
    }
    assertEquals(List.of(one, two, three), thrown.failures());
    assertSame(one, thrown.getCause());
  }

  /**
   * With KEEP_RUNNING a failure cancels nothing: a sibling blocked at the time runs on, is not
   * interrupted and returns its result; a later failure is reported after the first.
   */
  @OnEachThreadKind
  void join_keepRunning_siblingsRunOnAndEveryFailureIsReported() throws Exception {
    IllegalStateException first = new IllegalStateException("first");
    IllegalArgumentException second = new IllegalArgumentException("second");
    GatedTask<String> sibling = GatedTask.returning("sibling");
    TaskGroupRunExecutor firstRun = new TaskGroupRunExecutor("first");
    TaskGroupRunExecutor secondRun = new TaskGroupRunExecutor("second");
    CompletableFuture<String> siblingFuture;
    TaskGroupException thrown;
    try (TaskGroup group = TaskGroup.open(OnFailure.KEEP_RUNNING)) {
      siblingFuture = group.fork(sibling);
      group.fork(
          () -> {
            sibling.started.await();
            throw first;
          },
          firstRun);
      group.fork(
          () -> {
            firstRun.ran.await(); // the first failure is recorded; a CANCEL_ALL group would cancel
            sibling.open();
            sibling.stopped.await();
            throw second;
          },
          secondRun);
      // Joined only once the last failure has happened, so the failures' order is the runs' order.
      secondRun.ran.await();
      thrown = assertThrows(TaskGroupException.class, group::join);
    } finally {
      firstRun.joinAll();
      secondRun.joinAll();
    }
    assertEquals(List.of(first, second), thrown.failures());
    assertFalse(sibling.interrupted);
    assertEquals("sibling", siblingFuture.join());
  }

  /**
   * Interrupting the owner while it waits in join cancels every task, waits until they stopped, and
   * throws InterruptedException with the interrupt status cleared.
   */
  @OnEachThreadKind
  void join_ownerInterrupted_cancelsAndStopsEveryTaskAndThrows() throws Exception {
    BlockedTask<String> first = new BlockedTask<>();
    BlockedTask<String> second = new BlockedTask<>();
    Thread owner = Thread.currentThread();
    Forked interrupter =
        startHelper(
            "interrupter",
            () -> {
              first.started.await();
              second.started.await();
              owner.interrupt();
            });
    CompletableFuture<String> firstFuture;
    CompletableFuture<String> secondFuture;
    try (TaskGroup group = TaskGroup.open()) {
      firstFuture = group.fork(first);
      secondFuture = group.fork(second);
      assertThrows(InterruptedException.class, group::join);
      assertFalse(Thread.currentThread().isInterrupted(), "interrupt status cleared");
      assertTrue(first.hasStopped() && second.hasStopped(), "tasks stopped before join threw");
    } finally {
      stop(interrupter);
    }
    assertFalse(Thread.currentThread().isInterrupted(), "close keeps the status cleared");
    assertTrue(first.interrupted);
    assertTrue(second.interrupted);
    assertCancelled(firstFuture);
    assertCancelled(secondFuture);
  }

  /**
   * When the deadline passes, a task that would never finish is cancelled, and join throws
   * TimeoutException once it has stopped.
   */
  @OnEachThreadKind
  void join_deadlinePasses_stopsTaskAndThrowsTimeoutException() throws Exception {
    BlockedTask<String> never = new BlockedTask<>();
    CompletableFuture<String> future;
    try (TaskGroup.Timed group = TaskGroup.open(OnFailure.CANCEL_ALL, SHORT)) {
      future = group.fork(never);
      assertThrows(TimeoutException.class, group::join);
      assertCancelled(future);
    }
    // On a loaded machine the deadline may pass before the task starts; then it never runs.
    // If it started, it was interrupted and has stopped.
    if (never.started.getCount() == 0) {
      assertTrue(never.hasStopped());
      assertTrue(never.interrupted);
    }
  }

  /** A deadline that passes after a failure attaches the failure to the TimeoutException. */
  @Test
  void join_keepRunningFailureThenDeadline_timeoutCarriesTheFailureSuppressed() throws Exception {
    IOException boom = new IOException("boom");
    BlockedTask<String> never = new BlockedTask<>();
    TaskGroupRunExecutor failedRun = new TaskGroupRunExecutor("failing");
    TimeoutException thrown;
    try (TaskGroup.Timed group = TaskGroup.open(OnFailure.KEEP_RUNNING, SHORT)) {
      group.fork(never);
      group.fork(
          () -> {
            throw boom;
          },
          failedRun);
      thrown = assertThrows(TimeoutException.class, group::join);
    } finally {
      failedRun.joinAll();
    }
    assertTrue(List.of(thrown.getSuppressed()).contains(boom), List.of(thrown.getSuppressed())::toString);
    assertTrue(never.hasStopped());
  }

  /**
   * A failed group nested in a task of another group is one failure of the outer group: a
   * TaskGroupException listing the inner failure. The inner group's tasks are cancelled first, then
   * the outer group's siblings.
   */
  @OnEachThreadKind
  void join_nestedGroupFails_outerReportsTheInnerTaskGroupException() throws Exception {
    OrderChecker order = new OrderChecker();
    IllegalStateException innerBoom = new IllegalStateException("inner");
    CountDownLatch outerSiblingStarted = new CountDownLatch(1);
    CountDownLatch innerSiblingStarted = new CountDownLatch(1);
    AtomicReference<TaskGroupException> innerThrown = new AtomicReference<>();
    TaskGroupException thrown;
    try (TaskGroup outer = TaskGroup.open()) {
      outer.fork(
          () -> {
            outerSiblingStarted.countDown();
            try {
              new CountDownLatch(1).await(); // wait for interrupt
            } catch (InterruptedException e) {
              order.expect(2);
              throw e;
            }
            order.expectUnreached();
            return null;
          });
      outer.fork(
          () -> {
            try (TaskGroup inner = TaskGroup.open()) {
              inner.fork(
                  () -> {
                    innerSiblingStarted.countDown();
                    try {
                      new CountDownLatch(1).await(); // wait for interrupt
                    } catch (InterruptedException e) {
                      order.expect(1);
                      throw e;
                    }
                    order.expectUnreached();
            return null;
                  });
              inner.fork(
                  () -> {
                    outerSiblingStarted.await();
                    innerSiblingStarted.await();
                    throw innerBoom;
                  });
              try {
                inner.join();
              } catch (TaskGroupException e) {
                innerThrown.set(e);
                throw e;
              }
            }
            order.expectUnreached();
            return null;
          });
      thrown = assertThrows(TaskGroupException.class, outer::join);
    }
    order.finish(3);
    order.check();
    assertEquals(1, thrown.failures().size());
    TaskGroupException innerFailure = assertInstanceOf(TaskGroupException.class, thrown.getCause());
    assertSame(innerThrown.get(), innerFailure);
    assertEquals(List.of(innerBoom), innerFailure.failures());
  }

  /**
   * A task may fork into its own group (workers spawn workers), and join waits for the
   * grandchildren, including one still running when the owner is already waiting in join.
   */
  @OnEachThreadKind
  void join_tasksForkGrandchildren_waitsForThem() throws Exception {
    OrderChecker order = new OrderChecker();
    GatedTask<String> grandchild = GatedTask.returning("grandchild");
    AtomicReference<CompletableFuture<String>> grandchildFuture = new AtomicReference<>();
    AtomicReference<CompletableFuture<Integer>> quickGrandchild = new AtomicReference<>();
    Thread owner = Thread.currentThread();
    Forked opener =
        startHelper(
            "opener",
            () -> {
              grandchild.started.await();
              awaitBlocked(owner);
              order.expect(1);
              grandchild.open();
            });
    try (TaskGroup group = TaskGroup.open()) {
      CompletableFuture<String> child =
          group.fork(
              () -> {
                quickGrandchild.set(group.fork(() -> 7));
                grandchildFuture.set(
                    group.fork(
                        () -> {
                          String value = grandchild.call();
                          order.expect(2);
                          return value;
                        }));
                return "child";
              });
      group.join();
      order.expect(3);
      assertEquals("child", child.join());
    } finally {
      stop(opener);
    }
    assertEquals("grandchild", grandchildFuture.get().join());
    assertEquals(7, quickGrandchild.get().join());
    order.finish(4);
    order.check();
  }

  /**
   * A group opened inside a task of a group that fails is cancelled with it: its tasks are
   * interrupted, and the outer group reports only the outer failure (the inner cancellation is not
   * a failure).
   */
  @OnEachThreadKind
  void join_outerFailsWhileNestedGroupRuns_cancelsInnerTasksAndReportsOnlyOuterFailure()
      throws Exception {
    IllegalStateException boom = new IllegalStateException("outer");
    BlockedTask<String> innerTask = new BlockedTask<>();
    CountDownLatch innerJoining = new CountDownLatch(1);
    TaskGroupException thrown;
    try (TaskGroup outer = TaskGroup.open()) {
      outer.fork(
          () -> {
            try (TaskGroup inner = TaskGroup.open()) {
              inner.fork(innerTask);
              innerTask.started.await();
              innerJoining.countDown();
              inner.join();
            }
            return null;
          });
      outer.fork(
          () -> {
            innerJoining.await();
            throw boom;
          });
      thrown = assertThrows(TaskGroupException.class, outer::join);
    }
    assertEquals(List.of(boom), thrown.failures());
    assertTrue(innerTask.hasStopped());
    assertTrue(innerTask.interrupted);
  }

  /**
   * With KEEP_RUNNING, a task that awaits a failed task and lets its failure escape, as the same
   * object or in a CompletionException from join(), does not add it a second time (ADR 0007).
   */
  @OnEachThreadKind
  void join_taskRethrowsAwaitedFailure_loggedOnce() throws Exception {
    IllegalStateException boom = new IllegalStateException("boom");
    TaskGroupRunExecutor failedRun = new TaskGroupRunExecutor("failing");
    TaskGroupException thrown;
    try (TaskGroup group = TaskGroup.open(OnFailure.KEEP_RUNNING)) {
      CompletableFuture<Object> failing =
          group.fork(
              () -> {
                throw boom;
              },
              failedRun);
      group.fork(
          () -> {
            failedRun.ran.await();
            return failing.join(); // CompletionException(boom)
          });
      group.fork(
          () -> {
            failedRun.ran.await();
            try {
              return failing.join();
            } catch (CompletionException e) {
              throw (IllegalStateException) e.getCause(); // the same object
            }
          });
      thrown = assertThrows(TaskGroupException.class, group::join);
    } finally {
      failedRun.joinAll();
    }
    assertEquals(List.of(boom), thrown.failures());
  }

  /**
   * With KEEP_RUNNING, a failure that escapes from Future.get (in an ExecutionException) or from
   * FaninBlocking.gatherFutures (a checked one in an UncheckedTaskException) is an echo too.
   */
  @Test
  void join_taskRethrowsAwaitedFailureWrappedByGetOrFanin_loggedOnce() throws Exception {
    IOException boom = new IOException("boom");
    TaskGroupRunExecutor failedRun = new TaskGroupRunExecutor("failing");
    TaskGroupException thrown;
    try (TaskGroup group = TaskGroup.open(OnFailure.KEEP_RUNNING)) {
      CompletableFuture<Object> failing =
          group.fork(
              () -> {
                throw boom;
              },
              failedRun);
      group.fork(
          () -> {
            failedRun.ran.await();
            return failing.get(); // ExecutionException(boom)
          });
      group.fork(
          () -> {
            failedRun.ran.await();
            return FaninBlocking.gatherFutures(List.of(failing)); // UncheckedTaskException(boom)
          });
      thrown = assertThrows(TaskGroupException.class, group::join);
    } finally {
      failedRun.joinAll();
    }
    assertEquals(List.of(boom), thrown.failures());
  }

  /**
   * A failure the owner has already seen on the task's future is in what join reports, even when the
   * future's other callbacks have not all run yet.
   */
  @Test
  void join_rightAfterTaskFutureFailed_reportsTheFailure() throws Exception {
    IllegalStateException boom = new IllegalStateException("boom");
    GatedTask<Object> task = GatedTask.failing(boom);
    try (TaskGroup group = TaskGroup.open(OnFailure.KEEP_RUNNING)) {
      CompletableFuture<Object> failing = group.fork(task);
      task.open();
      while (!failing.isDone()) {
        Thread.onSpinWait();
      }
      assertThrows(TaskGroupException.class, group::join);
    }
  }

  /**
   * The failures are in the order they happened even when a task rethrows an awaited failure: the
   * original comes first and its echo is not listed.
   */
  @Test
  void join_echoLoggedBeforeOriginal_originalFirstAndEchoDropped() throws Exception {
    IllegalStateException boom = new IllegalStateException("boom");
    GatedTask<Object> task = GatedTask.failing(boom);
    TaskGroupRunExecutor waiterRun = new TaskGroupRunExecutor("waiter");
    CountDownLatch failed = new CountDownLatch(1);
    TaskGroupException thrown;
    try (TaskGroup group = TaskGroup.open(OnFailure.KEEP_RUNNING)) {
      CompletableFuture<Object> failing = group.fork(task);
      // Dependents run last-registered first: the second callback wakes the waiter, the first
      // holds the failed task's thread until the waiter's echo is logged, then the group's own
      // callback logs the original. (A waiter blocked in join() would help run the callbacks
      // itself, so it waits on a latch.)
      failing.whenComplete((value, failure) -> awaitUninterruptibly(waiterRun.ran));
      failing.whenComplete((value, failure) -> failed.countDown());
      group.fork(
          () -> {
            failed.await();
            return failing.join(); // CompletionException(boom)
          },
          waiterRun);
      task.open();
      thrown = assertThrows(TaskGroupException.class, group::join);
    } finally {
      waiterRun.joinAll();
    }
    assertEquals(List.of(boom), thrown.failures());
  }

  /** A forked task's future can be gathered with Fanin.gatherFutures, in both forms. */
  @OnEachThreadKind
  void fork_futuresGatheredWithGatherFutures() throws Exception {
    try (TaskGroup group = TaskGroup.open()) {
      CompletableFuture<Integer> one = group.fork(() -> 1);
      CompletableFuture<Integer> two = group.fork(() -> 2);
      assertEquals(List.of(1, 2), FaninBlocking.gatherFutures(List.of(one, two)));
      assertEquals(List.of(2, 1), Fanin.gatherFutures(List.of(two, one)).get());
      group.join();
    }
  }

  /**
   * A forked task's future can be watched with waitUntil: it splits a finished and a blocked task,
   * and closing the group then stops the blocked one.
   */
  @OnEachThreadKind
  void fork_futuresWatchedWithWaitUntil() throws Exception {
    BlockedTask<String> blocked = new BlockedTask<>();
    CompletableFuture<String> pending;
    try (TaskGroup group = TaskGroup.open()) {
      pending = group.fork(blocked);
      CompletableFuture<String> quick = group.fork(() -> "quick");
      WaitResult<CompletableFuture<String>> split =
          FaninBlocking.waitUntil(ReturnWhen.FIRST_COMPLETED, List.of(pending, quick));
      assertEquals(List.of(quick), split.done());
      assertEquals(List.of(pending), split.pending());
      WaitResult<CompletableFuture<String>> again =
          Fanin.waitUntil(ReturnWhen.FIRST_COMPLETED, List.of(quick, pending)).get();
      assertEquals(List.of(quick), again.done());
      blocked.started.await();
    } // close: cancels the blocked task
    assertCancelled(pending);
    assertTrue(blocked.hasStopped());
    assertTrue(blocked.interrupted);
  }

  /** A forked task runs on the executor it names. */
  @Test
  void fork_withExecutor_runsThere() throws Exception {
    TaskGroupRunExecutor executor = new TaskGroupRunExecutor("named-executor");
    CompletableFuture<String> name;
    try (TaskGroup group = TaskGroup.open()) {
      name = group.fork(() -> Thread.currentThread().getName(), executor);
      group.join();
    } finally {
      executor.joinAll();
    }
    // kotlinx's debug mode (on under -ea) appends the coroutine to the thread name.
    assertTrue(name.join().startsWith("named-executor"), name.join());
  }

  /**
   * Asserts that {@code future} is, or is about to be, cancelled. It waits: the group's join can
   * return just before a stopped task's future is completed (see the stress test).
   */
  static void assertCancelled(CompletableFuture<?> future) {
    assertThrows(CancellationException.class, future::join);
    assertTrue(future.isCancelled());
  }

  /** Waits for {@code future} and returns its failure, unwrapped, or null if it succeeded. */
  static Throwable outcomeOf(CompletableFuture<?> future) {
    return future.handle((value, failure) -> failure).join();
  }

  /** Waits for {@code latch}, keeping an interrupt for later. */
  static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Waits, without sleeping, until {@code thread} is parked or waiting.
   *
   * @throws InterruptedException if the calling thread is interrupted (see {@link #stop})
   */
  static void awaitBlocked(Thread thread) throws InterruptedException {
    while (thread.getState() != Thread.State.WAITING
        && thread.getState() != Thread.State.TIMED_WAITING) {
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      Thread.onSpinWait();
    }
  }

  /**
   * Starts a helper thread (an interrupter, a gate opener) that waits for the test to reach some
   * point. {@link #stop} ends it quietly if the test failed before that point.
   */
  static Forked startHelper(String name, ThrowingRunnable body) {
    return Forks.start(
        name,
        () -> {
          try {
            body.run();
          } catch (InterruptedException e) {
            // Stopped by the test, which failed before it reached the point this helper awaits.
          }
        });
  }

  /**
   * Stops a helper from {@link #startHelper} (a no-op when it has done its work) and joins it,
   * rethrowing what it threw.
   */
  static void stop(Forked helper) {
    helper.thread().interrupt();
    helper.join();
  }
}

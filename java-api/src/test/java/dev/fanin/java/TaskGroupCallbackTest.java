package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.OnFailure;
import dev.fanin.ReturnWhen;
import dev.fanin.TaskGroupException;
import dev.fanin.WaitResult;
import dev.fanin.interop.EngineDiagnostics;
import dev.fanin.testing.Forked;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import dev.fanin.testing.OrderChecker;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Fanin.taskGroup and FaninBlocking.taskGroup: a body run with a group that is joined for it. */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class TaskGroupCallbackTest {
  private static final Duration SHORT = Duration.ofMillis(20);

  /** The blocking form returns the body's result once the tasks it forked have completed. */
  @OnEachThreadKind
  void taskGroupBlocking_bodyForks_returnsResultAfterTasksCompleted() throws Exception {
    GatedTask<String> task = GatedTask.returning("task");
    AtomicReference<CompletableFuture<String>> forked = new AtomicReference<>();
    String result =
        FaninBlocking.taskGroup(
            group -> {
              forked.set(group.fork(task));
              task.started.await();
              task.open();
              return "body";
            });
    assertEquals("body", result);
    assertTrue(task.hasStopped(), "the group ended after its task");
    assertEquals("task", forked.get().join());
  }

  /** The future form completes with the body's result, possibly null. */
  @Test
  void taskGroup_bodyReturns_futureHoldsResult() throws Exception {
    assertEquals(3, Fanin.taskGroup(group -> group.fork(() -> 1).get() + 2).get());
    assertEquals(null, Fanin.taskGroup(group -> null).get());
  }

  /**
   * The first failure of a task cancels and interrupts the blocked siblings and the body; the group
   * fails with a TaskGroupException listing exactly that failure, its cause.
   */
  @OnEachThreadKind
  void taskGroupBlocking_taskFails_cancelsSiblingsAndBodyAndReportsOnlyThatFailure() {
    BlockedTask<String> sibling = new BlockedTask<>();
    BlockedTask<String> body = new BlockedTask<>();
    IOException boom = new IOException("boom");
    TaskGroupException thrown =
        assertThrows(
            TaskGroupException.class,
            () ->
                FaninBlocking.taskGroup(
                    group -> {
                      group.fork(sibling);
                      group.fork(
                          () -> {
                            sibling.started.await();
                            body.started.await();
                            throw boom;
                          });
                      return body.call();
                    }));
    assertEquals(List.of(boom), thrown.failures());
    assertSame(boom, thrown.getCause());
    assertTrue(sibling.hasStopped() && sibling.interrupted);
    assertTrue(body.hasStopped() && body.interrupted);
    assertEquals(0, EngineDiagnostics.runningTasks());
  }

  /** The future form fails with the TaskGroupException, after the siblings stopped. */
  @Test
  void taskGroup_taskFails_futureFailsWithTaskGroupException() throws Exception {
    BlockedTask<String> sibling = new BlockedTask<>();
    IllegalStateException boom = new IllegalStateException("boom");
    CompletableFuture<String> result =
        Fanin.taskGroup(
            group -> {
              group.fork(sibling);
              group.fork(
                  () -> {
                    sibling.started.await();
                    throw boom;
                  });
              return "body";
            });
    ExecutionException thrown = assertThrows(ExecutionException.class, result::get);
    TaskGroupException aggregate = assertInstanceOf(TaskGroupException.class, thrown.getCause());
    assertEquals(List.of(boom), aggregate.failures());
    assertTrue(sibling.hasStopped());
    assertTrue(sibling.interrupted);
  }

  /**
   * A failure of the body is a failure of the group: it is in the aggregate and cancels the tasks.
   */
  @OnEachThreadKind
  void taskGroupBlocking_bodyFails_inAggregateAndCancelsTasks() {
    BlockedTask<String> first = new BlockedTask<>();
    BlockedTask<String> second = new BlockedTask<>();
    IOException bodyFailure = new IOException("body");
    TaskGroupException thrown =
        assertThrows(
            TaskGroupException.class,
            () ->
                FaninBlocking.taskGroup(
                    group -> {
                      group.fork(first);
                      group.fork(second);
                      first.started.await();
                      second.started.await();
                      throw bodyFailure;
                    }));
    assertEquals(List.of(bodyFailure), thrown.failures());
    assertSame(bodyFailure, thrown.getCause());
    assertTrue(first.hasStopped() && first.interrupted);
    assertTrue(second.hasStopped() && second.interrupted);
  }

  /**
   * With KEEP_RUNNING, two task failures and then a failure of the body are all reported, in the
   * order they happened.
   */
  @OnEachThreadKind
  void taskGroupBlocking_keepRunningThreeFailures_reportedInOrder() throws Exception {
    IllegalStateException one = new IllegalStateException("one");
    IOException two = new IOException("two");
    IllegalArgumentException bodyFailure = new IllegalArgumentException("body");
    TaskGroupRunExecutor oneRun = new TaskGroupRunExecutor("one");
    TaskGroupRunExecutor twoRun = new TaskGroupRunExecutor("two");
    GatedTask<Object> oneTask = GatedTask.failing(one);
    TaskGroupException thrown;
    try {
      thrown =
          assertThrows(
              TaskGroupException.class,
              () ->
                  FaninBlocking.taskGroup(
                      OnFailure.KEEP_RUNNING,
                      group -> {
                        group.fork(
                            () -> {
                              oneRun.ran.await();
                              throw two;
                            },
                            twoRun);
                        group.fork(oneTask, oneRun);
                        // Opened only after every fork returned.
                        oneTask.open();
                        twoRun.ran.await();
                        throw bodyFailure;
                      }));
    } finally {
      oneRun.joinAll();
      twoRun.joinAll();
    }
    assertEquals(List.of(one, two, bodyFailure), thrown.failures());
  }

  /**
   * With KEEP_RUNNING a failure cancels neither the siblings nor the body; the body's result is lost
   * to the aggregate, which lists both failures in order.
   */
  @OnEachThreadKind
  void taskGroupBlocking_keepRunning_nothingCancelledAndEveryFailureReported() throws Exception {
    IllegalStateException first = new IllegalStateException("first");
    IllegalStateException second = new IllegalStateException("second");
    GatedTask<String> sibling = GatedTask.returning("sibling");
    TaskGroupRunExecutor firstRun = new TaskGroupRunExecutor("first");
    TaskGroupRunExecutor secondRun = new TaskGroupRunExecutor("second");
    AtomicReference<String> siblingResult = new AtomicReference<>();
    AtomicBoolean bodyInterrupted = new AtomicBoolean();
    TaskGroupException thrown;
    try {
      thrown =
          assertThrows(
              TaskGroupException.class,
              () ->
                  FaninBlocking.taskGroup(
                      OnFailure.KEEP_RUNNING,
                      group -> {
                        CompletableFuture<String> s = group.fork(sibling);
                        group.fork(
                            () -> {
                              throw first;
                            },
                            firstRun);
                        group.fork(
                            () -> {
                              firstRun.ran.await();
                              sibling.open();
                              siblingResult.set(s.get());
                              throw second;
                            },
                            secondRun);
                        try {
                          firstRun.ran.await();
                          // The body ends only once the last failure has happened, so the
                          // failures' order is fixed by the runs, not by the body ending.
                          secondRun.ran.await();
                        } catch (InterruptedException e) {
                          bodyInterrupted.set(true); // a CANCEL_ALL group would interrupt it
                          throw e;
                        }
                        return "body";
                      }));
    } finally {
      firstRun.joinAll();
      secondRun.joinAll();
    }
    assertEquals(List.of(first, second), thrown.failures());
    assertEquals("sibling", siblingResult.get());
    assertFalse(sibling.interrupted);
    assertFalse(bodyInterrupted.get());
  }

  /**
   * Cancelling the future form's returned future interrupts the body and every task, which then
   * stop.
   */
  @Test
  void taskGroup_futureCancelled_interruptsBodyAndTasks() throws Exception {
    BlockedTask<String> body = new BlockedTask<>();
    BlockedTask<String> task = new BlockedTask<>();
    CompletableFuture<String> result =
        Fanin.taskGroup(
            group -> {
              group.fork(task);
              return body.call();
            });
    body.started.await();
    task.started.await();

    assertTrue(result.cancel(false));

    assertTrue(result.isCancelled());
    body.stopped.await();
    task.stopped.await();
    assertTrue(body.interrupted);
    assertTrue(task.interrupted);
  }

  /**
   * Interrupting the blocking form's caller cancels the body and every task, waits until they
   * stopped, and throws InterruptedException with the interrupt status cleared.
   */
  @OnEachThreadKind
  void taskGroupBlocking_callerInterrupted_cancelsEverythingAndThrows() throws Exception {
    BlockedTask<String> body = new BlockedTask<>();
    BlockedTask<String> task = new BlockedTask<>();
    Thread caller = Thread.currentThread();
    Forked interrupter =
        TaskGroupTest.startHelper(
            "interrupter",
            () -> {
              body.started.await();
              task.started.await();
              caller.interrupt();
            });
    try {
      assertThrows(
          InterruptedException.class,
          () ->
              FaninBlocking.taskGroup(
                  group -> {
                    group.fork(task);
                    return body.call();
                  }));
      assertFalse(Thread.currentThread().isInterrupted());
      assertTrue(body.hasStopped() && body.interrupted);
      assertTrue(task.hasStopped() && task.interrupted);
    } finally {
      TaskGroupTest.stop(interrupter);
    }
  }

  /**
   * When the deadline passes, the body and a task that would never finish are cancelled, and the
   * blocking form throws TimeoutException once they have stopped.
   */
  @OnEachThreadKind
  void taskGroupBlocking_deadlinePasses_stopsEverythingAndThrowsTimeoutException() {
    BlockedTask<String> never = new BlockedTask<>();
    BlockedTask<String> body = new BlockedTask<>();
    AtomicReference<CompletableFuture<String>> forked = new AtomicReference<>();
    assertThrows(
        TimeoutException.class,
        () ->
            FaninBlocking.taskGroup(
                OnFailure.CANCEL_ALL,
                SHORT,
                group -> {
                  forked.set(group.fork(never));
                  return body.call();
                }));
    // The deadline may pass before the body or the task starts (then it never runs); one that
    // started was interrupted and had stopped when the call threw.
    if (body.started.getCount() == 0) {
      assertTrue(body.hasStopped() && body.interrupted);
    }
    if (forked.get() != null) {
      TaskGroupTest.assertCancelled(forked.get());
    }
    if (never.started.getCount() == 0) {
      assertTrue(never.hasStopped() && never.interrupted);
    }
    assertEquals(0, EngineDiagnostics.runningTasks());
  }

  /** The future form fails with TimeoutException when a task outlives the deadline. */
  @Test
  void taskGroup_deadlinePasses_futureFailsWithTimeoutException() throws Exception {
    BlockedTask<String> never = new BlockedTask<>();
    CompletableFuture<String> result =
        Fanin.taskGroup(
            OnFailure.KEEP_RUNNING,
            SHORT,
            group -> {
              group.fork(never);
              return "body";
            });
    ExecutionException thrown = assertThrows(ExecutionException.class, result::get);
    assertInstanceOf(TimeoutException.class, thrown.getCause());
    never.stopped.await();
  }

  /**
   * A failed group nested in a task of another group is one failure of the outer group, a
   * TaskGroupException listing the inner failure; the inner group's tasks are cancelled first.
   */
  @OnEachThreadKind
  void taskGroupBlocking_nestedGroupFails_outerReportsInnerTaskGroupException() throws Exception {
    OrderChecker order = new OrderChecker();
    IllegalStateException innerBoom = new IllegalStateException("inner");
    CountDownLatch outerSiblingStarted = new CountDownLatch(1);
    CountDownLatch innerSiblingStarted = new CountDownLatch(1);
    TaskGroupException thrown =
        assertThrows(
            TaskGroupException.class,
            () ->
                FaninBlocking.taskGroup(
                    outer -> {
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
                          () ->
                              FaninBlocking.taskGroup(
                                  inner -> {
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
                                    outerSiblingStarted.await();
                                    innerSiblingStarted.await();
                                    throw innerBoom;
                                  }));
                      return "outer";
                    }));
    order.finish(3);
    order.check();
    assertEquals(1, thrown.failures().size());
    TaskGroupException inner = assertInstanceOf(TaskGroupException.class, thrown.getCause());
    assertEquals(List.of(innerBoom), inner.failures());
  }

  /** Tasks fork more tasks through the body's handle, and the group waits for them all. */
  @OnEachThreadKind
  void taskGroupBlocking_tasksForkGrandchildren_waitsForThem() throws Exception {
    GatedTask<String> grandchild = GatedTask.returning("grandchild");
    AtomicReference<CompletableFuture<String>> grandchildFuture = new AtomicReference<>();
    Thread caller = Thread.currentThread();
    Forked opener =
        TaskGroupTest.startHelper(
            "opener",
            () -> {
              grandchild.started.await();
              TaskGroupTest.awaitBlocked(caller);
              grandchild.open();
            });
    try {
      String result =
          FaninBlocking.taskGroup(
              group -> {
                group.fork(
                    () -> {
                      grandchildFuture.set(group.fork(grandchild));
                      return "child";
                    });
                return "body";
              });
      assertEquals("body", result);
      assertTrue(grandchild.hasStopped(), "the group ended after the grandchild");
      assertEquals("grandchild", grandchildFuture.get().join());
    } finally {
      TaskGroupTest.stop(opener);
    }
  }

  /** A task's future from the body's handle can be gathered and watched. */
  @OnEachThreadKind
  void taskGroupBlocking_forkedFutures_workWithGatherFuturesAndWaitUntil() throws Exception {
    List<Integer> gathered =
        FaninBlocking.taskGroup(
            group -> {
              CompletableFuture<Integer> one = group.fork(() -> 1);
              CompletableFuture<Integer> two = group.fork(() -> 2);
              WaitResult<CompletableFuture<Integer>> split =
                  FaninBlocking.waitUntil(ReturnWhen.ALL_COMPLETED, List.of(one, two));
              assertEquals(List.of(), split.pending());
              return FaninBlocking.gatherFutures(List.of(two, one));
            });
    assertEquals(List.of(2, 1), gathered);
  }

  /**
   * A task failure the body has already seen on the task's future is reported, even when the body
   * returns before the future's other callbacks have all run.
   */
  @Test
  void taskGroupBlocking_bodyReturnsRightAfterTaskFutureFailed_reportsTheFailure() {
    IllegalStateException boom = new IllegalStateException("boom");
    GatedTask<Object> task = GatedTask.failing(boom);
    CountDownLatch callerDone = new CountDownLatch(1);
    try {
      TaskGroupException thrown =
          assertThrows(
              TaskGroupException.class,
              () ->
                  FaninBlocking.taskGroup(
                      OnFailure.KEEP_RUNNING,
                      group -> {
                        CompletableFuture<Object> failing = group.fork(task);
                        task.open();
                        // Parks (a spin would hold a carrier the failing task may need) and
                        // returns as soon as the future fails, its other callbacks maybe still due.
                        try {
                          failing.join();
                        } catch (CompletionException expected) {
                          // the failure this test is about
                        }
                        return "body";
                      }));
      assertEquals(List.of(boom), thrown.failures());
    } finally {
      callerDone.countDown();
    }
  }

  /**
   * Inside a Fanin task, a callback form given a null body throws NullPointerException and leaves
   * nothing attached to the task: the task still completes.
   */
  @Test
  @Timeout(10) // guard: with the bug the enclosing group never ends until this interrupts it
  void taskGroup_nullBodyInsideTask_throwsNpeAndLeavesNothingBehind() throws Exception {
    String result =
        FaninBlocking.taskGroup(
            group ->
                group
                    .fork(
                        () -> {
                          assertThrows(NullPointerException.class, () -> Fanin.taskGroup(null));
                          return "task";
                        })
                    .get());
    assertEquals("task", result);
  }

  /** The body's handle refuses forks once the group has ended. */
  @Test
  void taskGroup_forkAfterGroupEnded_throwsIllegalStateException() throws Exception {
    AtomicReference<TaskGroup.Forks> handle = new AtomicReference<>();
    FaninBlocking.taskGroup(
        group -> {
          handle.set(group);
          return null;
        });
    assertThrows(IllegalStateException.class, () -> handle.get().fork(() -> 1));
    assertThrows(IllegalStateException.class, () -> handle.get().fork(() -> 1, Runnable::run));
  }

  /** The body's handle runs a task on the executor it names. */
  @Test
  void taskGroup_forkWithExecutor_runsThere() throws Exception {
    TaskGroupRunExecutor executor = new TaskGroupRunExecutor("named-executor");
    try {
      String name =
          FaninBlocking.taskGroup(
              group -> group.fork(() -> Thread.currentThread().getName(), executor).get());
      assertTrue(name.startsWith("named-executor"), name);
    } finally {
      executor.joinAll();
    }
  }

  /** The callback forms reject null, naming the argument. */
  @Test
  void taskGroup_nullArguments_throwNpeNamingThem() {
    assertEquals(
        "body",
        assertThrows(NullPointerException.class, () -> Fanin.taskGroup(null)).getMessage());
    assertEquals(
        "onFailure",
        assertThrows(NullPointerException.class, () -> Fanin.taskGroup(null, group -> 1))
            .getMessage());
    assertEquals(
        "timeout",
        assertThrows(
                NullPointerException.class,
                () -> Fanin.taskGroup(OnFailure.CANCEL_ALL, null, group -> 1))
            .getMessage());
    assertEquals(
        "body",
        assertThrows(NullPointerException.class, () -> FaninBlocking.taskGroup(null))
            .getMessage());
  }
}

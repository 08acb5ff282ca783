package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.OnFailure;
import dev.fanin.TaskGroupException;
import dev.fanin.interop.EngineDiagnostics;
import dev.fanin.testing.Forked;
import dev.fanin.testing.Forks;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** TaskGroup's phases in the try-with-resources form: ending, ownership, close. */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class TaskGroupLifecycleTest {

  /** Once join has returned, fork throws IllegalStateException and starts nothing. */
  @Test
  void fork_afterJoin_throwsIllegalStateException() throws Exception {
    try (TaskGroup group = TaskGroup.open()) {
      group.fork(() -> 1);
      group.join();
      assertThrows(IllegalStateException.class, () -> group.fork(() -> 2));
      assertThrows(IllegalStateException.class, () -> group.fork(() -> {}));
    }
  }

  /** Once join has thrown, fork throws IllegalStateException. */
  @Test
  void fork_afterJoinThrew_throwsIllegalStateException() throws Exception {
    try (TaskGroup group = TaskGroup.open()) {
      group.fork(
          () -> {
            throw new IOException("boom");
          });
      assertThrows(TaskGroupException.class, group::join);
      assertThrows(IllegalStateException.class, () -> group.fork(() -> 2));
    }
  }

  /** Once the group is closed (without join), fork throws IllegalStateException. */
  @Test
  void fork_afterClose_throwsIllegalStateException() {
    TaskGroup group = TaskGroup.open();
    group.fork(() -> 1);
    group.close();
    assertThrows(IllegalStateException.class, () -> group.fork(() -> 2));
    assertThrows(
        IllegalStateException.class, () -> group.fork(() -> 2, Runnable::run));
  }

  /** Another thread that forks after the group has ended gets IllegalStateException. */
  @Test
  void fork_fromLeftoverThreadAfterJoin_throwsIllegalStateException() throws Exception {
    TaskGroup group = TaskGroup.open();
    group.join();
    Forked late =
        Forks.start(
            "late-forker",
            () -> assertThrows(IllegalStateException.class, () -> group.fork(() -> 1)));
    late.join();
    group.close();
  }

  /**
   * A group whose deadline has already passed, but which the owner has not joined, has not ended:
   * a fork still returns a future, already cancelled, and join throws TimeoutException.
   */
  @Test
  void fork_afterDeadlinePassedBeforeJoin_returnsCancelledFuture() throws Exception {
    try (TaskGroup.Timed group = TaskGroup.open(OnFailure.CANCEL_ALL, Duration.ZERO)) {
      CompletableFuture<Integer> late = group.fork(() -> 1);
      assertThrows(TimeoutException.class, group::join);
      TaskGroupTest.assertCancelled(late);
    }
  }

  /** join from a thread other than the owner throws IllegalStateException; the owner can still. */
  @Test
  void join_fromNonOwner_throwsIllegalStateException() throws Exception {
    try (TaskGroup group = TaskGroup.open()) {
      CompletableFuture<Integer> one = group.fork(() -> 1);
      Forked other =
          Forks.start("non-owner", () -> assertThrows(IllegalStateException.class, group::join));
      other.join();
      group.join();
      assertEquals(1, one.join());
    }
  }

  /** close from a thread other than the owner throws IllegalStateException and cancels nothing. */
  @Test
  void close_fromNonOwner_throwsIllegalStateExceptionAndCancelsNothing() throws Exception {
    GatedTask<String> task = GatedTask.returning("done");
    CompletableFuture<String> future;
    try (TaskGroup group = TaskGroup.open()) {
      future = group.fork(task);
      task.started.await();
      Forked other =
          Forks.start("non-owner", () -> assertThrows(IllegalStateException.class, group::close));
      other.join();
      assertFalse(future.isDone());
      task.open();
      group.join();
    }
    assertEquals("done", future.join());
    assertFalse(task.interrupted);
  }

  /** close without join cancels and interrupts running tasks, and returns once they stopped. */
  @OnEachThreadKind
  void close_withoutJoin_cancelsRunningTasksAndWaitsForThem() throws Exception {
    BlockedTask<String> first = new BlockedTask<>();
    BlockedTask<String> second = new BlockedTask<>();
    CompletableFuture<String> firstFuture;
    CompletableFuture<String> secondFuture;
    try (TaskGroup group = TaskGroup.open(OnFailure.KEEP_RUNNING)) {
      firstFuture = group.fork(first);
      secondFuture = group.fork(second);
      first.started.await();
      second.started.await();
    } // close: cancellations are not failures, so it throws nothing
    assertTrue(first.hasStopped() && second.hasStopped(), "close returned after tasks stopped");
    assertEquals(0, EngineDiagnostics.runningTasks());
    assertTrue(first.interrupted);
    assertTrue(second.interrupted);
    TaskGroupTest.assertCancelled(firstFuture);
    TaskGroupTest.assertCancelled(secondFuture);
  }

  /** close without join throws the aggregate of failures that happened before it. */
  @Test
  void close_withoutJoinAfterFailure_throwsTaskGroupException() throws Exception {
    IOException boom = new IOException("boom");
    TaskGroupRunExecutor failedRun = new TaskGroupRunExecutor("failing");
    TaskGroup group = TaskGroup.open();
    try {
      group.fork(
          () -> {
            throw boom;
          },
          failedRun);
      failedRun.ran.await();
      TaskGroupException thrown = assertThrows(TaskGroupException.class, group::close);
      assertEquals(List.of(boom), thrown.failures());
    } finally {
      failedRun.joinAll();
    }
    group.close(); // already reported: does nothing
  }

  /**
   * When the try-with-resources body throws, close cancels the running tasks and the body's
   * exception propagates, with the group's aggregate attached as a suppressed exception.
   */
  @OnEachThreadKind
  void close_afterBodyException_bodyExceptionPropagatesWithAggregateSuppressed() throws Exception {
    IllegalStateException bodyFailure = new IllegalStateException("body");
    IOException boom = new IOException("boom");
    BlockedTask<String> blocked = new BlockedTask<>();
    TaskGroupRunExecutor failedRun = new TaskGroupRunExecutor("failing");
    IllegalStateException thrown;
    try {
      thrown =
          assertThrows(
              IllegalStateException.class,
              () -> {
                try (TaskGroup group = TaskGroup.open(OnFailure.KEEP_RUNNING)) {
                  group.fork(blocked);
                  group.fork(
                      () -> {
                        throw boom;
                      },
                      failedRun);
                  blocked.started.await();
                  failedRun.ran.await();
                  throw bodyFailure;
                }
              });
    } finally {
      failedRun.joinAll();
    }
    assertSame(bodyFailure, thrown);
    assertTrue(blocked.hasStopped());
    assertTrue(blocked.interrupted);
    assertEquals(1, thrown.getSuppressed().length, Arrays.toString(thrown.getSuppressed()));
    TaskGroupException aggregate =
        assertInstanceOf(TaskGroupException.class, thrown.getSuppressed()[0]);
    assertEquals(List.of(boom), aggregate.failures());
  }

  /**
   * When the try-with-resources body throws and no task failed, close only cancels: the body's
   * exception propagates with nothing suppressed.
   */
  @Test
  void close_afterBodyExceptionWithoutFailures_nothingSuppressed() throws Exception {
    IllegalStateException bodyFailure = new IllegalStateException("body");
    BlockedTask<String> blocked = new BlockedTask<>();
    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () -> {
              try (TaskGroup group = TaskGroup.open()) {
                group.fork(blocked);
                blocked.started.await();
                throw bodyFailure;
              }
            });
    assertSame(bodyFailure, thrown);
    assertEquals(0, thrown.getSuppressed().length);
    assertTrue(blocked.hasStopped());
  }

  /** After join threw the aggregate, close does not throw it again. */
  @Test
  void close_afterJoinThrew_doesNotThrowAgain() throws Exception {
    IOException boom = new IOException("boom");
    TaskGroupException thrown =
        assertThrows(
            TaskGroupException.class,
            () -> {
              try (TaskGroup group = TaskGroup.open()) {
                group.fork(
                    () -> {
                      throw boom;
                    });
                group.join();
              }
            });
    assertEquals(List.of(boom), thrown.failures());
    assertFalse(
        Arrays.stream(thrown.getSuppressed()).anyMatch(TaskGroupException.class::isInstance),
        Arrays.toString(thrown.getSuppressed()));
  }

  /**
   * An interrupt while close waits for a task to stop does not cut the wait short: close returns
   * once the task has stopped, with the interrupt status set again.
   */
  @OnEachThreadKind
  void close_ownerInterruptedWhileWaiting_waitsForTasksAndKeepsInterrupt() throws Exception {
    CountDownLatch cancelled = new CountDownLatch(1);
    CountDownLatch mayStop = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread owner = Thread.currentThread();
    Forked interrupter =
        TaskGroupTest.startHelper(
            "interrupter",
            () -> {
              cancelled.await();
              TaskGroupTest.awaitBlocked(owner);
              owner.interrupt();
              mayStop.countDown();
            });
    try {
      try (TaskGroup group = TaskGroup.open()) {
        group.fork(
            () -> {
              started.countDown();
              try {
                new CountDownLatch(1).await(); // wait for interrupt
              } catch (InterruptedException e) {
                cancelled.countDown();
                TaskGroupTest.awaitUninterruptibly(mayStop);
                stopped.countDown();
                throw e;
              }
              return null;
            });
        started.await();
      } // close: cancels, then waits through the owner's interrupt
      assertEquals(0, stopped.getCount(), "close returned after the task stopped");
      assertTrue(Thread.interrupted(), "interrupt status set again (and cleared here)");
    } finally {
      TaskGroupTest.stop(interrupter);
    }
  }

  /** Any thread may fork while the group is open, and join waits for what it forked. */
  @OnEachThreadKind
  void fork_fromAnotherThreadBeforeJoin_joinWaitsForIt() throws Exception {
    AtomicReference<CompletableFuture<String>> forked = new AtomicReference<>();
    try (TaskGroup group = TaskGroup.open()) {
      GatedTask<String> task = GatedTask.returning("other");
      Thread owner = Thread.currentThread();
      Forked other = Forks.start("other-forker", () -> forked.set(group.fork(task)));
      other.join();
      Forked opener =
          TaskGroupTest.startHelper(
              "opener",
              () -> {
                task.started.await();
                TaskGroupTest.awaitBlocked(owner);
                task.open();
              });
      try {
        group.join();
      } finally {
        TaskGroupTest.stop(opener);
      }
      assertTrue(task.hasStopped());
    }
    assertEquals("other", forked.get().join());
  }

  /** An empty group joins at once. */
  @Test
  void join_noTasks_returns() throws Exception {
    try (TaskGroup group = TaskGroup.open()) {
      group.join();
    }
  }

  /** The factories and fork reject null, naming the argument. */
  @Test
  void nullArguments_throwNpeNamingThem() {
    assertEquals(
        "onFailure",
        assertThrows(NullPointerException.class, () -> TaskGroup.open(null)).getMessage());
    assertEquals(
        "timeout",
        assertThrows(
                NullPointerException.class, () -> TaskGroup.open(OnFailure.CANCEL_ALL, null))
            .getMessage());
    try (TaskGroup group = TaskGroup.open()) {
      assertEquals(
          "task",
          assertThrows(
                  NullPointerException.class,
                  () -> group.fork((java.util.concurrent.Callable<Object>) null))
              .getMessage());
      assertEquals(
          "task",
          assertThrows(NullPointerException.class, () -> group.fork((Runnable) null))
              .getMessage());
      assertEquals(
          "executor",
          assertThrows(NullPointerException.class, () -> group.fork(() -> 1, null))
              .getMessage());
    }
  }
}

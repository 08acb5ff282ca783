package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.Completion;
import dev.fanin.Outcome;
import dev.fanin.TaskGroupException;
import dev.fanin.interop.EngineDiagnostics;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Fanin task that opens a TaskGroup and returns without closing it (adr/0015): only the thread
 * that opened a group may close it, so nobody ever could, and the enclosing call used to wait
 * silently for ever. Now the task closes what it left open when its code returns (the group's
 * tasks are cancelled and have stopped when the call returns) and fails with an
 * IllegalStateException saying so; a task that threw keeps its own exception, with that
 * IllegalStateException attached as suppressed.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class TaskGroupUnclosedTest {
  private static final Duration LONG = Duration.ofMinutes(10);

  /** gather and waitFor of a task that leaves a group open: IllegalStateException, group stopped. */
  @OnEachThreadKind
  void gatherAndWaitFor_taskLeavesGroupOpen_failsWithIllegalState() throws Exception {
    BlockedTask<String> inGroup = new BlockedTask<>();
    Callable<Integer> leaves = leavingGroupOpen(inGroup);
    IllegalStateException thrown =
        assertThrows(IllegalStateException.class, () -> FaninBlocking.gather(List.of(leaves)));
    assertTrue(thrown.getMessage().contains("not closed"), thrown.getMessage());
    assertTrue(inGroup.hasStopped() && inGroup.interrupted, "the group's task was cancelled");

    BlockedTask<String> again = new BlockedTask<>();
    assertThrows(
        IllegalStateException.class, () -> FaninBlocking.waitFor(leavingGroupOpen(again), LONG));
    assertTrue(again.hasStopped() && again.interrupted);
    assertEquals(0, EngineDiagnostics.runningTasks());
  }

  /** A task-group body that leaves a nested group open: one failure, the IllegalStateException. */
  @OnEachThreadKind
  void taskGroupBody_leavesNestedGroupOpen_groupFailsWithIllegalState() throws Exception {
    BlockedTask<String> inGroup = new BlockedTask<>();
    TaskGroupException thrown =
        assertThrows(
            TaskGroupException.class,
            () -> FaninBlocking.taskGroup(group -> leavingGroupOpen(inGroup).call()));
    assertEquals(1, thrown.failures().size());
    assertInstanceOf(IllegalStateException.class, thrown.failures().get(0));
    assertTrue(inGroup.hasStopped() && inGroup.interrupted);
  }

  /** A task that throws with a group open keeps its own exception; the diagnosis is suppressed. */
  @OnEachThreadKind
  void gather_taskThrowsWithGroupOpen_ownExceptionWithDiagnosisSuppressed() throws Exception {
    IllegalArgumentException own = new IllegalArgumentException("own");
    Callable<Integer> task =
        () -> {
          TaskGroup group = TaskGroup.open();
          group.fork(() -> "quick");
          throw own;
        };
    assertSame(own, assertThrows(IllegalArgumentException.class, () -> FaninBlocking.gather(List.of(task))));
    assertTrue(
        List.of(own.getSuppressed()).stream().anyMatch(IllegalStateException.class::isInstance));
  }

  /** asCompleted's tasks, started lazily by the sequence's puller: the same diagnosis. */
  @OnEachThreadKind
  void asCompleted_taskLeavesGroupOpen_failedCompletion() throws Exception {
    BlockedTask<String> inGroup = new BlockedTask<>();
    try (Completions<Integer, Callable<Integer>> results =
        FaninBlocking.asCompleted(List.of(leavingGroupOpen(inGroup)))) {
      Completion<Integer, Callable<Integer>> next = results.take();
      assertInstanceOf(
          IllegalStateException.class,
          assertInstanceOf(Outcome.Failure.class, next.outcome()).exception());
    }
    assertTrue(inGroup.hasStopped() && inGroup.interrupted);
  }

  /** A task that closes its group, and one that opens groups in a loop, are not affected. */
  @OnEachThreadKind
  void gather_taskClosesItsGroups_noDiagnosis() throws Exception {
    Callable<Integer> closes =
        () -> {
          int sum = 0;
          for (int i = 0; i < 100; i++) {
            try (TaskGroup group = TaskGroup.open()) {
              int value = i;
              sum += group.fork(() -> value).join();
              group.join();
            }
          }
          return sum;
        };
    assertEquals(List.of(4950), FaninBlocking.gather(List.of(closes)));
  }

  /** A task that opens a group, forks {@code inGroup} into it, waits until it runs, and returns. */
  private static Callable<Integer> leavingGroupOpen(BlockedTask<String> inGroup) {
    return () -> {
      TaskGroup group = TaskGroup.open();
      group.fork(inGroup);
      inGroup.started.await();
      return 1;
    };
  }
}

package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.fanin.OnFailure;
import dev.fanin.TaskGroupException;
import dev.fanin.interop.EngineDiagnostics;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.StressBudget;
import dev.fanin.testing.StressRace;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Races between a failing task and forks into its group, repeated {@code fanin.stress.rounds}
 * times (200 by default; under {@code -Pstress} for its share of a time budget, {@link StressBudget}). Each round checks that the group reported exactly the expected failures
 * and that no task is still running when join returns.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(600)
class TaskGroupStressTest {
  private static final int ROUNDS = StressBudget.rounds();
  private static final int FORKS = 32;

  /**
   * CANCEL_ALL, with tasks forking into the group while a sibling fails: the failure is the only
   * one reported, every task has stopped when join throws, and each fork either ran or was
   * cancelled.
   */
  @Test
  void cancelAll_failureRacesForksFromATask_onlyThatFailureAndNothingRunning() throws Exception {
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      IllegalStateException boom = new IllegalStateException("boom " + round);
      CountDownLatch go = new CountDownLatch(1);
      List<CompletableFuture<?>> futures = new ArrayList<>();
      List<BlockedTask<Object>> blocked = new ArrayList<>();
      TaskGroupException thrown;
      try (TaskGroup group = TaskGroup.open()) {
        group.fork(
            () -> {
              go.await();
              throw boom;
            });
        group.fork(
            () -> {
              go.countDown();
              forkMany(group, futures, blocked);
              return null;
            });
        thrown = assertThrows(TaskGroupException.class, group::join, "round " + round);
        assertEquals(0, EngineDiagnostics.runningTasks(), "round " + round);
      }
      checkRound(round, boom, thrown, futures, blocked);
    }
  }

  /**
   * CANCEL_ALL, with the owner forking while a task fails: the failure is the only one reported,
   * every task has stopped when join throws, and each fork either ran or was cancelled.
   */
  @Test
  void cancelAll_failureRacesForksFromOwner_onlyThatFailureAndNothingRunning() throws Exception {
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      IllegalStateException boom = new IllegalStateException("boom " + round);
      CountDownLatch go = new CountDownLatch(1);
      List<CompletableFuture<?>> futures = new ArrayList<>();
      List<BlockedTask<Object>> blocked = new ArrayList<>();
      TaskGroupException thrown;
      try (TaskGroup group = TaskGroup.open()) {
        group.fork(
            () -> {
              go.await();
              throw boom;
            });
        go.countDown();
        try {
          forkMany(group, futures, blocked);
        } catch (IllegalStateException e) {
          fail("round " + round + ": fork before join threw", e);
        }
        thrown = assertThrows(TaskGroupException.class, group::join, "round " + round);
        assertEquals(0, EngineDiagnostics.runningTasks(), "round " + round);
      }
      checkRound(round, boom, thrown, futures, blocked);
    }
  }

  /**
   * KEEP_RUNNING, with the owner forking while a task fails: the failure is the only one reported
   * and every other task ran to its end.
   *
   * <p>A guard task keeps the group open until the failing task's run has returned, so every
   * round reaches the same state before join.
   */
  @Test
  void keepRunning_failureRacesForks_onlyThatFailureAndEveryOtherTaskCompletes() throws Exception {
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      IllegalStateException boom = new IllegalStateException("boom " + round);
      CountDownLatch go = new CountDownLatch(1);
      TaskGroupRunExecutor failedRun = new TaskGroupRunExecutor("failing");
      List<CompletableFuture<Integer>> futures = new ArrayList<>();
      TaskGroupException thrown;
      try (TaskGroup group = TaskGroup.open(OnFailure.KEEP_RUNNING)) {
        group.fork(
            () -> {
              failedRun.ran.await();
              return null;
            });
        group.fork(
            () -> {
              go.await();
              throw boom;
            },
            failedRun);
        go.countDown();
        for (int i = 0; i < FORKS; i++) {
          int value = i;
          futures.add(group.fork(() -> value));
        }
        thrown = assertThrows(TaskGroupException.class, group::join, "round " + round);
        assertEquals(0, EngineDiagnostics.runningTasks(), "round " + round);
      } finally {
        failedRun.joinAll();
      }
      assertEquals(List.of(boom), thrown.failures(), "round " + round);
      for (int i = 0; i < FORKS; i++) {
        // join() returned, so every forked future is complete (join_everyForkedFutureDoneWhenJoinReturns).
        assertEquals(i, futures.get(i).join(), "round " + round + ", task " + i);
      }
    }
  }

  /**
   * A failure the owner has already seen on the task's future is always in what join reports, even
   * when join runs right after the future completed.
   */
  @Test
  void join_rightAfterTaskFutureFailed_alwaysReportsTheFailure() throws Exception {
    AtomicReference<String> missed = new AtomicReference<>();
    int misses = 0;
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      IllegalStateException boom = new IllegalStateException("boom " + round);
      try (TaskGroup group = TaskGroup.open(OnFailure.KEEP_RUNNING)) {
        CompletableFuture<Object> failing =
            group.fork(
                () -> {
                  throw boom;
                });
        while (!failing.isDone()) {
          Thread.onSpinWait();
        }
        try {
          group.join();
          misses++;
          missed.compareAndSet(null, "round " + round);
        } catch (TaskGroupException e) {
          assertEquals(List.of(boom), e.failures(), "round " + round);
        }
      }
    }
    int total = misses;
    assertEquals(
        0, total, () -> total + " joins returned normally; first " + missed);
  }

  /**
   * When join returns, every forked task has completed, so its future is done: join's "waits until
   * every task has completed" as the caller can observe it.
   */
  @Test
  void join_everyForkedFutureDoneWhenJoinReturns() throws Exception {
    int notDone = 0;
    String first = null;
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      List<CompletableFuture<Integer>> futures = new ArrayList<>();
      try (TaskGroup group = TaskGroup.open()) {
        for (int i = 0; i < FORKS; i++) {
          int value = i;
          futures.add(group.fork(() -> value));
        }
        group.join();
        for (int i = 0; i < FORKS; i++) {
          if (!futures.get(i).isDone()) {
            notDone++;
            if (first == null) {
              first = "round " + round + ", task " + i;
            }
          }
        }
      }
      for (CompletableFuture<Integer> future : futures) {
        future.join(); // let the stragglers finish before the next round
      }
    }
    assertEquals(0, notDone, "futures not done when join returned; the first: " + first);
  }

  private static void forkMany(
      TaskGroup group, List<CompletableFuture<?>> futures, List<BlockedTask<Object>> blocked) {
    List<CompletableFuture<?>> mine = new ArrayList<>();
    List<BlockedTask<Object>> mineBlocked = new ArrayList<>();
    for (int i = 0; i < FORKS; i++) {
      if (i % 2 == 0) {
        int value = i;
        mine.add(group.fork(() -> value));
      } else {
        BlockedTask<Object> task = new BlockedTask<>();
        mineBlocked.add(task);
        mine.add(group.fork(task));
      }
    }
    synchronized (futures) {
      futures.addAll(mine);
      blocked.addAll(mineBlocked);
    }
  }

  private static void checkRound(
      int round,
      Throwable boom,
      TaskGroupException thrown,
      List<CompletableFuture<?>> futures,
      List<BlockedTask<Object>> blocked) {
    assertEquals(List.of(boom), thrown.failures(), "round " + round);
    synchronized (futures) {
      for (CompletableFuture<?> future : futures) {
        // Every forked future is complete once join returned (join_everyForkedFutureDoneWhenJoinReturns).
        Throwable failure = future.handle((value, error) -> error).join();
        assertTrue(
            failure == null || future.isCancelled(),
            () -> "round " + round + ": a fork failed: " + failure);
      }
      for (BlockedTask<Object> task : blocked) {
        assertTrue(
            task.started.getCount() == 1 || task.hasStopped(), "round " + round + ": still running");
      }
    }
  }
}

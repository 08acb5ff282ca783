package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.interop.EngineDiagnostics;
import dev.fanin.testing.Forked;
import dev.fanin.testing.Forks;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import dev.fanin.testing.StressBudget;
import dev.fanin.testing.StressRace;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * race's win racing its cancellation, two wins racing each other, and a stagger timer racing a
 * failure, each lined up with a {@link CyclicBarrier} (the timer with deadlines from 1 ns to 32 µs)
 * and repeated {@code fanin.stress.rounds} times ({@link StressBudget}). Invariants, each round: the
 * call gives exactly one of a winner's value and its cancellation (nothing lost, nothing twice); no
 * task ran twice; every task that started has ended when the call has; no task is left running.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(600)
class RaceStressTest {
  private static final int TASKS = 3;

  /**
   * Cancelling the returned future while the winner returns: cancel() returned true exactly when
   * the future is cancelled; otherwise it holds the winner's value. The round runs inside a Fanin
   * task, so its end waits for everything the race started (adr/0005).
   */
  @OnEachThreadKind
  void futureCancel_racesWin_valueXorCancelledAndEveryTaskEnded() throws Exception {
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      String where = "round " + stress.round();
      TaskLog log = new TaskLog(TASKS);
      CyclicBarrier start = new CyclicBarrier(2);
      List<Callable<Integer>> tasks = losersThenWinner(log, start);
      AtomicReference<CompletableFuture<Integer>> started = new AtomicReference<>();
      boolean cancelled =
          FaninBlocking.gather(
                  List.<Callable<Boolean>>of(
                      () -> {
                        CompletableFuture<Integer> future = Fanin.race(tasks);
                        started.set(future);
                        start.await();
                        return future.cancel(true);
                      }))
              .get(0);

      CompletableFuture<Integer> future = started.get();
      assertEquals(cancelled, future.isCancelled(), where);
      if (!cancelled) {
        assertEquals(TASKS - 1, future.join(), where);
      }
      log.assertEachRanAtMostOnceAndEnded(where);
      assertEquals(0, EngineDiagnostics.runningTasks(), where);
    }
  }

  /**
   * Interrupting the blocked caller while the winner returns: the call returns the winner's value
   * (the interrupt came too late, and stays set), or throws InterruptedException with the status
   * cleared once every task has ended.
   */
  @OnEachThreadKind
  void blockingInterrupt_racesWin_valueOrInterruptedWithNothingRunning() throws Exception {
    Thread caller = Thread.currentThread();
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      String where = "round " + stress.round();
      TaskLog log = new TaskLog(TASKS);
      CyclicBarrier start = new CyclicBarrier(2);
      CountDownLatch interrupted = new CountDownLatch(1);
      Forked interrupter =
          Forks.start(
              "interrupter",
              () -> {
                start.await();
                caller.interrupt();
                interrupted.countDown();
              });
      try {
        assertEquals(TASKS - 1, FaninBlocking.race(losersThenWinner(log, start)), where);
      } catch (InterruptedException e) {
        assertFalse(Thread.currentThread().isInterrupted(), where + ": status cleared");
        log.assertEachRanAtMostOnceAndEnded(where);
        assertEquals(0, EngineDiagnostics.runningTasks(), where);
      }
      // The interrupt may come after the result: wait for it, and clear it for the next round.
      CancelRacesStressTest.awaitUninterruptibly(interrupted);
      Thread.interrupted();
      interrupter.join();
      log.assertEachRanAtMostOnceAndEnded(where);
    }
  }

  /** Two tasks that return together: the race gives one of their values, and the other has ended. */
  @OnEachThreadKind
  void twoWins_race_oneValueAndEveryTaskEnded() throws Exception {
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      String where = "round " + stress.round();
      TaskLog log = new TaskLog(2);
      CyclicBarrier together = new CyclicBarrier(2);
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        int index = i;
        tasks.add(
            () -> {
              log.start(index);
              try {
                together.await();
                return index;
              } finally {
                log.end(index);
              }
            });
      }
      int value = FaninBlocking.race(tasks);
      assertTrue(value == 0 || value == 1, where + ": " + value);
      log.assertEachRanAtMostOnceAndEnded(where);
      assertEquals(0, EngineDiagnostics.runningTasks(), where);
    }
  }

  /**
   * A stagger timer that passes while the task it times fails (deadlines from 1 ns to 32 µs, so that
   * some pass before the failure and some after): no task starts twice, whichever of the two claims
   * it, and the last task, the only one that succeeds, wins.
   */
  @OnEachThreadKind
  void staggerTimer_racesFailure_eachTaskStartsOnce() throws Exception {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      String where = "round " + stress.round();
      TaskLog log = new TaskLog(TASKS);
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int i = 0; i < TASKS; i++) {
        int index = i;
        tasks.add(
            () -> {
              log.start(index);
              try {
                if (index < TASKS - 1) {
                  throw new IOException("task " + index);
                }
                return index;
              } finally {
                log.end(index);
              }
            });
      }
      Duration stagger = Duration.ofNanos(1L << random.nextInt(16));
      assertEquals(TASKS - 1, FaninBlocking.race(tasks, stagger), where);
      // The winner ran; an earlier task may never have run: the timer can start the next task
      // before the executor runs it, and the win then cancels it before it starts.
      assertEquals(1, log.started(TASKS - 1), where);
      log.assertEachRanAtMostOnceAndEnded(where);
      assertEquals(0, EngineDiagnostics.runningTasks(), where);
    }
  }

  /**
   * Tasks 0 to TASKS - 2 block until interrupted; the last meets the other side of the race at
   * {@code start}, then returns its index: its win and the cancellation start together.
   */
  private static List<Callable<Integer>> losersThenWinner(TaskLog log, CyclicBarrier start) {
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < TASKS; i++) {
      int index = i;
      tasks.add(
          () -> {
            log.start(index);
            try {
              if (index == TASKS - 1) {
                start.await();
                return index;
              }
              new CountDownLatch(1).await(); // wait for interrupt
              throw new AssertionError("never counted down");
            } finally {
              log.end(index);
            }
          });
    }
    return tasks;
  }
}

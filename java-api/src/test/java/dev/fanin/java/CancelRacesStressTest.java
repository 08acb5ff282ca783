package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.Completion;
import dev.fanin.Outcome;
import dev.fanin.TimeoutScope;
import dev.fanin.interop.EngineDiagnostics;
import dev.fanin.testing.Forked;
import dev.fanin.testing.Forks;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.StressBudget;
import dev.fanin.testing.StressRace;
import dev.fanin.testing.OnEachThreadKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Completion racing cancellation, for every operation that runs tasks: the last task's completion
 * and a cancel (of the returned future), an interrupt (of a blocking caller) or an expiry (of a
 * timeout scope), lined up with a {@link CyclicBarrier} and repeated {@code fanin.stress.rounds}
 * times (200 by default; under {@code -Pstress} for its share of a time budget, {@link StressBudget}). Invariants, each round: the call either
 * delivers every result or reports the cancellation, never both and never neither (nothing lost);
 * no task ran twice (nothing duplicated); every task that started has ended when the call has (every
 * handle accounted for); and no task is left running (no thread leaked, also NoLeaksExtension).
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(600)
class CancelRacesStressTest {
  private static final int ROUNDS = StressBudget.rounds();
  private static final int TASKS = 4;
  private static final Duration LONG = Duration.ofMinutes(10);

  /** The operations raced: each runs the tasks, in future and in blocking form. */
  enum Operation {
    GATHER {
      @Override
      CompletableFuture<?> start(List<Callable<Integer>> tasks) {
        return Fanin.gather(tasks);
      }

      @Override
      Object block(List<Callable<Integer>> tasks) throws Exception {
        return FaninBlocking.gather(tasks);
      }
    },
    GATHER_SETTLED {
      @Override
      CompletableFuture<?> start(List<Callable<Integer>> tasks) {
        return Fanin.gatherSettled(tasks);
      }

      @Override
      Object block(List<Callable<Integer>> tasks) throws Exception {
        return FaninBlocking.gatherSettled(tasks);
      }

      @Override
      Object values(Object result) {
        List<Object> values = new ArrayList<>();
        for (Object outcome : (List<?>) result) {
          values.add(((Outcome<?>) outcome).getOrThrow());
        }
        return values;
      }
    },
    WAIT_FOR {
      @Override
      CompletableFuture<?> start(List<Callable<Integer>> tasks) {
        return Fanin.waitFor(() -> FaninBlocking.gather(tasks), LONG);
      }

      @Override
      Object block(List<Callable<Integer>> tasks) throws Exception {
        return FaninBlocking.waitFor(() -> FaninBlocking.gather(tasks), LONG);
      }
    },
    TIMEOUT_SCOPE {
      @Override
      CompletableFuture<?> start(List<Callable<Integer>> tasks) {
        return Fanin.timeoutScope(LONG, scope -> FaninBlocking.gather(tasks));
      }

      @Override
      Object block(List<Callable<Integer>> tasks) throws Exception {
        return FaninBlocking.timeoutScope(LONG, scope -> FaninBlocking.gather(tasks));
      }
    },
    TASK_GROUP {
      @Override
      CompletableFuture<?> start(List<Callable<Integer>> tasks) {
        return Fanin.taskGroup(group -> forkAndJoin(group, tasks));
      }

      @Override
      Object block(List<Callable<Integer>> tasks) throws Exception {
        return FaninBlocking.taskGroup(group -> forkAndJoin(group, tasks));
      }
    };

    /** Starts the operation; returns Fanin's future. */
    abstract CompletableFuture<?> start(List<Callable<Integer>> tasks);

    /** Runs the blocking form. */
    abstract Object block(List<Callable<Integer>> tasks) throws Exception;

    /** The tasks' values in task order, from what the operation gave. */
    Object values(Object result) {
      return result;
    }
  }

  /** A task group body: forks every task, waits for them, gives their values in task order. */
  private static List<Integer> forkAndJoin(TaskGroup.Forks group, List<Callable<Integer>> tasks)
      throws InterruptedException {
    List<CompletableFuture<Integer>> forks = new ArrayList<>();
    for (Callable<Integer> task : tasks) {
      forks.add(group.fork(task));
    }
    return FaninBlocking.gatherFutures(forks);
  }

  /**
   * Cancelling the returned future while the last task completes: cancel() returned true exactly
   * when the future is cancelled; otherwise it holds every result in order. The round runs inside
   * a Fanin task, so its end waits for everything the operation started (adr/0005).
   */
  @ParameterizedTest
  @EnumSource(Operation.class)
  void futureCancel_racesLastCompletion_resultsOrCancelledAndEveryTaskEnded(Operation operation)
      throws Exception {
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      String where = operation + " round " + round;
      TaskLog log = new TaskLog(TASKS);
      CyclicBarrier start = new CyclicBarrier(2);
      List<Callable<Integer>> tasks = tasks(log, start);
      AtomicReference<CompletableFuture<?>> started = new AtomicReference<>();
      boolean cancelled =
          FaninBlocking.gather(
                  List.<Callable<Boolean>>of(
                      () -> {
                        CompletableFuture<?> future = operation.start(tasks);
                        started.set(future);
                        start.await();
                        return future.cancel(true);
                      }))
              .get(0);

      CompletableFuture<?> future = started.get();
      assertEquals(cancelled, future.isCancelled(), where);
      if (!cancelled) {
        assertEquals(expected(), operation.values(future.join()), where);
      }
      log.assertEachRanAtMostOnceAndEnded(where);
      assertEquals(0, EngineDiagnostics.runningTasks(), where);
    }
  }

  /**
   * Interrupting a blocked caller while the last task completes: the call returns every result
   * (the interrupt came too late, and stays set), or throws InterruptedException with the status
   * cleared once every task has ended.
   */
  @OnEachThreadKind
  void blockingInterrupt_racesLastCompletion_resultsOrInterruptedWithNothingRunning()
      throws Exception {
    Thread caller = Thread.currentThread();
    for (Operation operation : Operation.values()) {
      for (StressRace stress = StressBudget.race(StressBudget.rounds() / 2); stress.nextRound(); ) {
        int round = stress.round();
        String where = operation + " round " + round;
        TaskLog log = new TaskLog(TASKS);
        CyclicBarrier start = new CyclicBarrier(2);
        List<Callable<Integer>> tasks = tasks(log, start);
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
          assertEquals(expected(), operation.values(operation.block(tasks)), where);
        } catch (InterruptedException e) {
          assertFalse(Thread.currentThread().isInterrupted(), where + ": status cleared");
          log.assertEachRanAtMostOnceAndEnded(where);
          assertEquals(0, EngineDiagnostics.runningTasks(), where);
        }
        // The interrupt may come after the result: wait for it, and clear it for the next round.
        awaitUninterruptibly(interrupted);
        Thread.interrupted();
        interrupter.join();
      }
    }
  }

  /**
   * A timeout scope whose deadline is moved to now, from another thread, while its body returns:
   * the scope either returns the body's value and is not expired, or throws TimeoutException and is
   * expired, never both.
   */
  @OnEachThreadKind
  void timeoutScope_expiryRacesBodyReturn_valueXorTimeout() throws Exception {
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      CyclicBarrier start = new CyclicBarrier(2);
      AtomicReference<TimeoutScope> scope = new AtomicReference<>();
      Forked expirer =
          Forks.start(
              "expirer",
              () -> {
                start.await();
                scope.get().reschedule(Duration.ZERO);
              });
      String value;
      try {
        value =
            FaninBlocking.timeoutScope(
                LONG,
                body -> {
                  scope.set(body);
                  start.await();
                  return "done";
                });
      } catch (TimeoutException e) {
        value = null;
      }
      expirer.join();
      if (value == null) {
        assertTrue(scope.get().isExpired(), "round " + round + ": timed out but not expired");
      } else {
        assertEquals("done", value);
        assertFalse(scope.get().isExpired(), "round " + round + ": returned but expired");
      }
    }
  }

  /**
   * waitFor's own timer against a task that returns at once, with deadlines from 1 ns to 32 µs, so
   * that some expire before the task ends and some after (a timer cannot wait at a barrier): the
   * value or TimeoutException, nothing else, and after a timeout the task has ended.
   */
  @OnEachThreadKind
  void waitFor_expiryRacesCompletion_valueOrTimeoutAndTaskEnded() throws Exception {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      TaskLog log = new TaskLog(1);
      Duration deadline = Duration.ofNanos(1L << random.nextInt(16));
      try {
        Integer value =
            FaninBlocking.waitFor(
                () -> {
                  log.start(0);
                  try {
                    return 7;
                  } finally {
                    log.end(0);
                  }
                },
                deadline);
        assertEquals(7, value);
      } catch (TimeoutException e) {
        log.assertEachRanAtMostOnceAndEnded("round " + round);
        assertEquals(0, EngineDiagnostics.runningTasks(), "round " + round);
      }
    }
  }

  /**
   * Tasks 0 to TASKS - 2 return their index at once; the last meets the other side of the race at
   * {@code start}, then returns its index: its completion and the cancellation start together.
   */
  private static List<Callable<Integer>> tasks(TaskLog log, CyclicBarrier start) {
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < TASKS; i++) {
      int index = i;
      tasks.add(
          () -> {
            log.start(index);
            try {
              if (index == TASKS - 1) {
                start.await();
              }
              return index;
            } finally {
              log.end(index);
            }
          });
    }
    return tasks;
  }

  /** Waits for {@code latch} whatever interrupts arrive, and keeps them. */
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

  private static List<Integer> expected() {
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < TASKS; i++) {
      expected.add(i);
    }
    return expected;
  }
}

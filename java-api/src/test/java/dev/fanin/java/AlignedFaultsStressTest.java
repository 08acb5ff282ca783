package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.OnFailure;
import dev.fanin.UncheckedTaskException;
import dev.fanin.testing.AlignedRace;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.StressBudget;
import dev.fanin.testing.StressRace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Interrupt, deadline and cancel raced against each other at one aligned moment ({@link
 * AlignedRace}), for gather, waitFor and a task group whose tasks never finish on their own. Each
 * round the caller starts the operation's future form with its own deadline (1 ns to 32 µs: gather,
 * which has none, in a timeout scope) and blocks on it in {@link FaninBlocking#gatherFutures}; at
 * the same moment one racer interrupts the caller and another cancels the future.
 *
 * <p>Invariants, each round: the blocking call ends exactly once, with {@link InterruptedException}
 * (status cleared), {@link CancellationException} or the deadline's {@link TimeoutException}
 * (checked, so wrapped in {@link UncheckedTaskException} as the class documentation of {@link
 * FaninBlocking} says), never a value or
 * another exception; the operation's future is done when it has ended; every task that started is
 * interrupted and stops without being released. {@link NoLeaksExtension} then checks that no task
 * is running and no thread was left behind. Sized by {@link StressBudget}.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(600)
class AlignedFaultsStressTest {
  private static final int TASKS = 3;
  private static final Duration HANG_GUARD = Duration.ofSeconds(30);

  /** The operations raced, in future form with a deadline of their own. */
  enum Operation {
    GATHER {
      @Override
      CompletableFuture<?> start(List<Callable<Integer>> tasks, Duration deadline) {
        return Fanin.timeoutScope(deadline, scope -> FaninBlocking.gather(tasks));
      }
    },
    WAIT_FOR {
      @Override
      CompletableFuture<?> start(List<Callable<Integer>> tasks, Duration deadline) {
        return Fanin.waitFor(tasks.get(0), deadline);
      }
    },
    TASK_GROUP {
      @Override
      CompletableFuture<?> start(List<Callable<Integer>> tasks, Duration deadline) {
        return Fanin.taskGroup(
            OnFailure.CANCEL_ALL,
            deadline,
            group -> {
              List<CompletableFuture<Integer>> forks = new ArrayList<>();
              for (Callable<Integer> task : tasks) {
                forks.add(group.fork(task));
              }
              return FaninBlocking.gatherFutures(forks);
            });
      }
    };

    abstract CompletableFuture<?> start(List<Callable<Integer>> tasks, Duration deadline);
  }

  /**
   * The caller's interrupt, the operation's deadline and the cancel of its future, aligned: the
   * call ends once, with one of the allowed exceptions, and every task that started has stopped.
   */
  @ParameterizedTest
  @EnumSource(Operation.class)
  void interruptDeadlineCancel_aligned_endsOnceAndEveryTaskStopped(Operation operation)
      throws Exception {
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      String where = operation + " round " + round;
      CountDownLatch never = new CountDownLatch(1);
      AtomicInteger[] started = new AtomicInteger[TASKS];
      CountDownLatch[] ended = new CountDownLatch[TASKS];
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int i = 0; i < TASKS; i++) {
        int task = i;
        started[i] = new AtomicInteger();
        ended[i] = new CountDownLatch(1);
        tasks.add(
            () -> {
              started[task].incrementAndGet();
              try {
                never.await(); // only an interrupt ends it before the round releases it
                return task;
              } finally {
                ended[task].countDown();
              }
            });
      }
      Duration deadline = Duration.ofNanos(1L << (round % 16));
      CompletableFuture<Thread> caller = new CompletableFuture<>();
      CompletableFuture<CompletableFuture<?>> future = new CompletableFuture<>();
      AtomicInteger endings = new AtomicInteger();
      AtomicReference<Throwable> ending = new AtomicReference<>();
      AtomicReference<Boolean> doneWhenEnded = new AtomicReference<>();
      AtomicReference<Boolean> interruptedAfterIe = new AtomicReference<>(false);
      try {
        AlignedRace.run(
            HANG_GUARD,
            () -> {
              caller.complete(Thread.currentThread());
              CompletableFuture<?> started1 = operation.start(tasks, deadline);
              future.complete(started1);
              try {
                Object value = FaninBlocking.gatherFutures(List.of(started1));
                ending.set(new AssertionError("returned a value: " + value));
              } catch (InterruptedException e) {
                interruptedAfterIe.set(Thread.currentThread().isInterrupted());
                ending.set(e);
              } catch (Throwable t) {
                ending.set(t);
              }
              endings.incrementAndGet();
              doneWhenEnded.set(started1.isDone());
            },
            () -> caller.join().interrupt(),
            () -> future.join().cancel(true));

        assertEquals(1, endings.get(), where + ": ended once");
        Throwable thrown = ending.get();
        assertTrue(
            thrown instanceof InterruptedException
                || thrown instanceof CancellationException
                || (thrown instanceof UncheckedTaskException
                    && thrown.getCause() instanceof TimeoutException),
            () -> where + ": not an allowed ending: " + thrown);
        assertFalse(interruptedAfterIe.get(), where + ": interrupt status cleared");
        assertTrue(doneWhenEnded.get(), where + ": the operation's future done when the call ended");
        for (int i = 0; i < TASKS; i++) {
          if (started[i].get() > 0) {
            assertTrue(
                ended[i].await(HANG_GUARD.toSeconds(), TimeUnit.SECONDS),
                where + ": task " + i + " started and was never stopped");
          }
          assertTrue(started[i].get() <= 1, where + ": task " + i + " ran twice");
        }
      } finally {
        never.countDown(); // a task that never started cannot start blocked
      }
    }
  }
}

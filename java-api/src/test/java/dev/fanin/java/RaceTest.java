package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.RaceFailedException;
import dev.fanin.interop.EngineDiagnostics;
import dev.fanin.testing.Forked;
import dev.fanin.testing.Forks;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import dev.fanin.testing.OrderChecker;
import java.io.IOException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** race over Callables that Fanin runs, in both Java forms. */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class RaceTest {
  /** A stagger that never passes during a test: only a failure can start the next task. */
  private static final Duration LONG = Duration.ofHours(1);

  /**
   * The first task to succeed wins; the losers were interrupted and had stopped when the call
   * returned, and no task is left running.
   */
  @OnEachThreadKind
  void race_firstSuccessWins_losersInterruptedAndStopped() throws Exception {
    BlockedTask<String> first = new BlockedTask<>();
    BlockedTask<String> third = new BlockedTask<>();
    Callable<String> winner =
        () -> {
          first.started.await();
          third.started.await();
          return "won";
        };

    assertEquals("won", FaninBlocking.race(List.of(first, winner, third)));

    assertTrue(first.hasStopped() && third.hasStopped(), "a loser outlived the call");
    assertTrue(first.interrupted && third.interrupted);
    assertEquals(0, EngineDiagnostics.runningTasks());
  }

  /** The future completes with the winner's value only after the losers have stopped. */
  @Test
  void race_future_completesAfterLosersStopped() throws Exception {
    BlockedTask<String> loser = new BlockedTask<>();
    OrderChecker order = new OrderChecker();
    CompletableFuture<String> result =
        Fanin.race(
            List.<Callable<String>>of(
                loser,
                () -> {
                  loser.started.await();
                  return "won";
                }));
    CompletableFuture<String> callback =
        result.whenComplete(
            (value, failure) -> {
              order.expect(1);
              if (!loser.hasStopped() || EngineDiagnostics.runningTasks() != 0) {
                order.expectUnreached();
              }
            });

    assertEquals("won", result.get());
    callback.handle((value, failure) -> null).join();
    order.finish(2);
    order.check();
  }

  /** A failure does not end the race: a later success wins. */
  @OnEachThreadKind
  void race_failureThenSuccess_successWins() throws Exception {
    GatedTask<String> failing = GatedTask.failing(new IOException("down"));
    Callable<String> later =
        () -> {
          failing.stopped.await();
          return "up";
        };
    failing.open();
    assertEquals("up", FaninBlocking.race(List.of(failing, later)));
  }

  /**
   * When every task fails, the future fails with one RaceFailedException listing each task's own
   * exception in the order the tasks failed, not in list order. The executor only queues the tasks,
   * and the test runs them in the order it chooses: a run reports before its run() returns.
   */
  @Test
  void race_allFail_oneAggregateInCompletionOrder() {
    IOException a = new IOException("a");
    IllegalStateException b = new IllegalStateException("b");
    ArithmeticException c = new ArithmeticException("c");
    List<Runnable> queued = new ArrayList<>();
    CompletableFuture<String> result =
        Fanin.race(
            List.<Callable<String>>of(
                () -> {
                  throw a;
                },
                () -> {
                  throw b;
                },
                () -> {
                  throw c;
                }),
            queued::add);

    queued.get(2).run();
    queued.get(0).run();
    assertFalse(result.isDone(), "the race ended before every task had failed");
    queued.get(1).run();

    ExecutionException thrown = assertThrows(ExecutionException.class, result::get);
    RaceFailedException aggregate = assertInstanceOf(RaceFailedException.class, thrown.getCause());
    assertEquals(3, aggregate.failures().size());
    assertSame(c, aggregate.failures().get(0));
    assertSame(a, aggregate.failures().get(1));
    assertSame(b, aggregate.failures().get(2));
    assertSame(c, aggregate.getCause());
    assertEquals(List.of(a), aggregate.failures(IOException.class));
    assertTrue(
        aggregate.getMessage().startsWith("all 3 task(s) failed: java.lang.ArithmeticException: c; "),
        aggregate.getMessage());
  }

  /**
   * The blocking form throws the RaceFailedException as it is (with only a trace of where it
   * waited), its failures the tasks' own exceptions, a checked one not wrapped.
   */
  @OnEachThreadKind
  void raceBlocking_allFail_throwsAggregateAsIs() {
    IOException checked = new IOException("checked");
    IllegalStateException unchecked = new IllegalStateException("unchecked");
    RaceFailedException thrown =
        assertThrows(
            RaceFailedException.class,
            () ->
                FaninBlocking.race(
                    List.<Callable<String>>of(
                        () -> {
                          throw checked;
                        },
                        () -> {
                          throw unchecked;
                        })));
    assertEquals(2, thrown.failures().size());
    assertTrue(thrown.failures().contains(checked) && thrown.failures().contains(unchecked));
    assertEquals(1, thrown.getSuppressed().length);
    assertTrue(thrown.getSuppressed()[0].getMessage().startsWith("awaited in thread"));
    assertEquals(0, EngineDiagnostics.runningTasks());
  }

  /** The future form fails with the RaceFailedException itself, not wrapped. */
  @Test
  void race_futureAllFail_failsWithAggregate() {
    IOException only = new IOException("only");
    CompletableFuture<String> result =
        Fanin.race(
            List.<Callable<String>>of(
                () -> {
                  throw only;
                }));
    ExecutionException thrown = assertThrows(ExecutionException.class, result::get);
    RaceFailedException aggregate = assertInstanceOf(RaceFailedException.class, thrown.getCause());
    assertEquals(List.of(only), aggregate.failures());
  }

  /** A task that throws CancellationException itself, without being cancelled, has failed. */
  @Test
  void race_taskThrowsCancellationItself_countsAsFailure() throws Exception {
    CancellationException gaveUp = new CancellationException("gave up");
    GatedTask<String> giving = GatedTask.failing(gaveUp);
    giving.open();
    RaceFailedException thrown =
        assertThrows(RaceFailedException.class, () -> FaninBlocking.race(List.of(giving)));
    assertEquals(List.of(gaveUp), thrown.failures());

    GatedTask<String> givingAgain = GatedTask.failing(new CancellationException("gave up"));
    givingAgain.open();
    assertEquals(
        "next",
        FaninBlocking.race(List.<Callable<String>>of(givingAgain, () -> "next"), LONG));
  }

  /** A task may win with null. */
  @Test
  void race_winnerReturnsNull_returnsNull() throws Exception {
    BlockedTask<String> loser = new BlockedTask<>();
    assertNull(FaninBlocking.race(List.<Callable<String>>of(() -> null, loser)));
  }

  /** A loser that throws while being cancelled (a clean-up that fails) does not change the result. */
  @Test
  void race_loserThrowsWhileCancelled_winnerStillReturned() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    Callable<String> loser =
        () -> {
          started.countDown();
          try {
            new CountDownLatch(1).await(); // wait for interrupt
            return "never";
          } catch (InterruptedException e) {
            throw new IOException("clean-up failed"); // not caused by the interrupt: not its echo
          }
        };
    Callable<String> winner =
        () -> {
          started.await();
          return "won";
        };
    assertEquals("won", FaninBlocking.race(List.of(loser, winner)));
  }

  /** A loser that catches its interrupt and returns a value has lost: its value is dropped. */
  @Test
  void race_loserSwallowsInterrupt_valueDropped() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    Callable<String> loser =
        () -> {
          started.countDown();
          try {
            new CountDownLatch(1).await(); // wait for interrupt
            return "never";
          } catch (InterruptedException e) {
            return "swallowed";
          }
        };
    Callable<String> winner =
        () -> {
          started.await();
          return "won";
        };
    assertEquals("won", FaninBlocking.race(List.of(loser, winner)));
  }

  /** Cancelling the returned future interrupts every running task, whatever the flag says. */
  @Test
  void race_futureCancelled_interruptsEveryTask() throws Exception {
    BlockedTask<String> first = new BlockedTask<>();
    BlockedTask<String> second = new BlockedTask<>();
    CompletableFuture<String> result = Fanin.race(List.of(first, second));
    first.started.await();
    second.started.await();

    assertTrue(result.cancel(false));

    first.stopped.await();
    second.stopped.await();
    assertTrue(first.interrupted && second.interrupted);
  }

  /**
   * Interrupting the blocked caller cancels every task, waits until they have stopped, and throws
   * InterruptedException with the interrupt status cleared.
   */
  @OnEachThreadKind
  void raceBlocking_callerInterrupted_cancelsTasksAndThrows() throws Exception {
    BlockedTask<String> first = new BlockedTask<>();
    BlockedTask<String> second = new BlockedTask<>();
    Thread caller = Thread.currentThread();
    Forked interrupter =
        Forks.start(
            "interrupter",
            () -> {
              first.started.await();
              second.started.await();
              caller.interrupt();
            });

    assertThrows(InterruptedException.class, () -> FaninBlocking.race(List.of(first, second)));

    assertTrue(first.hasStopped() && second.hasStopped(), "a task outlived the call");
    assertTrue(first.interrupted && second.interrupted);
    assertFalse(Thread.currentThread().isInterrupted());
    interrupter.join();
  }

  /**
   * Staggered, with a stagger that never passes: each task starts only when the one started before
   * it has failed, in list order.
   */
  @OnEachThreadKind
  void race_staggered_failureStartsNextInOrder() throws Exception {
    GatedTask<String> a = GatedTask.failing(new IOException("a"));
    GatedTask<String> b = GatedTask.failing(new IOException("b"));
    GatedTask<String> c = GatedTask.returning("c");
    CompletableFuture<String> result = Fanin.race(List.of(a, b, c), LONG);

    a.started.await();
    assertEquals(1, b.started.getCount(), "b started before a failed");
    a.open();
    b.started.await();
    assertEquals(1, c.started.getCount(), "c started before b failed");
    b.open();
    c.started.await();
    c.open();

    assertEquals("c", result.get());
  }

  /** Staggered: once a task has won, the tasks not started yet never start. */
  @Test
  void race_staggeredWinner_laterTasksNeverStart() throws Exception {
    AtomicInteger laterStarts = new AtomicInteger();
    Callable<String> later =
        () -> {
          laterStarts.incrementAndGet();
          return "later";
        };
    assertEquals("first", FaninBlocking.race(List.of(() -> "first", later, later), LONG));
    assertEquals(0, laterStarts.get());
  }

  /**
   * Staggered, with a short stagger: the second task starts while the first still runs (it never
   * ends by itself), wins, and the first is interrupted. Only the outcome is asserted, not when. The
   * hedge waits until the first has started: else the timer could start it, and it win, before the
   * executor has run the first, which would then never run.
   */
  @OnEachThreadKind
  void race_shortStagger_nextStartsWhileFirstRuns() throws Exception {
    BlockedTask<String> slow = new BlockedTask<>();
    Callable<String> hedge =
        () -> {
          slow.started.await();
          return "hedge";
        };
    assertEquals("hedge", FaninBlocking.race(List.of(slow, hedge), Duration.ofMillis(1)));
    assertTrue(slow.hasStopped() && slow.interrupted);
  }

  /** A stagger too long to pass (ChronoUnit.FOREVER) tries the tasks in turn. */
  @Test
  void race_foreverStagger_triesInTurn() throws Exception {
    List<String> starts = new CopyOnWriteArrayList<>();
    List<Callable<String>> tasks = new ArrayList<>();
    for (String name : List.of("a", "b", "c")) {
      tasks.add(
          () -> {
            starts.add(name);
            if (!name.equals("c")) {
              throw new IOException(name);
            }
            return name;
          });
    }
    assertEquals("c", FaninBlocking.race(tasks, ChronoUnit.FOREVER.getDuration()));
    assertEquals(List.of("a", "b", "c"), starts);
  }

  /**
   * The stagger timer hands the next task to the executor from Fanin's default executor, never
   * from kotlinx.coroutines' timer thread.
   */
  @Test
  void race_staggerTimer_startsNextOffKotlinxThreads() throws Exception {
    List<String> executeThreads = new CopyOnWriteArrayList<>();
    Executor recording =
        command -> {
          executeThreads.add(Thread.currentThread().getName());
          new Thread(command, "race-task").start();
        };
    BlockedTask<String> slow = new BlockedTask<>();
    Callable<String> hedge =
        () -> {
          slow.started.await();
          return "hedge";
        };
    assertEquals(
        "hedge", FaninBlocking.race(List.of(slow, hedge), Duration.ofMillis(1), recording));
    assertEquals(2, executeThreads.size());
    for (String name : executeThreads) {
      assertFalse(name.startsWith("kotlinx.coroutines"), "a task was started on " + name);
    }
    assertTrue(slow.hasStopped());
  }

  /**
   * Many tasks failing inline (an executor that runs them in place) each start the next without
   * recursion: no stack overflow, and every failure is listed in order.
   */
  @Test
  void race_staggeredInlineFailures_noRecursion() {
    int n = 20_000;
    List<Callable<String>> tasks = new ArrayList<>(n);
    List<IOException> failures = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      IOException failure = new IOException("task " + i);
      failures.add(failure);
      tasks.add(
          () -> {
            throw failure;
          });
    }
    RaceFailedException thrown =
        assertThrows(
            RaceFailedException.class, () -> FaninBlocking.race(tasks, LONG, Runnable::run));
    assertEquals(failures, thrown.failures());
  }

  /** An executor that refuses a task makes that task's failure; the race goes on without it. */
  @Test
  void race_executorRefuses_refusalIsThatTasksFailure() throws Exception {
    RejectedExecutionException refusal = new RejectedExecutionException("full");
    AtomicInteger calls = new AtomicInteger();
    Executor refusingFirst =
        command -> {
          if (calls.getAndIncrement() == 0) {
            throw refusal;
          }
          command.run();
        };
    assertEquals("second", FaninBlocking.race(List.of(() -> "first", () -> "second"), refusingFirst));

    Executor refusingAll =
        command -> {
          throw refusal;
        };
    RaceFailedException thrown =
        assertThrows(
            RaceFailedException.class,
            () -> FaninBlocking.race(List.of(() -> "a", () -> "b"), LONG, refusingAll));
    assertEquals(List.of(refusal, refusal), thrown.failures());
  }

  /** Empty input and a negative stagger are rejected, naming the argument; so is a null element. */
  @Test
  void race_badArguments_rejectedNamingThem() {
    IllegalArgumentException empty =
        assertThrows(IllegalArgumentException.class, () -> Fanin.race(List.of()));
    assertEquals("tasks is empty", empty.getMessage());
    IllegalArgumentException negative =
        assertThrows(
            IllegalArgumentException.class,
            () -> Fanin.race(List.of(() -> "a"), Duration.ofSeconds(-1)));
    assertEquals("stagger < 0: PT-1S", negative.getMessage());
    List<Callable<String>> withNull = new ArrayList<>();
    withNull.add(() -> "a");
    withNull.add(null);
    NullPointerException nullElement =
        assertThrows(NullPointerException.class, () -> Fanin.race(withNull));
    assertEquals("tasks[1]", nullElement.getMessage());
  }
}

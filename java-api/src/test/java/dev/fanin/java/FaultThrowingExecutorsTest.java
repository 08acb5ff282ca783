package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.Completion;
import dev.fanin.OnFailure;
import dev.fanin.Outcome;
import dev.fanin.TaskGroupException;
import dev.fanin.UncheckedTaskException;
import dev.fanin.interop.EngineDiagnostics;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import dev.fanin.testing.ThrowingExecutor;
import dev.fanin.testing.ThrowingExecutor.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fault injection: an {@link Executor} whose {@code execute} throws something other than {@code
 * RejectedExecutionException} (each {@link Fault}: an unchecked exception, OutOfMemoryError,
 * StackOverflowError, another Error, a checked exception thrown sneakily). Documented (adr/0015,
 * guide section 5): whatever {@code execute} throws is that task's failure, the very object,
 * delivered through the returned future or the group's aggregate; never thrown from the call that
 * started the task, never to the uncaught-exception handler ({@link NoLeaksExtension} checks), and
 * never a hang. Each test fails on the commit before adr/0015: the calls threw synchronously, and
 * the groups waited for ever.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class FaultThrowingExecutorsTest {
  private static final Duration LONG = Duration.ofMinutes(10);

  private final List<ExecutorService> pools = new ArrayList<>();

  @AfterEach
  void stopPools() throws InterruptedException {
    for (ExecutorService pool : pools) {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS), "a pool thread outlived the test");
    }
  }

  /** The future forms return a future failed with the executor's throwable; none throws. */
  @OnEachThreadKind
  void futureForms_throwingExecutor_failedFutureWithTheThrowable() {
    for (Fault fault : Fault.all()) {
      AtomicBoolean ran = new AtomicBoolean();
      Callable<Integer> task = () -> ran.getAndSet(true) ? 2 : 1;
      Throwable thrown = fault.create();
      Executor executor = ThrowingExecutor.always(thrown);
      assertSame(thrown, failureOf(Fanin.gather(List.of(task, task), executor)), fault.name());
      assertSame(thrown, failureOf(Fanin.waitFor(task, LONG, executor)), fault.name());
      assertSame(
          thrown, failureOf(Fanin.timeoutScope(LONG, scope -> task.call(), executor)), fault.name());
      List<Outcome<Integer>> outcomes = Fanin.gatherSettled(List.of(task, task), executor).join();
      for (Outcome<Integer> outcome : outcomes) {
        assertSame(thrown, assertInstanceOf(Outcome.Failure.class, outcome).exception());
      }
      for (CompletableFuture<Completion<Integer, Callable<Integer>>> next :
          Fanin.asCompleted(List.of(task, task), executor)) {
        assertSame(
            thrown,
            assertInstanceOf(Outcome.Failure.class, next.join().outcome()).exception(),
            fault.name());
      }
      assertFalse(ran.get(), "a refused task never runs");
    }
    assertEquals(0, EngineDiagnostics.runningTasks());
  }

  /** The blocking forms throw the executor's throwable as they throw a task's own failure. */
  @OnEachThreadKind
  void blockingForms_throwingExecutor_throwTheThrowable() throws Exception {
    for (Fault fault : Fault.all()) {
      Throwable thrown = fault.create();
      Executor executor = ThrowingExecutor.always(thrown);
      Callable<Integer> task = () -> 1;
      assertSame(thrown, blockingFailure(() -> FaninBlocking.gather(List.of(task), executor)));
      assertSame(thrown, blockingFailure(() -> FaninBlocking.waitFor(task, LONG, executor)));
      assertSame(
          thrown,
          blockingFailure(() -> FaninBlocking.timeoutScope(LONG, scope -> task.call(), executor)));
      assertSame(
          thrown,
          assertInstanceOf(
                  Outcome.Failure.class,
                  FaninBlocking.gatherSettled(List.of(task), executor).get(0))
              .exception());
    }
  }

  /**
   * TaskGroup.fork: the task's future fails with the throwable, the group lists it, and join
   * returns (before adr/0015 fork threw and join waited for ever); with CANCEL_ALL the running
   * sibling is cancelled.
   */
  @OnEachThreadKind
  void taskGroupFork_throwingExecutor_failsTheTaskAndTheGroup() throws Exception {
    for (Fault fault : Fault.all()) {
      Throwable thrown = fault.create();
      Executor executor = ThrowingExecutor.always(thrown);
      BlockedTask<String> sibling = new BlockedTask<>();
      CompletableFuture<Integer> refused;
      TaskGroupException failed;
      try (TaskGroup group = TaskGroup.open()) {
        group.fork(sibling);
        refused = group.fork(() -> 1, executor);
        failed = assertThrows(TaskGroupException.class, group::join, fault.name());
      }
      assertSame(thrown, failureOf(refused));
      assertEquals(List.of(thrown), failed.failures());
      assertTrue(sibling.started.getCount() == 1 || (sibling.hasStopped() && sibling.interrupted));

      try (TaskGroup group = TaskGroup.open(OnFailure.KEEP_RUNNING)) {
        CompletableFuture<String> other = group.fork(() -> "ran");
        group.fork(() -> 1, executor);
        failed = assertThrows(TaskGroupException.class, group::join, fault.name());
        assertEquals("ran", other.join());
      }
      assertEquals(List.of(thrown), failed.failures());
    }
  }

  /**
   * Fanin.taskGroup and FaninBlocking.taskGroup whose body forks onto the executor complete, with
   * the throwable as the group's only failure, under both policies (before adr/0015 they never
   * completed).
   */
  @OnEachThreadKind
  void taskGroupBody_forksOntoThrowingExecutor_groupFailsWithIt() throws Exception {
    for (Fault fault : Fault.all()) {
      for (OnFailure policy : OnFailure.values()) {
        Throwable thrown = fault.create();
        Executor executor = ThrowingExecutor.always(thrown);
        TaskGroup.Body<String> body =
            group -> {
              group.fork(() -> 1, executor);
              return "body";
            };
        TaskGroupException failed =
            assertInstanceOf(
                TaskGroupException.class, failureOf(Fanin.taskGroup(policy, body)), fault.name());
        assertEquals(List.of(thrown), failed.failures());
        failed =
            assertThrows(TaskGroupException.class, () -> FaninBlocking.taskGroup(policy, body));
        assertEquals(List.of(thrown), failed.failures());

        // A body that joins the refused task: still one failure, not also its echo.
        failed =
            assertThrows(
                TaskGroupException.class,
                () -> FaninBlocking.taskGroup(policy, group -> group.fork(() -> 1, executor).join()));
        assertEquals(List.of(thrown), failed.failures(), fault + " " + policy);
      }
    }
  }

  /**
   * An executor that runs two commands, then throws: the gather fails with the throwable, and the
   * two accepted tasks were cancelled and have stopped when the blocking form throws.
   */
  @OnEachThreadKind
  void gather_executorThrowsMidway_failsAndAcceptedTasksStopped() throws Exception {
    for (Fault fault : Fault.all()) {
      ExecutorService pool = pool(2);
      List<BlockedTask<Integer>> tasks = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        tasks.add(new BlockedTask<>());
      }
      Throwable thrown = fault.create();
      assertSame(
          thrown,
          blockingFailure(() -> FaninBlocking.gather(tasks, ThrowingExecutor.from(3, thrown, pool))));
      for (BlockedTask<Integer> task : tasks) {
        assertTrue(task.started.getCount() == 1 || (task.hasStopped() && task.interrupted));
      }
      assertEquals(1, tasks.get(2).started.getCount(), "refused: never ran");
      assertEquals(1, tasks.get(3).started.getCount(), "refused: never ran");
      assertEquals(0, EngineDiagnostics.runningTasks());
    }
  }

  /**
   * An executor that runs each command on the calling thread ({@code Runnable::run}): every
   * operation works, the tasks run during the call that starts them, and the future forms return
   * completed futures.
   */
  @OnEachThreadKind
  void everyOperation_inlineExecutor_runsTasksInPlace() throws Exception {
    Executor inline = Runnable::run;
    Thread caller = Thread.currentThread();
    Callable<Thread> where = Thread::currentThread;
    CompletableFuture<List<Thread>> gathered = Fanin.gather(List.of(where, where), inline);
    assertTrue(gathered.isDone());
    assertEquals(List.of(caller, caller), gathered.join());
    assertSame(caller, FaninBlocking.waitFor(where, LONG, inline));
    assertSame(caller, FaninBlocking.timeoutScope(LONG, scope -> where.call(), inline));
    assertEquals(
        List.of(new Outcome.Success<>(caller)),
        FaninBlocking.gatherSettled(List.of(where), inline));
    String result =
        FaninBlocking.taskGroup(
            group -> {
              CompletableFuture<Thread> forked = group.fork(where, inline);
              assertTrue(forked.isDone(), "ran during fork");
              return "ok";
            });
    assertEquals("ok", result);
    IllegalStateException failure = new IllegalStateException("inline failure");
    assertSame(
        failure,
        failureOf(
            Fanin.gather(
                List.<Callable<Integer>>of(
                    () -> {
                      throw failure;
                    },
                    () -> 2),
                inline)));
    assertEquals(0, EngineDiagnostics.runningTasks());
  }

  /** The failure a blocking call threw, unwrapped from UncheckedTaskException for a checked one. */
  private static Throwable blockingFailure(Callable<?> call) {
    Throwable failure = assertThrows(Throwable.class, call::call);
    return failure instanceof UncheckedTaskException wrapped ? wrapped.getCause() : failure;
  }

  private static Throwable failureOf(CompletableFuture<?> future) {
    return future.handle((value, failure) -> failure).join();
  }

  private ExecutorService pool(int threads) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    pools.add(pool);
    return pool;
  }
}

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
import dev.fanin.interop.EngineDiagnostics;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fault injection: a caller's {@link Executor} that rejects work, one shut down part-way through
 * (some tasks accepted, later ones rejected), one whose every thread is busy, and one whose {@code
 * shutdownNow()} drops work it had accepted. Documented (guide, section 5): a rejected task fails
 * with the executor's {@link RejectedExecutionException}, everywhere a task's failure is reported;
 * accepted tasks are cancelled as for any other failure; a deadline does not need a thread of the
 * executor. Every pool is shut down and awaited, so no thread outlives a test.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class FaultExecutorsTest {
  private static final Duration LONG = Duration.ofMinutes(10);

  private final RejectedExecutionException rejection = new RejectedExecutionException("full");

  /** Rejects every command with {@link #rejection}. */
  private final Executor rejecting =
      command -> {
        throw rejection;
      };

  private final List<ExecutorService> pools = new ArrayList<>();

  @AfterEach
  void stopPools() throws InterruptedException {
    for (ExecutorService pool : pools) {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS), "a pool thread outlived the test");
    }
  }

  /** gather and waitFor, blocking and future forms: the executor's own exception, unwrapped. */
  @OnEachThreadKind
  void gatherAndWaitFor_rejectingExecutor_failWithTheRejection() throws Exception {
    AtomicBoolean ran = new AtomicBoolean();
    Callable<Integer> task = () -> ran.getAndSet(true) ? 2 : 1;
    assertSame(
        rejection,
        assertThrows(
            RejectedExecutionException.class,
            () -> FaninBlocking.gather(List.of(task, task), rejecting)));
    assertSame(rejection, failureOf(Fanin.gather(List.of(task), rejecting)));
    assertSame(
        rejection,
        assertThrows(
            RejectedExecutionException.class,
            () -> FaninBlocking.waitFor(task, LONG, rejecting)));
    assertSame(
        rejection,
        assertThrows(
            RejectedExecutionException.class,
            () -> FaninBlocking.timeoutScope(LONG, scope -> task.call(), rejecting)));
    assertFalse(ran.get(), "a rejected task never runs");
  }

  /** gatherSettled: each rejected task gets a Failure with the rejection. */
  @Test
  void gatherSettled_rejectingExecutor_failureOutcomes() throws Exception {
    List<Outcome<Integer>> outcomes =
        FaninBlocking.gatherSettled(List.of(() -> 1, () -> 2), rejecting);
    for (Outcome<Integer> outcome : outcomes) {
      assertSame(rejection, assertInstanceOf(Outcome.Failure.class, outcome).exception());
    }
  }

  /**
   * An executor shut down after accepting two of four tasks: the blocking gather fails with the
   * rejection, and the two accepted tasks were cancelled (interrupted if they had started) and
   * have stopped when it throws.
   */
  @OnEachThreadKind
  void gather_executorShutDownMidway_failsAndAcceptedTasksStopped() throws Exception {
    ExecutorService pool = pool(4);
    List<BlockedTask<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      tasks.add(new BlockedTask<>());
    }
    assertThrows(
        RejectedExecutionException.class,
        () -> FaninBlocking.gather(tasks, shutDownAfter(2, pool)));
    for (BlockedTask<Integer> task : tasks) {
      assertTrue(task.started.getCount() == 1 || (task.hasStopped() && task.interrupted));
    }
    assertEquals(1, tasks.get(2).started.getCount(), "rejected: never ran");
    assertEquals(1, tasks.get(3).started.getCount(), "rejected: never ran");
    assertEquals(0, EngineDiagnostics.runningTasks());
  }

  /** gatherSettled over the same executor: the accepted tasks succeed, the later ones fail. */
  @Test
  void gatherSettled_executorShutDownMidway_acceptedSucceedRejectedFail() throws Exception {
    ExecutorService pool = pool(4);
    List<Outcome<Integer>> outcomes =
        FaninBlocking.gatherSettled(
            List.of(() -> 0, () -> 1, () -> 2, () -> 3), shutDownAfter(2, pool));
    assertEquals(new Outcome.Success<>(0), outcomes.get(0));
    assertEquals(new Outcome.Success<>(1), outcomes.get(1));
    for (Outcome<Integer> outcome : outcomes.subList(2, 4)) {
      assertInstanceOf(
          RejectedExecutionException.class,
          assertInstanceOf(Outcome.Failure.class, outcome).exception());
    }
  }

  /**
   * A bounded asCompleted whose executor is shut down while the first window runs: the tasks it
   * accepted deliver their results, each later one is a failed result with the rejection, and the
   * iteration ends with every index delivered once.
   */
  @OnEachThreadKind
  void asCompletedBounded_executorShutDownMidway_laterTasksAreFailedResults() throws Exception {
    ExecutorService pool = pool(2);
    CountDownLatch gate = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(2);
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int index = i;
      tasks.add(
          () -> {
            running.countDown();
            gate.await();
            return index;
          });
    }
    boolean[] seen = new boolean[5];
    try (Completions<Integer, Callable<Integer>> results =
        FaninBlocking.asCompleted(tasks.iterator(), 2, pool)) {
      running.await(); // the first window runs on the pool
      pool.shutdown(); // lets those two finish, rejects whatever comes next
      gate.countDown();
      while (results.hasNext()) {
        Completion<Integer, Callable<Integer>> next = results.take();
        assertFalse(seen[next.index()]);
        seen[next.index()] = true;
        if (next.index() < 2) {
          assertEquals(next.index(), next.value());
        } else {
          assertInstanceOf(
              RejectedExecutionException.class,
              assertInstanceOf(Outcome.Failure.class, next.outcome()).exception());
        }
      }
    }
    for (boolean each : seen) {
      assertTrue(each);
    }
  }

  /** The bounded publisher over a rejecting executor: every result is a failure, then onComplete. */
  @Test
  void asCompletedPublisher_rejectingExecutor_failedResultsThenComplete() throws Exception {
    RecordingSubscriber<Completion<Integer, Callable<Integer>>> subscriber =
        new RecordingSubscriber<>();
    List<Callable<Integer>> tasks = List.of(() -> 0, () -> 1, () -> 2);
    Fanin.asCompleted(tasks.iterator(), 2, rejecting).subscribe(subscriber);
    subscriber.request(Long.MAX_VALUE);
    for (int i = 0; i < 3; i++) {
      Completion<Integer, Callable<Integer>> next = subscriber.awaitNext();
      assertSame(rejection, assertInstanceOf(Outcome.Failure.class, next.outcome()).exception());
    }
    subscriber.awaitComplete();
    subscriber.assertNoViolations();
  }

  /**
   * TaskGroup.fork on a rejecting executor: the task's future fails with the rejection, and it is a
   * failure of the group, as in gather: join lists it and, with CANCEL_ALL, the sibling was
   * cancelled. (Until this suite, join returned normally: the rejected task never ran to log it.)
   */
  @OnEachThreadKind
  void taskGroupFork_rejectingExecutor_failsTheTaskAndTheGroup() throws Exception {
    BlockedTask<String> sibling = new BlockedTask<>();
    CompletableFuture<Integer> rejected;
    TaskGroupException thrown;
    try (TaskGroup group = TaskGroup.open()) {
      group.fork(sibling);
      rejected = group.fork(() -> 1, rejecting);
      thrown = assertThrows(TaskGroupException.class, group::join);
    }
    assertSame(rejection, failureOf(rejected));
    assertEquals(List.of(rejection), thrown.failures());
    assertTrue(sibling.started.getCount() == 1 || sibling.interrupted);

    // KEEP_RUNNING: nothing is cancelled, the rejection is still reported.
    try (TaskGroup group = TaskGroup.open(OnFailure.KEEP_RUNNING)) {
      CompletableFuture<String> other = group.fork(() -> "ran");
      group.fork(() -> 1, rejecting);
      thrown = assertThrows(TaskGroupException.class, group::join);
      assertEquals("ran", other.join());
    }
    assertEquals(List.of(rejection), thrown.failures());

    // A body that joins the rejected future: one failure, the rejection, not also its echo.
    TaskGroupException fromBody =
        assertThrows(
            TaskGroupException.class,
            () -> FaninBlocking.taskGroup(group -> group.fork(() -> 1, rejecting).join()));
    assertEquals(List.of(rejection), fromBody.failures());
  }

  /**
   * A group's executor shut down after two forks: the third fork's task fails with the rejection,
   * which cancels the two running tasks; join reports only the rejection.
   */
  @OnEachThreadKind
  void taskGroupFork_executorShutDownMidway_rejectionCancelsTheRunningTasks() throws Exception {
    ExecutorService pool = pool(2);
    BlockedTask<String> first = new BlockedTask<>();
    BlockedTask<String> second = new BlockedTask<>();
    TaskGroupException thrown;
    try (TaskGroup group = TaskGroup.open()) {
      group.fork(first, pool);
      group.fork(second, pool);
      first.started.await();
      second.started.await();
      pool.shutdown();
      group.fork(() -> "late", pool);
      thrown = assertThrows(TaskGroupException.class, group::join);
    }
    assertEquals(1, thrown.failures().size());
    assertInstanceOf(RejectedExecutionException.class, thrown.failures().get(0));
    assertTrue(first.hasStopped() && first.interrupted);
    assertTrue(second.hasStopped() && second.interrupted);
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
  }

  /**
   * The deadline of waitFor and timeoutScope passes even when the task holds the executor's only
   * thread: the timer does not need a thread of the executor (before this suite it did, and such a
   * call never timed out). A scheduled executor's own timer thread is not used either.
   */
  @OnEachThreadKind
  void waitForAndTimeoutScope_singleBusyThread_deadlineStillPasses() throws Exception {
    for (ExecutorService one :
        List.of(track(Executors.newSingleThreadExecutor()), track(Executors.newSingleThreadScheduledExecutor()))) {
      BlockedTask<String> task = new BlockedTask<>();
      assertThrows(
          TimeoutException.class, () -> FaninBlocking.waitFor(task, Duration.ofMillis(20), one));
      assertTrue(task.started.getCount() == 1 || (task.hasStopped() && task.interrupted));

      BlockedTask<String> body = new BlockedTask<>();
      assertThrows(
          TimeoutException.class,
          () -> FaninBlocking.timeoutScope(Duration.ofMillis(20), scope -> body.call(), one));
      assertTrue(body.started.getCount() == 1 || (body.hasStopped() && body.interrupted));
    }
  }

  /**
   * shutdownNow() interrupts the running task and hands back the queued one, which the executor
   * will never run. The interrupted task failed with its own InterruptedException, which is the
   * gather's failure; the failure cancels the queued task, which has not started, so it ends at once
   * and the gather completes without waiting for the executor. Run later, the dropped task does not
   * call its Callable.
   */
  @Test
  void gather_shutdownNowDropsQueuedTask_failureEndsItWithoutRunningIt() throws Exception {
    ExecutorService one = pool(1);
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean queuedRan = new AtomicBoolean();
    CompletableFuture<List<Integer>> result =
        Fanin.gather(
            List.of(
                () -> {
                  started.countDown();
                  new CountDownLatch(1).await(); // until the pool interrupts it
                  return 1;
                },
                () -> {
                  queuedRan.set(true);
                  return 2;
                }),
            one);
    started.await();

    List<Runnable> dropped = one.shutdownNow();
    assertTrue(one.awaitTermination(10, TimeUnit.SECONDS));
    assertEquals(1, dropped.size());
    assertInstanceOf(InterruptedException.class, failureOf(result));

    dropped.forEach(Runnable::run);
    assertFalse(queuedRan.get());
  }

  private static Throwable failureOf(CompletableFuture<?> future) {
    return future.handle((value, failure) -> failure).join();
  }

  private ExecutorService pool(int threads) {
    AtomicInteger ids = new AtomicInteger();
    return track(
        Executors.newFixedThreadPool(
            threads, command -> new Thread(command, "fault-pool-" + ids.incrementAndGet())));
  }

  private ExecutorService track(ExecutorService pool) {
    pools.add(pool);
    return pool;
  }

  /** An executor that passes {@code accepted} commands to {@code pool}, then shuts it down. */
  private static Executor shutDownAfter(int accepted, ExecutorService pool) {
    AtomicInteger count = new AtomicInteger();
    return command -> {
      if (count.incrementAndGet() > accepted) {
        pool.shutdown();
      }
      pool.execute(command);
    };
  }
}

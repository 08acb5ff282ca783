package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.TaskGroupException;
import dev.fanin.interop.EngineDiagnostics;
import dev.fanin.testing.Forked;
import dev.fanin.testing.Forks;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import dev.fanin.testing.ThrowingRunnable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fault injection: tasks that ignore interrupts ({@link StubbornTask}). What a cancelling caller
 * then waits for is the documented contract (guide, section 3):
 *
 * <ul>
 *   <li>a blocking call that is interrupted, times out or fails waits until the task has finished;
 *   <li>so do {@code TaskGroup.close()}, {@code join()}, {@code Completions.close()} and {@code
 *       SelectLoop.close()};
 *   <li>cancelling a returned future does not wait: it reports cancelled at once, the task runs on
 *       until it finishes, and its result is dropped.
 * </ul>
 *
 * A helper releases the task only once it has seen the interrupt, and first checks that the caller
 * has not returned: under the contract it cannot have, since the task is still running.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(120)
class FaultStubbornTaskTest {
  private static final Duration LONG = Duration.ofMinutes(10);

  /** An interrupted blocking gather waits until the stubborn task has finished, then throws. */
  @OnEachThreadKind
  void gatherBlocking_callerInterrupted_waitsForTheTaskThenThrows() throws Exception {
    StubbornTask<String> task = new StubbornTask<>("late");
    Thread caller = Thread.currentThread();
    AtomicBoolean returned = new AtomicBoolean();
    Forked helper =
        releaseAfterInterrupt(
            task,
            returned,
            () -> {
              task.started.await();
              caller.interrupt();
            });

    assertThrows(InterruptedException.class, () -> FaninBlocking.gather(List.of(task)));
    returned.set(true);

    assertTrue(task.hasStopped(), "returned before the task finished");
    assertFalse(Thread.currentThread().isInterrupted());
    assertEquals(0, EngineDiagnostics.runningTasks());
    helper.join();
  }

  /**
   * A gather that fails waits for a stubborn sibling before it throws the failure (adr/0003); the
   * sibling's late value is discarded, not reported.
   */
  @OnEachThreadKind
  void gatherBlocking_siblingFails_waitsForTheStubbornSiblingThenThrows() throws Exception {
    StubbornTask<String> sibling = new StubbornTask<>("late");
    IllegalStateException boom = new IllegalStateException("boom");
    Callable<String> failing =
        () -> {
          sibling.started.await(); // so that the failure meets a running sibling
          throw boom;
        };
    AtomicBoolean returned = new AtomicBoolean();
    Forked helper = releaseAfterInterrupt(sibling, returned, () -> {});

    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class, () -> FaninBlocking.gather(List.of(sibling, failing)));
    returned.set(true);

    assertSame(boom, thrown);
    assertTrue(sibling.hasStopped(), "returned before the sibling finished");
    helper.join();
  }

  /**
   * A timeout scope whose deadline passes waits until the stubborn body has finished, then throws
   * TimeoutException. The body expires its own scope (reschedule to zero), so the deadline passes
   * while it runs, deterministically.
   */
  @OnEachThreadKind
  void timeoutScopeBlocking_deadlinePasses_waitsForTheBodyThenTimesOut() throws Exception {
    StubbornTask<String> body = new StubbornTask<>("late");
    AtomicBoolean returned = new AtomicBoolean();
    Forked helper = releaseAfterInterrupt(body, returned, () -> {});

    assertThrows(
        TimeoutException.class,
        () ->
            FaninBlocking.timeoutScope(
                LONG,
                scope -> {
                  scope.reschedule(Duration.ZERO);
                  return body.call();
                }));
    returned.set(true);

    assertTrue(body.hasStopped(), "returned before the body finished");
    helper.join();
  }

  /**
   * waitFor's deadline passing while a stubborn task runs: the call waits until the task has
   * finished, then throws TimeoutException, not the task's late value. A deadline that passes
   * before the task starts (a very slow machine) cancels it unstarted; the round is then retried
   * with a longer one.
   */
  @OnEachThreadKind
  void waitForBlocking_deadlinePasses_waitsForTheTaskThenTimesOut() throws Exception {
    for (Duration timeout = Duration.ofMillis(20); ; timeout = timeout.multipliedBy(4)) {
      assertTrue(timeout.compareTo(Duration.ofMinutes(1)) < 0, "the task never started in time");
      StubbornTask<String> task = new StubbornTask<>("late");
      AtomicBoolean returned = new AtomicBoolean();
      Forked helper = releaseAfterInterrupt(task, returned, () -> {});
      Duration deadline = timeout;

      assertThrows(TimeoutException.class, () -> FaninBlocking.waitFor(task, deadline));
      returned.set(true);

      if (task.hasStarted()) {
        assertTrue(task.hasStopped(), "returned before the task finished");
        helper.join();
        return;
      }
      task.sawInterrupt.countDown(); // the task never ran: let the helper go, and try again
      helper.join();
    }
  }

  /** TaskGroup.close() without join cancels the stubborn task and waits until it has finished. */
  @OnEachThreadKind
  void taskGroupClose_waitsForTheStubbornTask() throws Exception {
    StubbornTask<String> task = new StubbornTask<>("late");
    AtomicBoolean returned = new AtomicBoolean();
    Forked helper = releaseAfterInterrupt(task, returned, () -> {});
    CompletableFuture<String> forked;
    try (TaskGroup group = TaskGroup.open()) {
      forked = group.fork(task);
      task.started.await();
    }
    returned.set(true);

    assertTrue(task.hasStopped(), "close returned before the task finished");
    // It finished after its cancellation reached it: cancelled, whatever it returned.
    assertThrows(CancellationException.class, forked::join);
    helper.join();
  }

  /**
   * With CANCEL_ALL, join waits for a stubborn sibling of the failed task and then reports only the
   * failure; the sibling counts as cancelled.
   */
  @OnEachThreadKind
  void taskGroupJoin_siblingFails_waitsForTheStubbornSiblingAndReportsOnlyTheFailure()
      throws Exception {
    StubbornTask<String> sibling = new StubbornTask<>("late");
    IllegalStateException boom = new IllegalStateException("boom");
    AtomicBoolean returned = new AtomicBoolean();
    Forked helper = releaseAfterInterrupt(sibling, returned, () -> {});
    TaskGroupException thrown;
    CompletableFuture<String> stubborn;
    try (TaskGroup group = TaskGroup.open()) {
      stubborn = group.fork(sibling);
      group.fork(
          () -> {
            sibling.started.await();
            throw boom;
          });
      thrown = assertThrows(TaskGroupException.class, group::join);
      returned.set(true);
    }

    assertEquals(List.of(boom), thrown.failures());
    assertTrue(sibling.hasStopped(), "join returned before the sibling finished");
    assertThrows(CancellationException.class, stubborn::join);
    helper.join();
  }

  /**
   * Cancelling a returned future does not wait for a stubborn task: the future reports cancelled
   * at once, the task runs on until it finishes, and its value is dropped. The same for every
   * operation that runs tasks.
   */
  @Test
  void returnedFutureCancelled_cancelledAtOnceWhileTheTaskRunsOn() throws Exception {
    Map<String, Function<StubbornTask<String>, CompletableFuture<?>>> operations =
        new LinkedHashMap<>();
    operations.put("gather", task -> Fanin.gather(List.of(task)));
    operations.put("gatherSettled", task -> Fanin.gatherSettled(List.of(task)));
    operations.put("waitFor", task -> Fanin.waitFor(task, LONG));
    operations.put("timeoutScope", task -> Fanin.timeoutScope(LONG, scope -> task.call()));
    operations.put("taskGroup", task -> Fanin.taskGroup(group -> group.fork(task).join()));
    operations.put("asCompleted", task -> Fanin.asCompleted(List.of(task)).get(0));
    for (Map.Entry<String, Function<StubbornTask<String>, CompletableFuture<?>>> operation :
        operations.entrySet()) {
      String name = operation.getKey();
      StubbornTask<String> task = new StubbornTask<>("late");
      CompletableFuture<?> result = operation.getValue().apply(task);
      task.started.await();

      assertTrue(result.cancel(true), name);
      assertTrue(result.isCancelled(), name);
      task.sawInterrupt.await();
      assertFalse(task.hasStopped(), name); // cancel returned while the task still runs
      assertTrue(EngineDiagnostics.runningTasks() >= 1, name);

      task.release();
      task.stopped.await();
      assertTrue(result.isCancelled(), name + ": the late value is dropped");
    }
  }

  /**
   * Completions.close() cancels the stubborn task and waits until it has returned, as
   * TaskGroup.close() does; later takes report the close.
   */
  @Test
  void completionsClose_waitsForTheStubbornTask() throws Exception {
    StubbornTask<String> task = new StubbornTask<>("late");
    Completions<String, Callable<String>> results = FaninBlocking.asCompleted(List.of(task));
    task.started.await();
    AtomicBoolean returned = new AtomicBoolean();
    Forked releaser = releaseAfterInterrupt(task, returned, () -> {});
    results.close();
    returned.set(true);
    releaser.join();
    assertTrue(task.hasStopped(), "close returned before the task stopped");
    assertThrows(CancellationException.class, results::take);
  }

  /**
   * SelectLoop.close() cancels a stubborn work source and waits until it has returned, as
   * TaskGroup.close() and Completions.close() do; nothing fires.
   */
  @Test
  void selectLoopClose_waitsForStubbornWork() throws Exception {
    StubbornTask<String> work = new StubbornTask<>("late");
    SelectLoop loop = SelectLoop.open();
    loop.addWork(work);
    work.started.await();
    AtomicBoolean returned = new AtomicBoolean();
    Forked releaser = releaseAfterInterrupt(work, returned, () -> {});
    loop.close();
    returned.set(true);
    releaser.join();
    assertTrue(work.hasStopped(), "close returned before the work stopped");
    assertThrows(IllegalStateException.class, loop::awaitFired);
    assertEquals(List.of(), loop.leftovers(), "a cancelled run's late value is dropped");
  }

  /**
   * Starts a helper that runs {@code first} (an interrupt, say), waits until {@code task} has seen
   * an interrupt, checks that the caller has not returned (it cannot have: the task still runs),
   * and releases the task. A test that gives up on a task that never started counts {@code
   * sawInterrupt} down itself to end the helper.
   */
  private static Forked releaseAfterInterrupt(
      StubbornTask<?> task, AtomicBoolean returned, ThrowingRunnable first) {
    return Forks.start(
        "releaser",
        () -> {
          first.run();
          task.sawInterrupt.await();
          if (task.hasStarted()) { // else the test gave up on a task that never ran
            assertFalse(returned.get(), "the caller returned before the task finished");
          }
          task.release();
        });
  }
}

package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fault injection: tasks that throw {@link Error}s ({@link AssertionError}, {@link
 * OutOfMemoryError}, a real {@link StackOverflowError}). Every operation reports the task's own
 * error object, unwrapped, exactly where it reports any other failure; the siblings a failure
 * cancels stop; nothing reaches an uncaught-exception handler and no task is left running
 * (NoLeaksExtension). A blocking caller runs on both thread kinds.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(120)
class FaultErrorsTest {
  private static final Duration LONG = Duration.ofMinutes(10);

  /** gather: the error is thrown as it is (future: completes with it); the sibling is stopped. */
  @OnEachThreadKind
  void gather_taskThrowsError_thatErrorAndSiblingsStopped() throws Exception {
    for (ErrorTask.Kind kind : ErrorTask.Kind.values()) {
      ErrorTask<String> failing = new ErrorTask<>(kind);
      BlockedTask<String> sibling = new BlockedTask<>();
      Error thrown =
          assertThrows(failing.type(), () -> FaninBlocking.gather(List.of(sibling, failing)));
      assertSame(failing.thrown(), thrown, kind.name());
      assertTrue(sibling.started.getCount() == 1 || sibling.interrupted, kind.name());
      assertEquals(0, EngineDiagnostics.runningTasks(), kind.name());

      ErrorTask<String> again = new ErrorTask<>(kind);
      Throwable failure = failureOf(Fanin.gather(List.of(again)));
      assertSame(again.thrown(), failure, kind + ": no CompletionException around it");
    }
  }

  /** gatherSettled: the error is that task's Failure outcome; the other tasks are not affected. */
  @OnEachThreadKind
  void gatherSettled_taskThrowsError_failureOutcomeOthersSucceed() throws Exception {
    for (ErrorTask.Kind kind : ErrorTask.Kind.values()) {
      ErrorTask<String> failing = new ErrorTask<>(kind);
      List<Outcome<String>> outcomes =
          FaninBlocking.gatherSettled(List.<Callable<String>>of(() -> "a", failing, () -> "c"));
      assertEquals(new Outcome.Success<>("a"), outcomes.get(0));
      assertSame(
          failing.thrown(), assertInstanceOf(Outcome.Failure.class, outcomes.get(1)).exception());
      assertEquals(new Outcome.Success<>("c"), outcomes.get(2));
    }
  }

  /** waitFor and timeoutScope: the error is thrown as it is, not mistaken for a timeout. */
  @OnEachThreadKind
  void waitForAndTimeoutScope_taskThrowsError_thrownAsIs() throws Exception {
    for (ErrorTask.Kind kind : ErrorTask.Kind.values()) {
      ErrorTask<String> task = new ErrorTask<>(kind);
      Error fromTask = assertThrows(task.type(), () -> FaninBlocking.waitFor(task, LONG));
      assertSame(task.thrown(), fromTask, kind.name());
      ErrorTask<String> body = new ErrorTask<>(kind);
      Error fromBody =
          assertThrows(body.type(), () -> FaninBlocking.timeoutScope(LONG, scope -> body.call()));
      assertSame(body.thrown(), fromBody, kind.name());
    }
  }

  /**
   * asCompleted, list and bounded: the error is a result in its turn, value() rethrows it as it is,
   * and every other result still arrives.
   */
  @OnEachThreadKind
  void asCompleted_taskThrowsError_resultInItsTurnOthersDelivered() throws Exception {
    for (ErrorTask.Kind kind : ErrorTask.Kind.values()) {
      for (boolean bounded : new boolean[] {false, true}) {
        ErrorTask<Integer> failing = new ErrorTask<>(kind);
        List<Callable<Integer>> tasks = List.of(() -> 0, failing, () -> 2);
        boolean[] seen = new boolean[3];
        try (Completions<Integer, Callable<Integer>> results =
            bounded ? FaninBlocking.asCompleted(tasks.iterator(), 1) : FaninBlocking.asCompleted(tasks)) {
          while (results.hasNext()) {
            Completion<Integer, Callable<Integer>> next = results.take();
            assertFalse(seen[next.index()]);
            seen[next.index()] = true;
            if (next.index() == 1) {
              Outcome.Failure<?> failure = assertInstanceOf(Outcome.Failure.class, next.outcome());
              assertSame(failing.thrown(), failure.exception());
              assertSame(failing.thrown(), assertThrows(failing.type(), next::value));
            } else {
              assertEquals(next.index(), next.value());
            }
          }
        }
        assertTrue(seen[0] && seen[1] && seen[2], kind + (bounded ? ", bounded" : ", list"));
      }
    }
  }

  /**
   * TaskGroup, try and callback forms: the error is the one failure listed, and with CANCEL_ALL the
   * sibling was cancelled and has stopped when join throws.
   */
  @OnEachThreadKind
  void taskGroup_taskThrowsError_listedAloneAndSiblingStopped() throws Exception {
    for (ErrorTask.Kind kind : ErrorTask.Kind.values()) {
      ErrorTask<String> failing = new ErrorTask<>(kind);
      BlockedTask<String> sibling = new BlockedTask<>();
      TaskGroupException thrown;
      try (TaskGroup group = TaskGroup.open()) {
        group.fork(sibling);
        group.fork(failing);
        thrown = assertThrows(TaskGroupException.class, group::join);
      }
      assertEquals(List.of(failing.thrown()), thrown.failures(), kind.name());
      assertSame(failing.thrown(), thrown.getCause());
      assertTrue(sibling.started.getCount() == 1 || sibling.interrupted, kind.name());
      assertEquals(0, EngineDiagnostics.runningTasks(), kind.name());

      ErrorTask<String> body = new ErrorTask<>(kind);
      TaskGroupException fromBody =
          assertThrows(TaskGroupException.class, () -> FaninBlocking.taskGroup(group -> body.call()));
      assertEquals(List.of(body.thrown()), fromBody.failures(), kind.name());
    }
  }

  /**
   * SelectLoop: a work source whose callable throws an error fires with it as a Failure, {@code
   * awaitFiredOrThrow} and {@code value()} throw it as it is, and the work is run again: the loop
   * goes on.
   */
  @Test
  void selectLoop_workThrowsError_firesAsFailureAndRunsAgain() throws Exception {
    for (ErrorTask.Kind kind : ErrorTask.Kind.values()) {
      ErrorTask<Integer> failing = new ErrorTask<>(kind);
      AtomicInteger runs = new AtomicInteger();
      try (SelectLoop loop = SelectLoop.open()) {
        SelectLoop.Source<Integer> work =
            loop.addWork(() -> runs.incrementAndGet() % 2 == 1 ? failing.call() : runs.get());
        SelectLoop.Fired<?> first = loop.awaitFired().get(0);
        assertSame(work, first.source());
        assertSame(
            failing.thrown(), assertInstanceOf(Outcome.Failure.class, first.outcome()).exception());
        assertSame(failing.thrown(), assertThrows(failing.type(), first::value));
        assertEquals(List.of(2), values(loop.awaitFired()), kind + ": run again after the error");
        // The third run fails again; read what it threw only after the wait reported it.
        Error third = assertThrows(failing.type(), loop::awaitFiredOrThrow);
        assertSame(failing.thrown(), third);
      }
    }
  }

  /**
   * Select over a Fanin future that failed with an error: the onComplete handler gets it as a
   * Failure; a handler that throws an error makes select() throw it and selectAsync's future fail
   * with it.
   */
  @OnEachThreadKind
  void select_errorInWatchedFutureOrHandler_reportedAsIs() throws Exception {
    for (ErrorTask.Kind kind : ErrorTask.Kind.values()) {
      ErrorTask<String> failing = new ErrorTask<>(kind);
      CompletableFuture<List<String>> gathered = Fanin.gather(List.of(failing));
      Outcome<List<String>> outcome =
          Select.<Outcome<List<String>>>create().onComplete(gathered, seen -> seen).select();
      assertSame(failing.thrown(), assertInstanceOf(Outcome.Failure.class, outcome).exception());

      ErrorTask<String> handler = new ErrorTask<>(kind);
      Select<String> select = Select.<String>create().onDefault(handler::call);
      Error fromHandler = assertThrows(handler.type(), select::select);
      assertSame(handler.thrown(), fromHandler);
      ErrorTask<String> asyncHandler = new ErrorTask<>(kind);
      CompletableFuture<String> async =
          Select.<String>create().onDefault(asyncHandler::call).selectAsync();
      assertSame(asyncHandler.thrown(), failureOf(async));
    }
  }

  private static Throwable failureOf(CompletableFuture<?> future) {
    return future.handle((value, failure) -> failure).join();
  }

  private static List<Object> values(List<SelectLoop.Fired<?>> fired) {
    List<Object> values = new ArrayList<>();
    for (SelectLoop.Fired<?> each : fired) {
      values.add(each.value());
    }
    return values;
  }
}

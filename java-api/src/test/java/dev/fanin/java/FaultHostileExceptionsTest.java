package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import dev.fanin.testing.HostileExceptions;
import dev.fanin.testing.HostileExceptions.HostileMethodException;
import dev.fanin.testing.HostileExceptions.Kind;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fault injection: tasks that fail with exceptions whose own methods are hostile (each {@link
 * Kind}: getMessage, toString, getCause or getStackTrace throw; a one-million-character message; a
 * cause chain that loops; suppression disabled), unchecked and checked. Documented (adr/0015):
 * Fanin's bookkeeping never depends on them; every operation reports the task's own exception
 * object as it reports any other, never hangs, never throws the hostile method's exception instead,
 * and nothing reaches the uncaught-exception handler ({@link NoLeaksExtension} checks).
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(120)
class FaultHostileExceptionsTest {
  private static final Duration LONG = Duration.ofMinutes(10);

  /** Each hostile exception, unchecked then checked, with a label for failure messages. */
  private static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    for (Kind kind : Kind.all()) {
      boolean toStringThrows =
          kind == Kind.MESSAGE_THROWS
              || kind == Kind.TO_STRING_THROWS
              || kind == Kind.EVERYTHING_THROWS;
      cases.add(
          new Case(kind + " unchecked", toStringThrows, () -> HostileExceptions.unchecked(kind)));
      cases.add(new Case(kind + " checked", toStringThrows, () -> HostileExceptions.checked(kind)));
    }
    return cases;
  }

  private record Case(String label, boolean toStringThrows, Supplier<Exception> factory) {}

  /** gather, both forms: the task's own exception (wrapped once for a checked one when blocking). */
  @OnEachThreadKind
  void gather_hostileFailure_reportedAsItIs() throws Exception {
    for (Case c : cases()) {
      Exception failure = c.factory.get();
      assertSame(failure, failureOf(Fanin.gather(List.of(failing(failure), () -> 2))), c.label);
      assertSame(
          failure,
          blockingFailure(() -> FaninBlocking.gather(List.of(failing(failure), () -> 2))),
          c.label);
      // Two failures: the second, added to the first as suppressed, or raced to be the first.
      Exception other = c.factory.get();
      Throwable first =
          blockingFailure(() -> FaninBlocking.gather(List.of(failing(failure), failing(other))));
      assertTrue(first == failure || first == other, c.label);
    }
    assertEquals(0, EngineDiagnostics.runningTasks());
  }

  /** gatherSettled, both forms: a Failure outcome holding the task's own exception. */
  @OnEachThreadKind
  void gatherSettled_hostileFailure_failureOutcome() throws Exception {
    for (Case c : cases()) {
      Exception failure = c.factory.get();
      List<Outcome<Integer>> outcomes =
          FaninBlocking.gatherSettled(List.of(failing(failure), () -> 2));
      assertSame(failure, assertInstanceOf(Outcome.Failure.class, outcomes.get(0)).exception());
      assertEquals(new Outcome.Success<>(2), outcomes.get(1));
      outcomes = Fanin.gatherSettled(List.of(failing(failure))).join();
      assertSame(failure, assertInstanceOf(Outcome.Failure.class, outcomes.get(0)).exception());
    }
  }

  /** waitFor and timeoutScope, both forms: the task's own exception. */
  @OnEachThreadKind
  void waitForAndTimeoutScope_hostileFailure_reportedAsItIs() throws Exception {
    for (Case c : cases()) {
      Exception failure = c.factory.get();
      assertSame(failure, failureOf(Fanin.waitFor(failing(failure), LONG)), c.label);
      assertSame(
          failure, blockingFailure(() -> FaninBlocking.waitFor(failing(failure), LONG)), c.label);
      assertSame(
          failure,
          failureOf(Fanin.timeoutScope(LONG, scope -> failing(failure).call())),
          c.label);
      assertSame(
          failure,
          blockingFailure(() -> FaninBlocking.timeoutScope(LONG, scope -> failing(failure).call())),
          c.label);
      assertSame(
          failure,
          failureOf(Fanin.waitFor(CompletableFuture.failedFuture(failure), LONG)),
          c.label);
    }
  }

  /**
   * taskGroup, both forms and both policies, and TaskGroup.join: a TaskGroupException listing the
   * task's own exception, whose message can be read; a body that joins the failed task adds no
   * second failure (its CompletionException is the same failure coming back).
   */
  @OnEachThreadKind
  void taskGroup_hostileFailure_aggregateListsIt() throws Exception {
    for (Case c : cases()) {
      for (OnFailure policy : OnFailure.values()) {
        Exception failure = c.factory.get();
        TaskGroup.Body<String> body =
            group -> {
              group.fork(failing(failure));
              return "body";
            };
        TaskGroupException thrown =
            assertInstanceOf(TaskGroupException.class, failureOf(Fanin.taskGroup(policy, body)));
        assertEquals(List.of(failure), thrown.failures(), c.label + " " + policy);
        assertTrue(thrown.getMessage().startsWith("1 task(s) failed"), c.label);
        thrown = assertThrows(TaskGroupException.class, () -> FaninBlocking.taskGroup(policy, body));
        assertEquals(List.of(failure), thrown.failures(), c.label + " " + policy);

        thrown =
            assertThrows(
                TaskGroupException.class,
                () -> FaninBlocking.taskGroup(policy, group -> group.fork(failing(failure)).join()));
        assertSame(failure, thrown.failures().get(0), c.label + " " + policy);
        if (c.toStringThrows && thrown.failures().size() == 2) {
          // JDK 17's join() builds new CompletionException(failure), which calls toString(): the
          // body fails with what toString threw, a failure of its own. (JDK 25's does not.)
          assertInstanceOf(HostileMethodException.class, thrown.failures().get(1));
        } else {
          assertEquals(1, thrown.failures().size(), c.label + " " + policy);
        }

        Exception second = c.factory.get();
        try (TaskGroup group = TaskGroup.open(policy)) {
          group.fork(failing(failure));
          group.fork(failing(second));
          thrown = assertThrows(TaskGroupException.class, group::join);
        }
        assertTrue(thrown.failures().contains(failure) || thrown.failures().contains(second));
        String unused = thrown.getMessage() + thrown;
        assertTrue(unused.length() > 0);
      }
    }
    assertEquals(0, EngineDiagnostics.runningTasks());
  }

  /** asCompleted, list and blocking forms: a failed completion holding the task's own exception. */
  @OnEachThreadKind
  void asCompleted_hostileFailure_failedCompletion() throws Exception {
    for (Case c : cases()) {
      Exception failure = c.factory.get();
      List<Callable<Integer>> tasks = List.of(failing(failure));
      Completion<Integer, Callable<Integer>> next = Fanin.asCompleted(tasks).get(0).join();
      assertSame(failure, assertInstanceOf(Outcome.Failure.class, next.outcome()).exception());
      try (Completions<Integer, Callable<Integer>> results = FaninBlocking.asCompleted(tasks)) {
        next = results.take();
        assertSame(failure, assertInstanceOf(Outcome.Failure.class, next.outcome()).exception());
      }
    }
  }

  /** Select.onComplete over a future failed with a hostile exception, before and during the select. */
  @OnEachThreadKind
  void selectOnComplete_hostileFailure_failureOutcome() throws Exception {
    for (Case c : cases()) {
      Exception failure = c.factory.get();
      Outcome<Integer> outcome =
          Select.<Outcome<Integer>>create()
              .onComplete(CompletableFuture.<Integer>failedFuture(failure), o -> o)
              .select();
      assertSame(failure, assertInstanceOf(Outcome.Failure.class, outcome).exception(), c.label);

      CompletableFuture<Integer> later = new CompletableFuture<>();
      CompletableFuture<Outcome<Integer>> selected =
          Select.<Outcome<Integer>>create().onComplete(later, o -> o).selectAsync();
      later.completeExceptionally(failure);
      assertSame(
          failure,
          assertInstanceOf(Outcome.Failure.class, selected.join()).exception(),
          c.label);
    }
  }

  private static Callable<Integer> failing(Exception failure) {
    return () -> {
      throw failure;
    };
  }

  /** The failure a blocking call threw, unwrapped from UncheckedTaskException for a checked one. */
  private static Throwable blockingFailure(Callable<?> call) {
    Throwable failure = assertThrows(Throwable.class, call::call);
    return failure instanceof UncheckedTaskException wrapped ? wrapped.getCause() : failure;
  }

  private static Throwable failureOf(CompletableFuture<?> future) {
    return future.handle((value, failure) -> failure).join();
  }
}

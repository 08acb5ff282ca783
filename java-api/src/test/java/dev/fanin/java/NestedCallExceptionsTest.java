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
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Fanin task whose code makes a blocking Fanin call of its own (a per-task deadline: {@code
 * FaninBlocking.waitFor} inside the task) fails with what that call threw as if it had thrown it
 * itself: the checked exception the call had to wrap travels as the task's own, so the outer call
 * reports it as it reports any task's exception, and the same way whether the inner call failed or
 * timed out (adr/0019).
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class NestedCallExceptionsTest {
  private static final Duration SHORT = Duration.ofMillis(20);
  private static final Duration LONG = Duration.ofMinutes(10);

  /** The per-task deadline the guide documents: a blocking waitFor inside the task. */
  private static <T> Callable<T> withDeadline(Callable<T> task, Duration timeout) {
    return () -> FaninBlocking.waitFor(task, timeout);
  }

  private static <T> Callable<T> failsWith(Exception failure) {
    return () -> {
      throw failure;
    };
  }

  private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
    return future.handle((value, failure) -> failure).get();
  }

  /** Blocking caller, inner call failed: one UncheckedTaskException, whose cause is the original. */
  @OnEachThreadKind
  void gatherBlocking_nestedDeadlineTaskFailsChecked_oneWrapperAroundTheOriginal() {
    IOException io = new IOException("HTTP 503");
    UncheckedTaskException thrown =
        assertThrows(
            UncheckedTaskException.class,
            () -> FaninBlocking.gather(List.of(withDeadline(failsWith(io), LONG))));
    assertSame(io, thrown.getCause());
  }

  /** Blocking caller, inner call timed out: the same shape, one wrapper around the timeout. */
  @OnEachThreadKind
  void gatherBlocking_nestedDeadlinePasses_oneWrapperAroundTheTimeout() {
    BlockedTask<String> slow = new BlockedTask<>();
    UncheckedTaskException thrown =
        assertThrows(
            UncheckedTaskException.class,
            () -> FaninBlocking.gather(List.of(withDeadline(slow, SHORT))));
    assertInstanceOf(TimeoutException.class, thrown.getCause());
    // A deadline may pass before the task's thread starts it; one that started has stopped.
    assertTrue(slow.started.getCount() == 1 || slow.hasStopped(), "the slow task still runs");
  }

  /**
   * Settled: each outcome holds the task's exception as it is, the inner task's IOException like
   * the inner deadline's TimeoutException; neither is wrapped.
   */
  @OnEachThreadKind
  void gatherSettled_nestedDeadlineFailsOrPasses_outcomesHoldTheExceptionsAsTheyAre()
      throws Exception {
    IOException io = new IOException("HTTP 503");
    BlockedTask<String> slow = new BlockedTask<>();
    List<Outcome<String>> outcomes =
        FaninBlocking.gatherSettled(
            List.of(
                withDeadline(failsWith(io), LONG),
                withDeadline(slow, SHORT),
                withDeadline(() -> "ok", LONG)));
    assertSame(io, assertInstanceOf(Outcome.Failure.class, outcomes.get(0)).exception());
    assertInstanceOf(
        TimeoutException.class,
        assertInstanceOf(Outcome.Failure.class, outcomes.get(1)).exception());
    assertEquals(new Outcome.Success<>("ok"), outcomes.get(2));
    // Read through getOrThrow, both arrive in the one wrapper a checked exception gets.
    assertSame(io, assertThrows(UncheckedTaskException.class, outcomes.get(0)::getOrThrow).getCause());
  }

  /** The future form fails with the inner task's own exception, not a wrapper of it. */
  @Test
  void gatherFuture_nestedDeadlineTaskFailsChecked_futureFailsWithTheOriginal() throws Exception {
    IOException io = new IOException("HTTP 503");
    assertSame(io, failureOf(Fanin.gather(List.of(withDeadline(failsWith(io), LONG)))));
  }

  /** The future form, inner deadline passed: the TimeoutException itself, as with a direct throw. */
  @Test
  void gatherFuture_nestedDeadlinePasses_futureFailsWithTheTimeout() throws Exception {
    assertInstanceOf(
        TimeoutException.class,
        failureOf(Fanin.gather(List.of(withDeadline(new BlockedTask<String>(), SHORT)))));
  }

  /** A task group lists the tasks' own exceptions, so failures(IOException.class) finds them. */
  @OnEachThreadKind
  void taskGroup_nestedDeadlines_failuresAreTheTasksOwnExceptions() {
    IOException io = new IOException("HTTP 503");
    TaskGroupException thrown =
        assertThrows(
            TaskGroupException.class,
            () ->
                FaninBlocking.taskGroup(
                    OnFailure.KEEP_RUNNING,
                    group -> {
                      group.fork(withDeadline(failsWith(io), LONG));
                      group.fork(withDeadline(new BlockedTask<String>(), SHORT));
                      return null;
                    }));
    assertEquals(List.of(io), thrown.failures(IOException.class));
    assertEquals(1, thrown.failures(TimeoutException.class).size(), thrown.failures()::toString);
    assertEquals(2, thrown.failures().size(), thrown.failures()::toString);
  }

  /** asCompleted (whose tasks run without a job each): the completion holds the original. */
  @OnEachThreadKind
  void asCompleted_nestedDeadlineTaskFailsChecked_completionHoldsTheOriginal() {
    IOException io = new IOException("HTTP 503");
    try (Completions<String, Callable<String>> results =
        FaninBlocking.asCompleted(List.of(withDeadline(failsWith(io), LONG)))) {
      Completion<String, Callable<String>> result = results.next();
      assertSame(io, assertInstanceOf(Outcome.Failure.class, result.outcome()).exception());
      assertSame(io, assertThrows(UncheckedTaskException.class, result::value).getCause());
    }
  }

  /** The bounded asCompleted over a lazy source: the same. */
  @OnEachThreadKind
  void asCompletedBounded_nestedDeadlineTaskFailsChecked_completionHoldsTheOriginal() {
    IOException io = new IOException("HTTP 503");
    List<Callable<String>> tasks = List.of(withDeadline(failsWith(io), LONG));
    try (Completions<String, Callable<String>> results =
        FaninBlocking.asCompleted(tasks.iterator(), 1)) {
      Completion<String, Callable<String>> result = results.next();
      assertSame(io, assertInstanceOf(Outcome.Failure.class, result.outcome()).exception());
    }
  }

  /** A timeout scope's body is Fanin task code too: its future fails with the original. */
  @Test
  void timeoutScope_bodyNestedCallFailsChecked_failsWithTheOriginal() throws Exception {
    IOException io = new IOException("HTTP 503");
    assertSame(
        io,
        failureOf(
            Fanin.timeoutScope(LONG, scope -> FaninBlocking.waitFor(failsWith(io), LONG))));
    UncheckedTaskException thrown =
        assertThrows(
            UncheckedTaskException.class,
            () -> FaninBlocking.timeoutScope(LONG, scope -> FaninBlocking.waitFor(failsWith(io), LONG)));
    assertSame(io, thrown.getCause());
  }

  /** The waitFor a deadline is made of: a task of it that rethrows a wrapper fails with the original. */
  @Test
  void waitFor_taskRethrowsOutcomeOfCheckedFailure_failsWithTheOriginal() throws Exception {
    IOException io = new IOException("HTTP 503");
    Outcome<String> failed = new Outcome.Failure<>(io);
    assertSame(io, failureOf(Fanin.waitFor(failed::getOrThrow, LONG)));
  }

  /**
   * The rule is about the wrapper, not about who made it: a task that throws an
   * UncheckedTaskException of its own, or one wrapped twice, fails with the exception inside.
   */
  @Test
  void gather_taskThrowsUncheckedTaskException_failsWithTheExceptionInside() throws Exception {
    IOException io = new IOException("HTTP 503");
    assertSame(io, failureOf(Fanin.gather(List.of(failsWith(new UncheckedTaskException(io))))));
    assertSame(
        io,
        failureOf(
            Fanin.gather(
                List.of(failsWith(new UncheckedTaskException(new UncheckedTaskException(io)))))));
    UncheckedTaskException thrown =
        assertThrows(
            UncheckedTaskException.class,
            () ->
                FaninBlocking.gather(
                    List.of(failsWith(new UncheckedTaskException(new UncheckedTaskException(io))))));
    assertSame(io, thrown.getCause(), "one wrapper, never a wrapper of a wrapper");
  }

  /** An unchecked exception of a nested call needs no wrapper and is the task's failure as it is. */
  @Test
  void gatherFuture_nestedCallFailsUnchecked_sameObject() throws Exception {
    IllegalStateException boom = new IllegalStateException("boom");
    assertSame(boom, failureOf(Fanin.gather(List.of(withDeadline(failsWith(boom), LONG)))));
  }

  /**
   * A checked exception that a blocking call wraps records where the caller waited, as an unchecked
   * one does: once the task has ended, the wrapper (whose stack trace that was) is gone.
   */
  @Test
  void waitForBlocking_checkedFailure_exceptionRecordsWhereTheCallerWaited() {
    IOException io = new IOException("HTTP 503");
    UncheckedTaskException thrown =
        assertThrows(UncheckedTaskException.class, () -> FaninBlocking.waitFor(failsWith(io), LONG));
    assertSame(io, thrown.getCause());
    List<Throwable> suppressed = Arrays.asList(io.getSuppressed());
    assertEquals(1, suppressed.size(), suppressed::toString);
    assertTrue(suppressed.get(0).getMessage().startsWith("awaited in thread"), suppressed::toString);
  }
}

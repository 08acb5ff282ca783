package dev.fanin.java;

import static dev.fanin.java.IdentityAssertions.assertSameElements;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.ReturnWhen;
import dev.fanin.WaitResult;
import dev.fanin.testing.Forked;
import dev.fanin.testing.Forks;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** waitUntil: the caller's handles split into done and pending, in both forms. */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class WaitUntilTest {
  private static final Duration SHORT = Duration.ofMillis(20);
  private static final Duration LONG = Duration.ofMinutes(10);

  /** FIRST_COMPLETED returns as soon as one handle completes, with that one done and the rest pending. */
  @Test
  void waitUntil_firstCompleted_returnsWhenOneHandleCompletes() {
    CompletableFuture<String> a = new CompletableFuture<>();
    CompletableFuture<String> b = new CompletableFuture<>();
    CompletableFuture<String> c = new CompletableFuture<>();

    CompletableFuture<WaitResult<CompletableFuture<String>>> result =
        Fanin.waitUntil(ReturnWhen.FIRST_COMPLETED, List.of(a, b, c));
    assertFalse(result.isDone());

    b.complete("b");

    assertTrue(result.isDone());
    assertSameElements(List.of(b), result.join().done());
    assertSameElements(List.of(a, c), result.join().pending());
  }

  /** FIRST_COMPLETED counts a cancelled handle as completed. */
  @Test
  void waitUntil_firstCompletedHandleCancelled_returnsWithItDone() {
    CompletableFuture<String> a = new CompletableFuture<>();
    CompletableFuture<String> b = new CompletableFuture<>();

    CompletableFuture<WaitResult<CompletableFuture<String>>> result =
        Fanin.waitUntil(ReturnWhen.FIRST_COMPLETED, List.of(a, b));
    a.cancel(false);

    assertTrue(result.isDone());
    assertSameElements(List.of(a), result.join().done());
    assertSameElements(List.of(b), result.join().pending());
  }

  /** The blocking form returns when another thread completes one handle. */
  @OnEachThreadKind
  void waitUntilBlocking_firstCompleted_returnsWhenAnotherThreadCompletesOne() throws Exception {
    CompletableFuture<String> a = new CompletableFuture<>();
    CompletableFuture<String> b = new CompletableFuture<>();
    Forked completer = Forks.start("completer", () -> b.complete("b"));

    WaitResult<CompletableFuture<String>> result =
        FaninBlocking.waitUntil(ReturnWhen.FIRST_COMPLETED, List.of(a, b));

    completer.join();
    assertSameElements(List.of(b), result.done());
    assertSameElements(List.of(a), result.pending());
    assertFalse(a.isDone());
  }

  /** FIRST_EXCEPTION returns when a handle fails, not before, with the failed handle done. */
  @Test
  void waitUntil_firstExceptionHandleFails_returnsOnTheFailure() {
    CompletableFuture<String> a = new CompletableFuture<>();
    CompletableFuture<String> b = new CompletableFuture<>();
    CompletableFuture<String> c = new CompletableFuture<>();

    CompletableFuture<WaitResult<CompletableFuture<String>>> result =
        Fanin.waitUntil(ReturnWhen.FIRST_EXCEPTION, List.of(a, b, c));
    a.complete("a");
    assertFalse(result.isDone(), "a success does not end FIRST_EXCEPTION");

    b.completeExceptionally(new IllegalStateException("boom"));

    assertTrue(result.isDone());
    assertFalse(result.isCompletedExceptionally(), "a failed handle does not fail the wait");
    assertSameElements(List.of(a, b), result.join().done());
    assertSameElements(List.of(c), result.join().pending());
  }

  /** FIRST_EXCEPTION does not count a cancelled handle as failed; it returns once all are done. */
  @Test
  void waitUntil_firstExceptionHandleCancelled_keepsWaitingUntilAllDone() {
    CompletableFuture<String> a = new CompletableFuture<>();
    CompletableFuture<String> b = new CompletableFuture<>();

    CompletableFuture<WaitResult<CompletableFuture<String>>> result =
        Fanin.waitUntil(ReturnWhen.FIRST_EXCEPTION, List.of(a, b));
    a.cancel(true);
    assertFalse(result.isDone(), "a cancelled handle is not a failure");

    b.complete("b");

    assertTrue(result.isDone());
    assertSameElements(List.of(a, b), result.join().done());
    assertEquals(List.of(), result.join().pending());
  }

  /**
   * FIRST_EXCEPTION sees through the CompletionException of dependent stages: a failed stage counts,
   * a stage of a cancelled future does not.
   */
  @Test
  void waitUntil_firstExceptionDependentStages_failureCountsCancellationDoesNot() {
    CompletableFuture<String> cancelledSource = new CompletableFuture<>();
    CompletableFuture<String> failedSource = new CompletableFuture<>();
    CompletableFuture<String> ofCancelled = cancelledSource.thenApply(s -> s);
    CompletableFuture<String> ofFailed = failedSource.thenApply(s -> s);
    CompletableFuture<String> other = new CompletableFuture<>();

    CompletableFuture<WaitResult<CompletableFuture<String>>> result =
        Fanin.waitUntil(ReturnWhen.FIRST_EXCEPTION, List.of(ofCancelled, ofFailed, other));
    cancelledSource.cancel(false);
    assertFalse(result.isDone(), "the stage of a cancelled future is not a failure");

    failedSource.completeExceptionally(new IllegalStateException("boom"));

    assertTrue(result.isDone());
    assertSameElements(List.of(ofCancelled, ofFailed), result.join().done());
    assertSameElements(List.of(other), result.join().pending());
  }

  /** FIRST_EXCEPTION with no failure returns when every handle has completed. */
  @Test
  void waitUntil_firstExceptionAllSucceed_returnsWhenAllDone() {
    CompletableFuture<String> a = new CompletableFuture<>();
    CompletableFuture<String> b = new CompletableFuture<>();

    CompletableFuture<WaitResult<CompletableFuture<String>>> result =
        Fanin.waitUntil(ReturnWhen.FIRST_EXCEPTION, List.of(a, b));
    b.complete("b");
    assertFalse(result.isDone());
    a.complete("a");

    assertTrue(result.isDone());
    assertSameElements(List.of(a, b), result.join().done());
    assertEquals(List.of(), result.join().pending());
  }

  /** ALL_COMPLETED waits for every handle, failures and cancellations included, and never fails. */
  @Test
  void waitUntil_allCompleted_returnsOnlyWhenEveryHandleIsDone() {
    CompletableFuture<String> a = new CompletableFuture<>();
    CompletableFuture<String> b = new CompletableFuture<>();
    CompletableFuture<String> c = new CompletableFuture<>();

    CompletableFuture<WaitResult<CompletableFuture<String>>> result =
        Fanin.waitUntil(ReturnWhen.ALL_COMPLETED, List.of(a, b, c));
    b.completeExceptionally(new IllegalStateException("boom"));
    assertFalse(result.isDone());
    a.cancel(false);
    assertFalse(result.isDone());
    c.complete("c");

    assertTrue(result.isDone());
    assertFalse(result.isCompletedExceptionally());
    assertSameElements(List.of(a, b, c), result.join().done());
    assertEquals(List.of(), result.join().pending());
  }

  /** Done handles come back in argument order, not in the order they completed. */
  @Test
  void waitUntil_handlesCompleteInReverse_doneListInArgumentOrder() {
    CompletableFuture<String> a = new CompletableFuture<>();
    CompletableFuture<String> b = new CompletableFuture<>();
    CompletableFuture<String> c = new CompletableFuture<>();

    CompletableFuture<WaitResult<CompletableFuture<String>>> result =
        Fanin.waitUntil(ReturnWhen.ALL_COMPLETED, List.of(a, b, c));
    c.complete("c");
    b.complete("b");
    a.complete("a");

    assertSameElements(List.of(a, b, c), result.join().done());
  }

  /** Handles that are already complete give a result at once, whatever the condition. */
  @ParameterizedTest
  @EnumSource(ReturnWhen.class)
  void waitUntil_handlesAlreadyComplete_returnsAtOnce(ReturnWhen returnWhen) {
    CompletableFuture<String> a = CompletableFuture.completedFuture("a");
    CompletableFuture<String> b = CompletableFuture.failedFuture(new IllegalStateException("b"));

    CompletableFuture<WaitResult<CompletableFuture<String>>> result =
        Fanin.waitUntil(returnWhen, List.of(a, b));

    assertTrue(result.isDone());
    assertSameElements(List.of(a), result.join().done().subList(0, 1));
  }

  /**
   * Every handle that was already complete when waitUntil was called is reported done, not only the
   * first one that satisfied the condition (asyncio's wait collects all done futures first).
   */
  @ParameterizedTest
  @EnumSource(value = ReturnWhen.class, names = {"FIRST_COMPLETED", "FIRST_EXCEPTION"})
  void waitUntil_severalHandlesAlreadyComplete_allReportedDone(ReturnWhen returnWhen) {
    CompletableFuture<String> failed =
        CompletableFuture.failedFuture(new IllegalStateException("failed"));
    CompletableFuture<String> succeeded = CompletableFuture.completedFuture("succeeded");
    CompletableFuture<String> pending = new CompletableFuture<>();

    WaitResult<CompletableFuture<String>> result =
        Fanin.waitUntil(returnWhen, List.of(failed, succeeded, pending)).join();

    assertSameElements(List.of(failed, succeeded), result.done());
    assertSameElements(List.of(pending), result.pending());
  }

  /** Any CompletionStage is a handle, even a minimal one that cannot be completed from outside. */
  @Test
  void waitUntil_minimalCompletionStages_workAsHandles() {
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletionStage<String> minimal = source.minimalCompletionStage();
    CompletionStage<String> other = new CompletableFuture<String>().minimalCompletionStage();

    CompletableFuture<WaitResult<CompletionStage<String>>> result =
        Fanin.waitUntil(ReturnWhen.FIRST_COMPLETED, List.of(other, minimal));
    assertFalse(result.isDone());
    source.complete("done");

    assertSameElements(List.of(minimal), result.join().done());
    assertSameElements(List.of(other), result.join().pending());
  }

  /** A handle given twice appears once, at its first position. */
  @Test
  void waitUntil_handleGivenTwice_appearsOnceAtFirstPosition() {
    CompletableFuture<String> a = new CompletableFuture<>();
    CompletableFuture<String> b = new CompletableFuture<>();
    CompletableFuture<String> c = new CompletableFuture<>();

    CompletableFuture<WaitResult<CompletableFuture<String>>> all =
        Fanin.waitUntil(ReturnWhen.ALL_COMPLETED, List.of(b, a, b, c, a));
    CompletableFuture<WaitResult<CompletableFuture<String>>> first =
        Fanin.waitUntil(ReturnWhen.FIRST_COMPLETED, List.of(b, a, b, c, a));
    a.complete("a");
    assertSameElements(List.of(a), first.join().done());
    assertSameElements(List.of(b, c), first.join().pending());
    b.complete("b");
    c.complete("c");

    assertSameElements(List.of(b, a, c), all.join().done());
    assertEquals(List.of(), all.join().pending());
  }

  /** Handles that are equal but not the same object are kept apart: identity decides. */
  @Test
  void waitUntil_equalButDistinctHandles_bothKept() {
    CompletionStage<String> first = new EqualStage<>();
    CompletionStage<String> second = new EqualStage<>();
    assertEquals(first, second);

    WaitResult<CompletionStage<String>> result =
        Fanin.waitUntil(ReturnWhen.FIRST_COMPLETED, List.of(first, second), Duration.ZERO).join();

    assertSameElements(List.of(first, second), result.pending());
  }

  /** The timeout returns the pending handles and cancels nothing, neither plain futures nor Fanin tasks. */
  @OnEachThreadKind
  void waitUntilBlocking_timeout_returnsPendingAndCancelsNothing() throws Exception {
    CompletableFuture<String> never = new CompletableFuture<>();
    BlockedTask<String> blocked = new BlockedTask<>();
    CompletableFuture<List<String>> running = Fanin.gather(List.of(blocked));
    CompletableFuture<String> done = CompletableFuture.completedFuture("done");
    List<CompletableFuture<?>> handles = List.of(never, running, done);
    try {
      WaitResult<CompletableFuture<?>> result =
          FaninBlocking.waitUntil(ReturnWhen.ALL_COMPLETED, handles, SHORT);

      assertSameElements(List.of(done), result.done());
      assertSameElements(List.of(never, running), result.pending());
      assertFalse(never.isDone());
      assertFalse(running.isDone());
      blocked.started.await();
      assertFalse(blocked.hasStopped(), "the timeout must not stop a handle's task");
      assertFalse(blocked.interrupted);
    } finally {
      // A task cancelled before it started never runs, and its stopped latch would never open.
      blocked.started.await();
      running.cancel(true);
      blocked.stopped.await();
    }
  }

  /** The future form's timeout completes the future normally with the split, never with a failure. */
  @Test
  void waitUntil_timeout_futureCompletesNormallyWithPendingHandles() throws Exception {
    CompletableFuture<String> never = new CompletableFuture<>();

    WaitResult<CompletableFuture<String>> result =
        Fanin.waitUntil(ReturnWhen.FIRST_COMPLETED, List.of(never), SHORT).get();

    assertEquals(List.of(), result.done());
    assertSameElements(List.of(never), result.pending());
    assertFalse(never.isDone());
  }

  /** A zero timeout returns the current split at once. */
  @Test
  void waitUntil_zeroTimeout_returnsCurrentSplitAtOnce() {
    CompletableFuture<String> done = CompletableFuture.completedFuture("done");
    CompletableFuture<String> pending = new CompletableFuture<>();

    CompletableFuture<WaitResult<CompletableFuture<String>>> result =
        Fanin.waitUntil(ReturnWhen.ALL_COMPLETED, List.of(pending, done), Duration.ZERO);

    assertTrue(result.isDone());
    assertSameElements(List.of(done), result.join().done());
    assertSameElements(List.of(pending), result.join().pending());
  }

  /** A handle that completes after the wait returned does not change the result. */
  @Test
  void waitUntil_handleCompletesAfterReturn_resultUnchanged() {
    CompletableFuture<String> a = new CompletableFuture<>();
    CompletableFuture<String> b = new CompletableFuture<>();
    CompletableFuture<WaitResult<CompletableFuture<String>>> result =
        Fanin.waitUntil(ReturnWhen.FIRST_COMPLETED, List.of(a, b));
    a.complete("a");
    WaitResult<CompletableFuture<String>> split = result.join();

    b.complete("b");

    assertSameElements(List.of(a), result.join().done());
    assertSameElements(List.of(b), split.pending());
  }

  /** The result's lists cannot be modified. */
  @Test
  void waitUntil_resultLists_areImmutable() {
    CompletableFuture<String> a = CompletableFuture.completedFuture("a");
    CompletableFuture<String> b = new CompletableFuture<>();
    WaitResult<CompletableFuture<String>> result =
        Fanin.waitUntil(ReturnWhen.FIRST_COMPLETED, List.of(a, b)).join();

    assertThrows(UnsupportedOperationException.class, () -> result.done().clear());
    assertThrows(UnsupportedOperationException.class, () -> result.pending().add(a));
  }

  /** An empty list throws IllegalArgumentException, in both forms, as asyncio raises ValueError. */
  @Test
  void waitUntil_emptyList_throwsIllegalArgumentException() {
    List<CompletableFuture<String>> none = List.of();
    assertThrows(
        IllegalArgumentException.class, () -> Fanin.waitUntil(ReturnWhen.FIRST_COMPLETED, none));
    assertThrows(
        IllegalArgumentException.class,
        () -> Fanin.waitUntil(ReturnWhen.ALL_COMPLETED, none, LONG));
    assertThrows(
        IllegalArgumentException.class,
        () -> FaninBlocking.waitUntil(ReturnWhen.FIRST_EXCEPTION, none));
  }

  /** A negative timeout throws IllegalArgumentException whose message names the timeout. */
  @Test
  void waitUntil_negativeTimeout_throwsIllegalArgumentExceptionNamingTimeout() {
    CompletableFuture<String> handle = new CompletableFuture<>();
    IllegalArgumentException thrown =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Fanin.waitUntil(
                    ReturnWhen.FIRST_COMPLETED, List.of(handle), Duration.ofMillis(-1)));
    assertTrue(thrown.getMessage().contains("timeout"), thrown.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            FaninBlocking.waitUntil(
                ReturnWhen.FIRST_COMPLETED, List.of(handle), Duration.ofMillis(-1)));
  }

  /** A null handle throws NullPointerException naming its index. */
  @Test
  void waitUntil_nullHandle_throwsNullPointerExceptionNamingIndex() {
    List<CompletableFuture<String>> handles = Arrays.asList(new CompletableFuture<>(), null);
    NullPointerException thrown =
        assertThrows(
            NullPointerException.class,
            () -> Fanin.waitUntil(ReturnWhen.FIRST_COMPLETED, handles));
    assertEquals("handles[1]", thrown.getMessage());
  }

  /** Cancelling the returned future stops the waiting only: the handles keep running. */
  @Test
  void waitUntil_futureCancelled_handlesKeepRunning() throws Exception {
    CompletableFuture<String> plain = new CompletableFuture<>();
    BlockedTask<String> blocked = new BlockedTask<>();
    CompletableFuture<List<String>> running = Fanin.gather(List.of(blocked));
    try {
      CompletableFuture<WaitResult<CompletableFuture<?>>> result =
          Fanin.waitUntil(ReturnWhen.ALL_COMPLETED, List.<CompletableFuture<?>>of(plain, running));
      blocked.started.await();

      assertTrue(result.cancel(true));

      assertTrue(result.isCancelled());
      assertFalse(plain.isDone());
      assertFalse(running.isDone());
      assertFalse(blocked.hasStopped(), "cancelling the wait must not stop a handle's task");
      assertFalse(blocked.interrupted);
      plain.complete("later");
      assertTrue(result.isCancelled());
    } finally {
      // A task cancelled before it started never runs, and its stopped latch would never open.
      blocked.started.await();
      running.cancel(true);
      blocked.stopped.await();
    }
  }

  /**
   * Interrupting the blocked caller throws InterruptedException with the status cleared and leaves
   * every handle running.
   */
  @OnEachThreadKind
  void waitUntilBlocking_callerInterrupted_handlesKeepRunning() throws Exception {
    CompletableFuture<String> plain = new CompletableFuture<>();
    BlockedTask<String> blocked = new BlockedTask<>();
    CompletableFuture<List<String>> running = Fanin.gather(List.of(blocked));
    Thread caller = Thread.currentThread();
    Forked interrupter =
        Forks.start(
            "interrupter",
            () -> {
              blocked.started.await();
              caller.interrupt();
            });
    try {
      assertThrows(
          InterruptedException.class,
          () ->
              FaninBlocking.waitUntil(
                  ReturnWhen.ALL_COMPLETED, List.<CompletableFuture<?>>of(plain, running)));

      assertFalse(Thread.currentThread().isInterrupted());
      interrupter.join();
      assertFalse(plain.isDone());
      assertFalse(running.isDone());
      assertFalse(blocked.hasStopped(), "the interrupt must not stop a handle's task");
      assertFalse(blocked.interrupted);
    } finally {
      // A task cancelled before it started never runs, and its stopped latch would never open.
      blocked.started.await();
      running.cancel(true);
      blocked.stopped.await();
    }
  }

  /** Futures that Fanin returned are handles like any other, and their failures make them done. */
  @Test
  void waitUntil_faninFutures_failureMakesThemDone() throws Exception {
    BlockedTask<String> blocked = new BlockedTask<>();
    CompletableFuture<List<String>> running = Fanin.gather(List.of(blocked));
    CompletableFuture<List<Object>> failing =
        Fanin.gather(
            List.of(
                () -> {
                  throw new IllegalStateException("boom");
                }));
    try {
      WaitResult<CompletableFuture<? extends List<?>>> result =
          FaninBlocking.waitUntil(
              ReturnWhen.FIRST_EXCEPTION,
              List.<CompletableFuture<? extends List<?>>>of(running, failing));

      assertSameElements(List.of(failing), result.done());
      assertSameElements(List.of(running), result.pending());
      assertThrows(ExecutionException.class, failing::get);
    } finally {
      // A task cancelled before it started never runs, and its stopped latch would never open.
      blocked.started.await();
      running.cancel(true);
      blocked.stopped.await();
    }
  }

  /** A stage that is equal to every other stage of its class, to tell identity from equality. */
  private static final class EqualStage<T> extends CompletableFuture<T> {
    @Override
    public boolean equals(Object other) {
      return other instanceof EqualStage;
    }

    @Override
    public int hashCode() {
      return 1;
    }
  }
}

package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.Completion;
import dev.fanin.Outcome;
import dev.fanin.testing.Forked;
import dev.fanin.testing.Forks;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** firstCompleted over the caller's own futures, in both Java forms. */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class FirstCompletedTest {

  /** The future that completes first is reported with its index, itself and its value. */
  @Test
  void firstCompleted_completesLater_reportsIndexHandleAndValue() {
    CompletableFuture<String> a = new CompletableFuture<>();
    CompletableFuture<String> b = new CompletableFuture<>();
    CompletableFuture<Completion<String, CompletableFuture<String>>> first =
        Fanin.firstCompleted(List.of(a, b));
    assertFalse(first.isDone());

    b.complete("b");

    Completion<String, CompletableFuture<String>> completion = first.join();
    assertEquals(1, completion.index());
    assertSame(b, completion.handle());
    assertEquals(new Outcome.Success<>("b"), completion.outcome());
    assertFalse(a.isDone(), "the other input was completed or cancelled");
  }

  /** Of the inputs already complete, the first in list order is reported. */
  @Test
  void firstCompleted_alreadyDone_firstInListOrder() {
    CompletableFuture<String> pending = new CompletableFuture<>();
    CompletableFuture<String> two = CompletableFuture.completedFuture("two");
    CompletableFuture<String> three = CompletableFuture.completedFuture("three");
    Completion<String, CompletableFuture<String>> first =
        Fanin.firstCompleted(List.of(pending, two, three)).join();
    assertEquals(1, first.index());
    assertEquals("two", first.value());
  }

  /** A failed input is a completion whose outcome is its own exception, unwrapped. */
  @Test
  void firstCompleted_failed_outcomeIsTheUnwrappedException() {
    IOException boom = new IOException("boom");
    CompletableFuture<String> failed = new CompletableFuture<>();
    failed.completeExceptionally(new CompletionException(boom));
    Completion<String, CompletableFuture<String>> first =
        Fanin.firstCompleted(List.of(failed)).join();
    assertEquals(new Outcome.Failure<>(boom), first.outcome());
  }

  /** A cancelled input is a completion whose outcome is Cancelled. */
  @Test
  void firstCompleted_cancelled_outcomeIsCancelled() {
    CompletableFuture<String> cancelled = new CompletableFuture<>();
    cancelled.cancel(true);
    assertInstanceOf(
        Outcome.Cancelled.class, Fanin.firstCompleted(List.of(cancelled)).join().outcome());
  }

  /** An input given twice is reported at its first position. */
  @Test
  void firstCompleted_duplicate_reportedAtFirstPosition() {
    CompletableFuture<String> other = new CompletableFuture<>();
    CompletableFuture<String> twice = new CompletableFuture<>();
    CompletableFuture<Completion<String, CompletableFuture<String>>> first =
        Fanin.firstCompleted(List.of(other, twice, twice));
    twice.complete("x");
    assertEquals(1, first.join().index());
  }

  /** Any CompletionStage works, not only CompletableFuture. */
  @Test
  void firstCompleted_minimalStage_works() {
    CompletableFuture<String> backing = new CompletableFuture<>();
    CompletionStage<String> stage = backing.minimalCompletionStage();
    CompletableFuture<Completion<String, CompletionStage<String>>> first =
        Fanin.firstCompleted(List.of(stage));
    backing.complete("v");
    assertSame(stage, first.join().handle());
  }

  /** Cancelling the returned future cancels no input. */
  @Test
  void firstCompleted_resultCancelled_inputsKeepRunning() {
    CompletableFuture<String> a = new CompletableFuture<>();
    CompletableFuture<String> b = new CompletableFuture<>();
    CompletableFuture<Completion<String, CompletableFuture<String>>> first =
        Fanin.firstCompleted(List.of(a, b));
    assertTrue(first.cancel(true));
    assertFalse(a.isDone() || b.isDone());
    a.complete("late"); // arrives after the cancellation: nothing happens
    assertTrue(first.isCancelled());
  }

  /** Interrupting the blocked caller stops the waiting only: no input is cancelled. */
  @OnEachThreadKind
  void firstCompletedBlocking_callerInterrupted_inputsKeepRunning() throws Exception {
    CompletableFuture<String> a = new CompletableFuture<>();
    Thread caller = Thread.currentThread();
    // Before or during the wait: either way the wait throws InterruptedException.
    Forked interrupter = Forks.start("interrupter", caller::interrupt);
    assertThrows(InterruptedException.class, () -> FaninBlocking.firstCompleted(List.of(a)));
    assertFalse(a.isDone());
    assertFalse(Thread.currentThread().isInterrupted());
    interrupter.join();
  }

  /** The blocking form returns the first completion. */
  @OnEachThreadKind
  void firstCompletedBlocking_returnsFirstCompletion() throws Exception {
    CompletableFuture<Integer> slow = new CompletableFuture<>();
    CompletableFuture<Integer> fast = new CompletableFuture<>();
    Forked completer = Forks.start("completer", () -> fast.complete(7));
    Completion<Integer, CompletableFuture<Integer>> first =
        FaninBlocking.firstCompleted(List.of(slow, fast));
    completer.join();
    assertEquals(1, first.index());
    assertEquals(7, first.value());
    assertFalse(slow.isDone());
  }

  /** Empty input is rejected naming the argument; so is a null element. */
  @Test
  void firstCompleted_badArguments_rejectedNamingThem() {
    IllegalArgumentException empty =
        assertThrows(IllegalArgumentException.class, () -> Fanin.firstCompleted(List.of()));
    assertEquals("futures is empty", empty.getMessage());
    List<CompletableFuture<String>> withNull = new ArrayList<>();
    withNull.add(new CompletableFuture<>());
    withNull.add(null);
    NullPointerException nullElement =
        assertThrows(NullPointerException.class, () -> Fanin.firstCompleted(withNull));
    assertEquals("futures[1]", nullElement.getMessage());
  }
}

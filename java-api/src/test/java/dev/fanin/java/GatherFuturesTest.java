package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** gather over futures the caller holds, in both forms. */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class GatherFuturesTest {

  /** Values come in argument order when the inputs complete in reverse order. */
  @Test
  void gatherFutures_inputsCompleteInReverse_valuesInArgumentOrder() {
    CompletableFuture<String> a = new CompletableFuture<>();
    CompletableFuture<String> b = new CompletableFuture<>();
    CompletableFuture<String> c = new CompletableFuture<>();
    CompletableFuture<List<String>> result = Fanin.gatherFutures(List.of(a, b, c));

    c.complete("c");
    b.complete("b");
    assertFalse(result.isDone());
    a.complete("a");

    assertEquals(List.of("a", "b", "c"), result.join());
  }

  /** Inputs already completed, pending, and other CompletionStage kinds mix. */
  @Test
  void gatherFutures_mixedInputs_allGathered() {
    CompletableFuture<Integer> pending = new CompletableFuture<>();
    CompletableFuture<List<Integer>> result =
        Fanin.gatherFutures(
            List.of(
                CompletableFuture.completedFuture(1),
                pending,
                CompletableFuture.completedFuture(3).minimalCompletionStage()));
    pending.complete(2);
    assertEquals(List.of(1, 2, 3), result.join());
  }

  /**
   * The first failure completes the result with the input's own exception, and the caller's other
   * futures are not cancelled.
   */
  @Test
  void gatherFutures_inputFails_othersNotCancelled() {
    CompletableFuture<String> sibling = new CompletableFuture<>();
    CompletableFuture<String> failing = new CompletableFuture<>();
    CompletableFuture<List<String>> result = Fanin.gatherFutures(List.of(sibling, failing));
    IllegalStateException boom = new IllegalStateException("boom");

    failing.completeExceptionally(boom);

    ExecutionException thrown = assertThrows(ExecutionException.class, result::get);
    assertSame(boom, thrown.getCause());
    assertFalse(sibling.isDone());
  }

  /** A failure from a dependent stage arrives without its CompletionException layer. */
  @Test
  void gatherFutures_dependentStageFails_unwrapped() {
    IllegalStateException boom = new IllegalStateException("boom");
    CompletableFuture<Integer> source = new CompletableFuture<>();
    CompletableFuture<Integer> dependent = source.thenApply(x -> x + 1);
    CompletableFuture<List<Integer>> result = Fanin.gatherFutures(List.of(dependent));
    source.completeExceptionally(boom);
    ExecutionException thrown = assertThrows(ExecutionException.class, result::get);
    assertSame(boom, thrown.getCause());
    assertTrue(dependent.isCompletedExceptionally());
    assertThrows(CompletionException.class, dependent::join);
  }

  /** A cancelled input makes the result cancelled. */
  @Test
  void gatherFutures_inputCancelled_resultCancelled() {
    CompletableFuture<String> input = new CompletableFuture<>();
    CompletableFuture<List<String>> result = Fanin.gatherFutures(List.of(input));
    input.cancel(false);
    assertTrue(result.isCancelled());
  }

  /** Cancelling the result cancels every input, as asyncio does. */
  @Test
  void gatherFutures_resultCancelled_cancelsInputs() {
    CompletableFuture<String> a = new CompletableFuture<>();
    CompletableFuture<String> b = new CompletableFuture<>();
    CompletableFuture<List<String>> result = Fanin.gatherFutures(List.of(a, b));
    assertTrue(result.cancel(false));
    assertTrue(a.isCancelled());
    assertTrue(b.isCancelled());
  }

  /** Interrupting the blocked caller cancels the inputs and throws InterruptedException. */
  @OnEachThreadKind
  void gatherFuturesBlocking_callerInterrupted_cancelsInputs() {
    CompletableFuture<String> input = new CompletableFuture<>();
    Thread.currentThread().interrupt();
    assertThrows(InterruptedException.class, () -> FaninBlocking.gatherFutures(List.of(input)));
    assertTrue(input.isCancelled());
    assertFalse(Thread.currentThread().isInterrupted());
  }

  /** A million already-completed inputs gather without overflowing the stack. */
  @Test
  void gatherFutures_millionCompletedInputs_completes() throws Exception {
    int n = 1_000_000;
    List<CompletableFuture<Integer>> inputs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      inputs.add(CompletableFuture.completedFuture(i));
    }
    List<Integer> values = FaninBlocking.gatherFutures(inputs);
    assertEquals(n, values.size());
    assertEquals(n - 1, values.get(n - 1));
  }

  /** A million pending inputs completed one by one in a chain do not overflow the stack. */
  @Test
  void gatherFutures_millionPendingInputs_completes() {
    int n = 1_000_000;
    List<CompletableFuture<Integer>> inputs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      inputs.add(new CompletableFuture<>());
    }
    CompletableFuture<List<Integer>> result = Fanin.gatherFutures(inputs);
    for (int i = n - 1; i >= 0; i--) {
      inputs.get(i).complete(i);
    }
    assertEquals(n, result.join().size());
  }

  /** Cancelling the caller's future outside the gather gives a CancellationException. */
  @Test
  void gatherFuturesBlocking_inputCancelled_throwsCancellation() {
    CompletableFuture<String> input = new CompletableFuture<>();
    input.cancel(false);
    assertThrows(CancellationException.class, () -> FaninBlocking.gatherFutures(List.of(input)));
  }
}

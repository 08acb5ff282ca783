package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.Outcome;
import dev.fanin.UncheckedTaskException;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Settled gather: one outcome per input, never a failure because of an input. */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class GatherSettledTest {

  /** A value, a null value, a failure and a cancellation each get their own outcome, in order. */
  @OnEachThreadKind
  void gatherSettled_mixedTasks_oneOutcomePerTaskInOrder() throws Exception {
    IOException io = new IOException("disk");
    CancellationException cancelled = new CancellationException("gave up");
    List<Outcome<String>> outcomes =
        FaninBlocking.gatherSettled(
            List.of(
                () -> "a",
                () -> null,
                () -> {
                  throw io;
                },
                () -> {
                  throw cancelled;
                }));

    assertEquals(new Outcome.Success<>("a"), outcomes.get(0));
    assertNull(assertInstanceOf(Outcome.Success.class, outcomes.get(1)).value());
    assertSame(io, assertInstanceOf(Outcome.Failure.class, outcomes.get(2)).exception());
    assertSame(cancelled, assertInstanceOf(Outcome.Cancelled.class, outcomes.get(3)).exception());
  }

  /** Settled gather over futures reports a cancelled input as Cancelled, not as a failure. */
  @Test
  void gatherFuturesSettled_cancelledInput_isCancelledOutcome() {
    CompletableFuture<String> ok = CompletableFuture.completedFuture("ok");
    CompletableFuture<String> cancelled = new CompletableFuture<>();
    CompletableFuture<String> failed = new CompletableFuture<>();
    IllegalStateException boom = new IllegalStateException("boom");
    CompletableFuture<List<Outcome<String>>> result =
        Fanin.gatherFuturesSettled(List.of(ok, cancelled, failed));

    cancelled.cancel(false);
    failed.completeExceptionally(boom);

    List<Outcome<String>> outcomes = result.join();
    assertEquals("ok", outcomes.get(0).getOrThrow());
    assertInstanceOf(Outcome.Cancelled.class, outcomes.get(1));
    assertSame(boom, assertInstanceOf(Outcome.Failure.class, outcomes.get(2)).exception());
  }

  /** Cancelling a settled gather cancels its tasks; that is the only way it ends without a list. */
  @Test
  void gatherSettled_futureCancelled_interruptsTasks() throws Exception {
    BlockedTask<String> task = new BlockedTask<>();
    CompletableFuture<List<Outcome<String>>> result = Fanin.gatherSettled(List.of(task));
    task.started.await();
    assertTrue(result.cancel(true));
    task.stopped.await();
    assertTrue(task.interrupted);
  }

  /** A task the executor rejects gets a Failure outcome with the RejectedExecutionException. */
  @Test
  void gatherSettled_executorRejects_failureOutcome() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    executor.shutdown();
    List<Outcome<Integer>> outcomes = FaninBlocking.gatherSettled(List.of(() -> 1), executor);
    assertInstanceOf(
        java.util.concurrent.RejectedExecutionException.class,
        assertInstanceOf(Outcome.Failure.class, outcomes.get(0)).exception());
  }

  /** getOrThrow wraps a checked failure and rethrows an unchecked one as it is. */
  @Test
  void outcome_getOrThrow_unwrapsAsTheBlockingFormsDo() {
    IOException io = new IOException("disk");
    assertSame(
        io,
        assertThrows(UncheckedTaskException.class, () -> new Outcome.Failure<>(io).getOrThrow())
            .getCause());
    IllegalStateException boom = new IllegalStateException();
    assertSame(
        boom,
        assertThrows(
            IllegalStateException.class, () -> new Outcome.Failure<String>(boom).getOrThrow()));
  }
}

package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.TimeoutScope;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** timeoutScope: a deadline over a whole body and the Fanin calls it makes. */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class TimeoutScopeTest {
  private static final Duration SHORT = Duration.ofMillis(20);
  private static final Duration LONG = Duration.ofMinutes(10);

  /** Expiry cancels a nested blocking gather: its task is interrupted and has stopped. */
  @OnEachThreadKind
  void timeoutScope_expires_cancelsNestedBlockingGather() {
    BlockedTask<String> nested = new BlockedTask<>();
    assertThrows(
        TimeoutException.class,
        () -> FaninBlocking.timeoutScope(SHORT, scope -> FaninBlocking.gather(List.of(nested))));
    assertTrue(nested.hasStopped());
    assertTrue(nested.interrupted);
  }

  /** Expiry also cancels a nested CompletableFuture-form call the body did not wait for. */
  @Test
  void timeoutScope_expires_cancelsNestedFutureFormCall() throws Exception {
    BlockedTask<String> nested = new BlockedTask<>();
    AtomicReference<CompletableFuture<List<String>>> started = new AtomicReference<>();
    CompletableFuture<Object> result =
        Fanin.timeoutScope(
            SHORT,
            scope -> {
              started.set(Fanin.gather(List.of(nested)));
              return new BlockedTask<>().call();
            });
    ExecutionException thrown = assertThrows(ExecutionException.class, result::get);
    assertTrue(thrown.getCause() instanceof TimeoutException);
    assertTrue(nested.hasStopped(), "the scope completes only after nested work stopped");
    assertTrue(started.get().isCancelled());
  }

  /**
   * A body whose clean-up throws while the expiry cancels it: that exception, not TimeoutException,
   * as asyncio's timeout() and the Kotlin timeoutScope let it propagate. A body that rethrows the
   * CancellationException of its nested call (the cancellation's echo) gives TimeoutException.
   */
  @OnEachThreadKind
  @SuppressWarnings("finally") // the clean-up that throws is the point
  void timeoutScope_cleanupThrowsOnExpiry_thatExceptionInsteadOfTimeout() {
    IllegalStateException cleanup = new IllegalStateException("cleanup failed");
    assertSame(
        cleanup,
        assertThrows(
            IllegalStateException.class,
            () ->
                FaninBlocking.timeoutScope(
                    LONG,
                    scope -> {
                      // Armed again here, once the body runs: the clean-up needs the body blocked,
                      // not merely started, when the deadline passes.
                      scope.reschedule(SHORT);
                      try {
                        return new BlockedTask<String>().call();
                      } finally {
                        throw cleanup;
                      }
                    })));
    assertThrows(
        TimeoutException.class,
        () ->
            FaninBlocking.timeoutScope(
                SHORT,
                scope -> {
                  try {
                    return FaninBlocking.gather(List.of(new BlockedTask<String>()));
                  } catch (java.util.concurrent.CancellationException e) {
                    throw new IllegalStateException("wrapped echo", e);
                  }
                }));
  }

  /** The body can shorten its deadline, and it then expires. */
  @Test
  void timeoutScope_rescheduledShorter_expires() {
    AtomicReference<TimeoutScope> seen = new AtomicReference<>();
    assertThrows(
        TimeoutException.class,
        () ->
            FaninBlocking.timeoutScope(
                LONG,
                scope -> {
                  seen.set(scope);
                  scope.reschedule(SHORT);
                  return new BlockedTask<>().call();
                }));
    assertTrue(seen.get().isExpired());
  }

  /** A body that finishes in time returns its result and the scope is not expired. */
  @OnEachThreadKind
  void timeoutScope_bodyFinishes_returnsResult() throws Exception {
    AtomicReference<TimeoutScope> seen = new AtomicReference<>();
    int result =
        FaninBlocking.timeoutScope(
            LONG,
            scope -> {
              seen.set(scope);
              return 42;
            });
    assertEquals(42, result);
    assertFalse(seen.get().isExpired());
  }

  /** The body's own exception passes through unchanged. */
  @Test
  void timeoutScope_bodyFails_throwsItsException() {
    IllegalStateException boom = new IllegalStateException("boom");
    assertSame(
        boom,
        assertThrows(
            IllegalStateException.class,
            () ->
                FaninBlocking.timeoutScope(
                    LONG,
                    scope -> {
                      throw boom;
                    })));
  }

  /** Cancelling the returned future interrupts the body. */
  @Test
  void timeoutScope_futureCancelled_interruptsBody() throws Exception {
    BlockedTask<String> body = new BlockedTask<>();
    CompletableFuture<String> result = Fanin.timeoutScope(LONG, scope -> body.call());
    body.started.await();
    result.cancel(false);
    body.stopped.await();
    assertTrue(body.interrupted);
  }

  /** reschedule rejects null, naming the argument. */
  @Test
  void timeoutScope_rescheduleNull_throwsNpe() throws Exception {
    NullPointerException thrown =
        assertThrows(
            NullPointerException.class,
            () ->
                FaninBlocking.timeoutScope(
                    LONG,
                    scope -> {
                      scope.reschedule(null);
                      return null;
                    }));
    assertTrue(thrown.getMessage().endsWith("parameter timeout"), thrown.getMessage());
  }
}

package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.interop.EngineDiagnostics;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** waitFor: one task or future with a timeout. */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class WaitForTest {
  private static final Duration SHORT = Duration.ofMillis(20);
  private static final Duration LONG = Duration.ofMinutes(10);

  /**
   * On expiry the task is interrupted, the call waits until it has stopped, then throws
   * TimeoutException.
   */
  @OnEachThreadKind
  void waitForBlocking_taskNeverFinishes_interruptsStopsAndThrowsTimeout() {
    BlockedTask<String> task = new BlockedTask<>();
    assertThrows(TimeoutException.class, () -> FaninBlocking.waitFor(task, SHORT));
    assertTrue(task.hasStopped());
    assertTrue(task.interrupted);
    assertEquals(0, EngineDiagnostics.runningTasks());
  }

  /** The future form completes with TimeoutException, not a CancellationException. */
  @Test
  void waitFor_taskNeverFinishes_futureFailsWithTimeout() {
    BlockedTask<String> task = new BlockedTask<>();
    CompletableFuture<String> result = Fanin.waitFor(task, SHORT);
    ExecutionException thrown = assertThrows(ExecutionException.class, result::get);
    assertTrue(thrown.getCause() instanceof TimeoutException);
    assertFalse(result.isCancelled());
    assertTrue(task.hasStopped());
  }

  /** A task that finishes in time gives its value. */
  @OnEachThreadKind
  void waitForBlocking_taskFinishesInTime_returnsValue() throws Exception {
    assertEquals("done", FaninBlocking.waitFor(() -> "done", LONG));
  }

  /** A zero timeout expires at once and never starts the task, as asyncio's wait_for(coro, 0). */
  @Test
  void waitForBlocking_zeroTimeout_expiresAtOnce() {
    BlockedTask<String> task = new BlockedTask<>();
    assertThrows(TimeoutException.class, () -> FaninBlocking.waitFor(task, Duration.ZERO));
    assertEquals(1, task.started.getCount(), "the task never started");
  }

  /**
   * A task whose clean-up throws while the expiry cancels it: that exception, not TimeoutException
   * (asyncio's wait_for and the Kotlin waitFor let it propagate). A wrapped InterruptedException is
   * the cancellation's echo: TimeoutException.
   */
  @OnEachThreadKind
  @SuppressWarnings("finally") // the clean-up that throws is the point
  void waitFor_cleanupThrowsOnExpiry_thatExceptionInsteadOfTimeout() throws Exception {
    IllegalStateException cleanup = new IllegalStateException("cleanup failed");
    java.util.concurrent.Callable<String> failsInCleanup =
        () -> {
          try {
            new java.util.concurrent.CountDownLatch(1).await();
            return "unreachable";
          } finally {
            throw cleanup;
          }
        };
    assertSame(
        cleanup,
        assertThrows(
            IllegalStateException.class, () -> FaninBlocking.waitFor(failsInCleanup, SHORT)));
    ExecutionException thrown =
        assertThrows(ExecutionException.class, () -> Fanin.waitFor(failsInCleanup, SHORT).get());
    assertSame(cleanup, thrown.getCause());

    java.util.concurrent.Callable<String> wrapsInterrupt =
        () -> {
          try {
            new java.util.concurrent.CountDownLatch(1).await();
            return "unreachable";
          } catch (InterruptedException e) {
            throw new RuntimeException(e);
          }
        };
    assertThrows(TimeoutException.class, () -> FaninBlocking.waitFor(wrapsInterrupt, SHORT));
  }

  /** A negative timeout is rejected before the task starts, unlike in asyncio (adr/0010). */
  @ParameterizedTest
  @ValueSource(longs = {-1, -1_000_000})
  void waitForBlocking_negativeTimeout_throwsIllegalArgumentExceptionWithoutStarting(long millis) {
    BlockedTask<String> task = new BlockedTask<>();
    assertThrows(
        IllegalArgumentException.class,
        () -> FaninBlocking.waitFor(task, Duration.ofMillis(millis)));
    assertEquals(1, task.started.getCount(), "the task never started");
  }

  /** The task's own failure passes through unchanged. */
  @Test
  void waitForBlocking_taskFails_throwsItsException() {
    IllegalStateException boom = new IllegalStateException("boom");
    assertSame(
        boom,
        assertThrows(
            IllegalStateException.class,
            () ->
                FaninBlocking.waitFor(
                    () -> {
                      throw boom;
                    },
                    LONG)));
  }

  /** Waiting on a caller's future cancels it on expiry, as asyncio's wait_for does. */
  @Test
  void waitForFuture_expires_cancelsTheFuture() {
    CompletableFuture<String> input = new CompletableFuture<>();
    assertThrows(TimeoutException.class, () -> FaninBlocking.waitFor(input, SHORT));
    assertTrue(input.isCancelled());
  }

  /** A caller's future that completes in time gives its value; a failure arrives unwrapped. */
  @Test
  void waitForFuture_completes_valueOrOwnException() throws Exception {
    assertEquals(
        "x", FaninBlocking.waitFor(CompletableFuture.completedFuture("x").thenApply(s -> s), LONG));
    IllegalStateException boom = new IllegalStateException("boom");
    CompletableFuture<String> failed = CompletableFuture.failedFuture(boom);
    assertSame(
        boom,
        assertThrows(
            IllegalStateException.class,
            () -> FaninBlocking.waitFor(failed.thenApply(s -> s), LONG)));
  }

  /**
   * A future that is already settled is answered at once, with its value, its own exception or its
   * cancellation, including a minimal stage that cannot say whether it is done.
   */
  @OnEachThreadKind
  void waitForFuture_alreadySettled_valueExceptionOrCancellation() throws Exception {
    assertEquals("x", FaninBlocking.waitFor(CompletableFuture.completedFuture("x"), LONG));
    assertEquals("y", FaninBlocking.waitFor(CompletableFuture.completedStage("y"), LONG));
    IllegalStateException boom = new IllegalStateException("boom");
    assertSame(
        boom,
        assertThrows(
            IllegalStateException.class,
            () -> FaninBlocking.waitFor(CompletableFuture.failedFuture(boom), LONG)));
    CompletableFuture<String> cancelled = new CompletableFuture<>();
    cancelled.cancel(false);
    assertThrows(CancellationException.class, () -> FaninBlocking.waitFor(cancelled, LONG));
    assertTrue(Fanin.waitFor(cancelled, LONG).isCancelled());
  }

  /**
   * A zero timeout does not expire a future that is already settled, as asyncio's wait_for returns
   * a done future's result; a pending one expires at once.
   */
  @Test
  void waitForFuture_zeroTimeout_settledGivesOutcomePendingExpires() throws Exception {
    assertEquals("x", FaninBlocking.waitFor(CompletableFuture.completedFuture("x"), Duration.ZERO));
    assertEquals("y", FaninBlocking.waitFor(CompletableFuture.completedStage("y"), Duration.ZERO));
    CompletableFuture<String> pending = new CompletableFuture<>();
    assertThrows(TimeoutException.class, () -> FaninBlocking.waitFor(pending, Duration.ZERO));
    assertTrue(pending.isCancelled());
  }

  /** Cancelling the returned future interrupts the task. */
  @Test
  void waitFor_futureCancelled_interruptsTask() throws Exception {
    BlockedTask<String> task = new BlockedTask<>();
    CompletableFuture<String> result = Fanin.waitFor(task, LONG);
    task.started.await();
    result.cancel(false);
    task.stopped.await();
    assertTrue(task.interrupted);
  }

  /** Interrupting the blocked caller cancels the task and throws InterruptedException. */
  @OnEachThreadKind
  void waitForBlocking_callerInterrupted_cancelsTask() {
    BlockedTask<String> task = new BlockedTask<>();
    Thread caller = Thread.currentThread();
    CompletableFuture<Void> interrupter =
        CompletableFuture.runAsync(
            () -> {
              try {
                task.started.await();
              } catch (InterruptedException e) {
                throw new AssertionError(e);
              }
              caller.interrupt();
            });
    assertThrows(InterruptedException.class, () -> FaninBlocking.waitFor(task, LONG));
    assertTrue(task.hasStopped());
    assertFalse(Thread.currentThread().isInterrupted());
    interrupter.join();
  }
}

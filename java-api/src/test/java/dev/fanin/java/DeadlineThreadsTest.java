package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.fanin.OnFailure;
import dev.fanin.ReturnWhen;
import dev.fanin.TimeoutScope;
import dev.fanin.testing.Forked;
import dev.fanin.testing.Forks;
import dev.fanin.testing.NoLeaksExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Dependent stages of futures that a Fanin deadline completes never run on kotlinx's own threads
 * (its timer thread, its scheduler's workers): a stage that blocks there would stall every other
 * deadline in the JVM.
 *
 * <p>Each test attaches a stage that blocks on a latch to a future a deadline completes, then runs
 * unrelated deadlines on another thread and asserts they fire while the stage still blocks; the
 * latch is released only afterwards. The deadline must complete the future after the stage was
 * attached: a stage attached too late runs on the test thread, proves nothing, and the attempt is
 * repeated with a longer deadline.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(120)
class DeadlineThreadsTest {
  private static final Duration SHORT = Duration.ofMillis(20);
  private static final Duration LONG = Duration.ofMinutes(10);
  private static final Duration HANG_GUARD = Duration.ofSeconds(20);
  /** How long a blocked stage waits for its latch at most: longer than every guard above. */
  private static final Duration STAGE_GUARD = Duration.ofSeconds(60);
  private static final int ATTEMPTS = 6;

  /** waitFor of a future: its deadline's stage blocks, other deadlines still fire. */
  @Test
  void waitForFuture_stageBlocks_otherDeadlinesFire() {
    assertOtherDeadlinesFire(timeout -> Fanin.waitFor(new CompletableFuture<String>(), timeout));
  }

  /** waitFor of a task. */
  @Test
  void waitForTask_stageBlocks_otherDeadlinesFire() {
    assertOtherDeadlinesFire(timeout -> Fanin.waitFor(new BlockedTask<String>(), timeout));
  }

  /** waitUntil with a timeout. */
  @Test
  void waitUntil_stageBlocks_otherDeadlinesFire() {
    assertOtherDeadlinesFire(
        timeout ->
            Fanin.waitUntil(ReturnWhen.ALL_COMPLETED, List.of(new CompletableFuture<String>()), timeout));
  }

  /** asCompleted with a timeout. */
  @Test
  void asCompleted_stageBlocks_otherDeadlinesFire() {
    assertOtherDeadlinesFire(
        timeout -> Fanin.asCompleted(List.of(new BlockedTask<String>()), timeout).get(0));
  }

  /** asCompletedFutures with a timeout. */
  @Test
  void asCompletedFutures_stageBlocks_otherDeadlinesFire() {
    assertOtherDeadlinesFire(
        timeout ->
            Fanin.asCompletedFutures(List.of(new CompletableFuture<String>()), timeout).get(0));
  }

  /** timeoutScope: the scope's own future. */
  @Test
  void timeoutScope_stageBlocks_otherDeadlinesFire() {
    assertOtherDeadlinesFire(timeout -> Fanin.timeoutScope(timeout, scope -> new BlockedTask<String>().call()));
  }

  /** A task group with a timeout: the group's future. */
  @Test
  void taskGroup_stageBlocks_otherDeadlinesFire() {
    assertOtherDeadlinesFire(
        timeout ->
            Fanin.taskGroup(
                OnFailure.CANCEL_ALL,
                timeout,
                group -> {
                  group.fork(new BlockedTask<String>());
                  return new BlockedTask<String>().call();
                }));
  }

  /**
   * A future-form call nested in a timeout scope, which the scope's expiry cancels: its stage
   * blocks, other deadlines still fire. The test moves the deadline itself once the stage is on.
   */
  @Test
  void timeoutScope_nestedFutureCallCancelledByExpiry_otherDeadlinesFire() throws Exception {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      AtomicReference<TimeoutScope> scopeRef = new AtomicReference<>();
      AtomicReference<CompletableFuture<String>> nestedRef = new AtomicReference<>();
      CountDownLatch started = new CountDownLatch(1);
      CompletableFuture<String> scope =
          Fanin.timeoutScope(
              LONG,
              s -> {
                scopeRef.set(s);
                nestedRef.set(Fanin.waitFor(new CompletableFuture<String>(), LONG));
                started.countDown();
                return new BlockedTask<String>().call();
              });
      assertTrue(started.await(HANG_GUARD.toSeconds(), TimeUnit.SECONDS));
      // Where kotlinx resumes the moved deadline is its choice; on this thread, nothing is proved.
      boolean proved =
          assertOtherDeadlinesFire(nestedRef.get(), () -> scopeRef.get().reschedule(Duration.ofMillis(1)));
      assertFailsWithTimeout(scope);
      if (proved) {
        return;
      }
    }
    fail("the expiry ran on the test thread in every attempt");
  }

  /**
   * A task group's deadline cancels a future-form call nested in its body. The deadline is fixed:
   * if it passes before the stage is on, the attempt proves nothing and is repeated with a longer
   * one.
   */
  @Test
  void taskGroup_nestedFutureCallCancelledByExpiry_otherDeadlinesFire() throws Exception {
    Duration timeout = Duration.ofMillis(100);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++, timeout = timeout.multipliedBy(2)) {
      AtomicReference<CompletableFuture<String>> nestedRef = new AtomicReference<>();
      CountDownLatch started = new CountDownLatch(1);
      CompletableFuture<String> group =
          Fanin.taskGroup(
              OnFailure.CANCEL_ALL,
              timeout,
              g -> {
                nestedRef.set(Fanin.waitFor(new CompletableFuture<String>(), LONG));
                started.countDown();
                return new BlockedTask<String>().call();
              });
      assertTrue(started.await(HANG_GUARD.toSeconds(), TimeUnit.SECONDS));
      boolean proved = assertOtherDeadlinesFire(nestedRef.get(), () -> {});
      assertFailsWithTimeout(group);
      if (proved) {
        return;
      }
    }
    fail("the deadline passed before the stage was attached in every attempt");
  }

  /** A stage of a ticker's receiveAsync runs on no kotlinx thread. */
  @Test
  void ticker_receiveAsync_stageNotOnKotlinxThread() throws Exception {
    try (Ticker ticker = Ticker.every(Duration.ofMillis(5))) {
      CompletableFuture<Thread> stageThread = ticker.ticks().receiveAsync().thenApply(tick -> Thread.currentThread());
      assertNotKotlinxThread(stageThread.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS));
    }
  }

  /**
   * Attaches a blocking stage to the future {@code expiring} gives, with a deadline it passes,
   * and asserts that other deadlines fire while the stage blocks; see the class comment.
   */
  private static void assertOtherDeadlinesFire(Function<Duration, CompletableFuture<?>> expiring) {
    Duration timeout = Duration.ofMillis(50);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++, timeout = timeout.multipliedBy(2)) {
      if (assertOtherDeadlinesFire(expiring.apply(timeout), () -> {})) {
        return;
      }
    }
    fail("the deadline passed before the stage was attached in every attempt");
  }

  /**
   * Attaches a stage that blocks on a latch to {@code future}, runs {@code trigger}, waits for the
   * stage to start, and asserts that unrelated deadlines on another thread fire while the stage
   * still blocks. Returns false if the stage ran on this thread (the future was done before it was
   * attached, or the trigger completed it here).
   */
  private static boolean assertOtherDeadlinesFire(
      CompletableFuture<?> future, Runnable trigger) {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<Thread> stageThread = new AtomicReference<>();
    Thread tester = Thread.currentThread();
    CompletableFuture<?> stage =
        future.whenComplete(
            (value, failure) -> {
              stageThread.set(Thread.currentThread());
              entered.countDown();
              if (Thread.currentThread() == tester) {
                return; // attached too late: the stage runs here, and must not block
              }
              try {
                assertTrue(release.await(STAGE_GUARD.toSeconds(), TimeUnit.SECONDS));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    try {
      trigger.run();
      assertTrue(await(entered), "the deadline never completed the future");
      if (stageThread.get() == tester) {
        return false;
      }
      assertNotKotlinxThread(stageThread.get());
      // Unrelated deadlines, on another thread, while the stage still blocks.
      AtomicReference<String> selected = new AtomicReference<>();
      Forked other =
          Forks.start(
              "unrelated-deadlines",
              () -> {
                assertThrows(
                    TimeoutException.class, () -> FaninBlocking.waitFor(new BlockedTask<String>(), SHORT));
                selected.set(Select.<String>create().onTimeout(SHORT, () -> "timed out").select());
              });
      try {
        other.join(HANG_GUARD);
      } finally {
        release.countDown();
        other.join(STAGE_GUARD);
      }
      assertEquals("timed out", selected.get());
      return true;
    } finally {
      release.countDown();
      try {
        stage.handle((v, e) -> null).get(STAGE_GUARD.toSeconds(), TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError("the stage never returned", e);
      }
    }
  }

  private static void assertFailsWithTimeout(CompletableFuture<?> future) {
    ExecutionException thrown =
        assertThrows(ExecutionException.class, () -> future.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS));
    assertTrue(thrown.getCause() instanceof TimeoutException, thrown.toString());
  }

  private static boolean await(CountDownLatch latch) {
    try {
      return latch.await(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** Asserts that {@code thread} is none of kotlinx.coroutines' own threads, by name and class. */
  static void assertNotKotlinxThread(Thread thread) {
    String name = thread.getName();
    assertFalse(
        name.startsWith("kotlinx.coroutines.DefaultExecutor")
            || name.startsWith("DefaultDispatcher-worker-")
            || thread.getClass().getName().startsWith("kotlinx.coroutines."),
        "a dependent stage ran on kotlinx's thread " + thread);
  }
}

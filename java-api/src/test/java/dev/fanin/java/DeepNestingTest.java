package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.TimeoutScope;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A nest of {@value #DEPTH} levels, each a blocking task group or timeout scope whose body runs the
 * level below as a task (a fork, a gather), the innermost task blocked: cancelling it from outside,
 * or letting the outer deadline pass, interrupts the innermost task, stops every level and
 * completes the outer future. Each test runs its nest twice: cancelling a deep nest must leave the
 * JVM able to do it again (a kotlinx class whose initialisation overflowed the stack stays broken
 * for the JVM's life). NoLeaksExtension then checks that no Fanin task is left running.
 *
 * <p>A blocking body runs on its caller's thread, so levels nested directly in each other's bodies
 * share one stack, as nested calls do: {@value #DEPTH_ON_ONE_THREAD} such levels are nested here,
 * which a default thread stack holds; deeper nests go through tasks, as above.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(300)
class DeepNestingTest {
  private static final int DEPTH = 1_000;
  private static final int DEPTH_ON_ONE_THREAD = 100;
  private static final Duration LONG = Duration.ofMinutes(10);
  private static final Duration HANG_GUARD = Duration.ofSeconds(60);

  /** How one level runs the levels below it. */
  private enum Kind {
    TASK_GROUP,
    TIMEOUT_SCOPE,
    MIXED;

    /** A level whose body runs {@code below} as a task of its own, on Fanin's default executor. */
    Callable<String> level(int index, Callable<String> below) {
      return isGroup(index)
          ? () -> FaninBlocking.taskGroup(g -> g.fork(below).join())
          : () -> FaninBlocking.timeoutScope(LONG, scope -> FaninBlocking.gather(List.of(below)).get(0));
    }

    /** A level whose body calls {@code below} itself, on the same thread. */
    Callable<String> levelOnOneThread(int index, Callable<String> below) {
      return isGroup(index)
          ? () -> FaninBlocking.taskGroup(g -> below.call())
          : () -> FaninBlocking.timeoutScope(LONG, scope -> below.call());
    }

    private boolean isGroup(int index) {
      return this == TASK_GROUP || (this == MIXED && index % 2 == 0);
    }
  }

  /** Cancelling the outer future of a deep nest of task groups. */
  @OnEachThreadKind
  void taskGroupNest_cancelled_everyLevelStops() throws Exception {
    for (int run = 0; run < 2; run++) {
      cancelNest(Kind.TASK_GROUP);
    }
  }

  /** Cancelling the outer future of a deep nest of timeout scopes. */
  @OnEachThreadKind
  void timeoutScopeNest_cancelled_everyLevelStops() throws Exception {
    for (int run = 0; run < 2; run++) {
      cancelNest(Kind.TIMEOUT_SCOPE);
    }
  }

  /** Cancelling the outer future of a deep nest of task groups and timeout scopes in turn. */
  @OnEachThreadKind
  void mixedNest_cancelled_everyLevelStops() throws Exception {
    for (int run = 0; run < 2; run++) {
      cancelNest(Kind.MIXED);
    }
  }

  /** The outer scope's deadline passing over a deep nest of task groups. */
  @OnEachThreadKind
  void taskGroupNest_outerDeadlinePasses_everyLevelStops() throws Exception {
    for (int run = 0; run < 2; run++) {
      expireNest(Kind.TASK_GROUP);
    }
  }

  /** The outer scope's deadline passing over a deep nest of timeout scopes. */
  @OnEachThreadKind
  void timeoutScopeNest_outerDeadlinePasses_everyLevelStops() throws Exception {
    for (int run = 0; run < 2; run++) {
      expireNest(Kind.TIMEOUT_SCOPE);
    }
  }

  /** The outer scope's deadline passing over a deep mixed nest. */
  @OnEachThreadKind
  void mixedNest_outerDeadlinePasses_everyLevelStops() throws Exception {
    for (int run = 0; run < 2; run++) {
      expireNest(Kind.MIXED);
    }
  }

  /** Cancelling the outer future of a nest of bodies on one thread, each inside the one above. */
  @OnEachThreadKind
  void mixedNestOnOneThread_cancelled_everyLevelStops() throws Exception {
    for (int run = 0; run < 2; run++) {
      cancelNest(Kind.MIXED, true);
    }
  }

  /** The outer scope's deadline passing over a nest of bodies on one thread. */
  @OnEachThreadKind
  void mixedNestOnOneThread_outerDeadlinePasses_everyLevelStops() throws Exception {
    for (int run = 0; run < 2; run++) {
      expireNest(Kind.MIXED, true);
    }
  }

  private static void cancelNest(Kind kind) throws Exception {
    cancelNest(kind, false);
  }

  private static void expireNest(Kind kind) throws Exception {
    expireNest(kind, false);
  }

  private static void cancelNest(Kind kind, boolean oneThread) throws Exception {
    BlockedTask<String> innermost = new BlockedTask<>();
    CompletableFuture<String> outer = Fanin.taskGroup(g -> nest(kind, innermost, oneThread).call());
    assertTrue(innermost.started.await(HANG_GUARD.toSeconds(), TimeUnit.SECONDS), "the nest never got to the bottom");
    assertTrue(outer.cancel(true));
    assertTrue(innermost.stopped.await(HANG_GUARD.toSeconds(), TimeUnit.SECONDS), "the innermost task was never stopped");
    assertTrue(innermost.interrupted);
    assertThrows(CancellationException.class, outer::join);
  }

  private static void expireNest(Kind kind, boolean oneThread) throws Exception {
    BlockedTask<String> innermost = new BlockedTask<>();
    AtomicReference<TimeoutScope> scope = new AtomicReference<>();
    CompletableFuture<String> outer =
        Fanin.timeoutScope(
            LONG,
            s -> {
              scope.set(s);
              return nest(kind, innermost, oneThread).call();
            });
    assertTrue(innermost.started.await(HANG_GUARD.toSeconds(), TimeUnit.SECONDS), "the nest never got to the bottom");
    scope.get().reschedule(Duration.ofMillis(1));
    assertTrue(innermost.stopped.await(HANG_GUARD.toSeconds(), TimeUnit.SECONDS), "the innermost task was never stopped");
    assertTrue(innermost.interrupted);
    ExecutionException thrown =
        assertThrows(ExecutionException.class, () -> outer.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS));
    assertEquals(TimeoutException.class, thrown.getCause().getClass(), thrown.toString());
  }

  /**
   * The levels below the outer one, the innermost running {@code innermost}: {@link #DEPTH} - 1
   * through tasks, or {@link #DEPTH_ON_ONE_THREAD} - 1 on one thread.
   */
  private static Callable<String> nest(Kind kind, Callable<String> innermost, boolean oneThread) {
    Callable<String> below = innermost;
    for (int i = (oneThread ? DEPTH_ON_ONE_THREAD : DEPTH) - 1; i > 0; i--) {
      below = oneThread ? kind.levelOnOneThread(i, below) : kind.level(i, below);
    }
    return below;
  }
}

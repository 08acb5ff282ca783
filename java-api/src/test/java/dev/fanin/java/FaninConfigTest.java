package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.OnFailure;
import dev.fanin.TaskGroupException;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import dev.fanin.testing.VirtualThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * FaninConfig end to end: a default executor and a task decorator that carries a ThreadLocal into
 * every task Fanin starts. The settings are per JVM and sealed by the first task, so this class runs
 * in a JVM of its own, in which it sets them before anything else uses Fanin (java-api/pom.xml,
 * execution {@code fresh-jvm}). The rules of setting them are TaskConfigTest's (kotlin-impl).
 */
@EnabledIfSystemProperty(named = "fanin.freshJvm", matches = "true") // not in a shared JVM
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class FaninConfigTest {
  private static final ThreadLocal<String> CONTEXT = new ThreadLocal<>();

  /** Set inside what the decorator returned, to tell a decorated task from one that is not. */
  private static final ThreadLocal<Boolean> DECORATED = new ThreadLocal<>();

  private static final Duration LONG = Duration.ofMinutes(10);
  private static final AtomicInteger ON_DEFAULT = new AtomicInteger();
  private static final IllegalStateException REFUSAL = new IllegalStateException("refused");

  /** The default executor: a daemon thread per task, named so that tests can tell. */
  private static final Executor DEFAULT =
      command -> {
        ON_DEFAULT.incrementAndGet();
        Thread thread = new Thread(command, "configured-default");
        thread.setDaemon(true);
        thread.start();
      };

  /** A task the decorator refuses: it throws {@link #REFUSAL}. */
  private static final class Refused implements Callable<String> {
    @Override
    public String call() {
      throw new AssertionError("a refused task ran");
    }
  }

  /** A task the decorator turns into null. */
  private static final class Nulled implements Callable<String> {
    @Override
    public String call() {
      throw new AssertionError("a nulled task ran");
    }
  }

  @BeforeAll
  static void configure() {
    FaninConfig.setDefaultExecutor(DEFAULT);
    FaninConfig.setTaskDecorator(FaninConfigTest::decorate);
  }

  private static Callable<?> decorate(Callable<?> task) {
    if (task instanceof Refused) {
      throw REFUSAL;
    }
    if (task instanceof Nulled) {
      return null;
    }
    String context = CONTEXT.get(); // the starting thread's
    return () -> {
      String previous = CONTEXT.get();
      CONTEXT.set(context);
      DECORATED.set(true);
      try {
        return task.call();
      } finally {
        CONTEXT.set(previous);
        DECORATED.remove();
      }
    };
  }

  @AfterEach
  void clear() {
    CONTEXT.remove();
  }

  /** What a task reports: the context it sees and the thread it runs on. */
  private static String seen() {
    return CONTEXT.get() + "@" + Thread.currentThread().getName();
  }

  /** Each setting can be set once: later calls throw and change nothing. */
  @Test
  void set_again_throwsIllegalState() throws Exception {
    assertThrows(IllegalStateException.class, () -> FaninConfig.setDefaultExecutor(Runnable::run));
    assertThrows(IllegalStateException.class, () -> FaninConfig.setTaskDecorator(task -> task));
    assertEquals(
        List.of("null@configured-default"), FaninBlocking.gather(List.of(FaninConfigTest::seen)));
  }

  /** Calls that name no executor run their tasks on the configured one, with the caller's context. */
  @OnEachThreadKind
  void defaultExecutor_everyOperation_tasksThereWithCallersContext() throws Exception {
    CONTEXT.set("request-1");
    String expected = "request-1@configured-default";
    int before = ON_DEFAULT.get();
    assertEquals(List.of(expected, expected), FaninBlocking.gather(List.of(FaninConfigTest::seen, FaninConfigTest::seen)));
    assertEquals(expected, FaninBlocking.gatherSettled(List.of(FaninConfigTest::seen)).get(0).getOrThrow());
    assertEquals(expected, FaninBlocking.waitFor(FaninConfigTest::seen, LONG));
    assertEquals(expected, Fanin.timeoutScope(LONG, scope -> seen()).get(10, TimeUnit.SECONDS));
    assertEquals(expected, Fanin.taskGroup(group -> seen()).get(10, TimeUnit.SECONDS));
    try (Completions<String, Callable<String>> results =
        FaninBlocking.asCompleted(List.<Callable<String>>of(FaninConfigTest::seen))) {
      assertEquals(expected, results.take().value());
    }
    try (Completions<String, Callable<String>> results =
        FaninBlocking.asCompleted(List.<Callable<String>>of(FaninConfigTest::seen).iterator(), 1)) {
      assertEquals(expected, results.take().value());
    }
    try (SelectLoop loop = SelectLoop.open()) {
      loop.addWork(FaninConfigTest::seen);
      assertEquals(expected, loop.awaitFired().get(0).value());
    }
    assertTrue(ON_DEFAULT.get() - before >= 9, "tasks on the configured executor: " + (ON_DEFAULT.get() - before));
  }

  /**
   * A blocking body runs on the calling thread, undecorated; the tasks it forks are decorated with
   * its thread's context, and so are the tasks they fork in turn.
   */
  @OnEachThreadKind
  void taskGroup_blockingBody_undecoratedAndItsForksCarryTheContext() throws Exception {
    CONTEXT.set("request-2");
    List<String> seen =
        FaninBlocking.taskGroup(
            group -> {
              assertNull(DECORATED.get(), "the body on the caller's thread was decorated");
              CompletableFuture<String> child = group.fork(FaninConfigTest::seen);
              CompletableFuture<String> grandchild =
                  group.fork(() -> group.fork(FaninConfigTest::seen).join());
              return List.of(child.join(), grandchild.join(), CONTEXT.get());
            });
    String forked = "request-2@configured-default";
    assertEquals(List.of(forked, forked, "request-2"), seen);
    String body =
        FaninBlocking.timeoutScope(
            LONG,
            scope -> {
              assertNull(DECORATED.get(), "the body on the caller's thread was decorated");
              return CONTEXT.get();
            });
    assertEquals("request-2", body);
  }

  /** Tasks given an executor are decorated too: a caller's pool, and virtual threads. */
  @Test
  void decorator_callersExecutors_contextCarried() throws Exception {
    CONTEXT.set("request-3");
    ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "callers-pool"));
    try {
      assertEquals(List.of("request-3@callers-pool"), FaninBlocking.gather(List.of(FaninConfigTest::seen), pool));
      assertEquals(
          "request-3@callers-pool",
          FaninBlocking.taskGroup(OnFailure.CANCEL_ALL, group -> seen(), pool));
    } finally {
      pool.shutdown();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
    if (VirtualThreads.available()) {
      Executor virtual = command -> VirtualThreads.start("callers-virtual", command);
      assertEquals(
          List.of("request-3@callers-virtual"), FaninBlocking.gather(List.of(FaninConfigTest::seen), virtual));
    }
  }

  /**
   * A decorator that throws fails that task with its exception, as a refusing executor does; the
   * call that started it does not throw it. One that returns null fails it with
   * NullPointerException.
   */
  @Test
  void decorator_throwsOrReturnsNull_thatTasksFailure() throws Exception {
    CompletableFuture<List<String>> gathered = Fanin.gather(List.of(new Refused()));
    ExecutionException failed = assertThrows(ExecutionException.class, gathered::get);
    assertSame(REFUSAL, failed.getCause());
    TaskGroupException group =
        assertThrows(
            TaskGroupException.class,
            () ->
                FaninBlocking.taskGroup(
                    OnFailure.KEEP_RUNNING,
                    forks -> {
                      forks.fork(new Refused());
                      forks.fork(new Nulled());
                      return forks.fork(() -> "sibling").join();
                    }));
    List<Class<?>> kinds = new ArrayList<>();
    group.failures().forEach(f -> kinds.add(f.getClass()));
    assertTrue(group.failures().contains(REFUSAL), group.failures().toString());
    assertTrue(kinds.contains(NullPointerException.class), kinds.toString());
    try (SelectLoop loop = SelectLoop.open()) {
      loop.addWork(new Refused());
      SelectLoop.Fired<?> fired = loop.awaitFired().get(0);
      assertSame(REFUSAL, ((dev.fanin.Outcome.Failure<?>) fired.outcome()).exception());
    }
    assertInstanceOf(
        NullPointerException.class,
        assertThrows(ExecutionException.class, () -> Fanin.waitFor(new Nulled(), LONG).get()).getCause());
  }
}

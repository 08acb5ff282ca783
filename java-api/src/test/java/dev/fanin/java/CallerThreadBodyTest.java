package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fanin.OnFailure;
import dev.fanin.TaskGroupException;
import dev.fanin.testing.Forked;
import dev.fanin.testing.Forks;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The blocking forms run a task group's or a timeout scope's body on the calling thread (issue 19):
 * what is bound to the thread is there, the operation's cancellation still interrupts the body, the
 * interrupt it sends never stays on the thread, and an interrupt from outside gives
 * InterruptedException. The future forms, and the blocking ones given an executor, run it there.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class CallerThreadBodyTest {
  private static final ThreadLocal<String> CONTEXT = new ThreadLocal<>();
  private static final Duration SHORT = Duration.ofMillis(20);
  private static final Duration LONG = Duration.ofMinutes(10);

  @AfterEach
  void clear() {
    CONTEXT.remove();
  }

  /** Every blocking taskGroup overload without an executor runs the body on the calling thread. */
  @OnEachThreadKind
  void taskGroup_blocking_bodyOnCallingThreadSeesItsThreadLocal() throws Exception {
    Thread caller = Thread.currentThread();
    CONTEXT.set("request-7");
    TaskGroup.Body<String> body =
        group -> {
          assertSame(caller, Thread.currentThread());
          return CONTEXT.get();
        };
    assertEquals("request-7", FaninBlocking.taskGroup(body));
    assertEquals("request-7", FaninBlocking.taskGroup(OnFailure.KEEP_RUNNING, body));
    assertEquals("request-7", FaninBlocking.taskGroup(OnFailure.CANCEL_ALL, LONG, body));
    assertFalse(Thread.interrupted());
  }

  /** The blocking timeoutScope without an executor runs the body on the calling thread. */
  @OnEachThreadKind
  void timeoutScope_blocking_bodyOnCallingThreadSeesItsThreadLocal() throws Exception {
    Thread caller = Thread.currentThread();
    CONTEXT.set("request-8");
    String seen =
        FaninBlocking.timeoutScope(
            LONG,
            scope -> {
              assertSame(caller, Thread.currentThread());
              return CONTEXT.get();
            });
    assertEquals("request-8", seen);
  }

  /**
   * JDK 25: a ScopedValue the caller bound is bound in the blocking bodies, which run inside the
   * binding, on its thread; a forked task, on another thread, does not inherit it (a task decorator
   * can carry it). ScopedValue is final from JDK 25 and Fanin compiles for 17: reached by reflection.
   */
  @Test
  void bodies_blocking_seeCallersScopedValueOnJdk25() throws Exception {
    assumeTrue(Runtime.version().feature() >= 25, "ScopedValue is final from JDK 25");
    Class<?> scopedValue = Class.forName("java.lang.ScopedValue");
    Object key = scopedValue.getMethod("newInstance").invoke(null);
    Method isBound = scopedValue.getMethod("isBound");
    Method get = scopedValue.getMethod("get");
    Object carrier =
        scopedValue.getMethod("where", scopedValue, Object.class).invoke(null, key, "bound");
    Method runWhere = Class.forName("java.lang.ScopedValue$Carrier").getMethod("run", Runnable.class);
    List<Object> seen = new ArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable caller =
        () -> {
          try {
            seen.add(
                FaninBlocking.taskGroup(
                    group -> {
                      Object inFork = group.fork(() -> isBound.invoke(key)).join();
                      return List.of(get.invoke(key), inFork);
                    }));
            seen.add(FaninBlocking.timeoutScope(LONG, scope -> get.invoke(key)));
          } catch (Exception e) {
            failure.set(e);
          }
        };
    runWhere.invoke(carrier, caller);
    assertNull(failure.get());
    assertEquals(List.of(List.of("bound", false), "bound"), seen);
  }

  /**
   * The forms that take an executor run the body there, and the future forms on Fanin's default
   * executor: never on the calling thread.
   */
  @Test
  void bodies_futureFormsAndExecutorOverloads_runElsewhere() throws Exception {
    Thread caller = Thread.currentThread();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      TaskGroup.Body<Thread> groupBody = group -> Thread.currentThread();
      assertNotSame(caller, Fanin.taskGroup(groupBody).get());
      Thread poolThread = pool.submit(Thread::currentThread).get();
      assertSame(poolThread, Fanin.taskGroup(OnFailure.CANCEL_ALL, groupBody, pool).get());
      assertSame(poolThread, Fanin.taskGroup(OnFailure.CANCEL_ALL, LONG, groupBody, pool).get());
      assertSame(poolThread, FaninBlocking.taskGroup(OnFailure.CANCEL_ALL, groupBody, pool));
      assertSame(poolThread, FaninBlocking.taskGroup(OnFailure.CANCEL_ALL, LONG, groupBody, pool));
      assertNotSame(caller, Fanin.timeoutScope(LONG, scope -> Thread.currentThread()).get());
      assertSame(poolThread, FaninBlocking.timeoutScope(LONG, scope -> Thread.currentThread(), pool));
    } finally {
      pool.shutdown();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
  }

  /**
   * The deadline interrupts a body blocked on the calling thread, cancels its nested call, and
   * the interrupt is gone once the call has thrown TimeoutException.
   */
  @OnEachThreadKind
  void timeoutScope_blockingDeadlinePasses_bodyInterruptedAndNoInterruptLeft() {
    BlockedTask<String> nested = new BlockedTask<>();
    BlockedTask<String> body = new BlockedTask<>();
    assertThrows(
        TimeoutException.class,
        () ->
            FaninBlocking.timeoutScope(
                LONG,
                scope -> {
                  Fanin.gather(List.of(nested)); // not waited for: the scope still cancels it
                  scope.reschedule(SHORT);
                  return body.call();
                }));
    assertTrue(body.interrupted);
    assertTrue(nested.hasStopped());
    assertFalse(Thread.interrupted(), "the deadline's interrupt stayed on the caller's thread");
  }

  /**
   * A failing task cancels the group and interrupts the body blocked on the calling thread; the
   * call throws the group's failure, and no interrupt stays behind.
   */
  @OnEachThreadKind
  void taskGroup_blockingTaskFails_bodyInterruptedAndNoInterruptLeft() {
    IllegalStateException boom = new IllegalStateException("boom");
    BlockedTask<String> body = new BlockedTask<>();
    TaskGroupException thrown =
        assertThrows(
            TaskGroupException.class,
            () ->
                FaninBlocking.taskGroup(
                    group -> {
                      group.fork(
                          () -> {
                            body.started.await();
                            throw boom;
                          });
                      return body.call();
                    }));
    assertEquals(List.of(boom), thrown.failures());
    assertTrue(body.interrupted);
    assertFalse(Thread.interrupted(), "the group's interrupt stayed on the caller's thread");
  }

  /**
   * The calling thread interrupted from outside while the body blocks: the call cancels the
   * group's tasks, waits until they have stopped, and throws the body's InterruptedException (not
   * a TaskGroupException), the status clear.
   */
  @OnEachThreadKind
  void taskGroup_callerInterruptedWhileBodyBlocks_throwsBodysInterruptedException() throws Exception {
    BlockedTask<String> task = new BlockedTask<>();
    CountDownLatch bodyWaits = new CountDownLatch(1);
    AtomicReference<InterruptedException> bodyThrew = new AtomicReference<>();
    Thread caller = Thread.currentThread();
    Forked interrupter =
        Forks.start(
            "interrupter",
            () -> {
              bodyWaits.await();
              caller.interrupt();
            });
    InterruptedException thrown =
        assertThrows(
            InterruptedException.class,
            () ->
                FaninBlocking.taskGroup(
                    group -> {
                      group.fork(task);
                      task.started.await();
                      bodyWaits.countDown();
                      try {
                        new CountDownLatch(1).await(); // until interrupted
                        return "never";
                      } catch (InterruptedException e) {
                        bodyThrew.set(e);
                        throw e;
                      }
                    }));
    interrupter.join();
    assertSame(bodyThrew.get(), thrown);
    assertTrue(task.hasStopped(), "the group's task was still running when the call threw");
    assertTrue(task.interrupted);
    assertFalse(Thread.interrupted());
  }

  /**
   * An interrupt from outside that the body does not notice (it never blocks) is still the
   * caller's: once the body returns, the call cancels what runs and throws InterruptedException.
   */
  @OnEachThreadKind
  void timeoutScope_callerInterruptedBodyReturns_throwsInterruptedAndCancels() {
    BlockedTask<String> nested = new BlockedTask<>();
    assertThrows(
        InterruptedException.class,
        () ->
            FaninBlocking.timeoutScope(
                LONG,
                scope -> {
                  Fanin.gather(List.of(nested));
                  nested.started.await();
                  Thread.currentThread().interrupt(); // from outside Fanin, as far as it knows
                  return "returned";
                }));
    assertTrue(nested.hasStopped());
    assertFalse(Thread.interrupted());
  }

  /**
   * An interrupt from outside, pending when a failing task makes the group interrupt the body, is
   * not taken back with the group's: the call throws InterruptedException, not the group's failure.
   * The task runs in place, so it fails, and the group interrupts the body, while the interrupt is
   * pending (a wait would clear the status while it waits, even CompletableFuture.join()).
   */
  @OnEachThreadKind
  void taskGroup_outsideInterruptPendingWhenGroupCancels_throwsInterrupted() {
    IllegalStateException boom = new IllegalStateException("boom");
    assertThrows(
        InterruptedException.class,
        () ->
            FaninBlocking.taskGroup(
                group -> {
                  Thread.currentThread().interrupt(); // pending, not yet seen
                  CompletableFuture<Object> failing =
                      group.fork(
                          () -> {
                            throw boom;
                          },
                          Runnable::run);
                  assertTrue(failing.isCompletedExceptionally());
                  return "returned";
                }));
    assertFalse(Thread.interrupted());
  }

  /** A body that throws InterruptedException of its own, uncancelled: thrown as it is, unwrapped. */
  @Test
  void timeoutScope_bodyThrowsInterruptedItself_thatExceptionThrown() {
    InterruptedException own = new InterruptedException("own");
    assertSame(
        own,
        assertThrows(
            InterruptedException.class,
            () ->
                FaninBlocking.timeoutScope(
                    LONG,
                    scope -> {
                      throw own;
                    })));
  }

  /** A caller already interrupted: the body sees it, and the call throws InterruptedException. */
  @Test
  void taskGroup_callerAlreadyInterrupted_throwsInterrupted() {
    Thread.currentThread().interrupt();
    assertThrows(
        InterruptedException.class, () -> FaninBlocking.taskGroup(group -> new BlockedTask<>().call()));
    assertFalse(Thread.interrupted());
  }

  /**
   * Bodies nest on one thread: an outer scope's deadline reaches the inner body, which runs on the
   * same thread, and the outer call throws TimeoutException with no interrupt left behind.
   */
  @OnEachThreadKind
  void timeoutScope_nestedBlockingBodiesOuterExpires_timeoutAndNoInterruptLeft() {
    Thread caller = Thread.currentThread();
    BlockedTask<String> inner = new BlockedTask<>();
    assertThrows(
        TimeoutException.class,
        () ->
            FaninBlocking.timeoutScope(
                LONG,
                outer -> {
                  outer.reschedule(SHORT);
                  return FaninBlocking.taskGroup(
                      group -> {
                        assertSame(caller, Thread.currentThread());
                        return inner.call();
                      });
                }));
    assertTrue(inner.interrupted);
    assertFalse(Thread.interrupted());
  }

  /**
   * A body run in place by the executor it was given (Runnable::run) may block on a nested Fanin
   * call: the body runs outside the engine's coroutine, so the nested call starts (it used to be
   * queued behind the body in kotlinx's unconfined event loop, for ever).
   */
  @Test
  void timeoutScopeAndWaitFor_inPlaceExecutor_nestedBlockingCallCompletes() throws Exception {
    assertEquals(
        42,
        Fanin.timeoutScope(
                LONG, scope -> FaninBlocking.timeoutScope(LONG, inner -> 42), Runnable::run)
            .get(10, TimeUnit.SECONDS));
    assertEquals(
        List.of(1),
        Fanin.waitFor(() -> FaninBlocking.gather(List.of(() -> 1)), LONG, Runnable::run)
            .get(10, TimeUnit.SECONDS));
  }
}

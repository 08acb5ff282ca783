package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.fanin.testing.Forked;
import dev.fanin.testing.Forks;
import dev.fanin.testing.ThreadKind;
import dev.fanin.testing.ThrowingRunnable;
import java.util.concurrent.locks.LockSupport;

/** Helpers for the channel and work-queue tests: threads of the test's kind, and parking checks. */
final class ChannelThreads {
  private ChannelThreads() {}

  /** Starts {@code body} on a new thread of the kind the calling test body runs on. */
  static Forked fork(String name, ThrowingRunnable body) {
    return ThreadKind.current() == ThreadKind.VIRTUAL
        ? Forks.startVirtual(name, body)
        : Forks.start(name, body);
  }

  /**
   * Waits, without sleeping, until {@code thread} is parked inside a channel operation (its park
   * blocker is one of Fanin's objects).
   */
  static void awaitParkedInChannel(Thread thread) {
    awaitParkedOn(thread, "dev.fanin.");
  }

  /**
   * Waits, without sleeping, until {@code thread} is parked waiting for a {@code
   * CompletableFuture} (as a blocking {@code WorkQueue.join()} does).
   */
  static void awaitParkedOnFuture(Thread thread) {
    awaitParkedOn(thread, "java.util.concurrent.CompletableFuture");
  }

  private static void awaitParkedOn(Thread thread, String blockerPrefix) {
    while (true) {
      Thread.State state = thread.getState();
      if (state == Thread.State.TERMINATED) {
        throw new AssertionError("thread \"" + thread.getName() + "\" ended before it parked");
      }
      if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
        Object blocker = LockSupport.getBlocker(thread);
        if (blocker != null && blocker.getClass().getName().startsWith(blockerPrefix)) {
          return;
        }
      }
      Thread.yield();
    }
  }

  /** {@return the cause of {@code result}, which must be a Closed result; null for a normal close} */
  static Throwable closedCause(ReceiveResult<?> result) {
    if (result instanceof ReceiveResult.Closed<?> closed) {
      return closed.cause().orElse(null);
    }
    throw new AssertionError("expected ReceiveResult.Closed but got " + result);
  }

  /**
   * Asserts that {@code actual} is the close cause {@code expected}: the same instance, or the copy
   * that kotlinx's stack-trace recovery (on when assertions are enabled) makes of it, which has the
   * same class and message and the original as its cause.
   */
  static void assertCloseCause(Throwable expected, Throwable actual) {
    if (actual == expected) {
      return;
    }
    if (actual == null) {
      throw new AssertionError("expected the close cause " + expected + " but there was no cause");
    }
    assertEquals(expected.getClass(), actual.getClass(), "the close cause's class");
    assertEquals(expected.getMessage(), actual.getMessage(), "the close cause's message");
    assertSame(expected, actual.getCause(), "a copy of the close cause must wrap the original");
  }
}

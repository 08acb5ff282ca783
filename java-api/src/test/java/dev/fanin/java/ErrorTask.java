package dev.fanin.java;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A task that throws an {@link Error} of one {@link Kind} and keeps the object it threw, so that a
 * test can check that exactly that object, not a wrapper or a copy, reaches the caller.
 */
final class ErrorTask<T> implements Callable<T> {
  /** The errors of the fault-injection tests: a failed assertion and two the JVM throws. */
  enum Kind {
    ASSERTION,
    /** Made with {@code new}: a test cannot exhaust the heap safely. */
    OUT_OF_MEMORY,
    /** A real one: the task recurses until its thread's stack overflows. */
    STACK_OVERFLOW
  }

  final Kind kind;
  private final AtomicReference<Error> thrown = new AtomicReference<>();

  ErrorTask(Kind kind) {
    this.kind = kind;
  }

  @Override
  public T call() {
    switch (kind) {
      case ASSERTION:
        throw record(new AssertionError("test"));
      case OUT_OF_MEMORY:
        throw record(new OutOfMemoryError("test"));
      default:
        try {
          recurse(0);
          throw new IllegalStateException("the stack never overflowed");
        } catch (StackOverflowError e) {
          // Unwound to here: the caller sees what escaped the task, as with any uncaught overflow.
          throw record(e);
        }
    }
  }

  /** {@return the error the task threw} Fails if it has not thrown yet. */
  Error thrown() {
    Error error = thrown.get();
    if (error == null) {
      throw new AssertionError("the " + kind + " task has not thrown");
    }
    return error;
  }

  /** {@return the class of the error this task throws} */
  Class<? extends Error> type() {
    switch (kind) {
      case ASSERTION:
        return AssertionError.class;
      case OUT_OF_MEMORY:
        return OutOfMemoryError.class;
      default:
        return StackOverflowError.class;
    }
  }

  private Error record(Error error) {
    thrown.set(error);
    return error;
  }

  private static int recurse(int depth) {
    return recurse(depth + 1) + 1;
  }
}

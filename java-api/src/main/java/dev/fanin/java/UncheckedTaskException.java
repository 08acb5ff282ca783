package dev.fanin.java;

import java.util.Objects;

/**
 * Carries a checked exception that a task threw out of a blocking Fanin call, which cannot throw it
 * as it is. {@link #getCause()} is the task's own exception; this exception's stack trace is the
 * caller's.
 *
 * <pre>{@code
 * try {
 *   FaninBlocking.gather(List.of(() -> Files.readString(path)));
 * } catch (UncheckedTaskException e) {
 *   if (e.getCause() instanceof IOException io) { ... }
 * }
 * }</pre>
 */
public final class UncheckedTaskException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Wraps {@code cause}, the checked exception a task threw.
   *
   * @param cause the task's exception
   * @throws NullPointerException if {@code cause} is null
   */
  public UncheckedTaskException(Throwable cause) {
    super(Objects.requireNonNull(cause, "cause").toString(), cause);
  }
}

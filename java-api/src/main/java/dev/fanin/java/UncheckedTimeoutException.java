package dev.fanin.java;

import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * Carries a {@link TimeoutException} out of a method that cannot throw it, such as {@link
 * Completions.Timed#next()} of an as-completed iteration whose deadline passed. {@link #getCause()}
 * is the {@code TimeoutException}.
 */
public final class UncheckedTimeoutException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Wraps {@code cause}.
   *
   * @param cause the timeout
   * @throws NullPointerException if {@code cause} is null
   */
  public UncheckedTimeoutException(TimeoutException cause) {
    super(Objects.requireNonNull(cause, "cause").getMessage(), cause);
  }

  @Override
  public synchronized TimeoutException getCause() {
    return (TimeoutException) super.getCause();
  }
}

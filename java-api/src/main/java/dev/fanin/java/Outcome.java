package dev.fanin.java;

import dev.fanin.java.internal.Await;
import java.util.Objects;
import java.util.concurrent.CancellationException;

/**
 * How one input of a settled operation ended: with a value, with an exception, or cancelled.
 *
 * <p>Settled operations ({@link Fanin#gatherSettled}) return one {@code Outcome} per input instead
 * of failing on the first exception. A task may legally return {@code null}, so an outcome is never
 * {@code null}, and a {@code null} {@link Success#value()} means the task returned {@code null}.
 *
 * <pre>{@code
 * for (Outcome<String> outcome : FaninBlocking.gatherSettled(tasks)) {
 *   if (outcome instanceof Outcome.Success<String> success) {
 *     System.out.println(success.value());
 *   } else if (outcome instanceof Outcome.Failure<String> failure) {
 *     System.out.println("failed: " + failure.exception());
 *   }
 * }
 * }</pre>
 *
 * <p>Kotlin code has the same three cases as {@code dev.fanin.Outcome}.
 *
 * @param <T> the type of the input's value
 */
public sealed interface Outcome<T> permits Outcome.Success, Outcome.Failure, Outcome.Cancelled {
  /**
   * {@return the value of a {@link Success}} A {@link Failure} throws its exception as it is if it
   * is unchecked, or wrapped in {@link UncheckedTaskException}; a {@link Cancelled} outcome throws
   * its {@link CancellationException}.
   */
  T getOrThrow();

  /**
   * The input completed with a value.
   *
   * @param value the value, possibly {@code null}
   * @param <T> the type of the value
   */
  record Success<T>(T value) implements Outcome<T> {
    @Override
    public T getOrThrow() {
      return value;
    }
  }

  /**
   * The input failed.
   *
   * @param exception what it failed with; never a {@link CancellationException}
   * @param <T> the type the input would have produced
   */
  record Failure<T>(Throwable exception) implements Outcome<T> {
    /**
     * Checks the exception.
     *
     * @param exception what the input failed with
     * @throws NullPointerException if {@code exception} is null
     */
    public Failure {
      Objects.requireNonNull(exception, "exception");
    }

    @Override
    public T getOrThrow() {
      throw Await.unchecked(exception);
    }
  }

  /**
   * The input was cancelled.
   *
   * @param exception the cancellation
   * @param <T> the type the input would have produced
   */
  record Cancelled<T>(CancellationException exception) implements Outcome<T> {
    /**
     * Checks the exception.
     *
     * @param exception the cancellation
     * @throws NullPointerException if {@code exception} is null
     */
    public Cancelled {
      Objects.requireNonNull(exception, "exception");
    }

    @Override
    public T getOrThrow() {
      throw exception;
    }
  }
}

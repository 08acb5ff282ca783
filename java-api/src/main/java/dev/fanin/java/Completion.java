package dev.fanin.java;

import java.util.Objects;

/**
 * One result of an as-completed iteration: which input it came from, and how that input ended.
 *
 * <p>{@link #index()} is the input's position in the list or source, and {@link #handle()} is the
 * input itself (the caller's {@code Callable} or future), so {@code ==} finds it. {@link #value()}
 * returns the value, or throws the input's exception as {@link Outcome#getOrThrow()} does.
 *
 * <pre>{@code
 * try (Completions<String, Callable<String>> pages = FaninBlocking.asCompleted(fetches)) {
 *   while (pages.hasNext()) {
 *     Completion<String, Callable<String>> page = pages.take();
 *     System.out.println("input " + page.index() + " finished: " + page.outcome());
 *   }
 * }
 * }</pre>
 *
 * @param index the position of the input, from 0
 * @param handle the input itself
 * @param outcome how it ended
 * @param <T> the type of the input's value
 * @param <H> the type of the input
 */
public record Completion<T, H>(int index, H handle, Outcome<T> outcome) {
  /**
   * Checks the components.
   *
   * @param index the position of the input, from 0
   * @param handle the input itself
   * @param outcome how it ended
   * @throws NullPointerException if {@code handle} or {@code outcome} is null
   * @throws IllegalArgumentException if {@code index < 0}
   */
  public Completion {
    Objects.requireNonNull(handle, "handle");
    Objects.requireNonNull(outcome, "outcome");
    if (index < 0) {
      throw new IllegalArgumentException("index < 0: " + index);
    }
  }

  /**
   * {@return the input's value} Throws the input's exception as {@link Outcome#getOrThrow()} does:
   * unchecked as it is, checked wrapped in {@link UncheckedTaskException}, a cancellation as {@link
   * java.util.concurrent.CancellationException}.
   */
  public T value() {
    return outcome.getOrThrow();
  }

  /** {@return whether the input completed with a value} */
  public boolean isSuccess() {
    return outcome instanceof Outcome.Success;
  }
}

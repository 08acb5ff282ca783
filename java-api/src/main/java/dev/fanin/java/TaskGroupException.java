package dev.fanin.java;

import dev.fanin.java.internal.Arguments;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Every failure of a {@link TaskGroup}, in the order they happened: thrown when a group ends with
 * one or more failed tasks (or a failed body), even with exactly one, so that one {@code catch}
 * handles every group. Cancellations the group caused are not failures and are not listed. {@link
 * #getCause()} is the first failure.
 *
 * <pre>{@code
 * try (TaskGroup group = TaskGroup.open()) {
 *   group.fork(() -> load("a"));
 *   group.fork(() -> load("b"));
 *   group.join();
 * } catch (TaskGroupException e) {
 *   e.failures(IOException.class).forEach(log::warn);
 * }
 * }</pre>
 *
 * <p>Kotlin's {@code taskGroup} throws {@code dev.fanin.TaskGroupException}, with the same contract.
 */
public final class TaskGroupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The failures, in order; not serialised with the exception beyond its cause and message. */
  private final transient List<Throwable> failures;

  /**
   * Reports {@code failures}.
   *
   * @param failures the failures, in the order they happened; not empty
   * @throws NullPointerException if {@code failures} or an element is null
   * @throws IllegalArgumentException if {@code failures} is empty
   */
  public TaskGroupException(List<? extends Throwable> failures) {
    super(describe(failures), failures.get(0));
    this.failures = List.copyOf(failures);
  }

  /** Checks {@code failures} too: the superclass constructor must be called first. */
  private static String describe(List<? extends Throwable> unchecked) {
    List<Throwable> failures = Arguments.copyOfNonNull(unchecked, "failures");
    if (failures.isEmpty()) {
      throw new IllegalArgumentException("failures is empty");
    }
    return failures.size()
        + " task(s) failed: "
        + failures.stream().map(String::valueOf).collect(Collectors.joining("; "));
  }

  /** {@return every failure, in the order they happened; never empty} */
  public List<Throwable> failures() {
    return failures;
  }

  /**
   * {@return the failures that are instances of {@code type}, in order}
   *
   * @param type the class to pick out
   * @param <X> the type to pick out
   */
  public <X extends Throwable> List<X> failures(Class<X> type) {
    Objects.requireNonNull(type, "type");
    return failures.stream().filter(type::isInstance).map(type::cast).toList();
  }
}

package dev.fanin.java;

import java.time.Duration;

/**
 * The handle of a running {@link Fanin#timeoutScope timeout scope}: its body can ask whether the
 * deadline passed and move it. Users hold it but do not implement it.
 *
 * <pre>{@code
 * String report = FaninBlocking.timeoutScope(Duration.ofSeconds(5), scope -> {
 *   List<Row> rows = loadRows();
 *   scope.reschedule(Duration.ofSeconds(2)); // the rest must be quick
 *   return render(rows);
 * });
 * }</pre>
 */
public sealed interface TimeoutScope permits TimeoutScopeHandle {
  /**
   * {@return whether the deadline has passed and the scope was cancelled because of it}
   */
  boolean isExpired();

  /**
   * Moves the deadline to {@code timeout} from now. A zero {@code timeout} expires the scope at
   * once. Has no effect once the scope has expired or its body has returned.
   *
   * @param timeout the new deadline, from now
   * @throws NullPointerException if {@code timeout} is null
   * @throws IllegalArgumentException if {@code timeout} is negative ({@code adr/0010})
   */
  void reschedule(Duration timeout);

  /**
   * The body of a timeout scope.
   *
   * @param <T> the type of its result
   */
  @FunctionalInterface
  interface Body<T> {
    /**
     * Runs the body.
     *
     * @param scope the scope's handle
     * @return the body's result, possibly {@code null}
     * @throws Exception anything; it becomes the scope's failure
     */
    T run(TimeoutScope scope) throws Exception;
  }
}

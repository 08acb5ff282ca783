package dev.fanin.samples.fetch;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;

/**
 * The command line of {@link ParallelFetch}: {@code [--pages N] [--limit N] [--timeout-ms N]
 * [--max-delay-ms N] [--settled]}.
 *
 * @param pages how many pages the server has and the client fetches
 * @param limit the most requests in flight at once
 * @param timeout how long one request may take
 * @param maxDelayMs the longest delay before the server answers a page
 * @param settled whether to fetch with {@code gatherSettled} instead of {@code asCompleted}
 */
public record FetchOptions(
    int pages, int limit, Duration timeout, int maxDelayMs, boolean settled) {
  /** Usage, printed when the command line is wrong. */
  public static final String USAGE =
      "usage: ParallelFetch [--pages N] [--limit N] [--timeout-ms N] [--max-delay-ms N]"
          + " [--settled]";

  /** A few hundred pages, 16 at a time, half a second each: a couple of seconds in all. */
  public static final FetchOptions DEFAULTS =
      new FetchOptions(300, 16, Duration.ofMillis(500), 200, false);

  /**
   * Checks the values.
   *
   * @param pages how many pages
   * @param limit the most requests in flight at once
   * @param timeout how long one request may take
   * @param maxDelayMs the longest delay before an answer
   * @param settled whether to use {@code gatherSettled}
   * @throws IllegalArgumentException if a count is out of range or the timeout not positive
   */
  public FetchOptions {
    if (pages < 1 || limit < 1 || maxDelayMs < 0 || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(USAGE);
    }
  }

  /**
   * Reads a command line; what it does not name keeps its value from {@link #DEFAULTS}.
   *
   * @param args the arguments
   * @return the options
   * @throws IllegalArgumentException with {@link #USAGE} if an argument is unknown or malformed
   */
  public static FetchOptions parse(String... args) {
    FetchOptions options = DEFAULTS;
    Iterator<String> it = List.of(args).iterator();
    while (it.hasNext()) {
      String arg = it.next();
      options =
          switch (arg) {
            case "--pages" -> options.withPages(number(it));
            case "--limit" -> options.withLimit(number(it));
            case "--timeout-ms" -> options.withTimeout(Duration.ofMillis(number(it)));
            case "--max-delay-ms" -> options.withMaxDelayMs(number(it));
            case "--settled" -> options.withSettled(true);
            default -> throw new IllegalArgumentException("unknown argument " + arg + "\n" + USAGE);
          };
    }
    return options;
  }

  /** {@return the server's plan for these options} */
  public PagePlan plan() {
    return new PagePlan(pages, maxDelayMs);
  }

  /**
   * {@return these options with {@code pages} pages}
   *
   * @param pages how many pages
   */
  public FetchOptions withPages(int pages) {
    return new FetchOptions(pages, limit, timeout, maxDelayMs, settled);
  }

  /**
   * {@return these options with at most {@code limit} requests in flight}
   *
   * @param limit the most requests in flight at once
   */
  public FetchOptions withLimit(int limit) {
    return new FetchOptions(pages, limit, timeout, maxDelayMs, settled);
  }

  /**
   * {@return these options with {@code timeout} per request}
   *
   * @param timeout how long one request may take
   */
  public FetchOptions withTimeout(Duration timeout) {
    return new FetchOptions(pages, limit, timeout, maxDelayMs, settled);
  }

  /**
   * {@return these options with answers delayed by up to {@code maxDelayMs}}
   *
   * @param maxDelayMs the longest delay before an answer
   */
  public FetchOptions withMaxDelayMs(int maxDelayMs) {
    return new FetchOptions(pages, limit, timeout, maxDelayMs, settled);
  }

  /**
   * {@return these options with the settled mode on or off}
   *
   * @param settled whether to use {@code gatherSettled}
   */
  public FetchOptions withSettled(boolean settled) {
    return new FetchOptions(pages, limit, timeout, maxDelayMs, settled);
  }

  private static int number(Iterator<String> it) {
    if (!it.hasNext()) {
      throw new IllegalArgumentException("missing number\n" + USAGE);
    }
    String value = it.next();
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number: " + value + "\n" + USAGE, e);
    }
  }
}

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
  /** The command line, printed by {@code --help} and when the command line is wrong. */
  public static final String USAGE =
      String.join(
          "\n",
          "usage: ParallelFetch [--pages N] [--limit N] [--timeout-ms N] [--max-delay-ms N]"
              + " [--settled]",
          "  --pages N         pages to serve and fetch (300)",
          "  --limit N         the most requests in flight at once (16)",
          "  --timeout-ms N    how long one request may take (500)",
          "  --max-delay-ms N  the longest the server waits before answering a page (200)",
          "  --settled         gatherSettled, reported in page order, instead of asCompleted",
          "  --help, -h        print this and exit");

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
   * @throws IllegalArgumentException if a count is out of range or the timeout not positive,
   *     naming the value
   */
  public FetchOptions {
    if (pages < 1) {
      throw new IllegalArgumentException("pages < 1: " + pages);
    }
    if (limit < 1) {
      throw new IllegalArgumentException("limit < 1: " + limit);
    }
    if (maxDelayMs < 0) {
      throw new IllegalArgumentException("maxDelayMs < 0: " + maxDelayMs);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout not positive: " + timeout);
    }
  }

  /**
   * Reads a command line; what it does not name keeps its value from {@link #DEFAULTS}.
   *
   * @param args the arguments
   * @return the options
   * @throws IllegalArgumentException naming the argument if it is unknown or malformed
   */
  public static FetchOptions parse(String... args) {
    FetchOptions options = DEFAULTS;
    Iterator<String> it = List.of(args).iterator();
    while (it.hasNext()) {
      String arg = it.next();
      options =
          switch (arg) {
            case "--pages" -> options.withPages(number(arg, it));
            case "--limit" -> options.withLimit(number(arg, it));
            case "--timeout-ms" -> options.withTimeout(Duration.ofMillis(number(arg, it)));
            case "--max-delay-ms" -> options.withMaxDelayMs(number(arg, it));
            case "--settled" -> options.withSettled(true);
            default -> throw new IllegalArgumentException("unknown option: " + arg);
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

  private static int number(String option, Iterator<String> it) {
    if (!it.hasNext()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    String value = it.next();
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs a number: " + value, e);
    }
  }
}

package dev.fanin.samples.tracker;

import java.time.Duration;
import java.util.Objects;

/**
 * The tracker app's command line.
 *
 * @param demo run the built-in load generator, then shut down and check (the default); without it
 *     ({@code --serve}) the app serves until {@code POST /shutdown} or Ctrl-C
 * @param kotlin run the Kotlin twin of the loop ({@code --kotlin})
 * @param flushEvery the period between batch writes ({@code --flush-ms}, 1 s by default; 60 s in
 *     production)
 * @param jdbcUrl the database ({@code --db}, an in-memory H2 database by default)
 * @param load the demo's load ({@code --users}, {@code --pings}, {@code --pause-ms})
 */
public record TrackerOptions(
    boolean demo, boolean kotlin, Duration flushEvery, String jdbcUrl, LoadGenerator.Plan load) {
  /** The command line, printed by {@code --help} and when the command line is wrong. */
  public static final String USAGE =
      String.join(
          "\n",
          "usage: ActivityTrackerApp [--serve] [--kotlin] [--flush-ms N] [--db JDBC_URL]"
              + " [--users N] [--pings N] [--pause-ms N]",
          "  (no option)    demo: a load generator pings the server, then the app shuts down,",
          "                 prints the table and checks it (exit status 1 if the check fails)",
          "  --serve        serve until POST /shutdown or Ctrl-C, without the load generator",
          "  --kotlin       run the Kotlin twin of the select loop",
          "  --flush-ms N   milliseconds between batch writes (1000)",
          "  --db URL       the JDBC URL of the database (an in-memory H2 database)",
          "  --users N      the demo's users (40)",
          "  --pings N      the demo's pings per user (75)",
          "  --pause-ms N   the demo's pause between a user's pings (40)",
          "  --help, -h     print this and exit");

  /** The demo's defaults: 40 users sending 75 pings each, about 40 ms apart, for about 3 s. */
  public static final TrackerOptions DEFAULTS =
      new TrackerOptions(
          true,
          false,
          Duration.ofSeconds(1),
          "jdbc:h2:mem:activity",
          new LoadGenerator.Plan(40, 75, Duration.ofMillis(40), Duration.ofMinutes(1)));

  /**
   * Validates the options.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code flushEvery} is not positive
   */
  public TrackerOptions {
    Objects.requireNonNull(flushEvery, "flushEvery");
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(load, "load");
    if (flushEvery.isZero() || flushEvery.isNegative()) {
      throw new IllegalArgumentException("flushEvery must be positive: " + flushEvery);
    }
  }

  /**
   * Parses {@code --serve --kotlin --flush-ms N --db URL --users N --pings N --pause-ms N}, each
   * optional, over {@link #DEFAULTS}.
   *
   * @param args the command line
   * @return the options
   * @throws IllegalArgumentException on an unknown option or a bad number
   */
  public static TrackerOptions parse(String... args) {
    boolean demo = DEFAULTS.demo;
    boolean kotlin = DEFAULTS.kotlin;
    Duration flushEvery = DEFAULTS.flushEvery;
    String jdbcUrl = DEFAULTS.jdbcUrl;
    LoadGenerator.Plan load = DEFAULTS.load;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--serve" -> demo = false;
        case "--kotlin" -> kotlin = true;
        case "--flush-ms" -> flushEvery = Duration.ofMillis(Long.parseLong(value(args, ++i)));
        case "--db" -> jdbcUrl = value(args, ++i);
        case "--users" ->
            load =
                new LoadGenerator.Plan(
                    Integer.parseInt(value(args, ++i)), load.pingsPerUser(), load.pause(), load.deadline());
        case "--pings" ->
            load =
                new LoadGenerator.Plan(
                    load.users(), Integer.parseInt(value(args, ++i)), load.pause(), load.deadline());
        case "--pause-ms" ->
            load =
                new LoadGenerator.Plan(
                    load.users(),
                    load.pingsPerUser(),
                    Duration.ofMillis(Long.parseLong(value(args, ++i))),
                    load.deadline());
        default -> throw new IllegalArgumentException("unknown option: " + args[i]);
      }
    }
    return new TrackerOptions(demo, kotlin, flushEvery, jdbcUrl, load);
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }
}

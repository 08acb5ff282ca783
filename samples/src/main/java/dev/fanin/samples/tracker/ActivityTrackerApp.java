package dev.fanin.samples.tracker;

import dev.fanin.java.Channel;
import dev.fanin.java.FaninBlocking;
import dev.fanin.samples.cli.SampleCommandLine;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The activity tracker, end to end: an HTTP server on 127.0.0.1 takes activity pings, a select loop
 * ({@link ActivityTracker}, or its Kotlin twin) keeps each user's last activity and writes the
 * changed users to an embedded H2 database in one JDBC batch per tick, and shutdown (an HTTP call or
 * Ctrl-C) writes the last batch: no ping is lost.
 *
 * <p>By default it runs a demo: a built-in load generator sends a few thousand pings from 40
 * concurrent users over loopback, asks the server to shut down, prints the table, and checks that
 * every user's stored time is the time of the last ping that user sent. From the repository root:
 *
 * <pre>
 * mvn -q -pl samples -am -DskipTests -Prun verify
 * </pre>
 *
 * Add {@code -Dexec.args="--kotlin"} for the Kotlin loop, or {@code -Dexec.args="--serve"} to serve
 * until {@code curl -X POST http://127.0.0.1:PORT/shutdown} or Ctrl-C; {@link TrackerOptions} lists
 * the other options.
 */
public final class ActivityTrackerApp {
  private ActivityTrackerApp() {}

  /**
   * Runs the app; exits with status 1 if the demo's check fails.
   *
   * @param args see {@link TrackerOptions#USAGE}; {@code --help} prints it
   * @throws Exception if the app fails
   */
  public static void main(String[] args) throws Exception {
    TrackerOptions options =
        SampleCommandLine.parseOrExit(TrackerOptions.USAGE, args, TrackerOptions::parse);
    HttpClient client = HttpClient.newHttpClient();
    boolean ok;
    try {
      ok = run(options, client, System.out);
    } finally {
      if (client instanceof AutoCloseable closeable) { // JDK 21 and later
        closeable.close();
      }
    }
    if (!ok) {
      System.exit(1);
    }
  }

  /**
   * Runs the app with {@code options}, printing to {@code out}.
   *
   * @param options what to run
   * @param client the load generator's and the shutdown call's HTTP client
   * @param out where to print
   * @return false if the demo's check failed; true otherwise
   * @throws Exception if the app fails: the server, the tracker, the database or the load
   */
  public static boolean run(TrackerOptions options, HttpClient client, PrintStream out)
      throws Exception {
    try (ActivityTable table = ActivityTable.open(options.jdbcUrl())) {
      Channel<Ping> activity = Channel.buffered(1024);
      CompletableFuture<Void> shutdown = new CompletableFuture<>();
      AtomicLong rowsWritten = new AtomicLong();
      BatchWriter writer =
          batch -> {
            table.write(batch);
            rowsWritten.addAndGet(batch.size());
            out.println("batch written: " + batch.size() + " users");
          };
      SortedMap<String, Instant> sent =
          FaninBlocking.taskGroup(
              app -> {
                CompletableFuture<TrackerReport> tracking =
                    app.fork(() -> track(options, activity, shutdown, writer));
                try (ActivityServer server =
                    ActivityServer.start(activity, () -> shutdown.complete(null))) {
                  out.println("listening on " + server.uri());
                  SortedMap<String, Instant> accepted = new TreeMap<>();
                  if (options.demo()) {
                    accepted = LoadGenerator.run(client, server.uri(), options.load());
                    requestShutdown(client, server.uri());
                  } else {
                    flushOnCtrlC(shutdown, tracking);
                  }
                  TrackerReport report = tracking.get();
                  out.println(
                      "shut down: "
                          + report.pings()
                          + " pings written as "
                          + rowsWritten.get()
                          + " rows in "
                          + report.batches()
                          + " batches");
                  return accepted;
                }
              });
      Map<String, Instant> stored = table.readAll();
      out.println("user_last_active (" + stored.size() + " rows):");
      stored.forEach((user, at) -> out.println("  " + user + "  " + at));
      return !options.demo() || check(sent, stored, out);
    }
  }

  private static TrackerReport track(
      TrackerOptions options,
      Channel<Ping> activity,
      CompletableFuture<Void> shutdown,
      BatchWriter writer)
      throws Exception {
    return options.kotlin()
        ? ActivityTrackerKt.trackActivityBlocking(activity, shutdown, options.flushEvery(), writer)
        : ActivityTracker.track(activity, shutdown, options.flushEvery(), writer);
  }

  private static void requestShutdown(HttpClient client, URI server) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(server.resolve("shutdown"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    if (status != 202) {
      throw new IllegalStateException("shutdown refused: HTTP " + status);
    }
  }

  /** Ctrl-C starts the shutdown and keeps the JVM alive until the last batch is written. */
  private static void flushOnCtrlC(
      CompletableFuture<Void> shutdown, CompletableFuture<TrackerReport> tracking) {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  shutdown.complete(null);
                  try {
                    tracking.get(10, TimeUnit.SECONDS);
                  } catch (Exception e) {
                    // The tracker's own failure is reported by the app; the JVM exits either way.
                  }
                },
                "activity-shutdown"));
  }

  private static boolean check(
      Map<String, Instant> sent, Map<String, Instant> stored, PrintStream out) {
    boolean ok = sent.equals(stored);
    out.println(
        (ok ? "check passed: " : "check FAILED: ")
            + sent.size()
            + " users; every stored time "
            + (ok ? "equals" : "should equal")
            + " the user's last ping");
    return ok;
  }
}

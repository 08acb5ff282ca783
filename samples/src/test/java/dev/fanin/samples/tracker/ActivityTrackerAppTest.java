package dev.fanin.samples.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.java.Channel;
import dev.fanin.testing.NoLeaksExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tracker app end to end over loopback HTTP and a real H2 database: every user's stored time is
 * that user's last ping. The timeout guards against hangs only.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(120)
class ActivityTrackerAppTest {
  private static ThreadPoolExecutor clientThreads;
  private static HttpClient client;

  /**
   * One client for the class, with its threads started up front: the JDK 17 client has no close,
   * so its threads must exist before the leak check's snapshot of each test.
   */
  @BeforeAll
  static void startClient() {
    clientThreads = (ThreadPoolExecutor) Executors.newFixedThreadPool(2);
    clientThreads.prestartAllCoreThreads();
    client = HttpClient.newBuilder().executor(clientThreads).build();
  }

  @AfterAll
  static void stopClient() throws Exception {
    if (client instanceof AutoCloseable closeable) {
      closeable.close();
    }
    clientThreads.shutdownNow();
    clientThreads.awaitTermination(10, TimeUnit.SECONDS);
  }

  private static TrackerOptions demo(String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "--db", "jdbc:h2:mem:" + UUID.randomUUID(),
                "--users", "12",
                "--pings", "25",
                "--pause-ms", "0",
                "--flush-ms", "5"));
    args.addAll(List.of(extra));
    return TrackerOptions.parse(args.toArray(String[]::new));
  }

  /** The README's main command, scaled down: every ping reaches the table. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"--java", "--kotlin"})
  void demo_storesEveryUsersLastPing(String loop) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    TrackerOptions options = loop.equals("--kotlin") ? demo("--kotlin") : demo();

    boolean ok = ActivityTrackerApp.run(options, client, out);

    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(ok, printed);
    assertTrue(printed.contains("shut down: 300 pings written as "), printed);
    assertTrue(printed.contains("user_last_active (12 rows):"), printed);
    assertTrue(
        printed.endsWith(
            "check passed: 12 users; every stored time equals the user's last ping"
                + System.lineSeparator()),
        printed);
  }

  /** The server refuses malformed pings and, after shutdown, pings it can no longer record. */
  @Test
  void server_answersBadPingsAndPingsAfterShutdown() throws Exception {
    Channel<Ping> activity = Channel.unbounded();
    CompletableFuture<Void> shutdown = new CompletableFuture<>();
    try (ActivityServer server = ActivityServer.start(activity, () -> shutdown.complete(null))) {
      URI uri = server.uri();
      assertEquals("127.0.0.1", uri.getHost());
      assertEquals(204, post(uri.resolve("ping?user=ada&at=42")));
      assertEquals(400, post(uri.resolve("ping")));
      assertEquals(400, post(uri.resolve("ping?user=ada&at=soon")));
      assertEquals(405, get(uri.resolve("ping?user=ada")));
      assertEquals(202, post(uri.resolve("shutdown")));
      assertTrue(shutdown.isDone());
      activity.close();
      assertEquals(503, post(uri.resolve("ping?user=bob")));
    }
    assertEquals(new Ping("ada", Instant.ofEpochMilli(42)), activity.receive());
    assertTrue(activity.tryReceive().isClosed());
  }

  /** Options are checked and name what is wrong. */
  @Test
  void options_rejectUnknownAndMissingValues() {
    assertEquals(
        "unknown option: --fast",
        assertThrows(
                IllegalArgumentException.class, () -> TrackerOptions.parse("--fast"))
            .getMessage());
    assertEquals(
        "--users needs a value",
        assertThrows(
                IllegalArgumentException.class, () -> TrackerOptions.parse("--users"))
            .getMessage());
    assertEquals(
        Duration.ofSeconds(1), TrackerOptions.parse().flushEvery(), "1 s in the demo");
  }

  private static int post(URI uri) throws Exception {
    return client
        .send(
            HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static int get(URI uri) throws Exception {
    return client
        .send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}

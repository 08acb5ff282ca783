package dev.fanin.samples.tracker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.fanin.java.Channel;
import dev.fanin.java.ChannelClosedException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP front of the tracker, on 127.0.0.1 only.
 *
 * <ul>
 *   <li>{@code POST /ping?user=ID[&at=EPOCH_MILLIS]}: sends a {@link Ping} into the activity channel
 *       ({@code at} defaults to now) and answers 204 once it is in the channel; 503 after shutdown.
 *       The channel is bounded: while the tracker writes a batch, a full channel makes the handler
 *       wait, which is the back-pressure the clients feel.
 *   <li>{@code POST /shutdown}: runs the shutdown action and answers 202.
 * </ul>
 */
public final class ActivityServer implements AutoCloseable {
  private static final int HANDLER_THREADS = 16;

  private final HttpServer server;
  private final ExecutorService handlers;

  private ActivityServer(HttpServer server, ExecutorService handlers) {
    this.server = server;
    this.handlers = handlers;
  }

  /**
   * Starts a server on a free loopback port.
   *
   * @param activity where pings go
   * @param onShutdown run by {@code POST /shutdown}
   * @return the running server
   * @throws IOException if it cannot bind
   */
  public static ActivityServer start(Channel<Ping> activity, Runnable onShutdown)
      throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ExecutorService handlers = Executors.newFixedThreadPool(HANDLER_THREADS, named("activity-http-"));
    server.setExecutor(handlers);
    server.createContext("/ping", exchange -> handlePing(exchange, activity));
    server.createContext(
        "/shutdown",
        exchange -> {
          if (!expectPost(exchange)) {
            return;
          }
          onShutdown.run();
          respond(exchange, 202);
        });
    server.start();
    return new ActivityServer(server, handlers);
  }

  /** {@return the server's base address, e.g. {@code http://127.0.0.1:50123/}} */
  public URI uri() {
    InetSocketAddress address = server.getAddress();
    return URI.create("http://" + address.getHostString() + ":" + address.getPort() + "/");
  }

  /**
   * Stops accepting requests, interrupts handlers still waiting and waits for them to end. An
   * interrupt while it waits is kept: the interrupt status is set again when it returns.
   *
   * @throws IllegalStateException if a handler has not stopped within 10 s
   */
  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
    boolean interrupted = false;
    boolean stopped = false;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!stopped) {
      try {
        stopped = handlers.awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (!stopped) {
          throw new IllegalStateException("HTTP handlers did not stop within 10 s");
        }
      } catch (InterruptedException e) {
        interrupted = true; // finish closing first: a caller's interrupt must not leak threads
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void handlePing(HttpExchange exchange, Channel<Ping> activity)
      throws IOException {
    if (!expectPost(exchange)) {
      return;
    }
    Map<String, String> query = query(exchange.getRequestURI());
    String user = query.get("user");
    if (user == null || user.isEmpty()) {
      respond(exchange, 400);
      return;
    }
    Instant at;
    try {
      at = query.containsKey("at") ? Instant.ofEpochMilli(Long.parseLong(query.get("at"))) : Instant.now();
    } catch (NumberFormatException e) {
      respond(exchange, 400);
      return;
    }
    try {
      activity.send(new Ping(user, at));
      respond(exchange, 204);
    } catch (ChannelClosedException e) {
      respond(exchange, 503); // shut down: the ping was not recorded, and the client is told so
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the server is closing
      exchange.close();
    }
  }

  private static boolean expectPost(HttpExchange exchange) throws IOException {
    if ("POST".equals(exchange.getRequestMethod())) {
      return true;
    }
    respond(exchange, 405);
    return false;
  }

  private static void respond(HttpExchange exchange, int status) throws IOException {
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> query = new HashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        query.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return query;
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}

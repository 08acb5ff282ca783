package dev.fanin.samples.fetch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server that serves the pages of a {@link PagePlan} at {@code /pages/<n>} on
 * 127.0.0.1, on a free port, until {@link #close()}.
 *
 * <p>No thread waits out a page's delay: the answer is scheduled, and a page that never answers is
 * parked until the server closes. Two threads therefore serve any number of concurrent requests, so
 * the server is never what limits the client's concurrency.
 *
 * <p>The server counts the requests it is answering at any moment (from arrival until just before
 * the answer is written) and remembers the highest count, so a test can check the client's limit. A
 * parked request is not counted: the server cannot see when the client gives up on it.
 */
public final class PageServer implements AutoCloseable {
  private static final String PATH = "/pages/";

  private final PagePlan plan;
  private final HttpServer server;
  private final ScheduledExecutorService threads;
  private final List<HttpExchange> parked = new ArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger answering = new AtomicInteger();
  private final AtomicInteger maxAnswering = new AtomicInteger();
  private boolean closed;

  private PageServer(PagePlan plan) throws IOException {
    this.plan = plan;
    this.threads = Executors.newScheduledThreadPool(2, NamedThreads.daemon("page-server-"));
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(threads);
    server.createContext(PATH, this::handle);
    server.start();
  }

  /**
   * Starts a server for {@code plan}.
   *
   * @param plan what each page does
   * @return the running server
   * @throws IOException if it cannot bind
   */
  public static PageServer start(PagePlan plan) throws IOException {
    return new PageServer(plan);
  }

  /** {@return the plan it serves} */
  public PagePlan plan() {
    return plan;
  }

  /**
   * {@return the address of page {@code page}}
   *
   * @param page the page number
   */
  public URI url(int page) {
    InetSocketAddress address = server.getAddress();
    return URI.create("http://" + address.getHostString() + ":" + address.getPort() + PATH + page);
  }

  /** {@return how many requests arrived} */
  public int requests() {
    return requests.get();
  }

  /** {@return the most requests the server was answering at once} */
  public int maxAnswering() {
    return maxAnswering.get();
  }

  private void handle(HttpExchange exchange) {
    requests.incrementAndGet();
    int page = pageOf(exchange.getRequestURI());
    if (page < 0) {
      answer(exchange, 404, "no such page");
      return;
    }
    if (plan.kind(page) == PagePlan.Kind.HANGS) {
      synchronized (this) {
        if (!closed) {
          parked.add(exchange);
          return;
        }
      }
      exchange.close();
      return;
    }
    maxAnswering.accumulateAndGet(answering.incrementAndGet(), Math::max);
    int status = plan.kind(page) == PagePlan.Kind.FAILS ? 500 : 200;
    String body = status == 200 ? "page " + page : "page " + page + " is broken";
    threads.schedule(
        () -> {
          // Before the answer is written: the client may send its next request as soon as it
          // reads this one, and that request must not find this one still counted.
          answering.decrementAndGet();
          answer(exchange, status, body);
        },
        plan.delayMs(page),
        TimeUnit.MILLISECONDS);
  }

  private int pageOf(URI uri) {
    try {
      int page = Integer.parseInt(uri.getPath().substring(PATH.length()));
      return page >= 0 && page < plan.pages() ? page : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static void answer(HttpExchange exchange, int status, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = exchange.getResponseBody()) {
      exchange.sendResponseHeaders(status, bytes.length);
      out.write(bytes);
    } catch (IOException e) {
      // The client went away (it timed out, or the run was cancelled): nobody to tell.
    } finally {
      exchange.close();
    }
  }

  /** Drops the parked requests, stops the server and waits until its threads have ended. */
  @Override
  public void close() {
    List<HttpExchange> dropped;
    synchronized (this) {
      closed = true;
      dropped = new ArrayList<>(parked);
      parked.clear();
    }
    dropped.forEach(HttpExchange::close);
    server.stop(0);
    threads.shutdownNow();
    try {
      if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("page server threads did not stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

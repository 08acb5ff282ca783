package dev.fanin.samples.fetch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fetches one page at a time on the calling thread with {@link HttpClient}: a plain blocking call
 * with no timeout of its own, the kind of code Fanin puts a deadline on from outside.
 *
 * <p>{@link HttpClient#send} answers an interrupt by aborting the exchange, so cancelling the
 * thread that waits in {@link #get} ends the request. The client runs on threads of its own that
 * {@link #close()} stops: on JDK 17 an {@code HttpClient} cannot be closed.
 *
 * <p>It counts the requests in flight (from before sending to after the answer or the abort) and
 * remembers the highest count, so a test can check the concurrency limit.
 */
public final class PageFetcher implements AutoCloseable {
  private final ExecutorService threads =
      Executors.newCachedThreadPool(NamedThreads.daemon("page-client-"));
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(threads).build();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();

  /**
   * Fetches {@code url} and returns its body.
   *
   * @param url the page
   * @return the body of a 200 answer
   * @throws IOException if the request failed or the server answered another status
   * @throws InterruptedException if interrupted while waiting; the request is then aborted
   */
  public String get(URI url) throws IOException, InterruptedException {
    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    try {
      HttpResponse<String> response =
          client.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException("HTTP " + response.statusCode());
      }
      return response.body();
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /** {@return the most requests that were in flight at once} */
  public int maxInFlight() {
    return maxInFlight.get();
  }

  /** Stops the client's threads and waits until they have ended. */
  @Override
  public void close() {
    threads.shutdownNow();
    try {
      if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("HTTP client threads did not stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.fanin.samples.fetch;

import dev.fanin.Completion;
import dev.fanin.java.Completions;
import dev.fanin.java.FaninBlocking;
import dev.fanin.Outcome;
import dev.fanin.samples.cli.SampleCommandLine;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Parallel fetch: a few hundred pages from a local server, some slow, some broken, some that never
 * answer, fetched with a concurrency limit and a timeout per request.
 *
 * <p>By default it uses the bounded {@code asCompleted}: page tasks come from a lazy source, at
 * most {@code --limit} run at once, and each result arrives as it finishes with its index, which
 * names the URL that just finished. Each task is a blocking HTTP call under {@code waitFor}, whose
 * timeout interrupts the call and aborts the request. With {@code --settled} it fetches the same
 * pages with {@code gatherSettled} on an executor of {@code --limit} threads, and reports the
 * outcomes in page order once all are in. Either way a progress bar follows the run, and a summary
 * ends it.
 *
 * <p>Run it from the repository root with
 *
 * <pre>
 * mvn -q -pl samples -am -DskipTests -Prun verify -Dsample=dev.fanin.samples.fetch.ParallelFetch
 * </pre>
 *
 * adding {@code -Dexec.args="--settled"} for the second mode; {@link FetchOptions} lists the other
 * options. The server listens on 127.0.0.1 only, on a free port, and stops at the end.
 */
public final class ParallelFetch {
  private ParallelFetch() {}

  /**
   * Starts the server, fetches every page, prints a line per page and the summary.
   *
   * @param args the options {@link FetchOptions#USAGE} lists; {@code --help} prints them
   * @throws Exception if the server cannot start or the run is interrupted
   */
  public static void main(String[] args) throws Exception {
    FetchOptions options =
        SampleCommandLine.parseOrExit(FetchOptions.USAGE, args, FetchOptions::parse);
    try (PageServer server = PageServer.start(options.plan());
        PageFetcher fetcher = new PageFetcher()) {
      FetchSummary summary;
      try (FetchConsole console = FetchConsole.onTerminal(System.out, options.pages())) {
        summary = fetch(server, fetcher, options, console);
      }
      System.out.println(summary.describe());
    }
  }

  /**
   * Fetches every page of {@code server}, reporting each on {@code console}.
   *
   * @param server the pages
   * @param fetcher the HTTP client
   * @param options how to fetch them
   * @param console where each page is reported
   * @return the summary
   * @throws InterruptedException if interrupted; the requests in flight are then aborted
   */
  static FetchSummary fetch(
      PageServer server, PageFetcher fetcher, FetchOptions options, FetchConsole console)
      throws InterruptedException {
    console.println(
        (options.settled() ? "gatherSettled" : "asCompleted")
            + ": "
            + options.pages()
            + " pages, at most "
            + options.limit()
            + " at once, "
            + options.timeout().toMillis()
            + " ms per request");
    List<PageResult> results =
        options.settled()
            ? gatherSettled(server, options, fetcher, console)
            : asCompleted(server, options, fetcher, console);
    return FetchSummary.of(results);
  }

  /** Results as they finish: the completion's index says which page it was. */
  private static List<PageResult> asCompleted(
      PageServer server, FetchOptions options, PageFetcher fetcher, FetchConsole console)
      throws InterruptedException {
    // Lazy: a task is made only when a slot frees up, however many pages there are.
    Iterator<Callable<String>> source =
        IntStream.range(0, options.pages())
            .mapToObj(page -> fetchTask(fetcher, server.url(page), options.timeout()))
            .iterator();
    List<PageResult> results = new ArrayList<>();
    try (Completions<String, Callable<String>> pages =
        FaninBlocking.asCompleted(source, options.limit())) {
      while (pages.hasNext()) {
        Completion<String, Callable<String>> done = pages.take();
        PageResult result = PageResult.of(server.url(done.index()), done.outcome());
        results.add(result);
        console.println(result.describe());
        console.step(result.url());
      }
    }
    return results;
  }

  /** Outcomes in page order, once every page has one; the bar moves as the tasks end. */
  private static List<PageResult> gatherSettled(
      PageServer server, FetchOptions options, PageFetcher fetcher, FetchConsole console)
      throws InterruptedException {
    List<URI> urls = IntStream.range(0, options.pages()).mapToObj(server::url).toList();
    List<Callable<String>> tasks = new ArrayList<>();
    for (URI url : urls) {
      Callable<String> fetch = fetchTask(fetcher, url, options.timeout());
      tasks.add(
          () -> {
            try {
              return fetch.call();
            } finally {
              console.step(url);
            }
          });
    }
    // gatherSettled starts every task at once; an executor of `limit` threads is the limit.
    ExecutorService slots =
        Executors.newFixedThreadPool(options.limit(), NamedThreads.daemon("fetch-slot-"));
    List<Outcome<String>> outcomes;
    try {
      outcomes = FaninBlocking.gatherSettled(tasks, slots);
    } finally {
      slots.shutdown();
      slots.awaitTermination(10, TimeUnit.SECONDS);
    }
    List<PageResult> results = new ArrayList<>();
    for (int page = 0; page < urls.size(); page++) {
      PageResult result = PageResult.of(urls.get(page), outcomes.get(page));
      results.add(result);
      console.println(result.describe());
    }
    return results;
  }

  /**
   * One page under a deadline of its own: on expiry waitFor interrupts the request and throws
   * TimeoutException. Either way the task fails as if it had thrown the exception itself, an
   * IOException of the request or that TimeoutException, so the outcome holds it as it is.
   */
  private static Callable<String> fetchTask(PageFetcher fetcher, URI url, Duration timeout) {
    return () -> FaninBlocking.waitFor(() -> fetcher.get(url), timeout);
  }
}

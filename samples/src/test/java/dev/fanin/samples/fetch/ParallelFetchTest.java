package dev.fanin.samples.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.testing.NoLeaksExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The parallel fetch on a small plan: the summary is the plan's, every URL is reported once with
 * the status its plan gives it and the detail of its own exception (the request's IOException, the
 * deadline's TimeoutException, neither unwrapped by hand), and the limit holds at the client and at
 * the server.
 *
 * <p>Only the pages that never answer time out: the others answer within 20 ms, fifty times less
 * than the timeout, so a loaded machine does not turn them into timeouts. The test never sleeps
 * and asserts no durations; the {@code @Timeout} is a guard against hangs.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class ParallelFetchTest {
  private static final FetchOptions SMALL =
      FetchOptions.DEFAULTS
          .withPages(40)
          .withLimit(8)
          .withTimeout(Duration.ofSeconds(1))
          .withMaxDelayMs(20);

  private static final Pattern PAGE_LINE =
      Pattern.compile("(ok|failed|timed out) +(\\S+) \\((.*)\\)");

  /**
   * The progress bar library draws every bar from one static thread that lives as long as the JVM;
   * started here, before the leak check's snapshot, it is not a thread a test left behind.
   */
  @BeforeAll
  static void startProgressBarThread() {
    ProgressBar bar =
        new ProgressBarBuilder()
            .setConsumer(new DelegatingProgressBarConsumer(s -> {}, 80))
            .build();
    bar.close();
  }

  /** asCompleted: the plan's summary, each URL once, at most `limit` requests at once. */
  @Test
  void asCompleted_smallPlan_reportsEveryPageOnceWithinTheLimit() throws Exception {
    Run run = run(SMALL);

    assertEquals(new FetchSummary(34, 4, 2), run.summary);
    assertEveryPageOnce(run, SMALL);
  }

  /** gatherSettled: the same, and the pages are reported in page order. */
  @Test
  void gatherSettled_smallPlan_reportsEveryPageInOrderWithinTheLimit() throws Exception {
    FetchOptions settled = SMALL.withSettled(true);
    Run run = run(settled);

    assertEquals(new FetchSummary(34, 4, 2), run.summary);
    assertEveryPageOnce(run, settled);
    for (int page = 0; page < settled.pages(); page++) {
      assertEquals(run.server.url(page), run.pages.get(page).url, "line " + page);
    }
  }

  /**
   * The counts above are the plan's: pages 12 and 37 hang (37 before it can fail), 5, 13, 21, 29
   * fail.
   */
  @Test
  void plan_smallPlan_expectsTheCountsTheTestsAssert() {
    PagePlan plan = SMALL.plan();
    assertEquals(new FetchSummary(34, 4, 2), plan.expected());
    assertEquals(PagePlan.Kind.HANGS, plan.kind(12));
    assertEquals(PagePlan.Kind.HANGS, plan.kind(37));
    assertEquals(PagePlan.Kind.FAILS, plan.kind(5));
    assertEquals(PagePlan.Kind.OK, plan.kind(6));
  }

  /** The command line overrides the defaults it names. */
  @Test
  void parse_arguments_overrideDefaults() {
    FetchOptions options =
        FetchOptions.parse(
            "--pages", "40", "--limit", "8", "--timeout-ms", "1000", "--max-delay-ms", "20");
    assertEquals(SMALL, options);
    assertTrue(FetchOptions.parse("--settled").settled());
  }

  private static void assertEveryPageOnce(Run run, FetchOptions options) {
    assertEquals(
        options.settled()
            ? "gatherSettled: 40 pages, at most 8 at once, 1000 ms per request"
            : "asCompleted: 40 pages, at most 8 at once, 1000 ms per request",
        run.header);
    assertEquals(options.pages(), run.pages.size(), () -> String.join("\n", run.lines));
    List<URI> seen = new ArrayList<>();
    for (Reported page : run.pages) {
      int number = Integer.parseInt(page.url.getPath().substring("/pages/".length()));
      assertEquals(run.server.url(number), page.url);
      String expected =
          switch (options.plan().kind(number)) {
            case OK -> "ok";
            case FAILS -> "failed";
            case HANGS -> "timed out";
          };
      assertEquals(expected, page.label, page.url.toString());
      // The detail is read from the task's own exception, which the sample does not unwrap: the
      // request's IOException and the per-request deadline's TimeoutException arrive as they are.
      String detail =
          switch (options.plan().kind(number)) {
            case OK -> "page " + number;
            case FAILS -> "HTTP 500";
            case HANGS -> "no answer in time";
          };
      assertEquals(detail, page.detail, page.url.toString());
      seen.add(page.url);
    }
    assertEquals(options.pages(), seen.stream().distinct().count(), "each URL reported once");
    assertTrue(run.clientMax <= options.limit(), "client had " + run.clientMax + " in flight");
    assertTrue(run.serverMax <= options.limit(), "server answered " + run.serverMax + " at once");
    assertTrue(run.serverRequests >= options.pages(), "server saw " + run.serverRequests);
    String lastBar = run.bar.stream().reduce((first, second) -> second).orElse("");
    assertTrue(lastBar.contains(options.pages() + "/" + options.pages()), lastBar);
  }

  private static Run run(FetchOptions options) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Queue<String> bar = new ConcurrentLinkedQueue<>();
    Run run = new Run();
    try (PageServer server = PageServer.start(options.plan());
        PageFetcher fetcher = new PageFetcher()) {
      try (FetchConsole console =
          FetchConsole.withBar(
              out, new DelegatingProgressBarConsumer(bar::add, 100), options.pages())) {
        run.summary = ParallelFetch.fetch(server, fetcher, options, console);
      }
      run.server = server;
      run.clientMax = fetcher.maxInFlight();
      run.serverMax = server.maxAnswering();
      run.serverRequests = server.requests();
    }
    run.bar = List.copyOf(bar);
    run.lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    run.header = run.lines.get(0);
    for (String line : run.lines.subList(1, run.lines.size())) {
      Matcher matcher = PAGE_LINE.matcher(line);
      assertTrue(matcher.matches(), line);
      run.pages.add(
          new Reported(matcher.group(1), URI.create(matcher.group(2)), matcher.group(3)));
    }
    return run;
  }

  private record Reported(String label, URI url, String detail) {}

  private static final class Run {
    FetchSummary summary;
    PageServer server;
    int clientMax;
    int serverMax;
    int serverRequests;
    List<String> bar;
    List<String> lines;
    String header;
    final List<Reported> pages = new ArrayList<>();
  }
}

package dev.fanin.samples.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.java.Channel;
import dev.fanin.java.ReceiveResult;
import dev.fanin.samples.guide.ChoosingSnippets.Page;
import dev.fanin.testing.NoLeaksExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The guide's "Which call do I need?" examples do what the guide says. */
@ExtendWith(NoLeaksExtension.class)
@Timeout(30) // a guard against hangs only
class ChoosingSnippetsTest {
  /** waitUntil returns the finished lookup and leaves the other one running. */
  @Test
  void firstOf_returnsTheDoneOne_leavesTheOtherRunning() throws Exception {
    CompletableFuture<String> fromCache = CompletableFuture.completedFuture("cached");
    CompletableFuture<String> fromServer = new CompletableFuture<>();

    assertEquals("cached", ChoosingSnippets.firstOf(fromCache, fromServer));
    assertFalse(fromServer.isDone(), "waitUntil cancelled nothing");
    fromServer.complete("fresh"); // the slower lookup still delivers
    assertEquals("fresh", fromServer.join());
  }

  /** Every id is looked up, never more than four at a time, and results keep their position. */
  @Test
  void lookUpAll_findsEveryId_atMostFourAtATime() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostRunning = new AtomicInteger();
    Map<Integer, String> found =
        ChoosingSnippets.lookUpAll(
            IntStream.range(100, 150).boxed(),
            id -> {
              mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
              try {
                if (id == 107) {
                  throw new IllegalStateException("no user " + id);
                }
                return "user " + id;
              } finally {
                running.decrementAndGet();
              }
            });

    assertEquals(49, found.size(), "every lookup but the failed one");
    assertEquals("user 100", found.get(0));
    assertEquals("user 149", found.get(49));
    assertFalse(found.containsKey(7), "the failed lookup is a result without a value");
    assertTrue(mostRunning.get() <= 4, () -> "at most 4 at once, saw " + mostRunning.get());
  }

  /** Tasks that fork tasks: taskGroup returns once the whole tree was visited. */
  @Test
  void crawl_visitsEveryPage_atAnyDepth() throws Exception {
    Page leafA = new Page("a", List.of());
    Page leafB = new Page("b", List.of());
    Page deep = new Page("deep", List.of(new Page("deeper", List.of(new Page("deepest", List.of())))));
    Page root = new Page("root", List.of(new Page("left", List.of(leafA, leafB)), deep));

    assertEquals(7, ChoosingSnippets.crawl(root));
  }

  /** One clause fires: a biased select prefers the shutdown, and the job stays in the channel. */
  @Test
  void nextEvent_firesExactlyOneClause() throws Exception {
    Channel<String> jobs = Channel.buffered(4);
    CompletableFuture<Void> shutdown = new CompletableFuture<>();
    jobs.send("a");
    assertEquals("job a", ChoosingSnippets.nextEvent(jobs, shutdown));

    jobs.send("b");
    shutdown.complete(null);
    assertEquals("shutting down", ChoosingSnippets.nextEvent(jobs, shutdown));
    assertEquals(new ReceiveResult.Received<>("b"), jobs.tryReceive(), "the job was not consumed");
  }

  /** One select processes both channels until both are closed, at different times, and returns. */
  @Test
  void processUntilClosed_bothChannelsClosed_everyElementThenReturns() throws Exception {
    Channel<String> orders = Channel.buffered(2);
    Channel<String> refunds = Channel.rendezvous();
    orders.send("o1");
    orders.close();
    List<String> processed = new CopyOnWriteArrayList<>();
    Thread consumer =
        new Thread(
            () -> {
              try {
                ChoosingSnippets.processUntilClosed(orders, refunds, processed::add);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "consumer");
    consumer.start();
    refunds.send("r1"); // a rendezvous: returns once the select has taken it
    refunds.close();
    consumer.join();
    assertEquals(List.of("order o1", "refund r1"), processed.stream().sorted().toList());
  }
}

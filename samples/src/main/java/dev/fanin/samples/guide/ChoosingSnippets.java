package dev.fanin.samples.guide;

import dev.fanin.java.Channel;
import dev.fanin.Completion;
import dev.fanin.java.Completions;
import dev.fanin.java.FaninBlocking;
import dev.fanin.ReturnWhen;
import dev.fanin.java.ChannelClosedException;
import dev.fanin.java.Select;
import dev.fanin.java.TaskGroup;
import dev.fanin.WaitResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The guide's "Which call do I need?" examples (docs/guide.md), run by {@code
 * ChoosingSnippetsTest}.
 */
public final class ChoosingSnippets {
  private ChoosingSnippets() {}

  /**
   * The first of two lookups to finish, leaving the other running.
   *
   * @param fromCache one lookup
   * @param fromServer the other
   * @return the value of whichever finished first
   * @throws InterruptedException if interrupted while waiting; neither lookup is cancelled
   */
  public static String firstOf(
      CompletableFuture<String> fromCache, CompletableFuture<String> fromServer)
      throws InterruptedException {
    WaitResult<CompletableFuture<String>> split =
        FaninBlocking.waitUntil(ReturnWhen.FIRST_COMPLETED, List.of(fromCache, fromServer));
    // waitUntil cancels nothing: the slower lookup keeps running (and may still fill the cache).
    return split.done().get(0).join();
  }

  /**
   * Looks up every id of a lazy stream, at most four at a time.
   *
   * @param ids the ids, pulled only as results are taken
   * @param lookUp the lookup, run on Fanin's default executor
   * @return the found values by the position of their id in {@code ids}
   * @throws InterruptedException if interrupted; the running lookups are then cancelled
   */
  public static Map<Integer, String> lookUpAll(Stream<Integer> ids, Function<Integer, String> lookUp)
      throws InterruptedException {
    Map<Integer, String> found = new TreeMap<>();
    Stream<Callable<String>> lookups = ids.map(id -> () -> lookUp.apply(id));
    // At most 4 lookups running or untaken at once; the stream is pulled only as results are taken.
    try (Completions<String, Callable<String>> results = FaninBlocking.asCompleted(lookups, 4)) {
      while (results.hasNext()) {
        Completion<String, Callable<String>> result = results.take();
        // Completion order; index() says which input it was. A failed lookup is a result too.
        if (result.isSuccess()) {
          found.put(result.index(), result.value());
        }
      }
    }
    return found;
  }

  /**
   * A page of a site whose links form a tree.
   *
   * @param name the page's name
   * @param links the pages it links to
   */
  public record Page(String name, List<Page> links) {}

  /**
   * Visits every page reachable from {@code root}, each in a task of its own.
   *
   * @param root the first page
   * @return how many pages were visited
   * @throws InterruptedException if interrupted; every task is then cancelled and has stopped
   */
  public static int crawl(Page root) throws InterruptedException {
    AtomicInteger visited = new AtomicInteger();
    FaninBlocking.taskGroup(
        group -> {
          visit(root, group, visited);
          return null;
        });
    // taskGroup has returned: every task forked into the group, at any depth, has completed.
    return visited.get();
  }

  private static void visit(Page page, TaskGroup.Forks group, AtomicInteger visited) {
    visited.incrementAndGet();
    for (Page link : page.links()) {
      // A task forks more tasks into the same group: no futures to collect or join by hand.
      group.fork(() -> visit(link, group, visited));
    }
  }

  /**
   * Waits for the next event: a shutdown request, a job, or a second without either.
   *
   * @param jobs the queued jobs
   * @param shutdown completed when the program should stop
   * @return what happened
   * @throws InterruptedException if interrupted while waiting; nothing is received
   */
  public static String nextEvent(Channel<String> jobs, CompletableFuture<Void> shutdown)
      throws InterruptedException {
    // Exactly one clause fires; the others receive nothing and cancel nothing.
    return Select.<String>biased() // biased: when several are ready, the first clause added wins
        .onComplete(shutdown, done -> "shutting down")
        .onReceive(jobs, job -> "job " + job)
        .onTimeout(Duration.ofSeconds(1), () -> "idle")
        .select();
  }

  /**
   * Processes every order and every refund until both channels are closed and drained.
   *
   * @param orders the orders; closed by their producer when it is done
   * @param refunds the refunds; closed by their producer when it is done
   * @param process what to do with each one
   * @throws InterruptedException if interrupted while waiting
   * @throws ChannelClosedException if a producer closed its channel with a cause (its failure)
   */
  public static void processUntilClosed(
      Channel<String> orders, Channel<String> refunds, Consumer<String> process)
      throws InterruptedException {
    // One select for the whole loop: a closed, drained channel leaves it, the rest keep going.
    Select<Boolean> merge =
        Select.<Boolean>create()
            .onReceiveUntilClosed(orders, order -> { process.accept("order " + order); return true; })
            .onReceiveUntilClosed(refunds, refund -> { process.accept("refund " + refund); return true; })
            .onAllClosed(() -> false); // both closed: the end
    while (merge.select()) {
      // one element processed
    }
  }
}

package dev.fanin.samples.guide;

import dev.fanin.java.Fanin;
import dev.fanin.java.FaninBlocking;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The guide's "Threads and executors" and "Virtual threads" examples (docs/guide.md), run by {@code
 * ThreadSnippetsTest}.
 */
public final class ThreadSnippets {
  private ThreadSnippets() {}

  /**
   * Counts the words of each document on a pool sized for the CPU.
   *
   * @param documents the texts
   * @return the word counts, in the order of {@code documents}
   * @throws InterruptedException if interrupted; the counts are then cancelled and have stopped
   */
  public static List<Integer> wordCounts(List<String> documents) throws InterruptedException {
    ExecutorService cpu = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    try {
      List<Callable<Integer>> counts =
          documents.stream().<Callable<Integer>>map(d -> () -> d.split("\\s+").length).toList();
      // CPU-bound tasks on a pool sized for them. Tasks on a bounded pool must not block on
      // nested Fanin calls: those could wait for a thread that never frees up (adr/0001).
      return FaninBlocking.gather(counts, cpu);
    } finally {
      cpu.shutdown();
    }
  }

  /**
   * The total length of the pages, summed on {@code executor}.
   *
   * @param fetches the tasks
   * @param executor where the sum runs
   * @return a future of the total
   */
  public static CompletableFuture<Integer> totalLength(
      List<Callable<String>> fetches, Executor executor) {
    return Fanin.gather(fetches)
        // A plain thenApply would run on whichever thread completes the gather, usually a Fanin
        // task's thread: a stage that blocks or runs long belongs on an executor of its own.
        .thenApplyAsync(pages -> pages.stream().mapToInt(String::length).sum(), executor);
  }

  /**
   * {@return the name of the thread a task runs on by default}
   *
   * @throws InterruptedException if interrupted
   */
  public static String defaultTaskThread() throws InterruptedException {
    // JDK 21+: "fanin-virtual", a new virtual thread per task. JDK 17-20: "fanin-worker-N",
    // a daemon thread of a cached pool. Neither keeps the JVM alive.
    List<String> names = FaninBlocking.gather(List.of(() -> Thread.currentThread().getName()));
    return names.get(0);
  }

  /** A service a request handler calls. */
  public interface Backend {
    /**
     * {@return the user's name}
     *
     * @param id the user
     * @throws IOException if the service fails
     */
    String user(String id) throws IOException;

    /**
     * {@return the user's orders}
     *
     * @param id the user
     * @throws IOException if the service fails
     */
    List<String> orders(String id) throws IOException;
  }

  /**
   * Serves one request: loads the user and their orders concurrently.
   *
   * @param backend the service
   * @param userId the user
   * @return the page
   * @throws InterruptedException if interrupted; both loads are then cancelled and have stopped
   */
  public static String page(Backend backend, String userId) throws InterruptedException {
    // Plain blocking code, meant for a thread per request (a virtual thread per request on JDK 21+):
    // waiting parks the thread, and a virtual thread that waits frees its carrier.
    return FaninBlocking.taskGroup(
        group -> {
          CompletableFuture<String> user = group.fork(() -> backend.user(userId));
          CompletableFuture<List<String>> orders = group.fork(() -> backend.orders(userId));
          return user.join() + ": " + orders.join().size() + " orders";
        });
  }
}

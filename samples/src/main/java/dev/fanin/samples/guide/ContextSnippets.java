package dev.fanin.samples.guide;

import dev.fanin.java.FaninBlocking;
import dev.fanin.java.FaninConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The guide's "Context: thread locals, logging, tracing" examples (docs/guide.md) and {@code
 * FaninConfig}'s, run by {@code ContextSnippetsTest}. A request id kept in a plain {@link
 * ThreadLocal} stands for a logging MDC or a tracing span.
 */
public final class ContextSnippets {
  /** The request a thread is serving, as a web framework or a logging MDC would keep it. */
  public static final ThreadLocal<String> REQUEST_ID = new ThreadLocal<>();

  private ContextSnippets() {}

  /**
   * Makes every task Fanin starts see the request id of the thread that started it. Call it once,
   * at startup, before anything uses Fanin.
   */
  public static void propagateRequestId() {
    FaninConfig.setTaskDecorator(
        task -> {
          String id = REQUEST_ID.get(); // on the thread that starts the task
          return () -> {
            String previous = REQUEST_ID.get(); // on the task's thread
            REQUEST_ID.set(id);
            try {
              return task.call();
            } finally {
              REQUEST_ID.set(previous); // a pool thread must not keep it
            }
          };
        });
  }

  /**
   * Runs every task whose call names no executor on {@code serviceExecutor}. Call it once, at
   * startup, before anything uses Fanin.
   *
   * @param serviceExecutor the service's own executor
   */
  public static void runTasksOn(Executor serviceExecutor) {
    // In main, before anything uses Fanin: tasks on the service's own executor.
    FaninConfig.setDefaultExecutor(serviceExecutor);
  }

  /**
   * Looks up every key for the current request, concurrently.
   *
   * @param keys what to look up
   * @return one line per key, saying which request the lookup served
   * @throws InterruptedException if interrupted; the lookups are then cancelled and have stopped
   */
  public static List<String> lookUpAll(List<String> keys) throws InterruptedException {
    List<Callable<String>> lookups =
        keys.stream()
            // Each task runs on another thread, where REQUEST_ID is set by the decorator.
            .<Callable<String>>map(key -> () -> REQUEST_ID.get() + " looked up " + key)
            .toList();
    return FaninBlocking.gather(lookups);
  }

  /**
   * Renders a page for the current request within a deadline.
   *
   * @param user the user to render
   * @return the page
   * @throws Exception if the deadline passes, or a lookup fails
   */
  public static String page(String user) throws Exception {
    return FaninBlocking.timeoutScope(
        Duration.ofSeconds(5),
        scope ->
            FaninBlocking.taskGroup(
                group -> {
                  // Both bodies run on this thread: REQUEST_ID is here without a decorator.
                  String request = REQUEST_ID.get();
                  // The forked task runs elsewhere; the decorator carries REQUEST_ID to it.
                  CompletableFuture<String> orders = group.fork(() -> REQUEST_ID.get() + " orders");
                  return request + " page for " + user + " with " + orders.join();
                }));
  }
}

package dev.fanin.samples.tour;

import dev.fanin.java.FaninBlocking;
import dev.fanin.ReturnWhen;
import dev.fanin.WaitResult;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code waitUntil}: wait on several futures until a condition holds, and get the caller's own
 * futures back, split into done and pending (asyncio's {@code wait}). It never cancels anything, not
 * even on timeout.
 */
final class WaitUntilTour {
  private WaitUntilTour() {}

  static void run(PrintStream out) throws Exception {
    CompletableFuture<String> fast = new CompletableFuture<>();
    CompletableFuture<String> slow = new CompletableFuture<>();
    CompletableFuture<String> failing = new CompletableFuture<>();
    List<CompletableFuture<String>> phases = List.of(fast, slow, failing);

    fast.complete("fast result");
    WaitResult<CompletableFuture<String>> first =
        FaninBlocking.waitUntil(ReturnWhen.FIRST_COMPLETED, phases);
    out.println("FIRST_COMPLETED: " + describe(first, phases));

    failing.completeExceptionally(new IllegalStateException("bad phase"));
    WaitResult<CompletableFuture<String>> firstError =
        FaninBlocking.waitUntil(ReturnWhen.FIRST_EXCEPTION, phases);
    out.println("FIRST_EXCEPTION: " + describe(firstError, phases));

    WaitResult<CompletableFuture<String>> timedOut =
        FaninBlocking.waitUntil(ReturnWhen.ALL_COMPLETED, phases, Duration.ofMillis(50));
    out.println("ALL_COMPLETED within 50 ms: " + describe(timedOut, phases));
    out.println("the pending phase was cancelled: " + slow.isCancelled());

    slow.complete("slow result");
    WaitResult<CompletableFuture<String>> all =
        FaninBlocking.waitUntil(ReturnWhen.ALL_COMPLETED, phases);
    out.println("ALL_COMPLETED: " + describe(all, phases));
  }

  /** Names each handle by its position in {@code phases}: the result holds the caller's objects. */
  private static String describe(
      WaitResult<CompletableFuture<String>> result, List<CompletableFuture<String>> phases) {
    return "done " + positions(result.done(), phases) + ", pending " + positions(result.pending(), phases);
  }

  private static List<Integer> positions(
      List<CompletableFuture<String>> handles, List<CompletableFuture<String>> phases) {
    return handles.stream().map(phases::indexOf).toList();
  }
}

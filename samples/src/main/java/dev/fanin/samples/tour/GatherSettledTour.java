package dev.fanin.samples.tour;

import dev.fanin.java.FaninBlocking;
import dev.fanin.Outcome;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code gatherSettled}: run tasks concurrently and get one {@link Outcome} per task, in argument
 * order, instead of failing on the first exception (asyncio's {@code return_exceptions=True}).
 *
 * <p>A task that returns {@code null} is a {@link Outcome.Success} with a {@code null} value, not a
 * failure; a task that throws is a {@link Outcome.Failure} holding its own exception, checked ones
 * included.
 */
final class GatherSettledTour {
  private GatherSettledTour() {}

  static void run(PrintStream out) throws Exception {
    List<Callable<String>> tasks =
        List.of(
            () -> null,
            () -> {
              throw new IOException("disk full");
            },
            () -> "saved");

    List<Outcome<String>> outcomes = FaninBlocking.gatherSettled(tasks);
    for (int i = 0; i < outcomes.size(); i++) {
      out.println("task " + i + ": " + describe(outcomes.get(i)));
    }
  }

  private static String describe(Outcome<String> outcome) {
    if (outcome instanceof Outcome.Success<String> success) {
      return "Success, value " + success.value();
    } else if (outcome instanceof Outcome.Failure<String> failure) {
      return "Failure, " + failure.exception();
    } else if (outcome instanceof Outcome.Cancelled<String> cancelled) {
      return "Cancelled, " + cancelled.exception();
    }
    throw new AssertionError(outcome);
  }
}

package dev.fanin.samples.quickstart;

import dev.fanin.java.Fanin;
import dev.fanin.java.FaninBlocking;
import dev.fanin.java.Outcome;
import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The README's Java examples, compiled and run by {@code QuickStartTest}. */
public final class QuickStart {
  private QuickStart() {}

  /**
   * Runs the README's Java examples.
   *
   * @param args ignored
   * @throws Exception if an example fails
   */
  public static void main(String[] args) throws Exception {
    run(System.out);
  }

  static void run(PrintStream out) throws Exception {
    // Blocking form: results in argument order; the first failure cancels the other tasks.
    List<String> pages = FaninBlocking.gather(List.of(() -> fetch("a"), () -> fetch("b")));

    // Settled form: one Outcome per task instead of failing on the first exception.
    List<Outcome<String>> outcomes =
        FaninBlocking.gatherSettled(List.of(() -> fetch("a"), () -> fetch("missing")));

    // CompletableFuture form with a deadline: on expiry the task is interrupted.
    CompletableFuture<String> page = Fanin.waitFor(() -> fetch("slow"), Duration.ofSeconds(2));

    out.println(pages);
    out.println(outcomes.get(1) instanceof Outcome.Failure);
    out.println(page.join());
  }

  private static String fetch(String name) throws FileNotFoundException {
    if (name.equals("missing")) {
      throw new FileNotFoundException(name);
    }
    return "page " + name;
  }
}

package dev.fanin.samples.quickstart;

import dev.fanin.java.Channel;
import dev.fanin.Completion;
import dev.fanin.java.Completions;
import dev.fanin.java.Fanin;
import dev.fanin.java.FaninBlocking;
import dev.fanin.Outcome;
import dev.fanin.samples.cli.SampleCommandLine;
import dev.fanin.java.Select;
import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/** The README's Java examples, compiled and run by {@code QuickStartTest}. */
public final class QuickStart {
  /** The command line, printed by {@code --help} and when the command line is wrong. */
  public static final String USAGE =
      "usage: QuickStart\n  runs the README's Java examples; takes no options";

  private QuickStart() {}

  /**
   * Runs the README's Java examples.
   *
   * @param args none; {@code --help} prints the usage
   * @throws Exception if an example fails
   */
  public static void main(String[] args) throws Exception {
    SampleCommandLine.noOptionsOrExit(USAGE, args);
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

    // asCompleted: results as they finish, each naming the task it came from.
    Set<String> finished = new TreeSet<>();
    try (Completions<String, Callable<String>> done =
        FaninBlocking.asCompleted(List.of(() -> fetch("a"), () -> fetch("b")))) {
      while (done.hasNext()) {
        Completion<String, Callable<String>> next = done.take();
        finished.add("task " + next.index() + ": " + next.value());
      }
    }

    // Select: whichever is ready first, a channel's element or a timeout.
    Channel<String> orders = Channel.buffered(8);
    orders.send("order 1");
    String handled =
        Select.<String>create()
            .onReceive(orders, order -> "handled " + order)
            .onTimeout(Duration.ofSeconds(1), () -> "no order within 1 s")
            .select();

    out.println(pages);
    out.println(outcomes.get(1) instanceof Outcome.Failure);
    out.println(page.join());
    out.println(finished);
    out.println(handled);
  }

  private static String fetch(String name) throws FileNotFoundException {
    if (name.equals("missing")) {
      throw new FileNotFoundException(name);
    }
    return "page " + name;
  }
}

package dev.fanin.samples.tour;

import dev.fanin.samples.cli.SampleCommandLine;
import java.io.PrintStream;

/**
 * A tour of Fanin's Java API: short programs that print what each call did.
 *
 * <p>Run it from the repository root with {@code mvn -q -pl samples -am -DskipTests -Prun verify
 * -Dsample=dev.fanin.samples.tour.Tour}.
 * The output is the same on every run: the order of events is driven by latches, never by sleeps,
 * and {@code TourTest} checks every line. {@code KotlinTour} is the same tour in Kotlin.
 */
public final class Tour {
  /** The command line, printed by {@code --help} and when the command line is wrong. */
  public static final String USAGE =
      "usage: Tour\n  prints what each Fanin call does, one section per operation; takes no options";

  private Tour() {}

  /**
   * Runs every section in order, printing to {@link System#out}. Fanin's threads are daemon or
   * virtual threads, so the program exits as soon as this returns.
   *
   * @param args none; {@code --help} prints the usage
   * @throws Exception if a section fails
   */
  public static void main(String[] args) throws Exception {
    SampleCommandLine.noOptionsOrExit(USAGE, args);
    run(System.out);
  }

  static void run(PrintStream out) throws Exception {
    section(out, "gather: results in argument order", GatherTour::run);
    section(out, "gatherSettled: one outcome per task", GatherSettledTour::run);
    section(out, "gather: the first failure cancels the rest", GatherFailureTour::run);
    section(out, "waitFor: one task with a deadline", WaitForTour::run);
    section(out, "timeoutScope: a deadline for a block of code", TimeoutScopeTour::run);
    section(out, "waitUntil: split futures into done and pending", WaitUntilTour::run);
    section(out, "asCompleted: results as they finish, naming their task", AsCompletedTour::run);
    section(out, "TaskGroup: tasks owned by a scope", TaskGroupTour::run);
    section(out, "Channel and WorkQueue: threads passing elements", ChannelTour::run);
    section(out, "Select: the first of several things to be ready", SelectTour::run);
    section(out, "SelectLoop: multi_await's activity tracker", SelectLoopTour::run);
  }

  private static void section(PrintStream out, String title, Section section) throws Exception {
    out.println("== " + title + " ==");
    section.run(out);
  }

  @FunctionalInterface
  private interface Section {
    void run(PrintStream out) throws Exception;
  }
}

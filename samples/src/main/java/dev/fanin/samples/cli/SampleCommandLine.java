package dev.fanin.samples.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;

/**
 * The samples' command line, the same for every main: {@code --help} (or {@code -h}) prints the
 * usage on standard output and exits with status 0; a command line the sample cannot read prints
 * what is wrong and the usage on standard error and exits with status {@value #USAGE_ERROR},
 * without a stack trace. Only a failure of the program itself still ends in an exception.
 */
public final class SampleCommandLine {
  /** The exit status of a command line the sample cannot read, as with most Unix tools. */
  public static final int USAGE_ERROR = 2;

  private SampleCommandLine() {}

  /**
   * Reads {@code args} with {@code parser}, or ends the JVM: with status 0 after printing
   * {@code usage} if help was asked for, with {@link #USAGE_ERROR} after printing the problem and
   * {@code usage} if {@code parser} throws {@link IllegalArgumentException}.
   *
   * @param <T> the options type
   * @param usage the usage text, its first line starting with {@code "usage: "}
   * @param args the command line
   * @param parser reads the command line; throws {@link IllegalArgumentException} naming the
   *     argument it cannot read
   * @return the options
   */
  public static <T> T parseOrExit(String usage, String[] args, Function<String[], T> parser) {
    Result<T> result = parse(usage, args, parser, System.out, System.err);
    if (result.exitStatus() >= 0) {
      System.out.flush();
      System.err.flush();
      System.exit(result.exitStatus());
    }
    return result.options();
  }

  /**
   * For a sample that takes no options: returns if {@code args} is empty, else ends the JVM as
   * {@link #parseOrExit} does.
   *
   * @param usage the usage text
   * @param args the command line
   */
  public static void noOptionsOrExit(String usage, String[] args) {
    parseOrExit(usage, args, SampleCommandLine::rejectAny);
  }

  /**
   * The decision {@link #parseOrExit} acts on, without exiting: what it prints goes to {@code out}
   * and {@code err}.
   *
   * @param <T> the options type
   * @param usage the usage text
   * @param args the command line
   * @param parser reads the command line
   * @param out where the usage goes when asked for
   * @param err where a problem and the usage go
   * @return the options, or the status to exit with
   */
  public static <T> Result<T> parse(
      String usage,
      String[] args,
      Function<String[], T> parser,
      PrintStream out,
      PrintStream err) {
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(args, "args");
    Objects.requireNonNull(parser, "parser");
    if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
      out.println(usage);
      return new Result<>(null, 0);
    }
    try {
      return new Result<>(parser.apply(args), -1);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.println(usage);
      return new Result<>(null, USAGE_ERROR);
    }
  }

  /**
   * What {@link #parse} decided.
   *
   * @param <T> the options type
   * @param options the options read; null if the program is to exit
   * @param exitStatus the status to exit with, or -1 to run the program
   */
  public record Result<T>(T options, int exitStatus) {}

  private static Void rejectAny(String[] args) {
    if (args.length > 0) {
      throw new IllegalArgumentException("unknown option: " + args[0]);
    }
    return null;
  }
}

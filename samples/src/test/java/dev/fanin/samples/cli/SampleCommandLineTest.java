package dev.fanin.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample's main prints its usage for {@code --help} and exits 0, and for an option it does not
 * know prints the problem and the usage and exits 2, with no stack trace. The mains are run as
 * programs, each in a JVM of its own, because they end the JVM.
 */
class SampleCommandLineTest {
  private static final String USAGE = "usage: Demo [--n N]";

  /** Every sample's main class: samples/run.sh and the README name each. */
  static List<String> mains() {
    return List.of(
        "dev.fanin.samples.tracker.ActivityTrackerApp",
        "dev.fanin.samples.fetch.ParallelFetch",
        "dev.fanin.samples.workers.QueueWorkers",
        "dev.fanin.samples.tour.Tour",
        "dev.fanin.samples.tour.KotlinTour",
        "dev.fanin.samples.quickstart.QuickStart",
        "dev.fanin.samples.quickstart.QuickStartKt");
  }

  /** {@code --help} anywhere on the command line wins: usage on out, status 0, parser not run. */
  @Test
  void parse_help_printsUsageAndExitsZero() {
    Streams streams = new Streams();
    SampleCommandLine.Result<String> result =
        SampleCommandLine.parse(
            USAGE,
            new String[] {"--n", "1", "--help"},
            args -> {
              throw new AssertionError("parser run");
            },
            streams.out,
            streams.err);
    assertEquals(0, result.exitStatus());
    assertEquals(USAGE + "\n", streams.out());
    assertEquals("", streams.err());
  }

  /** A parser's IllegalArgumentException becomes its message and the usage on err, status 2. */
  @Test
  void parse_badOption_printsProblemAndUsageAndExitsTwo() {
    Streams streams = new Streams();
    SampleCommandLine.Result<String> result =
        SampleCommandLine.parse(
            USAGE,
            new String[] {"--m"},
            args -> {
              throw new IllegalArgumentException("unknown option: --m");
            },
            streams.out,
            streams.err);
    assertEquals(SampleCommandLine.USAGE_ERROR, result.exitStatus());
    assertNull(result.options());
    assertEquals("", streams.out());
    assertEquals("error: unknown option: --m\n" + USAGE + "\n", streams.err());
  }

  /** A command line the parser reads gives its options and no exit. */
  @Test
  void parse_goodOptions_returnsThem() {
    Streams streams = new Streams();
    SampleCommandLine.Result<String> result =
        SampleCommandLine.parse(
            USAGE, new String[] {"--n", "1"}, args -> String.join(" ", args), streams.out, streams.err);
    assertEquals(-1, result.exitStatus());
    assertEquals("--n 1", result.options());
    assertEquals("", streams.out() + streams.err());
  }

  /** samples/run.sh starts every main by a short name. */
  @Test
  void runScript_namesEveryMain() throws IOException {
    String script = Files.readString(Path.of("run.sh"));
    for (String main : mains()) {
      assertTrue(script.contains(" main=" + main + " ;;"), main);
    }
  }

  /** Each main, run as a program with --help, prints its usage and exits 0. */
  @ParameterizedTest
  @MethodSource("mains")
  @Timeout(value = 2, unit = TimeUnit.MINUTES) // a guard against a hang only
  void main_help_printsUsageAndExitsZero(String mainClass) throws Exception {
    Run run = Run.of(mainClass, "--help");
    assertEquals(0, run.status, run.toString());
    assertTrue(run.out.startsWith("usage: "), run.toString());
    assertEquals("", run.err, run.toString());
  }

  /** Each main, run as a program with an option it does not know, exits 2 without a stack trace. */
  @ParameterizedTest
  @MethodSource("mains")
  @Timeout(value = 2, unit = TimeUnit.MINUTES) // a guard against a hang only
  void main_unknownOption_printsUsageAndExitsTwo(String mainClass) throws Exception {
    Run run = Run.of(mainClass, "--no-such-option");
    assertEquals(SampleCommandLine.USAGE_ERROR, run.status, run.toString());
    assertEquals("", run.out, run.toString());
    assertTrue(
        run.err.startsWith("error: unknown option: --no-such-option\nusage: "), run.toString());
    assertFalse(run.err.contains("Exception"), run.toString());
    assertFalse(run.err.contains("\tat "), run.toString());
  }

  /** A main run in a JVM of its own, on this test's class path. */
  private record Run(int status, String out, String err) {
    static Run of(String mainClass, String... args) throws IOException, InterruptedException {
      Path out = Files.createTempFile("sample-out", ".txt");
      Path err = Files.createTempFile("sample-err", ".txt");
      try {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        Process process =
            new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        process.getOutputStream().close();
        int status = process.waitFor();
        return new Run(
            status,
            Files.readString(out).replace(System.lineSeparator(), "\n"),
            Files.readString(err).replace(System.lineSeparator(), "\n"));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    }
  }

  private static final class Streams {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    String out() {
      return outBytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    String err() {
      return errBytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }
  }
}

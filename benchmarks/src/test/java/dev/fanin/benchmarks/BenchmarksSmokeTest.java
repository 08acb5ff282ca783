package dev.fanin.benchmarks;

import dev.fanin.benchmarks.report.BenchmarkReport;
import dev.fanin.benchmarks.scale.ScaleTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.format.ResultFormatType;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark once, briefly and in-process, so a benchmark that throws or is not
 * registered (no generated code, no BenchmarkList entry) fails the build. It measures nothing.
 * Benchmarks with an {@code n} parameter run with {@code n = 16} (the task-group ones then fork 16
 * tasks, next to their smallest size of 10); the bounded asCompleted ones keep their 1024 tasks (a
 * call takes well under a millisecond). The channel and select benchmarks, which have a {@code
 * threadKind} parameter, run on virtual threads on JDK 21+ and on platform threads before (CI runs
 * both JDKs, so both kinds are covered); a call moves 8192 elements, up to about 0.4 s on platform
 * threads. Then it runs every scale test variant this JVM can run with 1,000 tasks of 1 ms and
 * writes the report from both.
 */
class BenchmarksSmokeTest {
  /** Every class with benchmarks; a new benchmark class must be added here. */
  private static final List<Class<?>> BENCHMARK_CLASSES =
      List.of(
          GatherJavaBenchmark.class,
          GatherKotlinBenchmark.class,
          GatherTasksBenchmark.class,
          RaceBenchmark.class,
          HopBenchmark.class,
          AsCompletedJavaBenchmark.class,
          AsCompletedKotlinBenchmark.class,
          TaskGroupJavaBenchmark.class,
          TaskGroupKotlinBenchmark.class,
          ChannelJavaBenchmark.class,
          ChannelKotlinBenchmark.class,
          SelectJavaBenchmark.class,
          SelectKotlinBenchmark.class,
          SelectLoopBenchmark.class);

  /**
   * Built only by the jdk25 profile (src/jdk25/java, release 25 with preview features): each is run
   * when it can be loaded, that is on JDK 25 with --enable-preview after a -Pjdk25 build.
   */
  private static final List<String> JDK25_BENCHMARKS =
      List.of(
          "dev.fanin.benchmarks.StructuredTaskScopeBenchmark",
          "dev.fanin.benchmarks.JoxChannelBenchmark",
          "dev.fanin.benchmarks.JoxSelectBenchmark");

  /** The scale test's {@code sts} variant, built and loadable as the JDK 25 benchmarks are. */
  private static final String STRUCTURED_TASK_SCOPE_FORK_JOIN =
      "dev.fanin.benchmarks.StructuredTaskScopeForkJoin";

  /** Need virtual threads: before JDK 21 their state's setup refuses to run, so they are left out. */
  private static final List<String> VIRTUAL_THREADS_BENCHMARKS =
      Stream.of(
              "invokeAllVirtualThreads",
              "floorFuturePerTaskVirtualThreads",
              "floorContextPerTaskVirtualThreads",
              "floorContextPerTaskNamedVirtualThreads")
          .map(method -> TaskGroupJavaBenchmark.class.getName() + "." + method)
          .toList();

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void everyBenchmarkRunsAndProducesAResult(@TempDir Path resultsDir) throws Exception {
    List<Class<?>> classes = new ArrayList<>(BENCHMARK_CLASSES);
    OptionsBuilder builder = new OptionsBuilder();
    for (String name : JDK25_BENCHMARKS) {
      Class<?> jdk25Benchmark = loadIfPossible(name);
      if (jdk25Benchmark != null) {
        classes.add(jdk25Benchmark);
      } else {
        builder.exclude(Pattern.quote(name));
      }
    }
    boolean virtualThreads = Runtime.version().feature() >= 21;
    String threadKind = virtualThreads ? "virtual" : "platform";
    if (!virtualThreads) {
      VIRTUAL_THREADS_BENCHMARKS.forEach(name -> builder.exclude(Pattern.quote(name)));
    }
    Options options =
        builder
            .include("dev.fanin.benchmarks")
            .forks(0)
            .warmupIterations(0)
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(50))
            .param("n", "16")
            .param("threadKind", threadKind)
            .verbosity(VerboseMode.SILENT)
            .resultFormat(ResultFormatType.JSON)
            .result(resultsDir.resolve("jmh-smoke.json").toString())
            .build();

    Collection<RunResult> results = new Runner(options).run();

    Set<String> expected = new TreeSet<>();
    for (Class<?> type : classes) {
      for (Method method : type.getDeclaredMethods()) {
        if (method.isAnnotationPresent(Benchmark.class)) {
          expected.add(type.getName() + "." + method.getName());
        }
      }
    }
    if (!virtualThreads) {
      expected.removeAll(VIRTUAL_THREADS_BENCHMARKS);
    }
    Set<String> ran =
        results.stream()
            .map(result -> result.getParams().getBenchmark())
            .collect(Collectors.toCollection(TreeSet::new));

    assertFalse(expected.isEmpty(), "no @Benchmark methods found");
    assertFalse(results.isEmpty(), "no benchmark ran");
    assertEquals(expected.size(), results.size(), () -> "results: " + ran);
    assertEquals(expected, ran);
    for (RunResult result : results) {
      double score = result.getPrimaryResult().getScore();
      assertTrue(
          score > 0 && Double.isFinite(score),
          () -> result.getParams().getBenchmark() + " scored " + score);
      // Benchmarks sized by n run at the smallest; the bounded ones (1024 tasks, limit 64) have no n.
      if (result.getParams().getParamsKeys().contains("n")) {
        assertEquals("16", result.getParams().getParam("n"));
      }
      if (result.getParams().getParamsKeys().contains("threadKind")) {
        assertEquals(threadKind, result.getParams().getParam("threadKind"));
      }
    }

    // The report's smoke mode: the same JSON, a tiny scale test of every variant this JVM can run,
    // and the report written from them.
    List<String> scale = new ArrayList<>();
    Set<String> scaleVariants = new TreeSet<>();
    for (String variant : ScaleTest.VARIANTS) {
      if (ScaleTest.unsupported(variant).isEmpty()) {
        scale.add(ScaleTest.run(variant, 1000, 1).toJson());
        scaleVariants.add(variant);
      }
    }
    Set<String> expectedVariants = new TreeSet<>(List.of("raw", "kotlin", "java-futures"));
    if (virtualThreads) {
      expectedVariants.addAll(List.of("vt-invokeall", "java", "java-settled", "java-taskgroup"));
    }
    if (loadIfPossible(STRUCTURED_TASK_SCOPE_FORK_JOIN) != null) {
      expectedVariants.add("sts");
    }
    assertEquals(expectedVariants, scaleVariants, "scale test variants this JVM ran");
    Files.write(resultsDir.resolve("scale.jsonl"), scale);
    Path docs = resultsDir.resolve("docs");
    BenchmarkReport.write(resultsDir, docs);
    String report = Files.readString(docs.resolve("benchmarks.md"));
    assertTrue(report.contains("| # | Target | Measured | Met |"), report);
    assertTrue(report.contains("### `GatherJavaBenchmark`"), report);
    for (String variant : scaleVariants) {
      assertTrue(report.contains("| `" + variant + "` | 1,000 |"), report);
    }
    if (virtualThreads) {
      assertTrue(report.contains("| 1M-task TaskGroup (fork each, join) over Callables that sleep: peak RSS <= 1.2x invokeAll on a virtual thread per task | "), report);
    }
    assertFalse(report.contains("{{"), "a placeholder was left in the report");
    assertTrue(Files.size(docs.resolve("benchmarks.png")) > 0);
  }

  /** The class, or null if it is absent or this JVM cannot load it (class version, preview). */
  private static Class<?> loadIfPossible(String name) {
    try {
      return Class.forName(name);
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }
}

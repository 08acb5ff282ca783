package dev.fanin.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the report reads the kind of thread that called the code measured. */
class JmhResultsTest {
  @Test
  void threadKind_comesFromTheBenchmarkThreadUnlessTheBenchmarkSetsIt(@TempDir Path dir)
      throws Exception {
    String gather = "GatherJavaBenchmark.allOfThenJoinEach";
    String channel = "ChannelJavaBenchmark.bufferedFanin";
    String virtualWorkers = "{\"threadKind\": \"virtual\"}";
    String virtualJmh = "[\"-Djmh.executor=VIRTUAL\"]";
    Path platformRun = dir.resolve("jmh-jdk25.json");
    Files.writeString(
        platformRun,
        array(
            run(gather, "{\"n\": \"16\"}", "[\"--enable-preview\"]", 10),
            run(channel, virtualWorkers, "[]", 20)));
    Path virtualRun = dir.resolve("jmh-jdk25.virtual-callers.json");
    Files.writeString(
        virtualRun,
        array(
            run(gather, "{\"n\": \"16\"}", virtualJmh, 30),
            run(channel, virtualWorkers, virtualJmh, 40)));

    JmhResults results = JmhResults.read(List.of(platformRun, virtualRun));

    assertEquals(3, results.all().size(), "the channel benchmark's second run is left out");
    assertEquals(10, score(results, gather, "platform"));
    assertEquals(30, score(results, gather, "virtual"));
    assertEquals(20, score(results, channel, "virtual"));
    assertTrue(results.find(channel, Map.of("threadKind", "platform")).isEmpty());
  }

  private static double score(JmhResults results, String benchmark, String threadKind) {
    return results.find(benchmark, Map.of(JmhResults.THREAD_KIND, threadKind)).orElseThrow().score();
  }

  /** A JSON array of the runs {@link #run} gives, as JMH writes one file. */
  static String array(String... runs) {
    return "[" + String.join(",", runs) + "]";
  }

  /** One JMH result as JMH writes it: a benchmark, its parameters and JVM options, its score in ns/op. */
  static String run(String benchmark, String params, String jvmArgs, double score) {
    return "{\"benchmark\": \"dev.fanin.benchmarks."
        + benchmark
        + "\", \"jdkVersion\": \"25\", \"vmName\": \"OpenJDK\", \"jvmArgs\": "
        + jvmArgs
        + ", \"params\": "
        + params
        + ", \"primaryMetric\": {\"score\": "
        + score
        + ", \"scoreError\": 1.0, \"scoreUnit\": \"ns/op\"}, \"secondaryMetrics\": {}}";
  }
}

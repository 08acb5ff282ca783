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
    Path platformRun = dir.resolve("jmh-jdk25.json");
    Files.writeString(
        platformRun,
        "["
            + run("GatherJavaBenchmark.allOfThenJoinEach", "{\"n\": \"16\"}", "[\"--enable-preview\"]", 10)
            + ","
            + run("ChannelJavaBenchmark.bufferedFanin", "{\"threadKind\": \"virtual\"}", "[]", 20)
            + "]");
    Path virtualRun = dir.resolve("jmh-jdk25.virtual-callers.json");
    Files.writeString(
        virtualRun,
        "["
            + run("GatherJavaBenchmark.allOfThenJoinEach", "{\"n\": \"16\"}", "[\"-Djmh.executor=VIRTUAL\"]", 30)
            + ","
            + run("ChannelJavaBenchmark.bufferedFanin", "{\"threadKind\": \"virtual\"}", "[\"-Djmh.executor=VIRTUAL\"]", 40)
            + "]");

    JmhResults results = JmhResults.read(List.of(platformRun, virtualRun));

    assertEquals(3, results.all().size(), "the channel benchmark's second run is left out");
    assertEquals(10, score(results, "GatherJavaBenchmark.allOfThenJoinEach", "platform"));
    assertEquals(30, score(results, "GatherJavaBenchmark.allOfThenJoinEach", "virtual"));
    assertEquals(20, score(results, "ChannelJavaBenchmark.bufferedFanin", "virtual"));
    assertTrue(results.find("ChannelJavaBenchmark.bufferedFanin", Map.of("threadKind", "platform")).isEmpty());
  }

  private static double score(JmhResults results, String benchmark, String threadKind) {
    return results.find(benchmark, Map.of(JmhResults.THREAD_KIND, threadKind)).orElseThrow().score();
  }

  private static String run(String benchmark, String params, String jvmArgs, double score) {
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

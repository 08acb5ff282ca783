package dev.fanin.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of the scale test's output ({@code ScaleTest}).
 *
 * @param variant one of {@code ScaleTest.VARIANTS}
 * @param tasks how many tasks were gathered
 * @param seconds the wall time of the gather
 * @param peakHeapMiB the most heap in use while it ran, garbage included
 * @param peakRssMiB the process's peak resident memory, NaN if not recorded
 * @param jdk the JDK that ran it
 */
record ScaleResult(
    String variant, int tasks, double seconds, double peakHeapMiB, double peakRssMiB, String jdk) {
  /**
   * Reads a file of JSON lines; other lines (a JVM's warnings) are skipped.
   *
   * @param file the scale test's output
   * @return its results
   * @throws IOException if the file cannot be read
   */
  static List<ScaleResult> read(Path file) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<ScaleResult> results = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.startsWith("{")) {
        continue;
      }
      JsonNode node = json.readTree(line);
      results.add(
          new ScaleResult(
              node.path("variant").asText(),
              node.path("tasks").asInt(),
              node.path("seconds").asDouble(),
              node.path("peakHeapMiB").asDouble(),
              node.path("peakRssMiB").asDouble(-1) > 0 ? node.path("peakRssMiB").asDouble() : Double.NaN,
              node.path("jdk").asText()));
    }
    return results;
  }
}

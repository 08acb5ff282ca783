package dev.fanin.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** The results of one or more JMH runs, read from JMH's JSON output ({@code -rf json}). */
final class JmhResults {
  private final List<JmhResult> results;

  private JmhResults(List<JmhResult> results) {
    this.results = List.copyOf(results);
  }

  /**
   * Reads the JMH JSON files.
   *
   * @param files each a JSON array as JMH writes it
   * @return every result, in file order
   * @throws IOException if a file cannot be read or parsed
   */
  static JmhResults read(List<Path> files) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<JmhResult> results = new ArrayList<>();
    for (Path file : files) {
      for (JsonNode run : json.readTree(file.toFile())) {
        results.add(parse(run));
      }
    }
    return new JmhResults(results);
  }

  private static JmhResult parse(JsonNode run) {
    String fullName = run.path("benchmark").asText();
    String[] parts = fullName.split("\\.");
    String benchmark = parts[parts.length - 2] + "." + parts[parts.length - 1];
    Map<String, String> params = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> param : run.path("params").properties()) {
      params.put(param.getKey(), param.getValue().asText());
    }
    JsonNode primary = run.path("primaryMetric");
    JsonNode secondary = run.path("secondaryMetrics");
    // JMH 1.37 names it gc.alloc.rate.norm; older versions put a middle dot before it.
    JsonNode alloc =
        secondary.has("gc.alloc.rate.norm")
            ? secondary.path("gc.alloc.rate.norm")
            : secondary.path("\u00b7gc.alloc.rate.norm");
    return new JmhResult(
        benchmark,
        params,
        primary.path("score").asDouble(),
        primary.path("scoreError").asDouble(Double.NaN),
        primary.path("scoreUnit").asText(),
        alloc.isMissingNode() ? OptionalDouble.empty() : OptionalDouble.of(alloc.path("score").asDouble()),
        run.path("jdkVersion").asText() + " (" + run.path("vmName").asText() + ")");
  }

  /** {@return every result} */
  List<JmhResult> all() {
    return results;
  }

  /** {@return the result of {@code benchmark} run with {@code params}, if the runs have it} */
  Optional<JmhResult> find(String benchmark, Map<String, String> params) {
    return results.stream().filter(r -> r.matches(benchmark, params)).findFirst();
  }
}

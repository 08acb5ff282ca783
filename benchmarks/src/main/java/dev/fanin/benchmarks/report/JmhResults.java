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
  /**
   * The parameter naming the kind of thread that calls the code measured: {@code platform} or
   * {@code virtual}. The channel and select benchmarks set it for their worker threads; for the
   * others it is the kind of JMH's benchmark thread.
   */
  static final String THREAD_KIND = "threadKind";

  /** The JVM option that makes JMH 1.37 run its benchmark threads on virtual threads. */
  static final String VIRTUAL_EXECUTOR = "-Djmh.executor=VIRTUAL";

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
        parse(run).ifPresent(results::add);
      }
    }
    return new JmhResults(results);
  }

  /**
   * One result, with a {@value #THREAD_KIND} parameter added when the benchmark has none: the kind
   * of JMH's own benchmark thread, which is then the thread that calls the code measured ({@code
   * virtual} when the run had {@code -Djmh.executor=VIRTUAL}, else {@code platform}). Empty for a
   * benchmark with its own {@value #THREAD_KIND} run on virtual JMH threads: its callers are its
   * own workers, so that run repeats the platform one (run.sh only gets one when {@code JMH_ARGS}
   * names such a benchmark).
   */
  private static Optional<JmhResult> parse(JsonNode run) {
    String fullName = run.path("benchmark").asText();
    String[] parts = fullName.split("\\.");
    String benchmark = parts[parts.length - 2] + "." + parts[parts.length - 1];
    Map<String, String> params = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> param : run.path("params").properties()) {
      params.put(param.getKey(), param.getValue().asText());
    }
    boolean virtualCaller = false;
    for (JsonNode jvmArg : run.path("jvmArgs")) {
      virtualCaller |= jvmArg.asText().equals(VIRTUAL_EXECUTOR);
    }
    if (params.containsKey(THREAD_KIND)) {
      if (virtualCaller) {
        return Optional.empty();
      }
    } else {
      params.put(THREAD_KIND, virtualCaller ? "virtual" : "platform");
    }
    JsonNode primary = run.path("primaryMetric");
    JsonNode secondary = run.path("secondaryMetrics");
    // JMH 1.37 names it gc.alloc.rate.norm; older versions put a middle dot before it.
    JsonNode alloc =
        secondary.has("gc.alloc.rate.norm")
            ? secondary.path("gc.alloc.rate.norm")
            : secondary.path("\u00b7gc.alloc.rate.norm");
    return Optional.of(new JmhResult(
        benchmark,
        params,
        primary.path("score").asDouble(),
        primary.path("scoreError").asDouble(Double.NaN),
        primary.path("scoreUnit").asText(),
        alloc.isMissingNode() ? OptionalDouble.empty() : OptionalDouble.of(alloc.path("score").asDouble()),
        run.path("jdkVersion").asText() + " (" + run.path("vmName").asText() + ")"));
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

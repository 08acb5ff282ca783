package dev.fanin.benchmarks.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The report's per-group tables: every result, and its ratio to the reference of its benchmark
 * class run with the same parameters.
 */
final class ReferenceTables {
  /** Benchmark classes in report order, each with its group and reference methods. */
  private static final Map<String, List<String>> REFERENCES = new LinkedHashMap<>();

  static {
    REFERENCES.put("GatherJavaBenchmark", List.of("allOfThenJoinEach"));
    REFERENCES.put("GatherTasksBenchmark", List.of("invokeAll"));
    REFERENCES.put("RaceBenchmark", List.of("invokeAny"));
    REFERENCES.put("GatherKotlinBenchmark", List.of("rawAwaitAll"));
    REFERENCES.put("AsCompletedJavaBenchmark", List.of("completionService", "completionServiceBounded"));
    REFERENCES.put("AsCompletedKotlinBenchmark", List.of("rawFlatMapMerge", "rawFlatMapMergeBounded"));
    REFERENCES.put("TaskGroupJavaBenchmark", List.of("invokeAllFixedPool"));
    REFERENCES.put("TaskGroupKotlinBenchmark", List.of("rawCoroutineScope"));
    REFERENCES.put("StructuredTaskScopeBenchmark", List.of());
    REFERENCES.put("ChannelJavaBenchmark", List.of("rendezvousSynchronousQueue", "bufferedArrayBlockingQueue"));
    REFERENCES.put("JoxChannelBenchmark", List.of());
    REFERENCES.put("ChannelKotlinBenchmark", List.of("rendezvousRaw", "bufferedRaw"));
    REFERENCES.put("SelectJavaBenchmark", List.of());
    REFERENCES.put("JoxSelectBenchmark", List.of());
    REFERENCES.put("SelectKotlinBenchmark", List.of("bufferedRaw", "rendezvousRaw", "readyRaw", "pendingDeferredRaw"));
    REFERENCES.put("SelectLoopBenchmark", List.of());
    REFERENCES.put("HopBenchmark", List.of("completableFutureJoin"));
  }

  private ReferenceTables() {}

  /** {@return one Markdown table per benchmark class that has results, in report order} */
  static String render(JmhResults jmh) {
    Map<String, List<JmhResult>> byClass =
        jmh.all().stream()
            .collect(Collectors.groupingBy(JmhResult::className, LinkedHashMap::new, Collectors.toList()));
    List<String> order = new ArrayList<>(REFERENCES.keySet());
    byClass.keySet().stream().filter(c -> !order.contains(c)).sorted().forEach(order::add);
    StringBuilder out = new StringBuilder();
    for (String className : order) {
      List<JmhResult> results = byClass.get(className);
      if (results == null) {
        continue;
      }
      out.append("### `").append(className).append("`\n\n");
      out.append("| Benchmark | Parameters | Score | Error | B/op | Ratio to reference |\n");
      out.append("|---|---|---:|---:|---:|---:|\n");
      // By method, keeping the runs' order within one: a method's platform-caller rows, then its
      // virtual-caller rows from the second pass.
      List<JmhResult> rows = new ArrayList<>(results);
      rows.sort(Comparator.comparing(JmhResult::method));
      for (JmhResult result : rows) {
        Optional<JmhResult> reference = referenceOf(result, results);
        out.append("| `")
            .append(result.method())
            .append(reference.filter(r -> r == result).isPresent() ? "` (reference)" : "`")
            .append(" | ")
            .append(params(result))
            .append(" | ")
            .append(format(result.score()))
            .append(' ')
            .append(result.unit())
            .append(" | ")
            .append(Double.isNaN(result.error()) ? "" : "± " + format(result.error()))
            .append(" | ")
            .append(result.allocBytesPerOp().isPresent() ? format(result.allocBytesPerOp().getAsDouble()) : "")
            .append(" | ")
            .append(reference.map(r -> String.format(Locale.ROOT, "%.2f", result.score() / r.score())).orElse(""))
            .append(" |\n");
      }
      out.append('\n');
    }
    return out.toString();
  }

  /**
   * The reference of {@code result}: a reference method of its class run with the same
   * parameters; of several, the one whose name starts with the same word (rendezvous, buffered).
   */
  private static Optional<JmhResult> referenceOf(JmhResult result, List<JmhResult> sameClass) {
    List<String> methods = REFERENCES.getOrDefault(result.className(), List.of());
    List<JmhResult> candidates =
        sameClass.stream()
            .filter(r -> methods.contains(r.method()) && r.params().equals(result.params()))
            .toList();
    return candidates.stream()
        .filter(r -> firstWord(r.method()).equals(firstWord(result.method())))
        .findFirst()
        .or(() -> candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty());
  }

  private static String firstWord(String camelCase) {
    for (int i = 1; i < camelCase.length(); i++) {
      if (Character.isUpperCase(camelCase.charAt(i))) {
        return camelCase.substring(0, i);
      }
    }
    return camelCase;
  }

  private static String params(JmhResult result) {
    return result.params().entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  static String format(double value) {
    return value >= 100
        ? String.format(Locale.ROOT, "%,.0f", value)
        : String.format(Locale.ROOT, "%.2f", value);
  }
}

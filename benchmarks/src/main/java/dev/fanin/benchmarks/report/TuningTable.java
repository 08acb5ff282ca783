package dev.fanin.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills the {@code {{AB_name}}} cells of "What each optimization buys" from {@code
 * benchmarks/run-tuning.sh}'s results: {@code ab-<name>-on.json} (the engine's default) and {@code
 * ab-<name>-off.json} (the optimization turned off by its system property). Each cell lists, per
 * benchmark and parameters, the time with and without it and what it buys (off / on).
 */
final class TuningTable {
  private static final Pattern CELL = Pattern.compile("\\{\\{AB_([A-Za-z]+)}}");

  private TuningTable() {}

  /** {@code template} with every {@code {{AB_name}}} replaced from the files in {@code results}. */
  static String fill(String template, Path results) throws IOException {
    Matcher cells = CELL.matcher(template);
    StringBuilder out = new StringBuilder();
    while (cells.find()) {
      cells.appendReplacement(out, Matcher.quoteReplacement(cell(results, cells.group(1))));
    }
    cells.appendTail(out);
    return out.toString();
  }

  private static String cell(Path results, String name) throws IOException {
    Path on = results.resolve("ab-" + name + "-on.json");
    Path off = results.resolve("ab-" + name + "-off.json");
    if (!Files.exists(on) || !Files.exists(off)) {
      return "not measured in this run (`benchmarks/run-tuning.sh`)";
    }
    JmhResults with = JmhResults.read(List.of(on));
    JmhResults without = JmhResults.read(List.of(off));
    StringBuilder cell = new StringBuilder();
    for (JmhResult result : with.all()) {
      Optional<JmhResult> other = without.find(result.benchmark(), result.params());
      if (other.isEmpty()) {
        continue;
      }
      if (cell.length() > 0) {
        cell.append("; ");
      }
      cell.append(
          String.format(
              Locale.ROOT,
              "%s %s: %.0f ± %.0f %s with, %.0f ± %.0f without: %.2f×",
              result.method(),
              result.params(),
              result.score(),
              result.error(),
              result.unit(),
              other.get().score(),
              other.get().error(),
              other.get().score() / result.score()));
    }
    return cell.length() == 0 ? "no matching rows" : cell.toString();
  }
}

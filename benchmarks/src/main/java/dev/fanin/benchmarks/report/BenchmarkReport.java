package dev.fanin.benchmarks.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Turns a results directory written by {@code benchmarks/run.sh} into {@code docs/benchmarks.md}
 * and {@code docs/benchmarks.png}:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.fanin.benchmarks.report.BenchmarkReport benchmarks/results docs
 * </pre>
 *
 * <p>It reads every {@code jmh-*.json} (JMH's {@code -rf json} output), {@code scale.jsonl} (the
 * scale test's lines) and {@code machine.txt} in the results directory, evaluates {@link
 * Targets#all()}, and fills the template {@code report/benchmarks-template.md} (its prose is
 * written by hand; the tables and numbers come from the results).
 */
public final class BenchmarkReport {
  private BenchmarkReport() {}

  /**
   * Writes the report.
   *
   * @param args the results directory, then the directory to write {@code benchmarks.md} and
   *     {@code benchmarks.png} into
   * @throws IOException if a file cannot be read or written
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: BenchmarkReport <results dir> <docs dir>");
    }
    System.setProperty("java.awt.headless", "true");
    write(Path.of(args[0]), Path.of(args[1]));
  }

  /**
   * Writes {@code benchmarks.md} and {@code benchmarks.png} into {@code docs} from {@code results}.
   *
   * @param results the directory {@code benchmarks/run.sh} wrote
   * @param docs where to write
   * @throws IOException if a file cannot be read or written
   */
  public static void write(Path results, Path docs) throws IOException {
    List<Path> jsonFiles;
    try (Stream<Path> files = Files.list(results)) {
      jsonFiles =
          files
              .filter(p -> p.getFileName().toString().matches("jmh-.*\\.json"))
              .sorted()
              .toList();
    }
    if (jsonFiles.isEmpty()) {
      throw new IllegalArgumentException("no jmh-*.json in " + results);
    }
    JmhResults jmh = JmhResults.read(jsonFiles);
    Path scaleFile = results.resolve("scale.jsonl");
    List<ScaleResult> scale = Files.exists(scaleFile) ? ScaleResult.read(scaleFile) : List.of();
    Path machineFile = results.resolve("machine.txt");
    String machine = Files.exists(machineFile) ? Files.readString(machineFile).strip() : "(not recorded)";

    List<Target.Row> rows = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (Target target : Targets.all()) {
      Optional<Target.Row> row = target.evaluate(jmh, scale);
      row.ifPresent(rows::add);
      if (row.isEmpty()) {
        missing.add(target.title());
      }
    }
    Files.createDirectories(docs);
    RatioChart.write(rows, docs.resolve("benchmarks.png"));
    String report =
        template()
            .replace("{{MACHINE}}", machine + "\n\nJDKs of the runs: " + jdks(jmh, scale) + ".")
            .replace("{{TARGETS}}", targetTable(rows, missing))
            .replace("{{SCALE}}", scaleTable(scale))
            .replace("{{RESULTS}}", ReferenceTables.render(jmh));
    report = TuningTable.fill(report, results);
    Files.writeString(docs.resolve("benchmarks.md"), report);
  }

  private static String targetTable(List<Target.Row> rows, List<String> missing) {
    StringBuilder out = new StringBuilder("| # | Target | Measured | Met |\n|---:|---|---|---|\n");
    long met = rows.stream().filter(Target.Row::met).count();
    for (int i = 0; i < rows.size(); i++) {
      Target.Row row = rows.get(i);
      out.append("| ")
          .append(i + 1)
          .append(" | ")
          .append(row.title())
          .append(" | ")
          .append(row.measured())
          .append(" | ")
          .append(row.met() ? "met" : "**not met**")
          .append(" |\n");
    }
    out.append(String.format(Locale.ROOT, "%n%d of %d targets met.", met, rows.size()));
    if (!missing.isEmpty()) {
      out.append(" Not measured in these runs: ").append(String.join("; ", missing)).append('.');
    }
    return out.toString();
  }

  private static String scaleTable(List<ScaleResult> scale) {
    StringBuilder out =
        new StringBuilder(
            "| Variant | Tasks | Wall time | Peak RSS | Peak heap | JDK |\n|---|---:|---:|---:|---:|---|\n");
    for (ScaleResult run : scale) {
      out.append(
          String.format(
              Locale.ROOT,
              "| `%s` | %,d | %.2f s | %.0f MiB | %.0f MiB | %s |%n",
              run.variant(),
              run.tasks(),
              run.seconds(),
              run.peakRssMiB(),
              run.peakHeapMiB(),
              run.jdk()));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "| Python 3.11 asyncio `gather` (external figure, quoted by the issue) | 1,000,000 | %.1f s | %.0f MiB | | |%n",
            Targets.ASYNCIO_SECONDS,
            Targets.ASYNCIO_MIB));
    return out.toString();
  }

  private static String jdks(JmhResults jmh, List<ScaleResult> scale) {
    List<String> jdks = new ArrayList<>();
    jmh.all().stream().map(JmhResult::jdk).distinct().forEach(jdks::add);
    scale.stream().map(r -> r.jdk() + " (scale test)").distinct().forEach(jdks::add);
    return String.join(", ", jdks);
  }

  private static String template() throws IOException {
    try (InputStream in = BenchmarkReport.class.getResourceAsStream("/report/benchmarks-template.md")) {
      if (in == null) {
        throw new IOException("report/benchmarks-template.md is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}

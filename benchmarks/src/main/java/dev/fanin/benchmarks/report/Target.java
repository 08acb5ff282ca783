package dev.fanin.benchmarks.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One of the targets, and how to read it off the results. */
sealed interface Target {
  /** {@return what the target says} */
  String title();

  /** {@return the target's line in the table, or empty if the runs did not measure it} */
  Optional<Row> evaluate(JmhResults jmh, List<ScaleResult> scale);

  /**
   * One evaluated target.
   *
   * @param title what the target says
   * @param measured what was measured, as text
   * @param ratio the measured ratio to the reference, for the chart (NaN if not a ratio)
   * @param limit the ratio the target allows (NaN if not a ratio)
   * @param met whether the target holds
   */
  record Row(String title, String measured, double ratio, double limit, boolean met) {}

  /**
   * Fanin's time (or allocation) per operation divided by a reference's, at most {@code max}; with
   * the same ratio for a floor, if the target names one and the run measured it.
   *
   * @param title what the target says
   * @param fanin Fanin's benchmark, {@code Class.method}
   * @param reference the reference's benchmark
   * @param params the parameters both were run with
   * @param max the largest ratio that meets the target
   * @param allocation compare bytes allocated per operation instead of time
   * @param floor a benchmark that does the least any implementation of Fanin's design must do (such
   *     as ForkJoinFloors' rows), or null: its ratio to the reference, shown beside Fanin's, says how
   *     much of a gap the design itself accounts for
   */
  record Ratio(
      String title,
      String fanin,
      String reference,
      Map<String, String> params,
      double max,
      boolean allocation,
      String floor)
      implements Target {
    @Override
    public Optional<Row> evaluate(JmhResults jmh, List<ScaleResult> scale) {
      Optional<JmhResult> ours = jmh.find(fanin, params);
      Optional<JmhResult> theirs = jmh.find(reference, params);
      if (ours.isEmpty() || theirs.isEmpty()) {
        return Optional.empty();
      }
      double a = allocation ? ours.get().allocBytesPerOp().orElse(Double.NaN) : ours.get().score();
      double b = allocation ? theirs.get().allocBytesPerOp().orElse(Double.NaN) : theirs.get().score();
      if (Double.isNaN(a) || Double.isNaN(b)) {
        return Optional.empty();
      }
      // A reference that allocates nothing: Fanin meets "no more" only by allocating nothing too.
      double ratio = b == 0 ? (a == 0 ? 1 : Double.POSITIVE_INFINITY) : a / b;
      String unit = allocation ? " B/op" : " " + ours.get().unit();
      String measured =
          String.format(
              Locale.ROOT, "%.2fx (%s%s against %s%s)", ratio, number(a), unit, number(b), unit);
      Optional<JmhResult> least = floor == null ? Optional.empty() : jmh.find(floor, params);
      if (least.isPresent() && b != 0) {
        double f = allocation ? least.get().allocBytesPerOp().orElse(Double.NaN) : least.get().score();
        if (!Double.isNaN(f)) {
          String method = floor.substring(floor.indexOf('.') + 1);
          measured += String.format(Locale.ROOT, "; floor `%s` %.2fx", method, f / b);
        }
      }
      return Optional.of(new Row(title, measured, ratio, max, ratio <= max));
    }
  }

  /**
   * Operations per second of one benchmark scored in ns/op, at least {@code min}.
   *
   * @param title what the target says
   * @param benchmark the benchmark, {@code Class.method}
   * @param params its parameters
   * @param min the fewest operations per second that meet the target
   */
  record Throughput(String title, String benchmark, Map<String, String> params, double min)
      implements Target {
    @Override
    public Optional<Row> evaluate(JmhResults jmh, List<ScaleResult> scale) {
      return jmh.find(benchmark, params)
          .map(
              result -> {
                double perSecond = 1e9 / result.score();
                return new Row(
                    title,
                    String.format(Locale.ROOT, "%,.0f per second", perSecond),
                    min / perSecond,
                    1,
                    perSecond >= min);
              });
    }
  }

  /**
   * The scale test: a variant's wall time and peak heap against limits, and its time against a
   * reference variant's.
   *
   * @param title what the target says
   * @param variant the scale test's variant
   * @param maxSeconds the longest wall time that meets the target
   * @param maxHeapMiB the largest peak memory (RSS, or heap if RSS was not recorded) that meets it
   * @param reference the variant to compare times with, or null
   * @param maxRatio the largest time ratio to the reference that meets it
   */
  record Scale(
      String title,
      String variant,
      double maxSeconds,
      double maxHeapMiB,
      String reference,
      double maxRatio)
      implements Target {
    @Override
    public Optional<Row> evaluate(JmhResults jmh, List<ScaleResult> scale) {
      Optional<ScaleResult> ours = runOf(scale, variant);
      if (ours.isEmpty()) {
        return Optional.empty();
      }
      ScaleResult run = ours.get();
      // asyncio's figure is a peak RSS; the JVM's peak RSS is the like-for-like measure when known.
      double memory = Double.isNaN(run.peakRssMiB()) ? run.peakHeapMiB() : run.peakRssMiB();
      boolean met = run.seconds() <= maxSeconds && memory <= maxHeapMiB;
      String measured =
          String.format(
              Locale.ROOT,
              "%.2f s, peak RSS %.0f MiB (peak heap %.0f MiB)",
              run.seconds(),
              run.peakRssMiB(),
              run.peakHeapMiB());
      double ratio = Double.NaN;
      Optional<ScaleResult> theirs = reference == null ? Optional.empty() : runOf(scale, reference);
      if (theirs.isPresent()) {
        ratio = run.seconds() / theirs.get().seconds();
        met &= ratio <= maxRatio;
        measured +=
            String.format(
                Locale.ROOT, "; %.2fx %s's %.2f s", ratio, reference, theirs.get().seconds());
      }
      return Optional.of(new Row(title, measured, ratio, maxRatio, met));
    }
  }

  /**
   * The scale test: a variant's wall time (or peak memory) divided by a reference variant's from
   * the same run, at most {@code max}. Runs of different task counts are not compared.
   *
   * @param title what the target says
   * @param variant the scale test's variant
   * @param reference the variant it is compared with
   * @param max the largest ratio that meets the target
   * @param memory compare peak memory instead of wall time: peak RSS, or peak heap when either run
   *     did not record its RSS
   */
  record ScaleRatio(String title, String variant, String reference, double max, boolean memory)
      implements Target {
    @Override
    public Optional<Row> evaluate(JmhResults jmh, List<ScaleResult> scale) {
      Optional<ScaleResult> ours = runOf(scale, variant);
      Optional<ScaleResult> theirs = runOf(scale, reference);
      if (ours.isEmpty() || theirs.isEmpty()) {
        return Optional.empty();
      }
      ScaleResult a = ours.get();
      ScaleResult b = theirs.get();
      if (a.tasks() != b.tasks()) {
        return Optional.empty();
      }
      String measured;
      double ratio;
      if (!memory) {
        ratio = a.seconds() / b.seconds();
        measured =
            String.format(
                Locale.ROOT, "%.2fx (%.2f s against %s's %.2f s)", ratio, a.seconds(), reference, b.seconds());
      } else {
        boolean rss = !Double.isNaN(a.peakRssMiB()) && !Double.isNaN(b.peakRssMiB());
        double ourMiB = rss ? a.peakRssMiB() : a.peakHeapMiB();
        double theirMiB = rss ? b.peakRssMiB() : b.peakHeapMiB();
        ratio = ourMiB / theirMiB;
        measured =
            String.format(
                Locale.ROOT,
                "%.2fx (peak %s %.0f MiB against %s's %.0f MiB)",
                ratio,
                rss ? "RSS" : "heap",
                ourMiB,
                reference,
                theirMiB);
      }
      return Optional.of(new Row(title, measured, ratio, max, ratio <= max));
    }
  }

  private static Optional<ScaleResult> runOf(List<ScaleResult> scale, String variant) {
    return scale.stream().filter(r -> r.variant().equals(variant)).findFirst();
  }

  private static String number(double value) {
    return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
  }
}

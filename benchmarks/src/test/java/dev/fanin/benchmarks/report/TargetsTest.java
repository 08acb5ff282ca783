package dev.fanin.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.benchmarks.scale.ScaleTest;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * The targets name benchmarks, parameters and scale variants that exist (a misspelt one would only
 * show as "not measured" in the report), and the scale test's ratios read the right figures.
 */
class TargetsTest {
  @Test
  void everyJmhTarget_namesABenchmarkMethodAndParameterValuesItHas() throws Exception {
    for (Target target : Targets.all()) {
      if (target instanceof Target.Ratio ratio) {
        checkBenchmark(ratio.title(), ratio.fanin(), ratio.params());
        checkBenchmark(ratio.title(), ratio.reference(), ratio.params());
        if (ratio.floor() != null) {
          checkBenchmark(ratio.title(), ratio.floor(), ratio.params());
        }
      } else if (target instanceof Target.Throughput throughput) {
        checkBenchmark(throughput.title(), throughput.benchmark(), throughput.params());
      }
    }
  }

  @Test
  void everyScaleTarget_namesScaleTestVariants() {
    for (Target target : Targets.all()) {
      if (target instanceof Target.Scale scale) {
        assertTrue(ScaleTest.VARIANTS.contains(scale.variant()), scale.title());
        assertTrue(ScaleTest.VARIANTS.contains(scale.reference()), scale.title());
      } else if (target instanceof Target.ScaleRatio ratio) {
        assertTrue(ScaleTest.VARIANTS.contains(ratio.variant()), ratio.title());
        assertTrue(ScaleTest.VARIANTS.contains(ratio.reference()), ratio.title());
      }
    }
  }

  @Test
  void scaleRatio_comparesWallTimeOrPeakRssOfTwoVariants() {
    List<ScaleResult> scale =
        List.of(
            new ScaleResult("java", 1000, 3.0, 100, 400, "25"),
            new ScaleResult("vt-invokeall", 1000, 2.0, 200, 500, "25"));

    Target.Row time = new Target.ScaleRatio("t", "java", "vt-invokeall", 1.2, false).evaluate(null, scale).orElseThrow();
    Target.Row rss = new Target.ScaleRatio("m", "java", "vt-invokeall", 1.2, true).evaluate(null, scale).orElseThrow();

    assertEquals(1.5, time.ratio(), 1e-9);
    assertFalse(time.met());
    assertEquals("1.50x (3.00 s against vt-invokeall's 2.00 s)", time.measured());
    assertEquals(0.8, rss.ratio(), 1e-9);
    assertTrue(rss.met());
    assertEquals("0.80x (peak RSS 400 MiB against vt-invokeall's 500 MiB)", rss.measured());
  }

  @Test
  void scaleRatio_comparesPeakHeaps_whenEitherRunHasNoRss_andNeedsBothVariantsOfOneSize() {
    List<ScaleResult> scale =
        List.of(
            new ScaleResult("java", 1000, 3.0, 100, Double.NaN, "25"),
            new ScaleResult("vt-invokeall", 1000, 2.0, 200, 500, "25"),
            new ScaleResult("sts", 10, 2.0, 200, 500, "25"));

    Target.Row heap = new Target.ScaleRatio("m", "java", "vt-invokeall", 1.2, true).evaluate(null, scale).orElseThrow();

    assertEquals(0.5, heap.ratio(), 1e-9);
    assertEquals("0.50x (peak heap 100 MiB against vt-invokeall's 200 MiB)", heap.measured());
    assertTrue(new Target.ScaleRatio("t", "java", "sts", 1.2, false).evaluate(null, scale).isEmpty(), "another size");
    assertTrue(new Target.ScaleRatio("t", "java", "java-taskgroup", 1.2, false).evaluate(null, scale).isEmpty(), "not run");
  }

  @Test
  void ratio_showsTheFloorsRatioToTheReference_whenTheRunMeasuredIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("jmh-jdk25.json");
    String n = "{\"n\": \"1000\"}";
    Files.writeString(
        file,
        JmhResultsTest.array(
            JmhResultsTest.run("TaskGroupJavaBenchmark.faninOnFixedPool", n, "[]", 260),
            JmhResultsTest.run("TaskGroupJavaBenchmark.invokeAllFixedPool", n, "[]", 200),
            JmhResultsTest.run("TaskGroupJavaBenchmark.floorCountedFixedPool", n, "[]", 210)));
    JmhResults jmh = JmhResults.read(List.of(file));
    Map<String, String> params = Map.of("n", "1000", JmhResults.THREAD_KIND, "platform");
    String fanin = "TaskGroupJavaBenchmark.faninOnFixedPool";
    String reference = "TaskGroupJavaBenchmark.invokeAllFixedPool";

    Target.Row withFloor =
        new Target.Ratio("t", fanin, reference, params, 1.2, false, "TaskGroupJavaBenchmark.floorCountedFixedPool")
            .evaluate(jmh, List.of())
            .orElseThrow();
    Target.Row floorNotRun =
        new Target.Ratio("t", fanin, reference, params, 1.2, false, "TaskGroupJavaBenchmark.floorFuturePerTaskFixedPool")
            .evaluate(jmh, List.of())
            .orElseThrow();

    assertEquals("1.30x (260 ns/op against 200 ns/op); floor `floorCountedFixedPool` 1.05x", withFloor.measured());
    assertFalse(withFloor.met());
    assertEquals("1.30x (260 ns/op against 200 ns/op)", floorNotRun.measured());
  }

  /**
   * {@code benchmark} ({@code Class.method}) is a {@code @Benchmark} method whose class declares
   * every parameter value asked for. A class this JVM cannot load (built by -Pjdk25 for JDK 25
   * with preview features) must at least have its source in src/jdk25/java.
   */
  private static void checkBenchmark(String title, String benchmark, Map<String, String> params)
      throws Exception {
    String[] parts = benchmark.split("\\.");
    assertEquals(2, parts.length, title + ": " + benchmark);
    Class<?> type;
    try {
      type = Class.forName("dev.fanin.benchmarks." + parts[0]);
    } catch (ClassNotFoundException | LinkageError e) {
      Path source = Path.of("src/jdk25/java/dev/fanin/benchmarks/" + parts[0] + ".java");
      assertTrue(Files.exists(source), title + ": no benchmark class " + parts[0]);
      return;
    }
    Method method =
        Arrays.stream(type.getMethods())
            .filter(m -> m.getName().equals(parts[1]))
            .findFirst()
            .orElseThrow(() -> new AssertionError(title + ": no method " + benchmark));
    assertTrue(method.isAnnotationPresent(Benchmark.class), title + ": " + benchmark);
    for (Map.Entry<String, String> param : params.entrySet()) {
      Param declared = param(param.getKey(), type, method);
      if (declared == null) {
        // The report adds the caller's kind to the results of classes without one (JmhResults).
        assertEquals(JmhResults.THREAD_KIND, param.getKey(), title + ": " + benchmark);
        continue;
      }
      List<String> values = Arrays.asList(declared.value());
      assertTrue(values.contains(param.getValue()), title + ": " + benchmark + " has " + param.getKey() + " in " + values);
    }
  }

  /** The {@code @Param} field {@code name} of the benchmark's class or of a state it takes, or null. */
  private static Param param(String name, Class<?> type, Method method) {
    List<Class<?>> states = new ArrayList<>(List.of(method.getParameterTypes()));
    states.add(0, type);
    for (Class<?> state : states) {
      for (Field field : state.getFields()) {
        if (field.getName().equals(name) && field.isAnnotationPresent(Param.class)) {
          return field.getAnnotation(Param.class);
        }
      }
    }
    return null;
  }
}

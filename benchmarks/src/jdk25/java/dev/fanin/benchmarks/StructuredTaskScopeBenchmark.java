package dev.fanin.benchmarks;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JDK 25's {@code StructuredTaskScope} (a preview API, JEP 505) doing what {@code
 * TaskGroupJavaBenchmark} does: fork {@code n} trivial Callables, join, read every result. {@code
 * StructuredTaskScope.open()} joins with {@code Joiner.awaitAllSuccessfulOrThrow()} and starts a
 * virtual thread per subtask, as Fanin's default executor does on JDK 21+.
 *
 * <p>Built only by {@code -Pjdk25} (from src/jdk25/java, with {@code --enable-preview --release
 * 25}); run the jar with {@code java --enable-preview}. The fork JVM gets {@code --enable-preview}
 * from {@link Fork#jvmArgsAppend}. Scores are per call (per {@code n} tasks).
 *
 * <p>{@code benchmarks/run.sh} runs this class twice: from JMH's platform benchmark thread, then on
 * JDK 21+ from a virtual one ({@code -Djmh.executor=VIRTUAL}); the report tells them apart by
 * {@code threadKind}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-preview")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class StructuredTaskScopeBenchmark {
  @Param({"10", "1000", "100000"})
  public int n;

  private List<Callable<Integer>> tasks;

  @Setup
  public void setUp() {
    tasks = TaskGroupJavaBenchmark.trivialTasks(n);
  }

  /**
   * {@code try (var scope = StructuredTaskScope.open()) { fork each; join(); }}, then read each
   * ({@link StructuredTaskScopeForkJoin#sum}, which the scale test's {@code sts} variant runs too).
   */
  @Benchmark
  public long structuredTaskScope() throws InterruptedException {
    return StructuredTaskScopeForkJoin.sum(tasks);
  }
}

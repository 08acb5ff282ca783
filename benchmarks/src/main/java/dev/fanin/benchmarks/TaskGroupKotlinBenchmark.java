package dev.fanin.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Kotlin's {@code taskGroup} forking {@code n} trivial tasks ({@code fork { i }}) and awaiting every
 * result, against the same with kotlinx's {@code coroutineScope} and {@code async}. Each call runs in
 * its own {@code runBlocking} (see KotlinTaskGroup.kt); both sides pay it, and both run their
 * coroutines on its event loop, so the ratio isolates the group.
 *
 * <p>Scores are per call (per {@code n} tasks); docs/benchmarks.md divides by {@code n}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TaskGroupKotlinBenchmark {
  @Param({"10", "1000", "100000"})
  public int n;

  @Benchmark
  public List<Integer> faninTaskGroup() {
    return KotlinTaskGroup.faninTaskGroup(n);
  }

  @Benchmark
  public List<Integer> rawCoroutineScope() {
    return KotlinTaskGroup.rawCoroutineScope(n);
  }
}

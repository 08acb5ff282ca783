package dev.fanin.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;
import kotlinx.coroutines.Deferred;
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
 * Kotlin's {@code gatherDeferreds(Collection<Deferred<T>>)} over {@code n} deferreds that are
 * already complete, against kotlinx's {@code awaitAll}. Each call runs in its own {@code runBlocking} (see
 * KotlinGather.kt); both sides pay it, so the ratio isolates the gather.
 *
 * <p>Scores are per call (per {@code n} elements); docs/benchmarks.md divides by {@code n}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GatherKotlinBenchmark {
  @Param({"16", "1024", "65536"})
  public int n;

  private List<Deferred<Integer>> deferreds;

  @Setup
  public void setUp() {
    deferreds = KotlinGather.completedDeferreds(n);
  }

  @Benchmark
  public List<Integer> faninGather() {
    return KotlinGather.faninGather(deferreds);
  }

  @Benchmark
  public List<Integer> rawAwaitAll() {
    return KotlinGather.rawAwaitAll(deferreds);
  }
}

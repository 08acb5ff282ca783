package dev.fanin.benchmarks;

import dev.fanin.java.Fanin;
import dev.fanin.java.FaninBlocking;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
 * Gathering {@code n} CompletableFutures that are already complete: the cost of the gather itself,
 * with no waiting. The reference is what a Java programmer writes without Fanin: {@code allOf},
 * then {@code join} each input into a list.
 *
 * <p>Scores are per call (per {@code n} elements); docs/benchmarks.md divides by {@code n}.
 * {@code @OperationsPerInvocation} cannot follow a {@code @Param}, so the division is done there.
 *
 * <p>{@code benchmarks/run.sh} runs this class twice: from JMH's platform benchmark thread, then on
 * JDK 21+ from a virtual one ({@code -Djmh.executor=VIRTUAL}); the report tells them apart by
 * {@code threadKind}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GatherJavaBenchmark {
  @Param({"16", "1024", "65536"})
  public int n;

  /** The inputs as a caller holds them. */
  private List<CompletableFuture<Integer>> futures;

  /**
   * The same inputs as the array {@code allOf} takes. Built here, not in the measurement, which
   * spares the reference one copy that Fanin does make (it snapshots the list).
   */
  private CompletableFuture<?>[] array;

  @Setup
  public void setUp() {
    futures = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      futures.add(CompletableFuture.completedFuture(i));
    }
    array = futures.toArray(new CompletableFuture<?>[0]);
  }

  @Benchmark
  public List<Integer> faninGatherFutures() {
    return Fanin.gatherFutures(futures).join();
  }

  @Benchmark
  public List<Integer> faninBlockingGatherFutures() throws InterruptedException {
    return FaninBlocking.gatherFutures(futures);
  }

  @Benchmark
  public List<Integer> allOfThenJoinEach() {
    CompletableFuture.allOf(array).join();
    List<Integer> values = new ArrayList<>(futures.size());
    for (CompletableFuture<Integer> future : futures) {
      values.add(future.join());
    }
    return values;
  }
}

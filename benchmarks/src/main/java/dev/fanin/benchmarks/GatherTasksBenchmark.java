package dev.fanin.benchmarks;

import dev.fanin.java.FaninBlocking;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Gathering {@code n} trivial tasks run on a fixed pool of two threads: {@code
 * FaninBlocking.gather(tasks, pool)} against what a Java programmer writes without Fanin, {@code
 * pool.invokeAll(tasks)} and then {@code get()} of each. Both run the same pre-built {@code
 * Callable}s on the same pool, so the difference is the gather's own cost per task. The {@code
 * floor...} rows are floors, not references ({@link ForkJoinFloors}).
 *
 * <p>Scores are per call (per {@code n} tasks).
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
public class GatherTasksBenchmark {
  @Param({"16", "1024"})
  public int n;

  private List<Callable<Integer>> tasks;
  private ExecutorService pool;

  @Setup(Level.Trial)
  public void setUp() {
    tasks = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Integer value = i;
      tasks.add(() -> value);
    }
    pool = Executors.newFixedThreadPool(2);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws InterruptedException {
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.SECONDS);
  }

  @Benchmark
  public List<Integer> faninBlockingGather() throws InterruptedException {
    return FaninBlocking.gather(tasks, pool);
  }

  /** Floor: a {@code CompletableFuture} per task on the pool, joined in turn (ForkJoinFloors). */
  @Benchmark
  public long floorFuturePerTask() {
    return ForkJoinFloors.futurePerTask(tasks, pool);
  }

  /** Floor: {@link #floorFuturePerTask} plus a shared count of running tasks (ForkJoinFloors). */
  @Benchmark
  public long floorCounted() {
    return ForkJoinFloors.counted(tasks, pool);
  }

  @Benchmark
  public List<Integer> invokeAll() throws InterruptedException, ExecutionException {
    List<Integer> values = new ArrayList<>(n);
    for (Future<Integer> future : pool.invokeAll(tasks)) {
      values.add(future.get());
    }
    return values;
  }
}

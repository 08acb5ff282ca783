package dev.fanin.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;
import kotlin.coroutines.Continuation;
import kotlin.jvm.functions.Function1;
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
 * Kotlin's {@code asCompleted} over trivial suspend tasks (task {@code i} returns {@code i} without
 * suspending), against what a coroutine programmer writes without Fanin: {@code flatMapMerge} with
 * one inner flow per task, and {@code select} over {@code onAwait} of {@code async} deferreds. Each
 * call runs in its own {@code runBlocking} and every task on its event loop (see
 * KotlinAsCompleted.kt); all sides pay that alike.
 *
 * <p>"All at once" ({@link Sized}, {@code n} = 16, 1024) and "bounded" ({@link Bounded}, 1024
 * tasks through {@code asFlow().asCompleted(64)} against {@code flatMapMerge(64)}). Scores are per
 * call; docs/benchmarks.md divides by the number of tasks.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AsCompletedKotlinBenchmark {
  /** Inputs for the all-at-once group. */
  @State(Scope.Benchmark)
  public static class Sized {
    @Param({"16", "1024"})
    public int n;

    List<Function1<Continuation<? super Integer>, Object>> tasks;

    @Setup
    public void setUp() {
      tasks = KotlinAsCompleted.trivialTasks(n);
    }
  }

  /** Inputs for the bounded group. */
  @State(Scope.Benchmark)
  public static class Bounded {
    @Param({"1024"})
    public int total;

    @Param({"64"})
    public int limit;

    List<Function1<Continuation<? super Integer>, Object>> tasks;

    @Setup
    public void setUp() {
      tasks = KotlinAsCompleted.trivialTasks(total);
    }
  }

  /** {@code asCompleted(tasks).collect {}}. */
  @Benchmark
  public long faninAsCompleted(Sized in) {
    return KotlinAsCompleted.faninAsCompleted(in.tasks);
  }

  /** Reference: {@code tasks.asFlow().flatMapMerge(concurrency = n) { flow { emit(it()) } }}. */
  @Benchmark
  public long rawFlatMapMerge(Sized in) {
    return KotlinAsCompleted.rawFlatMapMerge(in.tasks);
  }

  /** Reference: {@code async} each task, then {@code select} over {@code onAwait}, n times. */
  @Benchmark
  public long rawSelectOnAwait(Sized in) {
    return KotlinAsCompleted.rawSelectOnAwait(in.tasks);
  }

  /** {@code tasks.asFlow().asCompleted(limit).collect {}}. */
  @Benchmark
  public long faninAsCompletedBounded(Bounded in) {
    return KotlinAsCompleted.faninAsCompletedBounded(in.tasks, in.limit);
  }

  /** Reference: {@code tasks.asFlow().flatMapMerge(limit) { flow { emit(it()) } }}. */
  @Benchmark
  public long rawFlatMapMergeBounded(Bounded in) {
    return KotlinAsCompleted.rawFlatMapMergeBounded(in.tasks, in.limit);
  }
}

package dev.fanin.benchmarks;

import dev.fanin.java.FaninBlocking;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
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
 * Racing {@code n} trivial tasks on a fixed pool of two threads: {@code FaninBlocking.race(tasks,
 * pool)} against what a Java programmer writes without Fanin, {@code pool.invokeAny(tasks)}. Both
 * run the same pre-built {@code Callable}s on the same pool and return the first success.
 *
 * <p>They do not do the same work. Fanin hands every task to the pool at once, and returns only
 * once the losers have stopped (those still queued end at once, unrun); {@code invokeAny} submits
 * the tasks one at a time while none has finished, and returns without waiting for the ones it
 * cancels. The difference is what the race's guarantees cost per call.
 *
 * <p>{@code submitAllTakeFirst} is the floor of a race that starts every task at once, as Fanin's
 * does without a stagger: the JDK's least code for it (an {@code ExecutorCompletionService}, every
 * task submitted, the first success taken, the rest cancelled), without waiting for the losers to
 * stop, which the JDK's futures cannot do.
 *
 * <p>Scores are per call (per {@code n} tasks). {@code benchmarks/run.sh} runs this class from a
 * platform and, on JDK 21+, from a virtual benchmark thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RaceBenchmark {
  @Param({"2", "16"})
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
  public Integer faninBlockingRace() throws InterruptedException {
    return FaninBlocking.race(tasks, pool);
  }

  @Benchmark
  public Integer invokeAny() throws InterruptedException, ExecutionException {
    return pool.invokeAny(tasks);
  }

  @Benchmark
  public Integer submitAllTakeFirst() throws InterruptedException, ExecutionException {
    ExecutorCompletionService<Integer> service = new ExecutorCompletionService<>(pool);
    List<Future<Integer>> futures = new ArrayList<>(n);
    for (Callable<Integer> task : tasks) {
      futures.add(service.submit(task));
    }
    ExecutionException last = null;
    try {
      for (int i = 0; i < n; i++) {
        try {
          return service.take().get();
        } catch (ExecutionException e) {
          last = e;
        }
      }
      throw last;
    } finally {
      for (Future<Integer> future : futures) {
        future.cancel(true);
      }
    }
  }
}

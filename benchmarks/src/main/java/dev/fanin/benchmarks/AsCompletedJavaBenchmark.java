package dev.fanin.benchmarks;

import dev.fanin.Completion;
import dev.fanin.java.Completions;
import dev.fanin.java.Fanin;
import dev.fanin.java.FaninBlocking;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
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
 * asCompleted over {@code n} trivial Callables (task {@code i} returns {@code i}): Fanin's cost of
 * starting the tasks and handing their results back in completion order. Fanin runs them on its
 * default executor (a virtual thread per task on JDK 21+, a cached pool of platform threads on JDK
 * 17 to 20); the reference is what a Java programmer writes without Fanin, an {@link
 * ExecutorCompletionService} on {@code Executors.newFixedThreadPool(2)}.
 *
 * <p>The {@code ...OnPool} variants run Fanin on the reference's own pool ({@code
 * asCompleted(..., executor)}), so that both sides pay the same thread hand-offs.
 *
 * <p>The {@code queueAndPark...} variants are a floor, not a reference: {@link QueueAndPark}, the
 * least any completion-order iteration on that pool can do.
 *
 * <p>Two groups. "All at once" ({@link Sized}, {@code n} = 16, 1024): every task is submitted,
 * then {@code n} results are taken. "Bounded" ({@link Bounded}, 1024 tasks, at most 64
 * outstanding): Fanin's lazy-source form against an ECS that submits one task per result taken.
 *
 * <p>Each benchmark returns the sum of the values. Scores are per call (per {@code n} or {@code
 * total} tasks); docs/benchmarks.md divides by the number of tasks.
 *
 * <p>{@code benchmarks/run.sh} runs this class twice: from JMH's platform benchmark thread, then on
 * JDK 21+ from a virtual one ({@code -Djmh.executor=VIRTUAL}); the report tells them apart by
 * {@code threadKind}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// Five JVMs, not one: each score is mostly thread wake-ups, whose latency on 2 cores scatters
// from one JVM to the next as much as between iterations (with three, 16 tasks on the pool measured
// 1.14 of the reference in one run; with five, 1.00 to 1.02 in each of three).
@Fork(5)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AsCompletedJavaBenchmark {
  /** Inputs for the all-at-once group. */
  @State(Scope.Benchmark)
  public static class Sized {
    @Param({"16", "1024"})
    public int n;

    List<Callable<Integer>> tasks;

    @Setup
    public void setUp() {
      tasks = trivialTasks(n);
    }
  }

  /** Inputs for the bounded group. */
  @State(Scope.Benchmark)
  public static class Bounded {
    @Param({"1024"})
    public int total;

    @Param({"64"})
    public int limit;

    List<Callable<Integer>> tasks;

    @Setup
    public void setUp() {
      tasks = trivialTasks(total);
    }
  }

  /** The reference's pool; only the reference benchmarks hold it, so Fanin's run without it. */
  @State(Scope.Benchmark)
  public static class Pool {
    ExecutorService executor;

    @Setup(Level.Trial)
    public void setUp() {
      executor = Executors.newFixedThreadPool(2);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
      executor.shutdown();
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the reference pool did not stop");
      }
    }
  }

  /** Task {@code i} returns {@code i}, boxed once, here. */
  static List<Callable<Integer>> trivialTasks(int n) {
    List<Callable<Integer>> tasks = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Integer value = i;
      tasks.add(() -> value);
    }
    return tasks;
  }

  // ---- All at once -------------------------------------------------------------------------

  /** {@code FaninBlocking.asCompleted(tasks)}, taken with {@code hasNext()}/{@code take()}. */
  @Benchmark
  public long faninBlockingAsCompleted(Sized in) throws InterruptedException {
    long sum = 0;
    try (Completions<Integer, Callable<Integer>> results = FaninBlocking.asCompleted(in.tasks)) {
      while (results.hasNext()) {
        sum += results.take().value();
      }
    }
    return sum;
  }

  /** {@code Fanin.asCompleted(tasks)}: one future per result, each joined in turn. */
  @Benchmark
  public long faninAsCompletedFutures(Sized in) {
    long sum = 0;
    List<CompletableFuture<Completion<Integer, Callable<Integer>>>> results =
        Fanin.asCompleted(in.tasks);
    for (CompletableFuture<Completion<Integer, Callable<Integer>>> next : results) {
      sum += next.join().value();
    }
    return sum;
  }

  /** {@code FaninBlocking.asCompleted(tasks, executor)} on the reference's own fixed pool of 2. */
  @Benchmark
  public long faninBlockingAsCompletedOnPool(Sized in, Pool pool)
      throws InterruptedException {
    long sum = 0;
    try (Completions<Integer, Callable<Integer>> results =
        FaninBlocking.asCompleted(in.tasks, pool.executor)) {
      while (results.hasNext()) {
        sum += results.take().value();
      }
    }
    return sum;
  }

  /** Reference: submit every task to an ECS on the fixed pool of 2, then take {@code n}. */
  @Benchmark
  public long completionService(Sized in, Pool pool)
      throws InterruptedException, ExecutionException {
    CompletionService<Integer> service = new ExecutorCompletionService<>(pool.executor);
    for (Callable<Integer> task : in.tasks) {
      service.submit(task);
    }
    long sum = 0;
    for (int i = 0; i < in.n; i++) {
      sum += service.take().get();
    }
    return sum;
  }

  /**
   * Floor: {@link QueueAndPark}, the least a completion-order iteration on the same pool can do,
   * with none of what asCompleted promises beyond it. Not a target's reference: it shows how much
   * of the reference's time any implementation must pay anyway.
   */
  @Benchmark
  public long queueAndParkOnPool(Sized in, Pool pool) {
    return QueueAndPark.all(pool.executor, in.tasks, in.n);
  }

  // ---- Bounded -----------------------------------------------------------------------------

  /** {@code FaninBlocking.asCompleted(iterator, limit)} over a lazy source. */
  @Benchmark
  public long faninBlockingAsCompletedBounded(Bounded in)
      throws InterruptedException {
    long sum = 0;
    try (Completions<Integer, Callable<Integer>> results =
        FaninBlocking.asCompleted(in.tasks.iterator(), in.limit)) {
      while (results.hasNext()) {
        sum += results.take().value();
      }
    }
    return sum;
  }

  /** {@code FaninBlocking.asCompleted(iterator, limit, executor)} on the reference's pool. */
  @Benchmark
  public long faninBlockingAsCompletedBoundedOnPool(Bounded in, Pool pool)
      throws InterruptedException {
    long sum = 0;
    try (Completions<Integer, Callable<Integer>> results =
        FaninBlocking.asCompleted(in.tasks.iterator(), in.limit, pool.executor)) {
      while (results.hasNext()) {
        sum += results.take().value();
      }
    }
    return sum;
  }

  /** {@code Fanin.asCompleted(iterator, limit)}: the Flow.Publisher form, requesting everything. */
  @Benchmark
  public long faninPublisherBounded(Bounded in) {
    SumSubscriber subscriber = new SumSubscriber();
    Fanin.asCompleted(in.tasks.iterator(), in.limit).subscribe(subscriber);
    return subscriber.done.join();
  }

  /** Reference: an ECS on the fixed pool of 2 with at most {@code limit} tasks outstanding. */
  @Benchmark
  public long completionServiceBounded(Bounded in, Pool pool)
      throws InterruptedException, ExecutionException {
    CompletionService<Integer> service = new ExecutorCompletionService<>(pool.executor);
    Iterator<Callable<Integer>> source = in.tasks.iterator();
    int outstanding = 0;
    while (outstanding < in.limit && source.hasNext()) {
      service.submit(source.next());
      outstanding++;
    }
    long sum = 0;
    while (outstanding > 0) {
      sum += service.take().get();
      outstanding--;
      if (source.hasNext()) {
        service.submit(source.next());
        outstanding++;
      }
    }
    return sum;
  }

  /** Floor for the bounded group: {@link QueueAndPark} submitting one task per value taken. */
  @Benchmark
  public long queueAndParkBoundedOnPool(Bounded in, Pool pool) {
    return QueueAndPark.bounded(pool.executor, in.tasks.iterator(), in.limit);
  }

  /** Requests everything up front and sums the values; {@link #done} completes at the end. */
  private static final class SumSubscriber
      implements Flow.Subscriber<Completion<Integer, Callable<Integer>>> {
    final CompletableFuture<Long> done = new CompletableFuture<>();
    private long sum;

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(Completion<Integer, Callable<Integer>> item) {
      sum += item.value();
    }

    @Override
    public void onError(Throwable failure) {
      done.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
      done.complete(sum);
    }
  }
}

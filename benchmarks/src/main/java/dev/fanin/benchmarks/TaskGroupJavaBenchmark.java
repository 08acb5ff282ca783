package dev.fanin.benchmarks;

import dev.fanin.OnFailure;
import dev.fanin.TaskGroupException;
import dev.fanin.java.FaninBlocking;
import dev.fanin.java.TaskGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A task group that forks {@code n} trivial Callables (task {@code i} returns {@code i}), joins, and
 * reads every result: the cost of starting, tracking and joining the tasks. Fanin runs them on its
 * default executor (a virtual thread per task on JDK 21+, a cached pool of platform threads on JDK
 * 17 to 20). The references are {@link ExecutorService#invokeAll} on a fixed pool of 2 threads, and
 * on JDK 21+ on {@code Executors.newVirtualThreadPerTaskExecutor()} (found reflectively: the module
 * compiles for release 17). {@link #faninOnFixedPool} forks onto the same fixed pool as {@link
 * #invokeAllFixedPool}, which separates the group's cost from the executor's. The {@code floor...}
 * rows are floors, not references ({@link ForkJoinFloors}): each the least code with one property a
 * Fanin group has and {@code invokeAll} has not, on the fixed pool or on virtual threads.
 *
 * <p>The Callables are built once per trial and return a pre-boxed value, so no benchmark allocates
 * them. Each benchmark returns the sum of the results. Scores are per call (per {@code n} tasks);
 * docs/benchmarks.md divides by {@code n}. JDK 25's {@code StructuredTaskScope} is measured by
 * {@code StructuredTaskScopeBenchmark}, built only with {@code -Pjdk25}.
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
public class TaskGroupJavaBenchmark {
  @Param({"10", "1000", "100000"})
  public int n;

  private List<Callable<Integer>> tasks;

  /** Task {@code i} throws its own pre-built exception, for {@link #faninKeepRunningAllFail}. */
  private List<Callable<Integer>> failingTasks;

  /** The reference's platform pool, also given to {@link #faninOnFixedPool}. */
  private ExecutorService fixedPool;

  @Setup
  public void setUp() {
    tasks = trivialTasks(n);
    failingTasks = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      IllegalStateException failure = new IllegalStateException("task " + i);
      failingTasks.add(
          () -> {
            throw failure;
          });
    }
    fixedPool = Executors.newFixedThreadPool(2);
  }

  @TearDown
  public void tearDown() throws InterruptedException {
    fixedPool.shutdown();
    fixedPool.awaitTermination(1, TimeUnit.MINUTES);
  }

  /**
   * The virtual-thread executor of the reference {@link #invokeAllVirtualThreads}, in a state of its
   * own so that only that benchmark needs JDK 21+. On JDK 17 to 20 its setup throws with a note, JMH
   * reports that one benchmark as failed, and runs the others.
   */
  @State(Scope.Benchmark)
  public static class VirtualThreads {
    ExecutorService executor;

    /**
     * A virtual thread per task, each named with a counter ({@code fanin-virtual-N}), as Fanin's
     * default executor named them before adr/0024.
     */
    ExecutorService named;

    @Setup
    public void setUp() throws ReflectiveOperationException {
      executor = newVirtualThreadPerTaskExecutor();
      if (executor == null) {
        throw new UnsupportedOperationException(
            "invokeAllVirtualThreads needs JDK 21+ (virtual threads); skipped on JDK "
                + Runtime.version().feature());
      }
      Class<?> builderClass = Class.forName("java.lang.Thread$Builder");
      Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
      builder =
          builderClass
              .getMethod("name", String.class, long.class)
              .invoke(builder, "fanin-virtual-", 0L);
      ThreadFactory factory = (ThreadFactory) builderClass.getMethod("factory").invoke(builder);
      named =
          (ExecutorService)
              Executors.class
                  .getMethod("newThreadPerTaskExecutor", ThreadFactory.class)
                  .invoke(null, factory);
    }

    @TearDown
    public void tearDown() throws InterruptedException {
      for (ExecutorService service : List.of(executor, named)) {
        service.shutdown();
        service.awaitTermination(1, TimeUnit.MINUTES);
      }
    }
  }

  /** {@code try (TaskGroup group = TaskGroup.open()) { fork each; join(); }}, then read each. */
  @Benchmark
  public long faninTryWithResources() throws InterruptedException {
    List<CompletableFuture<Integer>> futures = new ArrayList<>(tasks.size());
    try (TaskGroup group = TaskGroup.open()) {
      for (Callable<Integer> task : tasks) {
        futures.add(group.fork(task));
      }
      group.join();
    }
    return sumJoined(futures);
  }

  /** {@code FaninBlocking.taskGroup(group -> fork each)}, then read each once the group has ended. */
  @Benchmark
  public long faninBlockingTaskGroup() throws InterruptedException {
    List<CompletableFuture<Integer>> futures =
        FaninBlocking.taskGroup(
            group -> {
              List<CompletableFuture<Integer>> forked = new ArrayList<>(tasks.size());
              for (Callable<Integer> task : tasks) {
                forked.add(group.fork(task));
              }
              return forked;
            });
    return sumJoined(futures);
  }

  /**
   * {@code TaskGroup.open(KEEP_RUNNING)} whose every task fails with an exception of its own: the
   * cost of logging {@code n} failures and building the group's exception (its message is built
   * only when read). Logging a failure takes constant time (adr/0007); it used to compare the new
   * failure with every logged one, quadratic in {@code n}.
   */
  @Benchmark
  public int faninKeepRunningAllFail() throws InterruptedException {
    try (TaskGroup group = TaskGroup.open(OnFailure.KEEP_RUNNING)) {
      for (Callable<Integer> task : failingTasks) {
        group.fork(task);
      }
      group.join();
    } catch (TaskGroupException e) {
      return e.failures().size();
    }
    throw new AssertionError("every task failed");
  }

  /** {@link #faninTryWithResources} with every task forked onto the reference's fixed pool. */
  @Benchmark
  public long faninOnFixedPool() throws InterruptedException {
    List<CompletableFuture<Integer>> futures = new ArrayList<>(tasks.size());
    try (TaskGroup group = TaskGroup.open()) {
      for (Callable<Integer> task : tasks) {
        futures.add(group.fork(task, fixedPool));
      }
      group.join();
    }
    return sumJoined(futures);
  }

  /** Reference: {@code invokeAll} on {@code Executors.newFixedThreadPool(2)}, then read each. */
  @Benchmark
  public long invokeAllFixedPool() throws InterruptedException, ExecutionException {
    return sumGot(fixedPool.invokeAll(tasks));
  }

  /** Floor: a {@code CompletableFuture} per task on the fixed pool, joined in turn (ForkJoinFloors). */
  @Benchmark
  public long floorFuturePerTaskFixedPool() {
    return ForkJoinFloors.futurePerTask(tasks, fixedPool);
  }

  /** Floor: {@link #floorFuturePerTaskFixedPool} plus a shared count of running tasks (ForkJoinFloors). */
  @Benchmark
  public long floorCountedFixedPool() {
    return ForkJoinFloors.counted(tasks, fixedPool);
  }

  /**
   * Floor (JDK 21+): a {@code CompletableFuture} per task, each on a fresh virtual thread of the
   * JDK's virtual-thread-per-task executor (ForkJoinFloors).
   */
  @Benchmark
  public long floorFuturePerTaskVirtualThreads(VirtualThreads virtualThreads) {
    return ForkJoinFloors.futurePerTask(tasks, virtualThreads.executor);
  }

  /**
   * Floor (JDK 21+): {@link #floorFuturePerTaskVirtualThreads} with a thread-local value set around
   * each task, as Fanin sets its ambient task (ForkJoinFloors).
   */
  @Benchmark
  public long floorContextPerTaskVirtualThreads(VirtualThreads virtualThreads) {
    return ForkJoinFloors.contextPerTask(tasks, virtualThreads.executor);
  }

  /**
   * Floor (JDK 21+): {@link #floorContextPerTaskVirtualThreads} on virtual threads named with a
   * counter ({@code fanin-virtual-N}): what a name per thread costs, the reason Fanin's default
   * executor gives all its virtual threads one name (adr/0024).
   */
  @Benchmark
  public long floorContextPerTaskNamedVirtualThreads(VirtualThreads virtualThreads) {
    return ForkJoinFloors.contextPerTask(tasks, virtualThreads.named);
  }

  /** Reference (JDK 21+): {@code invokeAll} on a virtual-thread-per-task executor. */
  @Benchmark
  public long invokeAllVirtualThreads(VirtualThreads virtualThreads)
      throws InterruptedException, ExecutionException {
    return sumGot(virtualThreads.executor.invokeAll(tasks));
  }

  /** {@code n} Callables, task {@code i} returning {@code i}, boxed here rather than per call. */
  static List<Callable<Integer>> trivialTasks(int n) {
    List<Callable<Integer>> tasks = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Integer value = i;
      tasks.add(() -> value);
    }
    return tasks;
  }

  /**
   * {@code Executors.newVirtualThreadPerTaskExecutor()} on JDK 21+, or null before. Looked up
   * reflectively because this module compiles for release 17. Public for the scale test's {@code
   * vt-invokeall} variant.
   *
   * @return a new executor starting a virtual thread per task, or null on JDK 17 to 20
   */
  public static ExecutorService newVirtualThreadPerTaskExecutor() {
    try {
      return (ExecutorService)
          Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (NoSuchMethodException e) {
      return null;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long sumJoined(List<CompletableFuture<Integer>> futures) {
    long sum = 0;
    for (CompletableFuture<Integer> future : futures) {
      sum += future.join();
    }
    return sum;
  }

  private static long sumGot(List<Future<Integer>> futures)
      throws InterruptedException, ExecutionException {
    long sum = 0;
    for (Future<Integer> future : futures) {
      sum += future.get();
    }
    return sum;
  }
}

package dev.fanin.benchmarks.scale;

import dev.fanin.Outcome;
import dev.fanin.benchmarks.TaskGroupJavaBenchmark;
import dev.fanin.java.Fanin;
import dev.fanin.java.TaskGroup;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scale test (not JMH): a million tasks that each wait 10 ms, gathered, and how long
 * that takes and how much heap it needs at its peak. Run one variant per JVM, so that each starts
 * from the same empty heap:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.fanin.benchmarks.scale.ScaleTest kotlin
 * </pre>
 *
 * <p>Variants ({@link #VARIANTS}): {@code kotlin} (Fanin's Kotlin {@code gather}), {@code raw}
 * (kotlinx {@code async} + {@code awaitAll}), {@code java-futures} ({@code Fanin.gatherFutures}
 * over futures that the JDK's delayed executor completes, the CompletableFuture way to wait without
 * holding a thread). The others run the same {@code Callable}s, each sleeping on a virtual thread of
 * its own, and need JDK 21+ (on older JDKs each would hold a platform thread): {@code java} ({@code
 * Fanin.gather(callables)}), {@code java-settled} ({@code Fanin.gatherSettled}), {@code
 * java-taskgroup} ({@code TaskGroup.open()}, fork each, {@code join()}, read each future), and the
 * references {@code vt-invokeall} ({@code invokeAll} on {@code
 * Executors.newVirtualThreadPerTaskExecutor()}) and {@code sts} (JDK 25's preview {@code
 * StructuredTaskScope}, from {@code StructuredTaskScopeForkJoin}: JDK 25 with {@code --enable-preview}
 * after a {@code -Pjdk25} build). Fanin's Java forms run on its default executor, a virtual thread
 * per task on JDK 21+.
 *
 * <p>Optional second and third arguments: the task count (default 1,000,000) and the wait in ms
 * (default 10). It prints one JSON object per line, which {@code BenchmarkReport} reads. A variant
 * this JVM cannot run prints why to standard error and exits with status {@value #UNSUPPORTED}.
 */
public final class ScaleTest {
  /** Every variant, in the order {@code benchmarks/run.sh} runs them. */
  public static final List<String> VARIANTS =
      List.of(
          "raw",
          "kotlin",
          "java-futures",
          "vt-invokeall",
          "java",
          "java-settled",
          "java-taskgroup",
          "sts");

  /** The exit status of {@link #main} for a variant this JVM cannot run. */
  public static final int UNSUPPORTED = 2;

  /** The variants whose tasks are Callables that sleep, a virtual thread each. */
  private static final List<String> SLEEPING_CALLABLES =
      List.of("vt-invokeall", "java", "java-settled", "java-taskgroup", "sts");

  /** The sts variant's code: built by -Pjdk25 only, loadable only on JDK 25 with --enable-preview. */
  private static final String STRUCTURED_TASK_SCOPE =
      "dev.fanin.benchmarks.StructuredTaskScopeForkJoin";

  private static final long SAMPLE_MILLIS = 5;

  private ScaleTest() {}

  /**
   * Runs one variant and prints its result as a JSON line, or, if this JVM cannot run it, prints
   * why to standard error and exits with status {@value #UNSUPPORTED}. With {@code --variants},
   * prints {@link #VARIANTS}, one a line, for {@code benchmarks/run.sh}.
   *
   * @param args the variant, then optionally the task count and the wait in ms
   * @throws Exception if the variant fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      throw new IllegalArgumentException(
          "usage: ScaleTest " + String.join("|", VARIANTS) + " [tasks] [waitMillis], or ScaleTest --variants");
    }
    if (args[0].equals("--variants")) {
      VARIANTS.forEach(System.out::println);
      return;
    }
    Optional<String> unsupported = unsupported(args[0]);
    if (unsupported.isPresent()) {
      System.err.println("ScaleTest: " + args[0] + " skipped: " + unsupported.get());
      System.exit(UNSUPPORTED);
    }
    int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    long waitMillis = args.length > 2 ? Long.parseLong(args[2]) : 10;
    System.out.println(run(args[0], tasks, waitMillis).toJson());
  }

  /**
   * Why this JVM cannot run {@code variant}.
   *
   * @param variant one of {@link #VARIANTS}
   * @return the reason, or empty if it can run it
   * @throws IllegalArgumentException if {@code variant} is not one of {@link #VARIANTS}
   */
  public static Optional<String> unsupported(String variant) {
    if (!VARIANTS.contains(variant)) {
      throw new IllegalArgumentException("unknown variant: " + variant);
    }
    if (SLEEPING_CALLABLES.contains(variant) && Runtime.version().feature() < 21) {
      return Optional.of(
          "needs virtual threads (JDK 21+); on JDK "
              + Runtime.version().feature()
              + " each sleeping Callable would hold a platform thread");
    }
    if (variant.equals("sts") && structuredTaskScopeSum() == null) {
      return Optional.of(
          "needs JDK 25 with --enable-preview and a -Pjdk25 build ("
              + STRUCTURED_TASK_SCOPE
              + " cannot be loaded)");
    }
    return Optional.empty();
  }

  /**
   * One variant's measurement.
   *
   * @param variant the variant
   * @param tasks how many tasks were gathered
   * @param waitMillis how long each waited
   * @param seconds the gather's wall time
   * @param peakHeapBytes the most heap in use, sampled every few milliseconds (garbage included)
   * @param peakRssBytes the process's peak resident memory ({@code VmHWM}), or -1 where the OS does
   *     not say; what asyncio's figure measures
   * @param jdk the JDK that ran it
   */
  public record Result(
      String variant,
      int tasks,
      long waitMillis,
      double seconds,
      long peakHeapBytes,
      long peakRssBytes,
      String jdk) {
    /** {@return this result as one line of JSON, as {@code BenchmarkReport} reads it} */
    public String toJson() {
      return String.format(
          Locale.ROOT,
          "{\"variant\":\"%s\",\"tasks\":%d,\"waitMillis\":%d,\"seconds\":%.3f,"
              + "\"peakHeapMiB\":%.1f,\"peakRssMiB\":%.1f,\"jdk\":\"%s\"}",
          variant,
          tasks,
          waitMillis,
          seconds,
          peakHeapBytes / (1024.0 * 1024.0),
          peakRssBytes / (1024.0 * 1024.0),
          jdk);
    }
  }

  /**
   * Runs one variant in this JVM.
   *
   * @param variant one of {@link #VARIANTS}
   * @param tasks how many tasks to gather
   * @param waitMillis how long each task waits
   * @return the measurement
   * @throws UnsupportedOperationException if this JVM cannot run the variant ({@link #unsupported})
   * @throws Exception if the variant fails or its results are wrong
   */
  public static Result run(String variant, int tasks, long waitMillis) throws Exception {
    Optional<String> unsupported = unsupported(variant);
    if (unsupported.isPresent()) {
      throw new UnsupportedOperationException(variant + " " + unsupported.get());
    }
    Body body = body(variant, tasks, waitMillis);
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    AtomicLong peak = new AtomicLong(memory.getHeapMemoryUsage().getUsed());
    // Sampling misses spikes shorter than a sample; a gather of this size lasts hundreds of them.
    Thread sampler =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                  Thread.sleep(SAMPLE_MILLIS);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
    long start = System.nanoTime();
    long sum = body.sum();
    double seconds = (System.nanoTime() - start) / 1e9;
    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
    sampler.interrupt();
    sampler.join();
    long expected = (long) tasks * (tasks - 1) / 2;
    if (sum != expected) {
      throw new IllegalStateException(variant + ": sum " + sum + ", expected " + expected);
    }
    return new Result(
        variant, tasks, waitMillis, seconds, peak.get(), peakRss(), Runtime.version().toString());
  }

  /** The process's peak resident set size from Linux's {@code /proc/self/status}, or -1. */
  private static long peakRss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux, or an unexpected format: the report shows the heap figure alone.
    }
    return -1;
  }

  /** A variant's timed work. */
  private interface Body {
    /** {@return the sum of every task's result} */
    long sum() throws Exception;
  }

  /** How a variant over Callables runs them. */
  private interface CallableRunner {
    /** {@return the sum of every task's result} */
    long sum(List<Callable<Integer>> tasks) throws Exception;
  }

  private static Body body(String variant, int tasks, long waitMillis) {
    return switch (variant) {
      case "kotlin" -> () -> KotlinScale.faninGather(tasks, waitMillis);
      case "raw" -> () -> KotlinScale.rawAwaitAll(tasks, waitMillis);
      case "java-futures" -> () -> javaGatherFutures(tasks, waitMillis);
      case "vt-invokeall" -> sleepers(tasks, waitMillis, ScaleTest::virtualThreadInvokeAll);
      case "java" -> sleepers(tasks, waitMillis, ScaleTest::javaGather);
      case "java-settled" -> sleepers(tasks, waitMillis, ScaleTest::javaGatherSettled);
      case "java-taskgroup" -> sleepers(tasks, waitMillis, ScaleTest::javaTaskGroup);
      case "sts" -> sleepers(tasks, waitMillis, ScaleTest::structuredTaskScope);
      default -> throw new IllegalArgumentException("unknown variant: " + variant);
    };
  }

  /**
   * The CompletableFuture way to wait without a thread: each task is a future completed by the
   * JDK's delayed executor, gathered by Fanin. The futures complete on the delayer's own thread:
   * with the default async pool they would start a thread each on a 2-core machine (the common
   * pool's parallelism is then 1, and CompletableFuture falls back to a thread per task).
   */
  private static long javaGatherFutures(int tasks, long waitMillis) {
    Executor later = CompletableFuture.delayedExecutor(waitMillis, TimeUnit.MILLISECONDS, Runnable::run);
    List<CompletableFuture<Integer>> futures = new ArrayList<>(tasks);
    for (int i = 0; i < tasks; i++) {
      int value = i;
      futures.add(CompletableFuture.supplyAsync(() -> value, later));
    }
    long sum = 0;
    for (int value : Fanin.gatherFutures(futures).join()) {
      sum += value;
    }
    return sum;
  }

  /**
   * {@code tasks} Callables, task {@code i} sleeping {@code waitMillis} and returning {@code i},
   * run by {@code runner}. They are built inside the timed work, as the other variants build theirs.
   */
  private static Body sleepers(int tasks, long waitMillis, CallableRunner runner) {
    return () -> {
      List<Callable<Integer>> callables = new ArrayList<>(tasks);
      for (int i = 0; i < tasks; i++) {
        int value = i;
        callables.add(
            () -> {
              TimeUnit.MILLISECONDS.sleep(waitMillis);
              return value;
            });
      }
      return runner.sum(callables);
    };
  }

  private static long javaGather(List<Callable<Integer>> tasks) {
    long sum = 0;
    for (int value : Fanin.gather(tasks).join()) {
      sum += value;
    }
    return sum;
  }

  private static long javaGatherSettled(List<Callable<Integer>> tasks) {
    long sum = 0;
    for (Outcome<Integer> outcome : Fanin.gatherSettled(tasks).join()) {
      sum += outcome.getOrThrow();
    }
    return sum;
  }

  private static long javaTaskGroup(List<Callable<Integer>> tasks) throws Exception {
    List<CompletableFuture<Integer>> futures = new ArrayList<>(tasks.size());
    try (TaskGroup group = TaskGroup.open()) {
      for (Callable<Integer> task : tasks) {
        futures.add(group.fork(task));
      }
      group.join();
    }
    long sum = 0;
    for (CompletableFuture<Integer> future : futures) {
      sum += future.join();
    }
    return sum;
  }

  /** The reference: what a Java programmer writes on JDK 21+ without Fanin. */
  private static long virtualThreadInvokeAll(List<Callable<Integer>> tasks) throws Exception {
    // Not null: unsupported() turned JDKs without virtual threads away.
    ExecutorService executor = TaskGroupJavaBenchmark.newVirtualThreadPerTaskExecutor();
    try {
      long sum = 0;
      for (Future<Integer> future : executor.invokeAll(tasks)) {
        sum += future.get();
      }
      return sum;
    } finally {
      executor.shutdown();
    }
  }

  private static long structuredTaskScope(List<Callable<Integer>> tasks) throws Exception {
    // Not null: unsupported() turned JVMs that cannot load it away.
    Method sum = structuredTaskScopeSum();
    try {
      return (Long) sum.invoke(null, tasks);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception exception) {
        throw exception;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  /**
   * {@code StructuredTaskScopeForkJoin.sum}, or null where it is absent (a build without -Pjdk25) or
   * cannot be loaded (another JDK than 25, or no --enable-preview). Looked up reflectively because
   * this class compiles for release 17.
   */
  private static Method structuredTaskScopeSum() {
    try {
      return Class.forName(STRUCTURED_TASK_SCOPE).getMethod("sum", List.class);
    } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
      return null;
    }
  }
}

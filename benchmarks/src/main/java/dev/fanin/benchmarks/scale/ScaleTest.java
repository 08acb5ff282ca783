package dev.fanin.benchmarks.scale;

import dev.fanin.java.Fanin;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The scale test (not JMH): a million tasks that each wait 10 ms, gathered, and how long
 * that takes and how much heap it needs at its peak. Run one variant per JVM, so that each starts
 * from the same empty heap:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.fanin.benchmarks.scale.ScaleTest kotlin
 * </pre>
 *
 * <p>Variants: {@code kotlin} (Fanin's Kotlin {@code gather}), {@code raw} (kotlinx {@code async} +
 * {@code awaitAll}), {@code java} ({@code Fanin.gather(callables)}, each {@code Callable} sleeping on
 * its own virtual thread; JDK 21 and later, since on older JDKs each would be a platform thread),
 * {@code java-futures} ({@code Fanin.gatherFutures} over futures that the JDK's delayed executor
 * completes, the CompletableFuture way to wait without holding a thread).
 * Optional second and third arguments: the task count (default 1,000,000) and the wait in ms
 * (default 10). It prints one JSON object per line, which {@code BenchmarkReport} reads.
 */
public final class ScaleTest {
  private static final long SAMPLE_MILLIS = 5;

  private ScaleTest() {}

  /**
   * Runs one variant and prints its result as a JSON line.
   *
   * @param args the variant, then optionally the task count and the wait in ms
   * @throws Exception if the variant fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      throw new IllegalArgumentException("usage: ScaleTest kotlin|raw|java|java-futures [tasks] [waitMillis]");
    }
    int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    long waitMillis = args.length > 2 ? Long.parseLong(args[2]) : 10;
    System.out.println(run(args[0], tasks, waitMillis).toJson());
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
   * @param variant {@code kotlin}, {@code raw} or {@code java}
   * @param tasks how many tasks to gather
   * @param waitMillis how long each task waits
   * @return the measurement
   * @throws Exception if the variant fails or its results are wrong
   */
  public static Result run(String variant, int tasks, long waitMillis) throws Exception {
    LongSupplier body = body(variant, tasks, waitMillis);
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
    long sum = body.getAsLong();
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

  private static LongSupplier body(String variant, int tasks, long waitMillis) {
    return switch (variant) {
      case "kotlin" -> () -> KotlinScale.faninGather(tasks, waitMillis);
      case "raw" -> () -> KotlinScale.rawAwaitAll(tasks, waitMillis);
      case "java" -> () -> javaGather(tasks, waitMillis);
      case "java-futures" -> () -> javaGatherFutures(tasks, waitMillis);
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

  private static long javaGather(int tasks, long waitMillis) {
    if (Runtime.version().feature() < 21) {
      throw new IllegalStateException("the java variant needs virtual threads (JDK 21+)");
    }
    List<Callable<Integer>> callables = new ArrayList<>(tasks);
    for (int i = 0; i < tasks; i++) {
      int value = i;
      callables.add(
          () -> {
            TimeUnit.MILLISECONDS.sleep(waitMillis);
            return value;
          });
    }
    long sum = 0;
    for (int value : Fanin.gather(callables).join()) {
      sum += value;
    }
    return sum;
  }
}

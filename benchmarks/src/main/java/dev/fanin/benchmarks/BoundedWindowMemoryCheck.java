package dev.fanin.benchmarks;

import dev.fanin.java.Completions;
import dev.fanin.java.FaninBlocking;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * By-hand check of the bounded window's memory claim: "a run of 10,000,000 trivial inputs with
 * limit 64 completes in a JVM capped at 64 MiB of heap". Not a unit test (it takes a while); see
 * docs/benchmarks.md.
 *
 * <pre>
 * java -Xmx64m -cp benchmarks/target/benchmarks.jar \
 *     dev.fanin.benchmarks.BoundedWindowMemoryCheck [java|kotlin|both] [total] [limit]
 * </pre>
 *
 * <p>{@code java}: {@code FaninBlocking.asCompleted(iterator, limit)} over a lazy {@link Iterator}
 * that makes each trivial {@code Callable} when pulled. {@code kotlin}: {@code
 * Sequence<suspend () -> Int>.asCompleted(limit)} collected in {@code runBlocking}. Defaults:
 * both, 10,000,000 tasks, limit 64. For each it prints the count, the largest heap use seen
 * (MemoryMXBean, sampled every 50,000 results and at the end; garbage included), the heap's maximum
 * (what -Xmx set), the largest heap use left after a collection (the heap pools' collection usage,
 * sampled alike: what the run actually retains), the wall time and the rate. Exits 1 if a count is
 * wrong; an OutOfMemoryError ends the JVM with its own error.
 */
public final class BoundedWindowMemoryCheck {
  private static final int SAMPLE_EVERY = 50_000;
  private static final int PROGRESS_EVERY = 1_000_000;

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final List<MemoryPoolMXBean> heapPools =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(pool -> pool.getType() == MemoryType.HEAP)
          .filter(MemoryPoolMXBean::isCollectionUsageThresholdSupported)
          .collect(Collectors.toList());
  private long maxHeapUsed;
  private long maxHeapAfterGc;

  private BoundedWindowMemoryCheck() {}

  public static void main(String[] args) throws Exception {
    String which = args.length > 0 ? args[0] : "both";
    int total = args.length > 1 ? Integer.parseInt(args[1].replace("_", "")) : 10_000_000;
    int limit = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    if (!which.equals("java") && !which.equals("kotlin") && !which.equals("both")) {
      System.err.println("usage: BoundedWindowMemoryCheck [java|kotlin|both] [total] [limit]");
      System.exit(2);
    }
    System.out.printf(
        Locale.ROOT,
        "JVM %s (%s), heap max %.1f MiB, %d tasks, limit %d%n",
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"),
        mib(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax()),
        total,
        limit);
    boolean ok = true;
    if (!which.equals("kotlin")) {
      ok &= new BoundedWindowMemoryCheck().runJava(total, limit);
    }
    if (!which.equals("java")) {
      ok &= new BoundedWindowMemoryCheck().runKotlin(total, limit);
    }
    System.exit(ok ? 0 : 1);
  }

  private boolean runJava(int total, int limit) throws InterruptedException {
    System.gc();
    long start = System.nanoTime();
    long count = 0;
    try (Completions<Integer, Callable<Integer>> results =
        FaninBlocking.asCompleted(new TrivialCallables(total), limit)) {
      while (results.hasNext()) {
        results.take().value();
        count++;
        if (count % SAMPLE_EVERY == 0) {
          sample();
        }
        if (count % PROGRESS_EVERY == 0) {
          progress("java", count, start);
        }
      }
    }
    return report("java: FaninBlocking.asCompleted(Iterator, " + limit + ")", count, total, start);
  }

  private boolean runKotlin(int total, int limit) {
    System.gc();
    long start = System.nanoTime();
    long count =
        KotlinAsCompleted.countBoundedSequence(
            total,
            limit,
            SAMPLE_EVERY,
            done -> {
              sample();
              if (done % PROGRESS_EVERY == 0) {
                progress("kotlin", done, start);
              }
              return kotlin.Unit.INSTANCE;
            });
    return report("kotlin: Sequence.asCompleted(" + limit + ")", count, total, start);
  }

  private void sample() {
    maxHeapUsed = Math.max(maxHeapUsed, memory.getHeapMemoryUsage().getUsed());
    long afterGc = 0;
    for (MemoryPoolMXBean pool : heapPools) {
      MemoryUsage usage = pool.getCollectionUsage();
      afterGc += usage == null ? 0 : usage.getUsed();
    }
    maxHeapAfterGc = Math.max(maxHeapAfterGc, afterGc);
  }

  private static void progress(String which, long count, long start) {
    System.err.printf(
        Locale.ROOT, "  %s: %,d results after %.1f s%n", which, count, seconds(start));
  }

  private boolean report(String what, long count, int total, long start) {
    double seconds = seconds(start);
    sample();
    boolean ok = count == total;
    System.out.printf(
        Locale.ROOT,
        "%s: count %,d (%s), max heap used %.1f MiB of %.1f MiB (max after a GC %.1f MiB),"
            + " wall %.1f s, %,.0f results/s%n",
        what,
        count,
        ok ? "ok" : "WRONG, expected " + String.format(Locale.ROOT, "%,d", total),
        mib(maxHeapUsed),
        mib(memory.getHeapMemoryUsage().getMax()),
        mib(maxHeapAfterGc),
        seconds,
        count / seconds);
    return ok;
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }

  /** A lazy source: task {@code i} is made when pulled and returns {@code i}. */
  private static final class TrivialCallables implements Iterator<Callable<Integer>> {
    private final int total;
    private int next;

    TrivialCallables(int total) {
      this.total = total;
    }

    @Override
    public boolean hasNext() {
      return next < total;
    }

    @Override
    public Callable<Integer> next() {
      if (next >= total) {
        throw new NoSuchElementException();
      }
      int value = next++;
      return () -> value;
    }
  }
}

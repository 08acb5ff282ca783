package dev.fanin.benchmarks.report;

import static dev.fanin.benchmarks.report.JmhResults.THREAD_KIND;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The targets the issues set, each as a comparison within one run. The report lists each with its
 * measured value and whether it holds; docs/benchmarks.md explains the ones that do not.
 */
final class Targets {
  /** asyncio's figures for the same gather on this machine kind, quoted by the issue. */
  static final double ASYNCIO_SECONDS = 31.6;

  static final double ASYNCIO_MIB = 1664;

  private Targets() {}

  static List<Target> all() {
    List<Target> targets = new ArrayList<>();
    // The Java forms that wait on the caller's thread hold for a platform and a virtual caller.
    for (String caller : List.of("platform", "virtual")) {
      String on = caller.equals("platform") ? "" : ", virtual caller";
      for (String n : List.of("16", "1024", "65536")) {
        Map<String, String> size = Map.of("n", n, THREAD_KIND, caller);
        targets.add(ratio("Java gather, n = " + n + on + ": time <= allOf + join", "GatherJavaBenchmark.faninGatherFutures", "GatherJavaBenchmark.allOfThenJoinEach", size, 1.0));
        targets.add(allocation("Java gather, n = " + n + on + ": allocation <= allOf + join", "GatherJavaBenchmark.faninGatherFutures", "GatherJavaBenchmark.allOfThenJoinEach", size, 1.0));
      }
      for (String n : List.of("16", "1024")) {
        Map<String, String> size = Map.of("n", n, THREAD_KIND, caller);
        targets.add(ratio("Java asCompleted, n = " + n + on + ", same pool: faster than ExecutorCompletionService", "AsCompletedJavaBenchmark.faninBlockingAsCompletedOnPool", "AsCompletedJavaBenchmark.completionService", size, 1.0, "AsCompletedJavaBenchmark.queueAndParkOnPool"));
      }
      // race (issue 19): the first success of n tasks on the JDK's fixed pool, against invokeAny there.
      for (String n : List.of("2", "16")) {
        Map<String, String> size = Map.of("n", n, THREAD_KIND, caller);
        targets.add(ratio("Java race, n = " + n + on + ", same pool: no slower than invokeAny", "RaceBenchmark.faninBlockingRace", "RaceBenchmark.invokeAny", size, 1.0, "RaceBenchmark.submitAllTakeFirst"));
      }
      Map<String, String> window = Map.of("total", "1024", "limit", "64", THREAD_KIND, caller);
      targets.add(ratio("Java asCompleted, bounded 1024/64" + on + ", same pool: faster than ExecutorCompletionService", "AsCompletedJavaBenchmark.faninBlockingAsCompletedBoundedOnPool", "AsCompletedJavaBenchmark.completionServiceBounded", window, 1.0, "AsCompletedJavaBenchmark.queueAndParkBoundedOnPool"));
      targets.add(new Target.Throughput("Select loop" + on + ": at least 1,000,000 events per second", "SelectLoopBenchmark.activityLoop", Map.of(THREAD_KIND, caller), 1_000_000));
      for (String n : List.of("16", "1024")) {
        Map<String, String> size = Map.of("n", n, THREAD_KIND, caller);
        targets.add(ratio("Java gather of n = " + n + " Callables" + on + ", same fixed pool: time <= 1.2x invokeAll", "GatherTasksBenchmark.faninBlockingGather", "GatherTasksBenchmark.invokeAll", size, 1.2, "GatherTasksBenchmark.floorCounted"));
      }
      for (String n : List.of("10", "1000", "100000")) {
        Map<String, String> size = Map.of("n", n, THREAD_KIND, caller);
        String pooled = "TaskGroupJavaBenchmark.floorCountedFixedPool";
        targets.add(ratio("TaskGroup, n = " + n + on + ", same fixed pool: time <= 1.2x invokeAll", "TaskGroupJavaBenchmark.faninOnFixedPool", "TaskGroupJavaBenchmark.invokeAllFixedPool", size, 1.2, pooled));
        targets.add(allocation("TaskGroup, n = " + n + on + ", same fixed pool: bytes per task <= 2x invokeAll", "TaskGroupJavaBenchmark.faninOnFixedPool", "TaskGroupJavaBenchmark.invokeAllFixedPool", size, 2.0, pooled));
        // Fanin's default executor is a virtual thread per task on JDK 21+, as StructuredTaskScope's.
        String virtualFloor = "TaskGroupJavaBenchmark.floorContextPerTaskVirtualThreads";
        targets.add(ratio("TaskGroup, n = " + n + on + ", virtual threads: time <= StructuredTaskScope", "TaskGroupJavaBenchmark.faninTryWithResources", "StructuredTaskScopeBenchmark.structuredTaskScope", size, 1.0, virtualFloor));
        targets.add(allocation("TaskGroup, n = " + n + on + ", virtual threads: bytes per task <= StructuredTaskScope", "TaskGroupJavaBenchmark.faninTryWithResources", "StructuredTaskScopeBenchmark.structuredTaskScope", size, 1.0, virtualFloor));
      }
    }
    for (String n : List.of("16", "1024", "65536")) {
      targets.add(ratio("Kotlin gather, n = " + n + ": within 10% of awaitAll", "GatherKotlinBenchmark.faninGather", "GatherKotlinBenchmark.rawAwaitAll", Map.of("n", n), 1.1));
    }
    for (String n : List.of("16", "1024")) {
      targets.add(ratio("Kotlin asCompleted, n = " + n + ": within 10% of raw kotlinx", "AsCompletedKotlinBenchmark.faninAsCompleted", "AsCompletedKotlinBenchmark.rawFlatMapMerge", Map.of("n", n), 1.1));
    }
    targets.add(ratio("Kotlin asCompleted, bounded 1024/64: within 10% of raw kotlinx", "AsCompletedKotlinBenchmark.faninAsCompletedBounded", "AsCompletedKotlinBenchmark.rawFlatMapMergeBounded", Map.of("total", "1024", "limit", "64"), 1.1));
    targets.add(ratio("Kotlin select (receive from 2 channels): within 10% of raw kotlinx", "SelectKotlinBenchmark.bufferedFaninAsKotlin", "SelectKotlinBenchmark.bufferedRaw", Map.of(), 1.1));
    targets.add(ratio("Kotlin select on a future: onComplete within 10% of onAwait", "SelectKotlinBenchmark.pendingFutureOnComplete", "SelectKotlinBenchmark.pendingDeferredRaw", Map.of(), 1.1));

    Map<String, String> virtual = Map.of(THREAD_KIND, "virtual");
    Map<String, String> platform = Map.of(THREAD_KIND, "platform");
    targets.add(ratio("Channel, virtual threads, rendezvous: no slower than SynchronousQueue", "ChannelJavaBenchmark.rendezvousFanin", "ChannelJavaBenchmark.rendezvousSynchronousQueue", virtual, 1.0, "ChannelJavaBenchmark.rendezvousParkingFloor"));
    targets.add(ratio("Channel, virtual threads, rendezvous: at most 0.6x Jox", "ChannelJavaBenchmark.rendezvousFanin", "JoxChannelBenchmark.rendezvousJox", virtual, 0.6, "ChannelJavaBenchmark.rendezvousParkingFloor"));
    targets.add(ratio("Channel, virtual threads, buffered(16): at most 0.8x ArrayBlockingQueue", "ChannelJavaBenchmark.bufferedFanin", "ChannelJavaBenchmark.bufferedArrayBlockingQueue", virtual, 0.8, "ChannelJavaBenchmark.bufferedParkingFloor"));
    targets.add(ratio("Channel, virtual threads, buffered(16): at most 0.8x Jox", "ChannelJavaBenchmark.bufferedFanin", "JoxChannelBenchmark.bufferedJox", virtual, 0.8, "ChannelJavaBenchmark.bufferedParkingFloor"));
    targets.add(ratio("Channel, platform threads, buffered(16): no slower than ArrayBlockingQueue", "ChannelJavaBenchmark.bufferedFanin", "ChannelJavaBenchmark.bufferedArrayBlockingQueue", platform, 1.0, "ChannelJavaBenchmark.bufferedParkingFloor"));
    for (Map<String, String> kind : List.of(virtual, platform)) {
      String threads = kind.get(THREAD_KIND);
      targets.add(ratio("Channel, " + threads + " threads, rendezvous: at most 1/20 of a runBlocking-per-call facade", "ChannelJavaBenchmark.rendezvousFanin", "ChannelJavaBenchmark.rendezvousNaiveFacade", kind, 0.05, "ChannelJavaBenchmark.rendezvousParkingFloor"));
      targets.add(ratio("Channel, " + threads + " threads, buffered(16): at most 1/20 of a runBlocking-per-call facade", "ChannelJavaBenchmark.bufferedFanin", "ChannelJavaBenchmark.bufferedNaiveFacade", kind, 0.05, "ChannelJavaBenchmark.bufferedParkingFloor"));
    }
    targets.add(ratio("Java 2-clause select, virtual threads: at most 0.7x Jox", "SelectJavaBenchmark.bufferedFanin", "JoxSelectBenchmark.bufferedJox", virtual, 0.7));

    double seconds = ASYNCIO_SECONDS / 8;
    double mib = ASYNCIO_MIB / 3;
    targets.add(new Target.Scale("1M-task gather, Kotlin: <= asyncio/8 in time, <= asyncio/3 in memory, within 1.2x of raw kotlinx", "kotlin", seconds, mib, "raw", 1.2));
    targets.add(new Target.Scale("1M-task gather, Java CompletableFuture form over futures the JDK's delayed executor completes: <= asyncio/8 in time, <= asyncio/3 in memory, within 1.2x of raw kotlinx", "java-futures", seconds, mib, "raw", 1.2));
    targets.add(new Target.Scale("1M-task gather, Java CompletableFuture form over Callables that sleep (a virtual thread each): <= asyncio/8 in time, <= asyncio/3 in memory, within 1.2x of raw kotlinx", "java", seconds, mib, "raw", 1.2));
    // The Java forms over Callables that sleep, each on a virtual thread, against invokeAll doing the same.
    Map<String, String> javaForms = new LinkedHashMap<>();
    javaForms.put("java", "1M-task gather, Java CompletableFuture form over Callables that sleep");
    javaForms.put("java-settled", "1M-task gatherSettled, Java CompletableFuture form over Callables that sleep");
    javaForms.put("java-taskgroup", "1M-task TaskGroup (fork each, join) over Callables that sleep");
    javaForms.forEach(
        (variant, what) -> {
          targets.add(new Target.ScaleRatio(what + ": time <= 1.2x invokeAll on a virtual thread per task", variant, "vt-invokeall", 1.2, false));
          targets.add(new Target.ScaleRatio(what + ": peak RSS <= 1.2x invokeAll on a virtual thread per task", variant, "vt-invokeall", 1.2, true));
        });
    return targets;
  }

  private static Target ratio(String title, String fanin, String reference, Map<String, String> params, double max) {
    return ratio(title, fanin, reference, params, max, null);
  }

  private static Target ratio(String title, String fanin, String reference, Map<String, String> params, double max, String floor) {
    return new Target.Ratio(title, fanin, reference, params, max, false, floor);
  }

  private static Target allocation(String title, String fanin, String reference, Map<String, String> params, double max) {
    return allocation(title, fanin, reference, params, max, null);
  }

  private static Target allocation(String title, String fanin, String reference, Map<String, String> params, double max, String floor) {
    return new Target.Ratio(title, fanin, reference, params, max, true, floor);
  }
}

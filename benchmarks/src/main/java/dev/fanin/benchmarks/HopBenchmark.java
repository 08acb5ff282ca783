package dev.fanin.benchmarks;

import dev.fanin.java.Channel;
import dev.fanin.java.FaninBlocking;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import kotlin.coroutines.EmptyCoroutineContext;
import kotlinx.coroutines.BuildersKt;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one hop from a blocking Java call into the engine and back, measured alone: calls
 * whose answer is already there, so nothing waits and what is left is the crossing itself.
 *
 * <ul>
 *   <li>{@code faninBlockingWaitFor}: {@code FaninBlocking.waitFor(completedFuture, 1 s)}.
 *   <li>{@code faninBlockingGatherOne}: {@code FaninBlocking.gatherFutures(List.of(completed))}.
 *   <li>{@code channelTrySendTryReceive}: one element into a buffered channel and out again (two
 *       engine calls, no waiting).
 *   <li>{@code runBlockingHop}: the naive hop, {@code runBlocking} around a suspend call that
 *       returns at once.
 *   <li>{@code completableFutureJoin} (reference): {@code join()} of a completed future, no engine.
 * </ul>
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
public class HopBenchmark {
  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  private CompletableFuture<Integer> done;
  private List<CompletableFuture<Integer>> doneList;
  private Channel<Integer> channel;

  @Setup
  public void setUp() {
    done = CompletableFuture.completedFuture(42);
    doneList = List.of(done);
    channel = Channel.buffered(1);
  }

  @Benchmark
  public Integer faninBlockingWaitFor() throws Exception {
    return FaninBlocking.waitFor(done, TIMEOUT);
  }

  @Benchmark
  public List<Integer> faninBlockingGatherOne() throws InterruptedException {
    return FaninBlocking.gatherFutures(doneList);
  }

  @Benchmark
  public Object channelTrySendTryReceive() {
    channel.trySend(42);
    return channel.tryReceive();
  }

  @Benchmark
  public Object runBlockingHop() throws InterruptedException {
    return BuildersKt.runBlocking(EmptyCoroutineContext.INSTANCE, (scope, continuation) -> 42);
  }

  @Benchmark
  public Integer completableFutureJoin() {
    return done.join();
  }
}

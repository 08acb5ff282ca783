package dev.fanin.benchmarks;

import static dev.fanin.benchmarks.ChannelShapes.CAPACITY;
import static dev.fanin.benchmarks.ChannelShapes.ELEMENTS;
import static dev.fanin.benchmarks.ChannelShapes.PRODUCER_CONSUMER_SUM;
import static dev.fanin.benchmarks.ChannelShapes.TRANSFERS;
import static dev.fanin.benchmarks.ChannelShapes.checked;

import dev.fanin.java.Channel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * kotlinx's {@code select} between coroutines on {@code Dispatchers.Default} (KotlinSelects.kt),
 * the reference for {@code SelectJavaBenchmark}, and Fanin's Kotlin form of select, which is
 * kotlinx's {@code select} with Fanin channels and Fanin's extra clauses (SelectClauses.kt).
 *
 * <ul>
 *   <li>The shape of {@link SelectShapes} (two producer coroutines, a selecting consumer): {@link
 *       #bufferedRaw} and {@link #rendezvousRaw} ({@code select}, biased) and {@link
 *       #bufferedRawUnbiased} and {@link #rendezvousRawUnbiased} ({@code selectUnbiased}) on raw
 *       kotlinx channels; {@link #bufferedFaninAsKotlin}, {@code select} on {@code
 *       Channel.buffered(16).asKotlinChannel()}, which is a kotlinx channel and should score as
 *       {@link #bufferedRaw}.
 *   <li>The select alone, without waiting: {@link #readyRaw} and {@link #readyRawUnbiased}, one
 *       coroutine that sends into channel A and then selects over A and an empty B.
 *   <li>The cost of a {@code CompletionStage} clause: one producer coroutine sends 8192 elements
 *       into a raw {@code Channel(16)} and the consumer selects between receiving and a clause that
 *       stays pending. {@link #pendingDeferredRaw}: kotlinx's {@code onAwait} on a pending {@code
 *       CompletableDeferred}; {@link #pendingFutureOnComplete}: Fanin's {@code onComplete} on a
 *       pending {@code CompletableFuture}, completed at the end of the call (each select leaves a
 *       callback on it until then, which that completion runs).
 * </ul>
 *
 * <p>Fanin's {@code onDefault} is kotlinx's {@code onTimeout(0)} under another name and is not
 * measured; Fanin's Java {@code Select} is for threads, not coroutines.
 *
 * <p><b>Scores are ns and bytes per element</b>: one select that received one element, with its
 * send ({@code @OperationsPerInvocation(8192)}); the {@code runBlocking} of each call, the harness
 * cost here, is spread over them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(TRANSFERS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SelectKotlinBenchmark {
  private kotlinx.coroutines.channels.Channel<Integer> rawBufferedA;
  private kotlinx.coroutines.channels.Channel<Integer> rawBufferedB;
  private kotlinx.coroutines.channels.Channel<Integer> rawRendezvousA;
  private kotlinx.coroutines.channels.Channel<Integer> rawRendezvousB;
  private kotlinx.coroutines.channels.Channel<Integer> faninBufferedA;
  private kotlinx.coroutines.channels.Channel<Integer> faninBufferedB;
  private kotlinx.coroutines.channels.Channel<Integer> rawSingle;

  @Setup
  public void setUp() {
    rawBufferedA = KotlinChannels.rawChannel(CAPACITY);
    rawBufferedB = KotlinChannels.rawChannel(CAPACITY);
    rawRendezvousA = KotlinChannels.rawChannel(0);
    rawRendezvousB = KotlinChannels.rawChannel(0);
    faninBufferedA = Channel.<Integer>buffered(CAPACITY).asKotlinChannel();
    faninBufferedB = Channel.<Integer>buffered(CAPACITY).asKotlinChannel();
    rawSingle = KotlinChannels.rawChannel(CAPACITY);
  }

  /** {@code select} over two raw kotlinx {@code Channel(16)}. */
  @Benchmark
  public long bufferedRaw() {
    return checked(
        KotlinSelects.coroutineSelect(rawBufferedA, rawBufferedB, ELEMENTS, false),
        PRODUCER_CONSUMER_SUM);
  }

  /** {@code selectUnbiased} over two raw kotlinx {@code Channel(16)}. */
  @Benchmark
  public long bufferedRawUnbiased() {
    return checked(
        KotlinSelects.coroutineSelect(rawBufferedA, rawBufferedB, ELEMENTS, true),
        PRODUCER_CONSUMER_SUM);
  }

  /** {@code select} over two raw rendezvous kotlinx channels. */
  @Benchmark
  public long rendezvousRaw() {
    return checked(
        KotlinSelects.coroutineSelect(rawRendezvousA, rawRendezvousB, ELEMENTS, false),
        PRODUCER_CONSUMER_SUM);
  }

  /** {@code selectUnbiased} over two raw rendezvous kotlinx channels. */
  @Benchmark
  public long rendezvousRawUnbiased() {
    return checked(
        KotlinSelects.coroutineSelect(rawRendezvousA, rawRendezvousB, ELEMENTS, true),
        PRODUCER_CONSUMER_SUM);
  }

  /**
   * No waiting: one coroutine sends an element into raw {@code Channel(16)} A, then runs {@code
   * select} over A and an empty B, 8192 times; the counterpart of {@code
   * SelectJavaBenchmark.readyFaninBiased}.
   */
  @Benchmark
  public long readyRaw() {
    return checked(
        KotlinSelects.coroutineSelectReady(rawBufferedA, rawBufferedB, ELEMENTS, false),
        PRODUCER_CONSUMER_SUM);
  }

  /** As {@link #readyRaw} with {@code selectUnbiased}; the counterpart of {@code readyFanin}. */
  @Benchmark
  public long readyRawUnbiased() {
    return checked(
        KotlinSelects.coroutineSelectReady(rawBufferedA, rawBufferedB, ELEMENTS, true),
        PRODUCER_CONSUMER_SUM);
  }

  /** {@code select} over two {@code Channel.buffered(16).asKotlinChannel()}. */
  @Benchmark
  public long bufferedFaninAsKotlin() {
    return checked(
        KotlinSelects.coroutineSelect(faninBufferedA, faninBufferedB, ELEMENTS, false),
        PRODUCER_CONSUMER_SUM);
  }

  /** {@code select { channel.onReceive; pendingDeferred.onAwait }}, one producer. */
  @Benchmark
  public long pendingDeferredRaw() {
    return checked(
        KotlinSelects.coroutineSelectWithPendingDeferred(rawSingle, ELEMENTS),
        PRODUCER_CONSUMER_SUM);
  }

  /** {@code select { channel.onReceive; onComplete(pendingFuture) }}, one producer. */
  @Benchmark
  public long pendingFutureOnComplete() {
    return checked(
        KotlinSelects.coroutineSelectWithPendingFuture(rawSingle, ELEMENTS),
        PRODUCER_CONSUMER_SUM);
  }
}

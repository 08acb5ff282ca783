package dev.fanin.benchmarks;

import static dev.fanin.benchmarks.ChannelShapes.CAPACITY;
import static dev.fanin.benchmarks.ChannelShapes.ELEMENTS;
import static dev.fanin.benchmarks.ChannelShapes.PRODUCER_CONSUMER_SUM;
import static dev.fanin.benchmarks.ChannelShapes.TRANSFERS;
import static dev.fanin.benchmarks.ChannelShapes.checked;
import static dev.fanin.benchmarks.SelectShapes.HALF;

import dev.fanin.java.Channel;
import dev.fanin.java.Select;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fanin's blocking {@link Select} used from Java threads, in the shape of {@link SelectShapes}: two
 * producer threads, each sending into a channel of its own, and a consumer thread that runs a
 * two-clause select ({@code onReceive} on both channels) once per element. The three run on
 * long-lived worker threads ({@link WorkerGroup}) of the kind {@link #threadKind} names. Each
 * benchmark builds its {@code Select} once, in the setup, and the consumer runs that object again
 * and again, as the class's documentation allows.
 *
 * <p><b>Scores are ns and bytes per element</b>: one select that received one element, its
 * producer's send included ({@code @OperationsPerInvocation(8192)}).
 *
 * <ul>
 *   <li>{@link #bufferedFanin}, {@link #bufferedFaninBiased}: {@code Channel.buffered(16)} each,
 *       the select made by {@code Select.create()} (unbiased, Go's choice, the default) and by
 *       {@code Select.biased()} (first ready clause wins, kotlinx's and Jox's choice).
 *   <li>{@link #rendezvousFanin}, {@link #rendezvousFaninBiased}: the same on {@code
 *       Channel.rendezvous()}.
 *   <li>{@link #readyFanin}, {@link #readyFaninBiased}: the select alone, without waiting: the
 *       consumer sends into A itself, then selects over A and an empty B (the producers idle).
 *   <li>{@link #bufferedNoSelectFanin}: no select; both producers send into one {@code
 *       buffered(16)} channel and the consumer calls {@code receive()}: the floor under the select
 *       benchmarks (same threads, same number of elements, three-thread contention).
 *   <li>{@link #harnessOverhead}: a round in which the three workers do nothing.
 * </ul>
 *
 * <p>References: Jox's select in {@code JoxSelectBenchmark} ({@code -Pjdk25}), kotlinx's select
 * between coroutines in {@code SelectKotlinBenchmark}. {@code threadKind=virtual} needs JDK 21+
 * ({@link WorkerPair#threadFactory}); run with {@code -p threadKind=platform} before.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(TRANSFERS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SelectJavaBenchmark {
  /** The kind of the three worker threads: {@code platform}, or {@code virtual} (JDK 21+). */
  @Param({"platform", "virtual"})
  public String threadKind;

  private WorkerGroup workers;

  private Channel<Integer> bufferedA;
  private Channel<Integer> bufferedB;
  private Channel<Integer> rendezvousA;
  private Channel<Integer> rendezvousB;
  private Channel<Integer> bufferedShared;
  private Select<Integer> bufferedUnbiased;
  private Select<Integer> bufferedBiased;
  private Select<Integer> rendezvousUnbiased;
  private Select<Integer> rendezvousBiased;

  @Setup(Level.Trial)
  public void setUp() {
    workers = new WorkerGroup(threadKind, 3);
    bufferedA = Channel.buffered(CAPACITY);
    bufferedB = Channel.buffered(CAPACITY);
    rendezvousA = Channel.rendezvous();
    rendezvousB = Channel.rendezvous();
    bufferedShared = Channel.buffered(CAPACITY);
    bufferedUnbiased = twoReceives(Select.create(), bufferedA, bufferedB);
    bufferedBiased = twoReceives(Select.biased(), bufferedA, bufferedB);
    rendezvousUnbiased = twoReceives(Select.create(), rendezvousA, rendezvousB);
    rendezvousBiased = twoReceives(Select.biased(), rendezvousA, rendezvousB);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws InterruptedException {
    if (workers != null) {
      workers.stop();
    }
  }

  /** {@code Select.create()} (unbiased) over two {@code buffered(16)} channels. */
  @Benchmark
  public long bufferedFanin() {
    return selectFromTwoProducers(bufferedA, bufferedB, bufferedUnbiased);
  }

  /** {@code Select.biased()} over two {@code buffered(16)} channels. */
  @Benchmark
  public long bufferedFaninBiased() {
    return selectFromTwoProducers(bufferedA, bufferedB, bufferedBiased);
  }

  /** {@code Select.create()} (unbiased) over two rendezvous channels. */
  @Benchmark
  public long rendezvousFanin() {
    return selectFromTwoProducers(rendezvousA, rendezvousB, rendezvousUnbiased);
  }

  /** {@code Select.biased()} over two rendezvous channels. */
  @Benchmark
  public long rendezvousFaninBiased() {
    return selectFromTwoProducers(rendezvousA, rendezvousB, rendezvousBiased);
  }

  /**
   * No waiting: the consumer sends an element into {@code buffered(16)} channel A itself, then runs
   * {@code Select.create()} over A and an empty channel B; the producers do nothing. What one
   * select costs when a clause is ready at once, without any hand-off between threads (an
   * unbiased select registers on B first half of the time, and withdraws from it).
   */
  @Benchmark
  public long readyFanin() {
    return selectReady(bufferedA, bufferedUnbiased);
  }

  /** As {@link #readyFanin} with {@code Select.biased()}: A, listed first, fires at once. */
  @Benchmark
  public long readyFaninBiased() {
    return selectReady(bufferedA, bufferedBiased);
  }

  /** No select: both producers send into one {@code buffered(16)} channel, the consumer receives. */
  @Benchmark
  public long bufferedNoSelectFanin() {
    Channel<Integer> channel = bufferedShared;
    return checked(
        workers.run(
            () -> {
              for (int i = 0; i < HALF; i++) {
                channel.send(ELEMENTS[i]);
              }
              return 0;
            },
            () -> {
              for (int i = HALF; i < TRANSFERS; i++) {
                channel.send(ELEMENTS[i]);
              }
              return 0;
            },
            () -> {
              long sum = 0;
              for (int i = 0; i < TRANSFERS; i++) {
                sum += channel.receive();
              }
              return sum;
            }),
        PRODUCER_CONSUMER_SUM);
  }

  /** A round in which none of the three workers does anything: the harness's share. */
  @Benchmark
  public long harnessOverhead() {
    return workers.run(() -> 0, () -> 0, () -> 0);
  }

  private long selectFromTwoProducers(Channel<Integer> a, Channel<Integer> b, Select<Integer> select) {
    return checked(
        workers.run(
            () -> {
              for (int i = 0; i < HALF; i++) {
                a.send(ELEMENTS[i]);
              }
              return 0;
            },
            () -> {
              for (int i = HALF; i < TRANSFERS; i++) {
                b.send(ELEMENTS[i]);
              }
              return 0;
            },
            () -> {
              long sum = 0;
              for (int i = 0; i < TRANSFERS; i++) {
                sum += select.select();
              }
              return sum;
            }),
        PRODUCER_CONSUMER_SUM);
  }

  private long selectReady(Channel<Integer> a, Select<Integer> select) {
    return checked(
        workers.run(
            () -> 0,
            () -> 0,
            () -> {
              long sum = 0;
              for (int i = 0; i < TRANSFERS; i++) {
                a.send(ELEMENTS[i]);
                sum += select.select();
              }
              return sum;
            }),
        PRODUCER_CONSUMER_SUM);
  }

  /** {@code select} with a receive from {@code a} and one from {@code b}, each returning the element. */
  private static Select<Integer> twoReceives(
      Select<Integer> select, Channel<Integer> a, Channel<Integer> b) {
    return select.onReceive(a, Function.identity()).onReceive(b, Function.identity());
  }
}

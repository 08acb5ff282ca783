package dev.fanin.benchmarks;

import static dev.fanin.benchmarks.ChannelShapes.CAPACITY;
import static dev.fanin.benchmarks.ChannelShapes.ELEMENTS;
import static dev.fanin.benchmarks.ChannelShapes.PRODUCER_CONSUMER_SUM;
import static dev.fanin.benchmarks.ChannelShapes.TRANSFERS;
import static dev.fanin.benchmarks.ChannelShapes.checked;
import static dev.fanin.benchmarks.SelectShapes.HALF;

import com.softwaremill.jox.Channel;
import com.softwaremill.jox.Select;
import com.softwaremill.jox.SelectClause;
import java.util.concurrent.TimeUnit;
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
 * Jox's select (com.softwaremill.jox:channels 1.0.1, Java 21+) as the reference for {@code
 * SelectJavaBenchmark}: the same shape ({@link SelectShapes}: two producer threads, a consumer that
 * selects between their channels) on the same {@link WorkerGroup} harness, so scores compare line
 * by line with {@code bufferedFanin}/{@code bufferedFaninBiased} and {@code rendezvousFanin}/{@code
 * rendezvousFaninBiased} of the same thread kind. Jox's select is biased: the first ready clause
 * wins.
 *
 * <ul>
 *   <li>{@link #bufferedJox}: {@code Select.select(a.receiveClause(), b.receiveClause())} on two
 *       {@code Channel.newBufferedChannel(16)}; the two clauses and their array are made once, in
 *       the setup, and passed to every select (Jox's clauses hold no state of a select), as the
 *       Fanin benchmarks reuse their {@code Select}.
 *   <li>{@link #bufferedJoxFreshClauses}: the same, written as Jox's documentation and its own
 *       SelectBenchmark write it, {@code select(a.receiveClause(), b.receiveClause())} in the loop:
 *       two clauses and a varargs array per select.
 *   <li>{@link #rendezvousJox}: reused clauses on two {@code Channel.newRendezvousChannel()}.
 *   <li>{@link #readyJox}: the select alone, without waiting: the consumer sends into A itself,
 *       then selects over A and an empty B (the producers idle).
 * </ul>
 *
 * <p>Built only by {@code -Pjdk25} (with the Jox dependency); like {@code JoxChannelBenchmark} it
 * uses no preview API and runs without {@code --enable-preview}.
 *
 * <p><b>Scores are ns and bytes per element</b>: one select that received one element, with its
 * send ({@code @OperationsPerInvocation(8192)}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(TRANSFERS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class JoxSelectBenchmark {
  /** The kind of the three worker threads. */
  @Param({"platform", "virtual"})
  public String threadKind;

  private WorkerGroup workers;
  private Channel<Integer> bufferedA;
  private Channel<Integer> bufferedB;
  private Channel<Integer> rendezvousA;
  private Channel<Integer> rendezvousB;
  private SelectClause<Integer>[] bufferedClauses;
  private SelectClause<Integer>[] rendezvousClauses;

  @Setup(Level.Trial)
  public void setUp() {
    workers = new WorkerGroup(threadKind, 3);
    bufferedA = Channel.newBufferedChannel(CAPACITY);
    bufferedB = Channel.newBufferedChannel(CAPACITY);
    rendezvousA = Channel.newRendezvousChannel();
    rendezvousB = Channel.newRendezvousChannel();
    bufferedClauses = clauses(bufferedA.receiveClause(), bufferedB.receiveClause());
    rendezvousClauses = clauses(rendezvousA.receiveClause(), rendezvousB.receiveClause());
  }

  @TearDown(Level.Trial)
  public void tearDown() throws InterruptedException {
    if (workers != null) {
      workers.stop();
    }
  }

  /** {@code Select.select} over two {@code newBufferedChannel(16)}, clauses made once. */
  @Benchmark
  public long bufferedJox() {
    SelectClause<Integer>[] clauses = bufferedClauses;
    return selectFromTwoProducers(
        bufferedA,
        bufferedB,
        () -> {
          long sum = 0;
          for (int i = 0; i < TRANSFERS; i++) {
            sum += Select.select(clauses);
          }
          return sum;
        });
  }

  /** {@code select(a.receiveClause(), b.receiveClause())}, clauses made by every select. */
  @Benchmark
  public long bufferedJoxFreshClauses() {
    Channel<Integer> a = bufferedA;
    Channel<Integer> b = bufferedB;
    return selectFromTwoProducers(
        a,
        b,
        () -> {
          long sum = 0;
          for (int i = 0; i < TRANSFERS; i++) {
            sum += Select.select(a.receiveClause(), b.receiveClause());
          }
          return sum;
        });
  }

  /** {@code Select.select} over two {@code newRendezvousChannel()}, clauses made once. */
  @Benchmark
  public long rendezvousJox() {
    SelectClause<Integer>[] clauses = rendezvousClauses;
    return selectFromTwoProducers(
        rendezvousA,
        rendezvousB,
        () -> {
          long sum = 0;
          for (int i = 0; i < TRANSFERS; i++) {
            sum += Select.select(clauses);
          }
          return sum;
        });
  }

  /**
   * No waiting: the consumer sends an element into buffered channel A itself, then selects over A
   * and an empty B (clauses made once); the producers do nothing. The counterpart of {@code
   * SelectJavaBenchmark.readyFaninBiased}.
   */
  @Benchmark
  public long readyJox() {
    Channel<Integer> a = bufferedA;
    SelectClause<Integer>[] clauses = bufferedClauses;
    return checked(
        workers.run(
            () -> 0,
            () -> 0,
            () -> {
              long sum = 0;
              for (int i = 0; i < TRANSFERS; i++) {
                a.send(ELEMENTS[i]);
                sum += Select.select(clauses);
              }
              return sum;
            }),
        PRODUCER_CONSUMER_SUM);
  }

  private long selectFromTwoProducers(
      Channel<Integer> a, Channel<Integer> b, WorkerPair.Side consumer) {
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
            consumer),
        PRODUCER_CONSUMER_SUM);
  }

  /** The array {@code Select.select}'s varargs take, made once. */
  @SuppressWarnings("unchecked")
  private static SelectClause<Integer>[] clauses(SelectClause<Integer> a, SelectClause<Integer> b) {
    return (SelectClause<Integer>[]) new SelectClause<?>[] {a, b};
  }
}

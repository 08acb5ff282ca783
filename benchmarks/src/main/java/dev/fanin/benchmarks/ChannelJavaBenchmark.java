package dev.fanin.benchmarks;

import static dev.fanin.benchmarks.ChannelShapes.CAPACITY;
import static dev.fanin.benchmarks.ChannelShapes.ELEMENTS;
import static dev.fanin.benchmarks.ChannelShapes.PING_PONG_SUM;
import static dev.fanin.benchmarks.ChannelShapes.PRODUCER_CONSUMER_SUM;
import static dev.fanin.benchmarks.ChannelShapes.ROUND_TRIPS;
import static dev.fanin.benchmarks.ChannelShapes.TRANSFERS;
import static dev.fanin.benchmarks.ChannelShapes.checked;

import dev.fanin.interop.EngineDiagnostics;
import dev.fanin.java.Channel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Exchanger;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.SynchronousQueue;
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
 * Fanin's {@link Channel} used from Java threads, against the JDK's hand-off queues and a naive
 * facade over a kotlinx channel, in the two shapes of {@link ChannelShapes}: rendezvous ping-pong
 * and buffered(16) producer-consumer. Both ends run on two long-lived worker threads ({@link
 * WorkerPair}) of the kind {@link #threadKind} names, started once per trial.
 *
 * <p><b>Scores are ns and bytes per element</b>: one element handed from one thread to the other
 * ({@code @OperationsPerInvocation(8192)}; a ping-pong round trip is two elements).
 *
 * <ul>
 *   <li>Rendezvous ping-pong, 4096 round trips: {@link #rendezvousFanin} ({@code
 *       Channel.rendezvous()}, one each way) against {@link SynchronousQueue} (one each way) and
 *       {@link Exchanger} (one, exchanged twice per round trip: the element there, then back).
 *   <li>Buffered producer-consumer, 8192 elements: {@link #bufferedFanin} ({@code
 *       Channel.buffered(16)}) against {@code ArrayBlockingQueue(16)} and an unbounded {@link
 *       LinkedTransferQueue} (the producer never waits on it; a reference, not a like).
 *   <li>The naive facade, both shapes, on raw kotlinx channels: each send is {@code runBlocking {
 *       channel.send(e) }} and each receive {@code runBlocking { channel.receive() }}
 *       (KotlinChannels.kt): what wrapping a kotlinx channel for Java costs without Fanin's fast
 *       path and parking.
 *   <li>A floor, both shapes ({@link #rendezvousParkingFloor}, {@link #bufferedParkingFloor}): raw
 *       kotlinx channels driven from the threads the way Fanin drives its own, with nothing else
 *       (ParkingFloor.kt), so that Fanin's own cost and the cost of the kotlinx channel inside it
 *       show apart.
 *   <li>{@link #harnessOverhead}: a round in which both workers do nothing, i.e. what starting and
 *       ending a round adds to every score above (divided, like them, by 8192).
 * </ul>
 *
 * <p>{@code threadKind=virtual} needs JDK 21+ (the threads come from {@code Thread.ofVirtual()},
 * found reflectively: this module compiles for release 17). On JDK 17 to 20 its setup throws and
 * JMH reports those runs as failed; run with {@code -p threadKind=platform} there. Coroutine
 * references (raw kotlinx and Fanin via {@code asKotlinChannel()}) are in {@code
 * ChannelKotlinBenchmark}, Jox in {@code JoxChannelBenchmark} ({@code -Pjdk25}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(TRANSFERS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ChannelJavaBenchmark {
  /** The kind of both worker threads: {@code platform}, or {@code virtual} (JDK 21+). */
  @Param({"platform", "virtual"})
  public String threadKind;

  private WorkerPair workers;

  private Channel<Integer> faninPing;
  private Channel<Integer> faninPong;
  private Channel<Integer> faninBuffered;
  private SynchronousQueue<Integer> synchronousPing;
  private SynchronousQueue<Integer> synchronousPong;
  private Exchanger<Integer> exchanger;
  private ArrayBlockingQueue<Integer> arrayQueue;
  private LinkedTransferQueue<Integer> transferQueue;
  private kotlinx.coroutines.channels.Channel<Integer> rawPing;
  private kotlinx.coroutines.channels.Channel<Integer> rawPong;
  private kotlinx.coroutines.channels.Channel<Integer> rawBuffered;

  @Setup(Level.Trial)
  public void setUp() {
    workers = new WorkerPair(threadKind);
    faninPing = Channel.rendezvous();
    faninPong = Channel.rendezvous();
    faninBuffered = Channel.buffered(CAPACITY);
    synchronousPing = new SynchronousQueue<>();
    synchronousPong = new SynchronousQueue<>();
    exchanger = new Exchanger<>();
    arrayQueue = new ArrayBlockingQueue<>(CAPACITY);
    transferQueue = new LinkedTransferQueue<>();
    rawPing = KotlinChannels.rawChannel(0);
    rawPong = KotlinChannels.rawChannel(0);
    rawBuffered = KotlinChannels.rawChannel(CAPACITY);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws InterruptedException {
    if (workers != null) {
      workers.stop();
    }
  }

  // ---- Rendezvous ping-pong ----------------------------------------------------------------

  /** {@code Channel.rendezvous()} each way: {@code send}, then {@code receive} the echo. */
  @Benchmark
  public long rendezvousFanin() {
    Channel<Integer> ping = faninPing;
    Channel<Integer> pong = faninPong;
    return checked(
        workers.run(
            () -> {
              long sum = 0;
              for (int i = 0; i < ROUND_TRIPS; i++) {
                ping.send(ELEMENTS[i]);
                sum += pong.receive();
              }
              return sum;
            },
            () -> {
              for (int i = 0; i < ROUND_TRIPS; i++) {
                pong.send(ping.receive());
              }
              return 0;
            }),
        PING_PONG_SUM);
  }

  /**
   * Floor: raw rendezvous kotlinx channels each way, driven from the threads as Fanin drives its own
   * but with nothing else ({@code ParkingFloor.kt}): what any Java endpoint over a kotlinx channel
   * pays. Not a reference.
   */
  @Benchmark
  public long rendezvousParkingFloor() {
    kotlinx.coroutines.channels.Channel<Integer> ping = rawPing;
    kotlinx.coroutines.channels.Channel<Integer> pong = rawPong;
    int spins = floorSpins(true);
    return checked(
        workers.run(
            () -> {
              long sum = 0;
              for (int i = 0; i < ROUND_TRIPS; i++) {
                ParkingFloor.floorSend(ping, ELEMENTS[i], spins);
                sum += ParkingFloor.floorReceive(pong, spins);
              }
              return sum;
            },
            () -> {
              for (int i = 0; i < ROUND_TRIPS; i++) {
                ParkingFloor.floorSend(pong, ParkingFloor.floorReceive(ping, spins), spins);
              }
              return 0;
            }),
        PING_PONG_SUM);
  }

  /** Reference: a {@link SynchronousQueue} each way, {@code put} and {@code take}. */
  @Benchmark
  public long rendezvousSynchronousQueue() {
    return pingPong(synchronousPing, synchronousPong);
  }

  /**
   * Reference: one {@link Exchanger}. The pinger exchanges its element for nothing, then nothing for
   * the echo; the ponger the other way round. Each exchange moves one element one way.
   */
  @Benchmark
  public long rendezvousExchanger() {
    Exchanger<Integer> exchanger = this.exchanger;
    return checked(
        workers.run(
            () -> {
              long sum = 0;
              for (int i = 0; i < ROUND_TRIPS; i++) {
                exchanger.exchange(ELEMENTS[i]);
                sum += exchanger.exchange(null);
              }
              return sum;
            },
            () -> {
              for (int i = 0; i < ROUND_TRIPS; i++) {
                exchanger.exchange(exchanger.exchange(null));
              }
              return 0;
            }),
        PING_PONG_SUM);
  }

  /** Naive facade: raw rendezvous kotlinx channels, a {@code runBlocking} per send and receive. */
  @Benchmark
  public long rendezvousNaiveFacade() {
    kotlinx.coroutines.channels.Channel<Integer> ping = rawPing;
    kotlinx.coroutines.channels.Channel<Integer> pong = rawPong;
    return checked(
        workers.run(
            () -> {
              long sum = 0;
              for (int i = 0; i < ROUND_TRIPS; i++) {
                KotlinChannels.naiveSend(ping, ELEMENTS[i]);
                sum += KotlinChannels.naiveReceive(pong);
              }
              return sum;
            },
            () -> {
              for (int i = 0; i < ROUND_TRIPS; i++) {
                KotlinChannels.naiveSend(pong, KotlinChannels.naiveReceive(ping));
              }
              return 0;
            }),
        PING_PONG_SUM);
  }

  // ---- Buffered producer-consumer ----------------------------------------------------------

  /** {@code Channel.buffered(16)}: the producer {@code send}s, the consumer {@code receive}s. */
  @Benchmark
  public long bufferedFanin() {
    Channel<Integer> channel = faninBuffered;
    return checked(
        workers.run(
            () -> {
              for (int i = 0; i < TRANSFERS; i++) {
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

  /** Reference: {@code new ArrayBlockingQueue<>(16)}, {@code put} and {@code take}. */
  @Benchmark
  public long bufferedArrayBlockingQueue() {
    return producerConsumer(arrayQueue);
  }

  /** Reference without a bound: {@link LinkedTransferQueue}, {@code put} and {@code take}. */
  @Benchmark
  public long bufferedLinkedTransferQueue() {
    return producerConsumer(transferQueue);
  }

  /** Naive facade: a raw kotlinx {@code Channel(16)}, a {@code runBlocking} per send and receive. */
  @Benchmark
  public long bufferedNaiveFacade() {
    kotlinx.coroutines.channels.Channel<Integer> channel = rawBuffered;
    return checked(
        workers.run(
            () -> {
              for (int i = 0; i < TRANSFERS; i++) {
                KotlinChannels.naiveSend(channel, ELEMENTS[i]);
              }
              return 0;
            },
            () -> {
              long sum = 0;
              for (int i = 0; i < TRANSFERS; i++) {
                sum += KotlinChannels.naiveReceive(channel);
              }
              return sum;
            }),
        PRODUCER_CONSUMER_SUM);
  }

  /** Floor: a raw kotlinx {@code Channel(16)} driven as {@link #rendezvousParkingFloor} says. */
  @Benchmark
  public long bufferedParkingFloor() {
    kotlinx.coroutines.channels.Channel<Integer> channel = rawBuffered;
    int spins = floorSpins(false);
    return checked(
        workers.run(
            () -> {
              for (int i = 0; i < TRANSFERS; i++) {
                ParkingFloor.floorSend(channel, ELEMENTS[i], spins);
              }
              return 0;
            },
            () -> {
              long sum = 0;
              for (int i = 0; i < TRANSFERS; i++) {
                sum += ParkingFloor.floorReceive(channel, spins);
              }
              return sum;
            }),
        PRODUCER_CONSUMER_SUM);
  }

  /** Fanin's spins before parking, as the engine's tuning has them: the floor waits the same way. */
  private int floorSpins(boolean rendezvous) {
    return EngineDiagnostics.channelWaitSpins(!threadKind.equals("platform"), rendezvous);
  }

  // ---- The harness alone -------------------------------------------------------------------

  /** A round in which neither worker does anything: the harness's share of each score above. */
  @Benchmark
  public long harnessOverhead() {
    return workers.run(() -> 0, () -> 0);
  }

  private long pingPong(BlockingQueue<Integer> ping, BlockingQueue<Integer> pong) {
    return checked(
        workers.run(
            () -> {
              long sum = 0;
              for (int i = 0; i < ROUND_TRIPS; i++) {
                ping.put(ELEMENTS[i]);
                sum += pong.take();
              }
              return sum;
            },
            () -> {
              for (int i = 0; i < ROUND_TRIPS; i++) {
                pong.put(ping.take());
              }
              return 0;
            }),
        PING_PONG_SUM);
  }

  private long producerConsumer(BlockingQueue<Integer> queue) {
    return checked(
        workers.run(
            () -> {
              for (int i = 0; i < TRANSFERS; i++) {
                queue.put(ELEMENTS[i]);
              }
              return 0;
            },
            () -> {
              long sum = 0;
              for (int i = 0; i < TRANSFERS; i++) {
                sum += queue.take();
              }
              return sum;
            }),
        PRODUCER_CONSUMER_SUM);
  }
}

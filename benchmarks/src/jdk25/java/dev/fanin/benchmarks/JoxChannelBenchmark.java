package dev.fanin.benchmarks;

import static dev.fanin.benchmarks.ChannelShapes.CAPACITY;
import static dev.fanin.benchmarks.ChannelShapes.ELEMENTS;
import static dev.fanin.benchmarks.ChannelShapes.PING_PONG_SUM;
import static dev.fanin.benchmarks.ChannelShapes.PRODUCER_CONSUMER_SUM;
import static dev.fanin.benchmarks.ChannelShapes.ROUND_TRIPS;
import static dev.fanin.benchmarks.ChannelShapes.TRANSFERS;
import static dev.fanin.benchmarks.ChannelShapes.checked;

import com.softwaremill.jox.Channel;
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
 * Jox (com.softwaremill.jox:channels 1.0.1, Java 21+), a Go-style channel library for Java that
 * does not go through kotlinx, as the reference for {@code ChannelJavaBenchmark}: the same shapes
 * ({@link ChannelShapes}) on the same {@link WorkerPair} harness, so scores compare line by line
 * with {@code rendezvousFanin} and {@code bufferedFanin} of the same thread kind.
 *
 * <ul>
 *   <li>{@link #rendezvousJox}: {@code Channel.newRendezvousChannel()} each way, ping-pong.
 *   <li>{@link #bufferedJox}: {@code Channel.newBufferedChannel(16)}, producer-consumer.
 * </ul>
 *
 * <p>Built only by {@code -Pjdk25}, which compiles src/jdk25/java and adds the Jox dependency, so
 * the JDK 17 build neither needs Jox nor sees this class. It uses no preview API, so javac does not
 * mark it as depending on preview features (class file minor version 0) and it runs without {@code
 * --enable-preview}, on JDK 25 (the release src/jdk25/java is compiled for).
 *
 * <p><b>Scores are ns and bytes per element</b> ({@code @OperationsPerInvocation(8192)}; a ping-pong
 * round trip is two elements).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(TRANSFERS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class JoxChannelBenchmark {
  /** The kind of both worker threads. */
  @Param({"platform", "virtual"})
  public String threadKind;

  private WorkerPair workers;
  private Channel<Integer> ping;
  private Channel<Integer> pong;
  private Channel<Integer> buffered;

  @Setup(Level.Trial)
  public void setUp() {
    workers = new WorkerPair(threadKind);
    ping = Channel.newRendezvousChannel();
    pong = Channel.newRendezvousChannel();
    buffered = Channel.newBufferedChannel(CAPACITY);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws InterruptedException {
    if (workers != null) {
      workers.stop();
    }
  }

  /** {@code newRendezvousChannel()} each way: {@code send}, then {@code receive} the echo. */
  @Benchmark
  public long rendezvousJox() {
    Channel<Integer> ping = this.ping;
    Channel<Integer> pong = this.pong;
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

  /** {@code newBufferedChannel(16)}: the producer {@code send}s, the consumer {@code receive}s. */
  @Benchmark
  public long bufferedJox() {
    Channel<Integer> channel = buffered;
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
}

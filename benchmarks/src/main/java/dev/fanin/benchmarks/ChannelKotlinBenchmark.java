package dev.fanin.benchmarks;

import static dev.fanin.benchmarks.ChannelShapes.CAPACITY;
import static dev.fanin.benchmarks.ChannelShapes.ELEMENTS;
import static dev.fanin.benchmarks.ChannelShapes.PING_PONG_SUM;
import static dev.fanin.benchmarks.ChannelShapes.PRODUCER_CONSUMER_SUM;
import static dev.fanin.benchmarks.ChannelShapes.ROUND_TRIPS;
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
 * The coroutine references for {@code ChannelJavaBenchmark}: the same two shapes ({@link
 * ChannelShapes}) between two coroutines on {@code Dispatchers.Default} (two threads on two cores),
 * on raw kotlinx channels, and on Fanin channels used from coroutines through {@link
 * Channel#asKotlinChannel()}, which is the same kotlinx channel and so should score the same.
 *
 * <p>Each call is one {@code runBlocking(Dispatchers.Default)} that launches the ponger (or the
 * producer) and runs the other side itself (KotlinChannels.kt); that {@code runBlocking} is this
 * class's harness cost, spread over the elements like {@link WorkerPair}'s.
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
public class ChannelKotlinBenchmark {
  private kotlinx.coroutines.channels.Channel<Integer> rawPing;
  private kotlinx.coroutines.channels.Channel<Integer> rawPong;
  private kotlinx.coroutines.channels.Channel<Integer> rawBuffered;
  private kotlinx.coroutines.channels.Channel<Integer> faninPing;
  private kotlinx.coroutines.channels.Channel<Integer> faninPong;
  private kotlinx.coroutines.channels.Channel<Integer> faninBuffered;

  @Setup
  public void setUp() {
    rawPing = KotlinChannels.rawChannel(0);
    rawPong = KotlinChannels.rawChannel(0);
    rawBuffered = KotlinChannels.rawChannel(CAPACITY);
    faninPing = Channel.<Integer>rendezvous().asKotlinChannel();
    faninPong = Channel.<Integer>rendezvous().asKotlinChannel();
    faninBuffered = Channel.<Integer>buffered(CAPACITY).asKotlinChannel();
  }

  /** Raw kotlinx {@code Channel()} (rendezvous) each way, ping-pong between two coroutines. */
  @Benchmark
  public long rendezvousRaw() {
    return checked(
        KotlinChannels.coroutinePingPong(rawPing, rawPong, ELEMENTS, ROUND_TRIPS), PING_PONG_SUM);
  }

  /** {@code Channel.rendezvous().asKotlinChannel()} each way, the same ping-pong. */
  @Benchmark
  public long rendezvousFaninAsKotlin() {
    return checked(
        KotlinChannels.coroutinePingPong(faninPing, faninPong, ELEMENTS, ROUND_TRIPS),
        PING_PONG_SUM);
  }

  /** Raw kotlinx {@code Channel(16)}, producer and consumer coroutines. */
  @Benchmark
  public long bufferedRaw() {
    return checked(
        KotlinChannels.coroutineProducerConsumer(rawBuffered, ELEMENTS), PRODUCER_CONSUMER_SUM);
  }

  /** {@code Channel.buffered(16).asKotlinChannel()}, the same producer-consumer. */
  @Benchmark
  public long bufferedFaninAsKotlin() {
    return checked(
        KotlinChannels.coroutineProducerConsumer(faninBuffered, ELEMENTS), PRODUCER_CONSUMER_SUM);
  }
}

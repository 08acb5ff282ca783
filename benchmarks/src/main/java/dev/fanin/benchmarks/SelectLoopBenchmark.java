package dev.fanin.benchmarks;

import dev.fanin.java.Channel;
import dev.fanin.Outcome;
import dev.fanin.java.SelectLoop;
import dev.fanin.java.Ticker;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Events per second through the select loop, the shape of multi_await's activity tracker: one
 * producer thread sends {@link #EVENTS} elements into a buffered(1024) activity channel, and the
 * benchmark thread runs a {@link SelectLoop} over that channel, a 60-second ticker and a shutdown
 * future (neither of which fires), counting the events. The score is ns per event; events per
 * second are 10^9 divided by it. The target: at least 1,000,000 events per second.
 *
 * <p>{@code benchmarks/run.sh} runs this class twice: from JMH's platform benchmark thread, then on
 * JDK 21+ from a virtual one ({@code -Djmh.executor=VIRTUAL}); the report tells them apart by
 * {@code threadKind}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(SelectLoopBenchmark.EVENTS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SelectLoopBenchmark {
  static final int EVENTS = 8192;

  /** The activity tracker's loop: events from one channel, with a ticker and a shutdown future. */
  @Benchmark
  public long activityLoop() throws Exception {
    Channel<Integer> activity = Channel.buffered(1024);
    Thread producer =
        new Thread(
            () -> {
              try {
                for (int i = 0; i < EVENTS; i++) {
                  activity.send(ChannelShapes.ELEMENTS[i]);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    long sum = 0;
    try (SelectLoop loop = SelectLoop.open();
        Ticker ticker = Ticker.every(Duration.ofSeconds(60))) {
      loop.addReceive(activity);
      loop.addTicker(ticker);
      loop.addFuture(new CompletableFuture<Void>());
      producer.start();
      int received = 0;
      while (received < EVENTS) {
        for (SelectLoop.Fired<?> fired : loop.awaitFired()) {
          if (fired.outcome() instanceof Outcome.Success<?> success) {
            sum += (Integer) success.value();
            received++;
          }
        }
      }
    }
    producer.join();
    return ChannelShapes.checked(sum, ChannelShapes.PRODUCER_CONSUMER_SUM);
  }
}

package dev.fanin.java;

import dev.fanin.interop.TickerBridge;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Go's {@code time.Ticker}: a channel that receives the time every period, usable in a {@link
 * Select} and in any receive loop. It is the Java view of Fanin's Kotlin {@code dev.fanin.CoroutineTicker}.
 *
 * <p>Each tick is sent one period after the previous one was offered. Like Go's ticker it drops
 * ticks for a slow receiver: {@link #ticks()} holds at most one. The ticker runs on a background
 * coroutine until {@link #stop()} or {@link #close()}; then {@link #ticks()} is closed (a tick not
 * yet received is still delivered). It holds no thread while it waits.
 *
 * <pre>{@code
 * try (Ticker ticker = Ticker.every(Duration.ofSeconds(60))) {
 *   Select<Void> next = Select.<Void>biased()
 *       .onReceive(ticker.ticks(), tick -> { flush(); return null; })
 *       .onReceive(activity, user -> { record(user); return null; });
 *   while (running) next.select();
 * }
 * }</pre>
 */
public final class Ticker implements AutoCloseable {
  private final dev.fanin.CoroutineTicker ticker;
  private final Channel<Instant> ticks;
  private final Duration period;

  private Ticker(dev.fanin.CoroutineTicker ticker, Duration period) {
    this.ticker = ticker;
    this.period = period;
    @SuppressWarnings("unchecked")
    kotlinx.coroutines.channels.Channel<Instant> channel =
        (kotlinx.coroutines.channels.Channel<Instant>) ticker.getTicks();
    this.ticks = Channel.wrap(channel);
  }

  /**
   * {@return a ticker that ticks every {@code period}, the first tick one period from now}
   *
   * @param period the time between ticks
   * @throws NullPointerException if {@code period} is null
   * @throws IllegalArgumentException if {@code period} is zero or negative
   */
  public static Ticker every(Duration period) {
    return new Ticker(TickerBridge.every(Objects.requireNonNull(period, "period")), period);
  }

  /** {@return the ticks: the time each was sent} Receive from it; do not send to it. */
  public Channel<Instant> ticks() {
    return ticks;
  }

  /** Stops the ticker and closes {@link #ticks()}. Stopping twice does nothing. */
  public void stop() {
    ticker.stop();
  }

  /** {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  /**
   * {@return what this is and whether it runs, such as {@code Ticker[every PT1S, running]}} Never
   * blocks or throws.
   */
  @Override
  public String toString() {
    return "Ticker[every " + period + ", " + TickerBridge.state(ticker) + "]";
  }
}

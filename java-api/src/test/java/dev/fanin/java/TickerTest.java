package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fanin.testing.NoLeaksExtension;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Java Ticker: ticks usable in a select, stopped by close. */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class TickerTest {
  /** A select over a silent channel and a ticker fires the ticker, again and again. */
  @Test
  void ticker_inSelect_firesRepeatedly() throws Exception {
    Channel<String> silent = Channel.rendezvous();
    try (Ticker ticker = Ticker.every(Duration.ofMillis(5))) {
      Select<String> next =
          Select.<String>create()
              .onReceive(silent, x -> "message")
              .onReceive(ticker.ticks(), (Instant tick) -> "tick");
      for (int i = 0; i < 3; i++) {
        assertEquals("tick", next.select());
      }
    }
  }

  /** After stop, the ticks channel ends (after at most one waiting tick). */
  @Test
  void stop_ticksChannelEnds() throws Exception {
    Ticker ticker = Ticker.every(Duration.ofMillis(1));
    ticker.ticks().receive();
    ticker.stop();
    ReceiveResult<Instant> result = ticker.ticks().receiveCatching();
    if (result.isReceived()) {
      result = ticker.ticks().receiveCatching();
    }
    assertInstanceOf(ReceiveResult.Closed.class, result);
    ticker.stop();
  }

  /** A period that is not positive is rejected. */
  @Test
  void every_periodNotPositive_throwsIllegalArgumentException() {
    assertThrows(IllegalArgumentException.class, () -> Ticker.every(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> Ticker.every(Duration.ofMillis(-1)));
  }
}

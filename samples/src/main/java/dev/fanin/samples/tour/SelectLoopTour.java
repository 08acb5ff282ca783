package dev.fanin.samples.tour;

import dev.fanin.java.Channel;
import dev.fanin.java.SelectLoop;
import dev.fanin.java.Ticker;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * {@code SelectLoop}: multi_await's activity tracker. It records each user's last activity from a
 * channel of pings and writes the batch on every tick (60 s) and at shutdown, losing no ping: on
 * shutdown it closes the channel and goes on until the pings already sent have all arrived.
 */
final class SelectLoopTour {
  private SelectLoopTour() {}

  static void run(PrintStream out) throws Exception {
    Channel<String> activity = Channel.unbounded();
    CompletableFuture<Void> shutdown = new CompletableFuture<>();
    for (String user : List.of("ada", "bob", "ada")) {
      activity.send(user);
    }
    shutdown.complete(null); // requested before the loop even starts: nothing may be lost

    Map<String, Integer> lastSeen = new TreeMap<>(); // user -> number of the ping
    int pingsSeen = 0;
    try (SelectLoop loop = SelectLoop.open(); Ticker ticker = Ticker.every(Duration.ofSeconds(60))) {
      SelectLoop.Source<String> pings = loop.addReceive(activity);
      SelectLoop.Source<Instant> tick = loop.addTicker(ticker);
      SelectLoop.Source<Void> stop = loop.addFuture(shutdown);
      for (boolean drained = false; !drained; ) {
        for (SelectLoop.Fired<?> fired : loop.awaitFired()) {
          if (fired.source() == pings && fired.valueIf(pings).isPresent()) {
            lastSeen.put(fired.valueIf(pings).get(), ++pingsSeen);
          } else if (fired.source() == pings) {
            drained = true; // closed, and every ping sent before has arrived
          } else if (fired.source() == tick) {
            out.println("tick: write " + lastSeen);
          } else if (fired.source() == stop) {
            activity.close(); // refuse new pings; those already sent still arrive
          }
        }
      }
    }
    out.println("shutdown: write " + lastSeen + " after " + pingsSeen + " pings");
  }
}

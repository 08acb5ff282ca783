package dev.fanin.samples.tour;

import dev.fanin.java.Channel;
import dev.fanin.java.Select;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * {@code Select}: Go's {@code select} over channels, futures and timers, with a default. A biased
 * select gives its clauses a priority: a shutdown request first, then alerts, then orders.
 */
final class SelectTour {
  private SelectTour() {}

  static void run(PrintStream out) throws Exception {
    Channel<String> orders = Channel.buffered(4);
    Channel<String> alerts = Channel.buffered(4);
    CompletableFuture<Void> shutdown = new CompletableFuture<>();
    orders.send("order 1");
    alerts.send("disk 91% full");

    Select<String> next =
        Select.<String>biased()
            .onComplete(shutdown, done -> "shutdown requested")
            .onReceive(alerts, alert -> "alert: " + alert)
            .onReceive(orders, order -> "handled " + order)
            .onDefault(() -> "nothing ready");
    for (int i = 0; i < 3; i++) {
      out.println(next.select()); // the same select, run again each time
    }
    shutdown.complete(null);
    out.println(next.select());

    String waited =
        Select.<String>create()
            .onReceive(orders, order -> "handled " + order)
            .onTimeout(Duration.ofMillis(50), () -> "no order within 50 ms")
            .select();
    out.println(waited);
  }
}

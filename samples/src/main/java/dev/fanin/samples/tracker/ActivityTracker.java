package dev.fanin.samples.tracker;

import dev.fanin.java.Channel;
import dev.fanin.java.SelectLoop;
import dev.fanin.java.Ticker;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * multi_await's activity tracker in Java: a {@link SelectLoop} over the channel of pings, a ticker
 * and a shutdown signal. It keeps each user's last activity in memory and writes those that changed
 * in one batch on every tick, so the database sees one write per user per period, not one per ping.
 *
 * <p>Nothing is lost on shutdown: the signal closes the channel, which refuses new pings, and the
 * loop goes on until every ping sent before has arrived; then it writes the last batch.
 * {@code ActivityTrackerKt.trackActivity} is the same loop in Kotlin.
 */
public final class ActivityTracker {
  private ActivityTracker() {}

  /**
   * Runs the tracker until {@code shutdown} completes (normally or not) and every ping sent before
   * has been written.
   *
   * @param activity the pings; closed by the tracker on shutdown
   * @param shutdown completes when the tracker is to stop
   * @param flushEvery the period between writes
   * @param writer writes each non-empty batch
   * @return how many pings were received and batches written
   * @throws InterruptedException if the calling thread is interrupted; the loop and ticker stop and
   *     the batch not yet written is dropped
   * @throws SQLException if a write fails; the tracker stops at once
   */
  public static TrackerReport track(
      Channel<Ping> activity, CompletionStage<?> shutdown, Duration flushEvery, BatchWriter writer)
      throws InterruptedException, SQLException {
    Map<String, Instant> changed = new HashMap<>();
    long pingCount = 0;
    int batches = 0;
    try (SelectLoop loop = SelectLoop.open(); Ticker ticker = Ticker.every(flushEvery)) {
      SelectLoop.Source<Ping> pings = loop.addReceive(activity);
      SelectLoop.Source<Instant> tick = loop.addTicker(ticker);
      SelectLoop.Source<?> stop = loop.addFuture(shutdown);
      for (boolean drained = false; !drained; ) {
        for (SelectLoop.Fired<?> fired : loop.awaitFired()) {
          if (fired.source() == pings) {
            Optional<Ping> ping = fired.valueIf(pings);
            ping.ifPresent(p -> changed.put(p.user(), p.at()));
            pingCount += ping.isPresent() ? 1 : 0;
            drained = ping.isEmpty(); // closed, and every ping sent before has arrived
          } else if (fired.source() == tick) {
            batches += flush(changed, writer);
          } else if (fired.source() == stop) {
            activity.close(); // refuse new pings; those already sent still arrive
          }
        }
      }
    }
    batches += flush(changed, writer);
    return new TrackerReport(pingCount, batches);
  }

  private static int flush(Map<String, Instant> changed, BatchWriter writer) throws SQLException {
    if (changed.isEmpty()) {
      return 0;
    }
    writer.write(Map.copyOf(changed));
    changed.clear();
    return 1;
  }
}

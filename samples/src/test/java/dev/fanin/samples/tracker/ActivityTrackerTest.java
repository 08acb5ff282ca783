package dev.fanin.samples.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.java.Channel;
import dev.fanin.java.ChannelClosedException;
import dev.fanin.testing.NoLeaksExtension;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tracker loop, Java and Kotlin twins alike: batches hold each changed user's last ping, and
 * shutdown writes every ping sent before it. The timeout guards against hangs only.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class ActivityTrackerTest {
  private static final Duration NEVER = Duration.ofHours(1);

  @FunctionalInterface
  interface Tracker {
    TrackerReport track(
        Channel<Ping> activity, CompletableFuture<?> shutdown, Duration every, BatchWriter writer)
        throws Exception;
  }

  static Stream<Arguments> trackers() {
    return Stream.of(
        Arguments.of("Java", (Tracker) ActivityTracker::track),
        Arguments.of("Kotlin", (Tracker) ActivityTrackerKt::trackActivityBlocking));
  }

  private static Ping ping(String user, long at) {
    return new Ping(user, Instant.ofEpochMilli(at));
  }

  /** A shutdown requested before the loop starts still writes every ping already sent. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("trackers")
  void shutdown_writesEveryPingSentBefore_inOneBatch(String name, Tracker tracker)
      throws Exception {
    Channel<Ping> activity = Channel.unbounded();
    for (Ping ping : List.of(ping("ada", 1), ping("bob", 2), ping("ada", 3))) {
      activity.send(ping);
    }
    List<Map<String, Instant>> batches = new ArrayList<>();

    TrackerReport report =
        tracker.track(activity, CompletableFuture.completedFuture(null), NEVER, batches::add);

    assertEquals(new TrackerReport(3, 1), report);
    assertEquals(
        List.of(Map.of("ada", Instant.ofEpochMilli(3), "bob", Instant.ofEpochMilli(2))), batches);
    assertThrows(ChannelClosedException.class, () -> activity.send(ping("cy", 4)));
  }

  /** A tick writes the users changed since the last write, and only those. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("trackers")
  void tick_writesOnlyUsersChangedSinceLastWrite(String name, Tracker tracker) throws Exception {
    Channel<Ping> activity = Channel.unbounded();
    CompletableFuture<Void> shutdown = new CompletableFuture<>();
    List<Map<String, Instant>> batches = new CopyOnWriteArrayList<>();
    Map<String, Instant> written = new ConcurrentHashMap<>();
    CountDownLatch bothWritten = new CountDownLatch(1);
    CompletableFuture<TrackerReport> report =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return tracker.track(
                    activity,
                    shutdown,
                    Duration.ofMillis(5),
                    batch -> {
                      batches.add(batch);
                      written.putAll(batch);
                      if (written.size() == 2) {
                        bothWritten.countDown();
                      }
                    });
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });

    activity.send(ping("ada", 1));
    activity.send(ping("bob", 2));
    assertTrue(bothWritten.await(30, TimeUnit.SECONDS), "ticks never wrote the first pings");
    int before = batches.size(); // nothing changes until the next ping: no batch is written
    activity.send(ping("bob", 5));
    shutdown.complete(null);

    TrackerReport done = report.get(30, TimeUnit.SECONDS);
    assertEquals(new TrackerReport(3, batches.size()), done);
    assertEquals(List.of(Map.of("bob", Instant.ofEpochMilli(5))), batches.subList(before, batches.size()));
    assertEquals(Map.of("ada", Instant.ofEpochMilli(1), "bob", Instant.ofEpochMilli(5)), written);
  }

  /** A failed write ends the tracker with the writer's exception. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("trackers")
  void failedWrite_endsTheTrackerWithItsException(String name, Tracker tracker) {
    Channel<Ping> activity = Channel.unbounded();
    activity.trySend(ping("ada", 1));
    SQLException disk = new SQLException("disk full");

    SQLException thrown =
        assertThrows(
            SQLException.class,
            () ->
                tracker.track(
                    activity,
                    CompletableFuture.completedFuture(null),
                    NEVER,
                    batch -> {
                      throw disk;
                    }));

    assertSame(disk, thrown);
  }

  /** Interrupting the tracker's thread stops it with InterruptedException, leaving nothing running. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("trackers")
  void interrupt_stopsTheTracker(String name, Tracker tracker) throws Exception {
    Channel<Ping> activity = Channel.unbounded();
    CompletableFuture<Throwable> thrown = new CompletableFuture<>();
    CountDownLatch received = new CountDownLatch(1);
    Thread thread =
        new Thread(
            () -> {
              try {
                tracker.track(activity, new CompletableFuture<>(), Duration.ofMillis(1), batch -> {
                  received.countDown();
                });
                thrown.complete(null);
              } catch (Throwable e) {
                thrown.complete(e);
              }
            });
    thread.start();
    activity.send(ping("ada", 1));
    assertTrue(received.await(30, TimeUnit.SECONDS), "the tracker never wrote the ping");

    thread.interrupt();
    thread.join();

    assertTrue(
        thrown.get() instanceof InterruptedException, () -> "threw " + thrown.getNow(null));
    assertFalse(activity.isClosedForSend(), "an interrupt is not a shutdown");
  }

  /** Writes are checked through the real table too: MERGE keeps one row per user. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("trackers")
  void table_keepsOneRowPerUser_withTheLastTime(String name, Tracker tracker) throws Exception {
    try (ActivityTable table = ActivityTable.open("jdbc:h2:mem:" + java.util.UUID.randomUUID())) {
      table.write(Map.of("ada", Instant.ofEpochMilli(1)));
      Channel<Ping> activity = Channel.unbounded();
      activity.send(ping("ada", 7));
      activity.send(ping("bob", 8));

      tracker.track(activity, CompletableFuture.completedFuture(null), NEVER, table::write);

      assertEquals(
          Map.of("ada", Instant.ofEpochMilli(7), "bob", Instant.ofEpochMilli(8)), table.readAll());
    }
  }
}

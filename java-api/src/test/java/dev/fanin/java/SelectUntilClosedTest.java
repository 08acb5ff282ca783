package dev.fanin.java;

import static dev.fanin.java.ChannelThreads.awaitParkedInChannel;
import static dev.fanin.java.ChannelThreads.fork;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.Outcome;
import dev.fanin.testing.Forked;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Receiving until every channel is closed: {@link Select#onReceiveUntilClosed} with {@link
 * Select#onAllClosed}, and {@link SelectLoop#addReceiveUntilClosed}, in the blocking and future
 * forms (adr/0018).
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class SelectUntilClosedTest {

  // ---- Select --------------------------------------------------------------------------------

  /**
   * One select over two channels closed at different times, run until both are: every element
   * once, then the all-closed result, without rebuilding the select; the second channel's close
   * reaches a select that waits.
   */
  @OnEachThreadKind
  void onReceiveUntilClosed_channelsCloseAtDifferentTimes_everyElementThenAllClosed()
      throws Exception {
    Channel<String> a = Channel.buffered(2);
    Channel<String> b = Channel.rendezvous();
    a.send("a1");
    a.send("a2");
    a.close();
    List<String> received = new ArrayList<>();
    Select<Boolean> merge =
        Select.<Boolean>create()
            .onReceiveUntilClosed(a, x -> received.add(x))
            .onReceiveUntilClosed(b, x -> received.add(x))
            .onAllClosed(() -> false);
    Forked consumer =
        fork(
            "consumer",
            () -> {
              while (merge.select()) {
                // one element received
              }
            });
    awaitParkedInChannel(consumer.thread());
    b.send("b1");
    awaitParkedInChannel(consumer.thread());
    b.close();
    consumer.join();
    assertEquals(List.of("a1", "a2", "b1"), received);
    assertFalse(merge.select(), "every later run ends at once");
  }

  /** Without onAllClosed, the run that finds every channel closed throws ChannelClosedException. */
  @Test
  void onReceiveUntilClosed_allClosedWithoutOnAllClosed_throwsChannelClosedException()
      throws Exception {
    Channel<String> a = Channel.buffered(1);
    Channel<String> b = Channel.buffered(1);
    a.send("x");
    a.close();
    b.close();
    Select<String> select =
        Select.<String>biased().onReceiveUntilClosed(a, x -> x).onReceiveUntilClosed(b, x -> x);
    assertEquals("x", select.select());
    for (int run = 0; run < 2; run++) {
      ChannelClosedException closed = assertThrows(ChannelClosedException.class, select::select);
      assertNull(closed.getCause());
      assertEquals("every onReceiveUntilClosed channel of this select is closed", closed.getMessage());
    }
  }

  /**
   * A channel closed with a cause fails one run with that cause, as onReceive would, and has then
   * left: the next runs go on with the other channel.
   */
  @Test
  void onReceiveUntilClosed_closedWithCause_failsOnceThenLeaves() throws Exception {
    Channel<String> failed = Channel.buffered(1);
    Channel<String> other = Channel.buffered(1);
    IOException cause = new IOException("producer failed");
    failed.close(cause);
    other.send("y");
    Select<String> select =
        Select.<String>biased()
            .onReceiveUntilClosed(failed, x -> "failed " + x)
            .onReceiveUntilClosed(other, x -> "other " + x)
            .onAllClosed(() -> "all closed");
    ChannelClosedException thrown = assertThrows(ChannelClosedException.class, select::select);
    assertSame(cause, thrown.getCause());
    assertEquals("other y", select.select());
    other.close();
    assertEquals("all closed", select.select());
  }

  /**
   * Before its channel closes, the other clauses fire as usual; once every until-closed channel has
   * left, the all-closed result comes before any other clause, a ready receive and the default
   * included, in every later run.
   */
  @Test
  void onAllClosed_otherClausesReady_allClosedFirst() throws Exception {
    Channel<String> until = Channel.buffered(1);
    Channel<String> plain = Channel.buffered(2);
    plain.send("p1");
    plain.send("p2");
    Select<String> select =
        Select.<String>biased()
            .onReceiveUntilClosed(until, x -> "until " + x)
            .onReceive(plain, x -> "plain " + x)
            .onDefault(() -> "default")
            .onAllClosed(() -> "all closed");
    assertEquals("plain p1", select.select());
    until.close();
    assertEquals("all closed", select.select());
    assertEquals("all closed", select.select());
    assertEquals(new ReceiveResult.Received<>("p2"), plain.tryReceive(), "p2 was not taken");
  }

  /**
   * The run that sees a close goes on with the other clauses: with one channel closed and the
   * other empty, a zero timer (or the default) fires in the same run, not the close.
   */
  @Test
  void onReceiveUntilClosed_closeSeenInRun_sameRunGoesOnWithTheRest() throws Exception {
    Channel<String> closed = Channel.buffered(1);
    Channel<String> empty = Channel.buffered(1);
    closed.close();
    Select<String> timed =
        Select.<String>biased()
            .onReceiveUntilClosed(closed, x -> x)
            .onReceiveUntilClosed(empty, x -> x)
            .onTimeout(Duration.ZERO, () -> "timeout");
    assertEquals("timeout", timed.select());
    Channel<String> closedToo = Channel.buffered(1);
    closedToo.close();
    Select<String> defaulted =
        Select.<String>create()
            .onReceiveUntilClosed(closedToo, x -> x)
            .onReceiveUntilClosed(empty, x -> x)
            .onDefault(() -> "default");
    assertEquals("default", defaulted.select());
    empty.send("e");
    assertEquals("e", defaulted.select());
  }

  /** selectAsync ends the same way: a close while it waits leaves, the last one completes it. */
  @Test
  void selectAsync_channelsClose_completesWithAllClosed() throws Exception {
    Channel<String> a = Channel.rendezvous();
    Channel<String> b = Channel.rendezvous();
    Select<String> select =
        Select.<String>create()
            .onReceiveUntilClosed(a, x -> x)
            .onReceiveUntilClosed(b, x -> x)
            .onAllClosed(() -> "all closed");
    CompletableFuture<String> waiting = select.selectAsync();
    a.close();
    assertFalse(waiting.isDone(), "a close is not a result while b is open");
    b.close();
    assertEquals("all closed", waiting.get(30, TimeUnit.SECONDS));
    Select<String> throwing = Select.<String>create().onReceiveUntilClosed(a, x -> x);
    ExecutionException failed =
        assertThrows(ExecutionException.class, () -> throwing.selectAsync().get());
    assertInstanceOf(ChannelClosedException.class, failed.getCause());
  }

  /**
   * An interrupted run takes nothing and keeps the channels that left gone; the next run receives
   * what is sent afterwards.
   */
  @OnEachThreadKind
  void select_interruptedAfterACloseLeft_nothingTakenNextRunGoesOn() throws Exception {
    Channel<String> closed = Channel.buffered(1);
    Channel<String> open = Channel.buffered(1);
    closed.close();
    Select<String> select =
        Select.<String>create()
            .onReceiveUntilClosed(closed, x -> "closed " + x)
            .onReceiveUntilClosed(open, x -> "open " + x)
            .onAllClosed(() -> "all closed");
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Forked selector =
        fork(
            "selector",
            () -> {
              try {
                select.select();
              } catch (InterruptedException e) {
                thrown.set(e);
              }
            });
    awaitParkedInChannel(selector.thread());
    selector.thread().interrupt();
    selector.join();
    assertInstanceOf(InterruptedException.class, thrown.get());
    open.send("x");
    assertEquals("open x", select.select());
    open.close();
    assertEquals("all closed", select.select());
  }

  /** onAllClosed needs an until-closed clause; a second one is rejected. */
  @Test
  void onAllClosed_misused_rejected() {
    Channel<String> channel = Channel.buffered(1);
    Select<String> plain = Select.<String>create().onReceive(channel, x -> x).onAllClosed(() -> "");
    assertEquals(
        "onAllClosed needs an onReceiveUntilClosed clause, or it could never fire",
        assertThrows(IllegalStateException.class, plain::select).getMessage());
    assertThrows(IllegalStateException.class, plain::selectAsync);
    assertThrows(IllegalStateException.class, () -> plain.onAllClosed(() -> "again"));
    assertThrows(
        IllegalArgumentException.class,
        () -> Select.<String>create().onReceive(channel, x -> x).onReceiveUntilClosed(channel, x -> x));
  }

  // ---- SelectLoop ----------------------------------------------------------------------------

  /**
   * A loop over two channels closed at different times: every element once, then an empty list,
   * once; a normal close fires nothing.
   */
  @OnEachThreadKind
  void addReceiveUntilClosed_channelsCloseAtDifferentTimes_everyElementThenEmptyOnce()
      throws Exception {
    Channel<String> a = Channel.buffered(2);
    Channel<String> b = Channel.rendezvous();
    a.send("a1");
    a.close();
    List<String> received = new ArrayList<>();
    try (SelectLoop loop = SelectLoop.open()) {
      SelectLoop.Source<String> fromA = loop.addReceiveUntilClosed(a);
      SelectLoop.Source<String> fromB = loop.addReceiveUntilClosed(b);
      Forked consumer =
          fork(
              "consumer",
              () -> {
                for (List<SelectLoop.Fired<?>> fired; !(fired = loop.awaitFired()).isEmpty(); ) {
                  for (SelectLoop.Fired<?> each : fired) {
                    received.add(each.valueIf(fromA).or(() -> each.valueIf(fromB)).orElseThrow());
                  }
                }
              });
      awaitParkedInChannel(consumer.thread());
      b.send("b1");
      awaitParkedInChannel(consumer.thread());
      b.close();
      consumer.join();
      assertEquals(List.of("a1", "b1"), received);
      assertEquals(
          "the select loop has no source",
          assertThrows(IllegalStateException.class, loop::awaitFired).getMessage());
    }
  }

  /**
   * A close with a cause fires once as a ChannelClosedException failure with that cause; the end
   * follows in the next wait. Other sources do not keep the loop from ending, and it goes on with
   * them afterwards.
   */
  @Test
  void addReceiveUntilClosed_closedWithCauseAndOtherSources_failureThenEmptyThenTheRest()
      throws Exception {
    Channel<String> channel = Channel.buffered(1);
    IOException cause = new IOException("producer failed");
    CompletableFuture<String> later = new CompletableFuture<>();
    try (SelectLoop loop = SelectLoop.open()) {
      SelectLoop.Source<String> from = loop.addReceiveUntilClosed(channel);
      SelectLoop.Source<String> future = loop.addFuture(later);
      channel.close(cause);
      SelectLoop.Fired<?> fired = loop.awaitFired().get(0);
      assertSame(from, fired.source());
      Outcome.Failure<?> failure = assertInstanceOf(Outcome.Failure.class, fired.outcome());
      assertSame(
          cause, assertInstanceOf(ChannelClosedException.class, failure.exception()).getCause());
      assertEquals(List.of(), loop.awaitFired());
      later.complete("x");
      assertEquals("x", loop.awaitFired().get(0).valueIf(future).orElseThrow());
    }
  }

  /**
   * The future form returns the empty list too; removing the last until-closed source ends the
   * loop as a close would, and adding another before the end was returned cancels it.
   */
  @Test
  void awaitFiredAsync_lastSourceLeftOrRemoved_emptyListUnlessAnotherAdded() throws Exception {
    Channel<String> a = Channel.rendezvous();
    Channel<String> b = Channel.buffered(1);
    try (SelectLoop loop = SelectLoop.open()) {
      loop.addReceiveUntilClosed(a);
      CompletableFuture<List<SelectLoop.Fired<?>>> waiting = loop.awaitFiredAsync();
      a.close();
      assertEquals(List.of(), waiting.get(30, TimeUnit.SECONDS));

      SelectLoop.Source<String> fromB = loop.addReceiveUntilClosed(b);
      assertTrue(loop.remove(fromB));
      loop.addReceiveUntilClosed(Channel.<String>buffered(1)); // cancels the end removal made
      b.send("not received");
      assertFalse(loop.awaitFiredAsync().isDone(), "the new source is open and empty");
    }
  }
}

package dev.fanin.java;

import static dev.fanin.java.ChannelThreads.awaitParkedInChannel;
import static dev.fanin.java.ChannelThreads.fork;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.Outcome;
import dev.fanin.testing.Forked;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Select over channels, futures and timers, with a default, in both forms. */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class SelectTest {

  /** The ready clause fires; the clause on the other channel takes nothing from it. */
  @Test
  void select_oneChannelReady_firesItAndLeavesTheOtherUntouched() throws Exception {
    Channel<String> a = Channel.buffered(1);
    Channel<String> b = Channel.buffered(1);
    b.send("b");
    String result =
        Select.<String>create().onReceive(a, x -> "a:" + x).onReceive(b, x -> "b:" + x).select();
    assertEquals("b:b", result);
    a.send("a");
    assertEquals(new ReceiveResult.Received<>("a"), a.tryReceive());
  }

  /** A send clause loses to a ready receive: its element is not sent. */
  @Test
  void select_receiveReadySendPossible_biasedFirstFiresAndNothingSent() throws Exception {
    Channel<String> in = Channel.buffered(1);
    Channel<String> out = Channel.buffered(1);
    in.send("in");
    String result =
        Select.<String>biased().onReceive(in, x -> "received").onSend(out, "x", () -> "sent").select();
    assertEquals("received", result);
    assertEquals(new ReceiveResult.Empty<String>(), out.tryReceive());
  }

  /** A send clause fires when the channel has room; the element is then in the channel. */
  @Test
  void select_sendHasRoom_firesAndElementSent() throws Exception {
    Channel<String> in = Channel.rendezvous();
    Channel<String> out = Channel.buffered(1);
    String result =
        Select.<String>create().onReceive(in, x -> "received").onSend(out, "x", () -> "sent").select();
    assertEquals("sent", result);
    assertEquals("x", out.receive());
  }

  /** With nothing ready the default fires at once and nothing is consumed or sent. */
  @Test
  void select_nothingReady_defaultFires() throws Exception {
    Channel<String> in = Channel.rendezvous();
    Channel<String> full = Channel.buffered(1);
    full.send("kept");
    String result =
        Select.<String>create()
            .onReceive(in, x -> "received")
            .onSend(full, "extra", () -> "sent")
            .onDefault(() -> "default")
            .select();
    assertEquals("default", result);
    assertEquals("kept", full.receive());
    assertEquals(new ReceiveResult.Empty<String>(), full.tryReceive());
  }

  /** A ready clause wins over the default. */
  @Test
  void select_clauseReadyAndDefault_clauseFires() throws Exception {
    Channel<String> in = Channel.buffered(1);
    in.send("x");
    assertEquals(
        "x", Select.<String>create().onReceive(in, x -> x).onDefault(() -> "default").select());
  }

  /** With nothing ready, the timer fires once its timeout has passed. */
  @Test
  void select_nothingReady_timeoutFires() throws Exception {
    Channel<String> in = Channel.rendezvous();
    String result =
        Select.<String>create()
            .onReceive(in, x -> "received")
            .onTimeout(Duration.ofMillis(20), () -> "timeout")
            .select();
    assertEquals("timeout", result);
  }

  /** A completed future fires with its outcome; a failed one with its exception. */
  @Test
  void select_futureCompletedOrFailed_firesWithOutcome() throws Exception {
    CompletableFuture<String> done = CompletableFuture.completedFuture("value");
    assertEquals(
        new Outcome.Success<>("value"),
        Select.<Outcome<String>>create().onComplete(done, o -> o).select());
    IOException failure = new IOException("boom");
    Outcome<String> failed =
        Select.<Outcome<String>>create()
            .onComplete(CompletableFuture.<String>failedFuture(failure), o -> o)
            .select();
    assertSame(failure, assertInstanceOf(Outcome.Failure.class, failed).exception());
  }

  /** A future clause that loses is not cancelled. */
  @Test
  void select_futureLoses_futureNotCancelled() throws Exception {
    CompletableFuture<String> pending = new CompletableFuture<>();
    String result =
        Select.<String>create().onComplete(pending, o -> "future").onDefault(() -> "default").select();
    assertEquals("default", result);
    assertFalse(pending.isDone());
  }

  /** A select waiting on a channel fires when another thread sends. */
  @OnEachThreadKind
  void select_waiting_firesWhenAnotherThreadSends() throws Exception {
    Channel<String> in = Channel.rendezvous();
    AtomicReference<String> result = new AtomicReference<>();
    Forked selector =
        fork(
            "selector",
            () ->
                result.set(
                    Select.<String>create()
                        .onReceive(in, x -> "got " + x)
                        .onTimeout(Duration.ofMinutes(5), () -> "timeout")
                        .select()));
    awaitParkedInChannel(selector.thread());
    in.send("x");
    selector.join();
    assertEquals("got x", result.get());
  }

  /** onReceive on a closed channel throws; onReceiveCatching fires with the close cause. */
  @Test
  void select_closedChannel_receiveThrowsAndCatchingFires() throws Exception {
    Channel<String> in = Channel.buffered(1);
    IOException cause = new IOException("producer failed");
    in.close(cause);
    ChannelClosedException thrown =
        assertThrows(
            ChannelClosedException.class,
            () -> Select.<String>create().onReceive(in, x -> x).select());
    assertSame(cause, thrown.getCause());
    ReceiveResult<String> result =
        Select.<ReceiveResult<String>>create().onReceiveCatching(in, r -> r).select();
    assertEquals(new ReceiveResult.Closed<String>(Optional.of(cause)), result);
  }

  /** onSend on a closed channel throws ChannelClosedException. */
  @Test
  void select_sendToClosedChannel_throwsChannelClosedException() {
    Channel<String> out = Channel.buffered(1);
    out.close();
    assertThrows(
        ChannelClosedException.class,
        () -> Select.<String>create().onSend(out, "x", () -> "sent").select());
  }

  /** Biased: of two ready clauses the first added always wins. */
  @Test
  void select_biasedBothReady_firstAlwaysWins() throws Exception {
    Channel<Integer> a = Channel.unbounded();
    Channel<Integer> b = Channel.unbounded();
    for (int i = 0; i < 200; i++) {
      a.send(i);
      b.send(i);
    }
    Select<String> select = Select.<String>biased().onReceive(a, x -> "a").onReceive(b, x -> "b");
    for (int i = 0; i < 200; i++) {
      assertEquals("a", select.select());
    }
  }

  /**
   * Unbiased with a fixed seed: of two clauses always ready, each wins about half the time (the
   * seed makes the count repeatable; the bounds hold for any fair choice with overwhelming odds).
   */
  @Test
  void select_unbiasedBothReady_eachWinsAboutHalf() throws Exception {
    Channel<Integer> a = Channel.unbounded();
    Channel<Integer> b = Channel.unbounded();
    int rounds = 2000;
    for (int i = 0; i < rounds; i++) {
      a.send(i);
      b.send(i);
    }
    Select<String> select =
        Select.<String>create(new Random(42)).onReceive(a, x -> "a").onReceive(b, x -> "b");
    int aWins = 0;
    for (int i = 0; i < rounds; i++) {
      if (select.select().equals("a")) {
        aWins++;
      }
    }
    assertTrue(aWins > rounds * 0.45 && aWins < rounds * 0.55, "a won " + aWins + " of " + rounds);
  }

  /** Interrupting a waiting select withdraws it: nothing is taken, the status is cleared. */
  @OnEachThreadKind
  void select_interruptedWhileWaiting_throwsAndTakesNothing() throws Exception {
    Channel<String> in = Channel.buffered(1);
    AtomicReference<Boolean> statusAfter = new AtomicReference<>();
    Forked selector =
        fork(
            "selector",
            () -> {
              assertThrows(
                  InterruptedException.class,
                  () -> Select.<String>create().onReceive(in, x -> x).select());
              statusAfter.set(Thread.currentThread().isInterrupted());
            });
    awaitParkedInChannel(selector.thread());
    selector.thread().interrupt();
    selector.join();
    assertFalse(statusAfter.get());
    in.send("x");
    assertEquals(new ReceiveResult.Received<>("x"), in.tryReceive());
  }

  /** Cancelling a selectAsync withdraws it: a later element stays in the channel. */
  @Test
  void selectAsync_cancelled_withdrawsEveryClause() throws Exception {
    Channel<String> in = Channel.buffered(1);
    CompletableFuture<String> selected = Select.<String>create().onReceive(in, x -> x).selectAsync();
    assertFalse(selected.isDone());
    assertTrue(selected.cancel(true));
    in.send("x");
    assertEquals(new ReceiveResult.Received<>("x"), in.tryReceive());
  }

  /** selectAsync completes with the handler's result once a clause fires. */
  @Test
  void selectAsync_clauseFires_completesWithHandlerResult() throws Exception {
    Channel<String> in = Channel.rendezvous();
    CompletableFuture<String> selected =
        Select.<String>create().onReceive(in, x -> "got " + x).selectAsync();
    in.send("x");
    assertEquals("got x", selected.get());
  }

  /** A handler that throws fails the selectAsync future with its exception. */
  @Test
  void selectAsync_handlerThrows_futureFails() {
    IllegalStateException failure = new IllegalStateException("handler");
    CompletableFuture<String> selected =
        Select.<String>create()
            .onDefault(
                () -> {
                  throw failure;
                })
            .selectAsync();
    ExecutionException thrown = assertThrows(ExecutionException.class, selected::get);
    assertSame(failure, thrown.getCause());
  }

  /** A select without clauses, or with two defaults, is rejected. */
  @Test
  void select_noClauseOrSecondDefault_throwsIllegalStateException() {
    assertThrows(IllegalStateException.class, () -> Select.<String>create().select());
    Select<String> select = Select.<String>create().onDefault(() -> "a");
    assertThrows(IllegalStateException.class, () -> select.onDefault(() -> "b"));
  }

  /** A negative timeout is rejected; null arguments are named. */
  @Test
  void select_badArguments_rejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Select.<String>create().onTimeout(Duration.ofMillis(-1), () -> "x"));
    Channel<String> none = null;
    NullPointerException npe =
        assertThrows(
            NullPointerException.class,
            () -> Select.<String>create().onReceive(none, (String x) -> x));
    assertEquals("channel", npe.getMessage());
  }
}

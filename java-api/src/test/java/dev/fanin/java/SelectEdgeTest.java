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
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Edge cases of {@link Select}: interrupts before the start, zero and huge timers, clauses on
 * channels that close or are cancelled while the select waits, future clauses on stages that fail,
 * are cancelled or stay pending across many runs, handlers that throw, and the "leaves no trace"
 * promise on channels with an undelivered-element callback.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class SelectEdgeTest {
  /** A guard against a hang, not a timing assumption. */
  private static final Duration HANG_GUARD = Duration.ofSeconds(10);

  // ---- Interrupts -----------------------------------------------------------------------------

  /**
   * A select started with the interrupt status set throws InterruptedException, clears the status
   * and takes nothing, even with a ready clause and a default.
   */
  @OnEachThreadKind
  void select_interruptedBeforeStart_throwsClearsStatusAndTakesNothing() throws Exception {
    Channel<String> ready = Channel.buffered(1);
    ready.send("kept");
    Select<String> select =
        Select.<String>create().onReceive(ready, x -> x).onDefault(() -> "default");
    Thread.currentThread().interrupt();
    assertThrows(InterruptedException.class, select::select);
    assertFalse(Thread.currentThread().isInterrupted());
    assertEquals("kept", select.select());
  }

  /**
   * selectAsync ignores the caller's interrupt status (it does not wait): it fires the ready clause
   * and leaves the status set.
   */
  @OnEachThreadKind
  void selectAsync_callerInterrupted_firesAndLeavesStatusSet() throws Exception {
    Channel<String> ready = Channel.buffered(1);
    ready.send("x");
    Thread.currentThread().interrupt();
    try {
      CompletableFuture<String> selected =
          Select.<String>create().onReceive(ready, x -> x).selectAsync();
      assertTrue(Thread.currentThread().isInterrupted());
      assertEquals("x", selected.getNow(null));
    } finally {
      Thread.interrupted();
    }
  }

  /** A blocking select with a timer that cannot fire in a lifetime waits and is interrupted. */
  @OnEachThreadKind
  void onTimeout_hugeDuration_waitsUntilInterruptedAndTakesNothing() throws Exception {
    Channel<String> in = Channel.rendezvous();
    Select<String> select =
        Select.<String>create()
            .onReceive(in, x -> x)
            .onTimeout(Duration.ofSeconds(Long.MAX_VALUE), () -> "timeout");
    Forked selector =
        fork("selector", () -> assertThrows(InterruptedException.class, select::select));
    awaitParkedInChannel(selector.thread());
    selector.thread().interrupt();
    selector.join();
    assertFalse(in.trySend("x"), "the withdrawn receive clause is still waiting");
  }

  // ---- Timers and the default -------------------------------------------------------------------

  /**
   * A zero timer fires at once only if no clause before it in a biased select is ready: after a
   * ready receive it loses, before it it wins and the element stays.
   */
  @Test
  void onTimeout_zeroTimer_firesOnlyIfNoEarlierClauseReady() throws Exception {
    Channel<String> ready = Channel.buffered(1);
    ready.send("x");
    assertEquals(
        "x",
        Select.<String>biased()
            .onReceive(ready, x -> x)
            .onTimeout(Duration.ZERO, () -> "timeout")
            .select());
    ready.send("y");
    assertEquals(
        "timeout",
        Select.<String>biased()
            .onTimeout(Duration.ZERO, () -> "timeout")
            .onReceive(ready, x -> x)
            .select());
    assertEquals(new ReceiveResult.Received<>("y"), ready.tryReceive());
  }

  /**
   * A positive timer shorter than a millisecond is a timer, not a zero timeout: placed first in a
   * biased select, it does not win over a clause that is ready when the select starts.
   */
  @Test
  void onTimeout_subMillisecondTimer_doesNotFireAtOnceLikeZero() throws Exception {
    Channel<String> ready = Channel.buffered(1);
    ready.send("x");
    assertEquals(
        "x",
        Select.<String>biased()
            .onTimeout(Duration.ofNanos(999_999), () -> "timeout")
            .onReceive(ready, x -> x)
            .select());
  }

  /** selectAsync with a default and nothing ready completes at once with the default. */
  @Test
  void selectAsync_defaultAndNothingReady_completesAtOnceTakingNothing() throws Exception {
    Channel<String> in = Channel.rendezvous();
    Channel<String> full = Channel.buffered(1);
    full.send("kept");
    CompletableFuture<String> pending = new CompletableFuture<>();
    CompletableFuture<String> selected =
        Select.<String>create()
            .onReceive(in, x -> "received")
            .onSend(full, "extra", () -> "sent")
            .onComplete(pending, outcome -> "future")
            .onDefault(() -> "default")
            .selectAsync();
    assertEquals("default", selected.getNow(null));
    assertFalse(in.trySend("x"), "a receive clause is still waiting");
    assertEquals(new ReceiveResult.Received<>("kept"), full.tryReceive());
    assertEquals(new ReceiveResult.Empty<String>(), full.tryReceive());
    assertFalse(pending.isDone());
  }

  /**
   * A sender parked on a rendezvous channel makes a receive clause ready, and a parked receiver a
   * send clause: the clause fires, not the default.
   */
  @OnEachThreadKind
  void onDefault_partnerParkedOnRendezvous_clauseFiresNotDefault() throws Exception {
    Channel<String> in = Channel.rendezvous();
    Forked sender = fork("sender", () -> in.send("x"));
    awaitParkedInChannel(sender.thread());
    assertEquals(
        "x", Select.<String>create().onReceive(in, x -> x).onDefault(() -> "default").select());
    sender.join();

    Channel<String> out = Channel.rendezvous();
    AtomicReference<String> taken = new AtomicReference<>();
    Forked receiver = fork("receiver", () -> taken.set(out.receive()));
    awaitParkedInChannel(receiver.thread());
    assertEquals(
        "sent",
        Select.<String>create().onSend(out, "y", () -> "sent").onDefault(() -> "default").select());
    receiver.join();
    assertEquals("y", taken.get());
  }

  // ---- Reuse ----------------------------------------------------------------------------------

  /**
   * One Select run again and again fires each time whichever clause is ready then: a receive, a
   * future, a default, and finally a closed channel.
   */
  @Test
  void select_runAgainAndAgain_eachRunIsANewSelect() throws Exception {
    Channel<String> in = Channel.buffered(2);
    CompletableFuture<String> stage = new CompletableFuture<>();
    Select<String> select =
        Select.<String>biased()
            .onReceiveCatching(in, r -> r.isReceived() ? r.element() : "closed")
            .onComplete(stage, outcome -> "future")
            .onDefault(() -> "default");
    assertEquals("default", select.select());
    in.send("a");
    in.send("b");
    assertEquals("a", select.select());
    assertEquals("b", select.selectAsync().join());
    stage.complete("done");
    assertEquals("future", select.select());
    in.close();
    assertEquals("closed", select.select());
  }

  // ---- Closing and cancelling while waiting -----------------------------------------------------

  /**
   * A channel closed with a cause while a select waits to receive from it: onReceive throws
   * ChannelClosedException with the original cause, onReceiveCatching fires with it.
   */
  @OnEachThreadKind
  void onReceive_channelClosedWhileWaiting_throwsOrFiresWithTheCause() throws Exception {
    Channel<String> in = Channel.rendezvous();
    Channel<String> other = Channel.rendezvous();
    IOException cause = new IOException("producer failed");
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Forked selector =
        fork(
            "selector",
            () ->
                thrown.set(
                    assertThrows(
                        ChannelClosedException.class,
                        () ->
                            Select.<String>create()
                                .onReceive(in, x -> x)
                                .onReceive(other, x -> x)
                                .select())));
    CompletableFuture<ReceiveResult<String>> catching =
        Select.<ReceiveResult<String>>create()
            .onReceiveCatching(in, r -> r)
            .onReceiveCatching(other, r -> new ReceiveResult.Empty<>())
            .selectAsync();
    awaitParkedInChannel(selector.thread());
    in.close(cause);
    selector.join();
    ChannelThreads.assertCloseCause(cause, thrown.get().getCause());
    ReceiveResult<String> closed = catching.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
    ChannelThreads.assertCloseCause(cause, ChannelThreads.closedCause(closed));
    assertFalse(other.trySend("x"), "a clause on the other channel is still waiting");
  }

  /**
   * A select waiting to send on a rendezvous channel that is then closed still delivers to the
   * next receiver (a waiting sender counts as sent before the close), and fires.
   */
  @OnEachThreadKind
  void onSend_channelClosedWhileWaiting_stillDeliveredAndFires() throws Exception {
    Channel<String> out = Channel.rendezvous();
    AtomicReference<String> result = new AtomicReference<>();
    Forked selector =
        fork(
            "selector",
            () -> result.set(Select.<String>create().onSend(out, "x", () -> "sent").select()));
    awaitParkedInChannel(selector.thread());
    out.close();
    assertEquals("x", out.receive());
    selector.join();
    assertEquals("sent", result.get());
    assertEquals(new ReceiveResult.Closed<String>(Optional.empty()), out.tryReceive());
  }

  /** A select waiting to send on a channel that is then cancelled throws ChannelClosedException. */
  @OnEachThreadKind
  void onSend_channelCancelledWhileWaiting_throwsChannelClosedException() throws Exception {
    Channel<String> out = Channel.rendezvous();
    Forked selector =
        fork(
            "selector",
            () ->
                assertThrows(
                    ChannelClosedException.class,
                    () -> Select.<String>create().onSend(out, "x", () -> "sent").select()));
    CompletableFuture<String> async =
        Select.<String>create().onSend(out, "y", () -> "sent").selectAsync();
    awaitParkedInChannel(selector.thread());
    out.cancel();
    selector.join();
    ExecutionException failed =
        assertThrows(
            ExecutionException.class, () -> async.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS));
    assertInstanceOf(ChannelClosedException.class, failed.getCause());
  }

  /**
   * A send clause on a channel closed with a cause throws ChannelClosedException carrying that
   * cause, in both forms.
   */
  @Test
  void onSend_channelClosedWithCause_throwsWithTheCause() {
    Channel<String> out = Channel.buffered(1);
    IOException cause = new IOException("consumer failed");
    out.close(cause);
    Select<String> select = Select.<String>create().onSend(out, "x", () -> "sent");
    ChannelClosedException thrown = assertThrows(ChannelClosedException.class, select::select);
    ChannelThreads.assertCloseCause(cause, thrown.getCause());
    ExecutionException failed = assertThrows(ExecutionException.class, select.selectAsync()::get);
    ChannelClosedException async =
        assertInstanceOf(ChannelClosedException.class, failed.getCause());
    ChannelThreads.assertCloseCause(cause, async.getCause());
  }

  /**
   * A biased select whose first clause is onReceive on a closed channel throws, leaving the ready
   * second channel untouched; with the ready channel first, it fires that one.
   */
  @Test
  void onReceive_closedChannelAndReadyChannel_biasedOrderDecides() throws Exception {
    Channel<String> closed = Channel.buffered(1);
    closed.close();
    Channel<String> ready = Channel.buffered(1);
    ready.send("x");
    assertThrows(
        ChannelClosedException.class,
        () -> Select.<String>biased().onReceive(closed, x -> x).onReceive(ready, x -> x).select());
    assertEquals(
        "x", Select.<String>biased().onReceive(ready, x -> x).onReceive(closed, x -> x).select());
  }

  // ---- Future clauses -------------------------------------------------------------------------

  /**
   * A future clause on a cancelled stage fires with Outcome.Cancelled; on a dependent stage that
   * failed, with the original exception rather than the CompletionException around it.
   */
  @Test
  void onComplete_cancelledOrDependentFailedStage_firesWithUnwrappedOutcome() throws Exception {
    CompletableFuture<String> cancelled = new CompletableFuture<>();
    cancelled.cancel(true);
    Outcome<String> outcome =
        Select.<Outcome<String>>create().onComplete(cancelled, o -> o).select();
    assertInstanceOf(Outcome.Cancelled.class, outcome);

    CompletableFuture<String> base = new CompletableFuture<>();
    CompletableFuture<String> dependent = base.thenApply(value -> value);
    IOException failure = new IOException("boom");
    CompletableFuture<Outcome<String>> selected =
        Select.<Outcome<String>>create().onComplete(dependent, o -> o).selectAsync();
    base.completeExceptionally(failure);
    Outcome<String> failed = selected.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
    assertSame(failure, assertInstanceOf(Outcome.Failure.class, failed).exception());
  }

  /**
   * A select run many times while its stage stays pending adds one callback to the stage per run
   * (as documented), never cancels it, and the stage's completion releases them all.
   */
  @Test
  void onComplete_manyRunsOnPendingStage_oneCallbackEachReleasedOnCompletion() throws Exception {
    CompletableFuture<String> stage = new CompletableFuture<>();
    Select<String> select =
        Select.<String>create().onComplete(stage, outcome -> "future").onDefault(() -> "default");
    int runs = 100;
    for (int run = 0; run < runs; run++) {
      assertEquals("default", select.select());
    }
    CompletableFuture<String> cancelled =
        Select.<String>create().onComplete(stage, outcome -> "future").selectAsync();
    assertTrue(cancelled.cancel(true));
    assertEquals(runs + 1, stage.getNumberOfDependents());
    assertFalse(stage.isDone());
    assertTrue(stage.complete("done"));
    assertEquals(0, stage.getNumberOfDependents());
  }

  /** The same stage in two clauses of a biased select: the first fires. */
  @Test
  void onComplete_sameStageTwice_biasedFirstFires() throws Exception {
    CompletableFuture<String> done = CompletableFuture.completedFuture("v");
    assertEquals(
        "first",
        Select.<String>biased()
            .onComplete(done, o -> "first")
            .onComplete(done, o -> "second")
            .select());
  }

  // ---- Handlers -------------------------------------------------------------------------------

  /**
   * A selectAsync handler that throws on the sender's thread fails the future; the sender's send
   * returns normally (the element was taken) and other handlers never run.
   */
  @OnEachThreadKind
  void selectAsync_handlerThrowsOnSendersThread_futureFailsAndSendReturns() throws Exception {
    Channel<String> in = Channel.rendezvous();
    Channel<String> other = Channel.rendezvous();
    IllegalStateException failure = new IllegalStateException("handler");
    AtomicInteger otherRuns = new AtomicInteger();
    CompletableFuture<String> selected =
        Select.<String>create()
            .onReceive(
                in,
                x -> {
                  throw failure;
                })
            .onReceive(
                other,
                x -> {
                  otherRuns.incrementAndGet();
                  return x;
                })
            .selectAsync();
    in.send("x");
    ExecutionException thrown = assertThrows(ExecutionException.class, selected::get);
    assertSame(failure, thrown.getCause());
    assertEquals(0, otherRuns.get());
    assertFalse(other.trySend("y"), "the other clause is still waiting");
  }

  /** cancel after a clause fired returns false and the future keeps the handler's result. */
  @Test
  void selectAsync_cancelAfterFiring_returnsFalseAndKeepsResult() throws Exception {
    Channel<String> in = Channel.rendezvous();
    CompletableFuture<String> selected =
        Select.<String>create().onReceive(in, x -> "got " + x).selectAsync();
    in.send("x");
    assertFalse(selected.cancel(true));
    assertFalse(selected.completeExceptionally(new IOException("late")));
    assertFalse(selected.complete("late"));
    assertEquals("got x", selected.join());
  }

  /**
   * A selectAsync handler that cancels its own future (say, through a shared reference) keeps the
   * handler's result: cancel returns false, and the sender that fired the clause returns.
   */
  @Test
  void selectAsync_handlerCancelsItsOwnFuture_keepsResultAndSenderReturns() throws Exception {
    Channel<String> in = Channel.rendezvous();
    AtomicReference<CompletableFuture<String>> self = new AtomicReference<>();
    AtomicReference<Boolean> cancelled = new AtomicReference<>();
    self.set(
        Select.<String>create()
            .onReceive(
                in,
                x -> {
                  cancelled.set(self.get().cancel(true));
                  return x;
                })
            .selectAsync());
    Forked sender = fork("sender", () -> in.send("x"));
    sender.join(HANG_GUARD);
    assertEquals("x", self.get().join()); // the handler runs on Fanin's executor: wait for it
    assertEquals(false, cancelled.get());
  }

  /**
   * A selectAsync handler that receives from the channel its send clause just sent to (a buffered
   * channel, the clause fired when a receiver made room) returns, and so does that receiver.
   */
  @Test
  void selectAsync_handlerReceivesFromItsSendChannel_neitherHangs() throws Exception {
    Channel<Integer> out = Channel.buffered(1);
    out.send(1);
    CompletableFuture<ReceiveResult<Integer>> selected =
        Select.<ReceiveResult<Integer>>create().onSend(out, 2, out::tryReceive).selectAsync();
    assertFalse(selected.isDone(), "the buffer is full");
    AtomicReference<Integer> taken = new AtomicReference<>();
    Forked receiver = fork("receiver", () -> taken.set(out.receive()));
    receiver.join(HANG_GUARD);
    assertEquals(1, taken.get());
    assertEquals(new ReceiveResult.Received<>(2), selected.join());
  }

  /**
   * A selectAsync timer handler that itself waits for another timer (a blocking select with a
   * timeout, say) completes.
   */
  @Test
  void selectAsync_timerHandlerWaitsForAnotherTimer_completes() throws Exception {
    AtomicReference<Thread> handlerThread = new AtomicReference<>();
    CompletableFuture<String> selected =
        Select.<String>create()
            .onTimeout(
                Duration.ofMillis(1),
                () -> {
                  handlerThread.set(Thread.currentThread());
                  try {
                    return Select.<String>create()
                        .onTimeout(Duration.ofMillis(1), () -> "inner")
                        .select();
                  } catch (InterruptedException e) {
                    throw new CompletionException(e);
                  }
                })
            .selectAsync();
    try {
      assertEquals("inner", selected.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS));
    } catch (TimeoutException e) {
      // Free the timer thread, or every later test's timers would hang too.
      Thread stuck = handlerThread.get();
      if (stuck != null) {
        stuck.interrupt();
      }
      throw new AssertionError("the handler on " + stuck + " never got its timer", e);
    }
  }

  // ---- Undelivered-element callbacks: a clause that did not fire leaves no trace --------------

  /**
   * A send clause that waited on a channel with an undelivered-element callback and lost to
   * another clause was never sent: the callback does not see its element.
   */
  @Test
  void onSend_losesAfterWaitingOnChannelWithCallback_callbackNotCalled() throws Exception {
    List<String> undelivered = Collections.synchronizedList(new ArrayList<>());
    Channel<String> out = Channel.create(0, BufferOverflow.WAIT, undelivered::add);
    Channel<String> in = Channel.buffered(1);
    CompletableFuture<String> selected =
        Select.<String>create()
            .onSend(out, "unsent", () -> "sent")
            .onReceive(in, x -> "received")
            .selectAsync();
    assertFalse(selected.isDone());
    in.send("x");
    assertEquals("received", selected.join());
    assertEquals(List.of(), undelivered);
  }

  /**
   * A waiting send clause withdrawn by an interrupt or a cancel, on a channel with an
   * undelivered-element callback, was never sent: the callback does not see its element (as with
   * an interrupted {@link Channel#send}).
   */
  @OnEachThreadKind
  void onSend_withdrawnOnChannelWithCallback_callbackNotCalled() throws Exception {
    List<String> undelivered = Collections.synchronizedList(new ArrayList<>());
    Channel<String> out = Channel.create(0, BufferOverflow.WAIT, undelivered::add);
    Forked selector =
        fork(
            "selector",
            () ->
                assertThrows(
                    InterruptedException.class,
                    () ->
                        Select.<String>create()
                            .onSend(out, "interrupted", () -> "sent")
                            .select()));
    awaitParkedInChannel(selector.thread());
    selector.thread().interrupt();
    selector.join();
    CompletableFuture<String> selected =
        Select.<String>create().onSend(out, "cancelled", () -> "sent").selectAsync();
    assertTrue(selected.cancel(true));
    assertEquals(List.of(), undelivered);
    assertEquals(new ReceiveResult.Empty<String>(), out.tryReceive());
  }

  /**
   * A send clause on a closed channel with an undelivered-element callback throws
   * ChannelClosedException and the element stays with the caller, as with {@link Channel#send}:
   * the callback does not see it.
   */
  @Test
  void onSend_closedChannelWithCallback_throwsAndCallbackNotCalled() throws Exception {
    List<String> undelivered = Collections.synchronizedList(new ArrayList<>());
    Channel<String> out = Channel.create(1, BufferOverflow.WAIT, undelivered::add);
    out.close();
    assertThrows(ChannelClosedException.class, () -> out.send("by send"));
    assertThrows(
        ChannelClosedException.class,
        () -> Select.<String>create().onSend(out, "by select", () -> "sent").select());
    assertEquals(List.of(), undelivered);
  }

  /**
   * A send clause on a full DROP_LATEST channel fires (the send never waits) and the overflow
   * policy drops its element, which the undelivered-element callback then sees, as it sees the
   * element a {@link Channel#trySend} drops.
   */
  @Test
  void onSend_fullDropLatestChannelWithCallback_callbackSeesDroppedElement() throws Exception {
    List<String> undelivered = Collections.synchronizedList(new ArrayList<>());
    Channel<String> out = Channel.create(1, BufferOverflow.DROP_LATEST, undelivered::add);
    assertTrue(out.trySend("kept"));
    assertTrue(out.trySend("dropped by trySend"));
    assertEquals(
        "sent", Select.<String>create().onSend(out, "dropped by select", () -> "sent").select());
    assertEquals(List.of("dropped by trySend", "dropped by select"), undelivered);
    assertEquals(new ReceiveResult.Received<>("kept"), out.tryReceive());
  }

  /**
   * A send clause on a full DROP_OLDEST channel fires and the oldest element goes to the
   * undelivered-element callback.
   */
  @Test
  void onSend_fullDropOldestChannelWithCallback_callbackSeesOldestElement() throws Exception {
    List<String> undelivered = Collections.synchronizedList(new ArrayList<>());
    Channel<String> out = Channel.create(1, BufferOverflow.DROP_OLDEST, undelivered::add);
    assertTrue(out.trySend("oldest"));
    assertEquals("sent", Select.<String>create().onSend(out, "newest", () -> "sent").select());
    assertEquals(List.of("oldest"), undelivered);
    assertEquals(new ReceiveResult.Received<>("newest"), out.tryReceive());
  }

  // ---- Completing the future in other ways ------------------------------------------------------

  /**
   * completeAsync completes the future of selectAsync "in another way", so it withdraws every
   * clause: an element sent afterwards stays in the channel.
   */
  @Test
  void selectAsync_completedByCompleteAsync_withdrawsEveryClause() throws Exception {
    Channel<String> in = Channel.buffered(1);
    CompletableFuture<String> selected =
        Select.<String>create().onReceive(in, x -> x).selectAsync();
    selected.completeAsync(() -> "fallback", Runnable::run);
    assertEquals("fallback", selected.join());
    assertTrue(in.trySend("x"));
    assertEquals(new ReceiveResult.Received<>("x"), in.tryReceive());
  }

  /**
   * completeOnTimeout and orTimeout complete through the overridden methods: the clause is
   * withdrawn and a later element stays in the channel.
   */
  @Test
  void selectAsync_completeOnTimeoutOrOrTimeout_withdrawsEveryClause() throws Exception {
    Channel<String> in = Channel.buffered(1);
    CompletableFuture<String> timedOut =
        Select.<String>create()
            .onReceive(in, x -> x)
            .selectAsync()
            .orTimeout(1, TimeUnit.NANOSECONDS);
    ExecutionException failed =
        assertThrows(
            ExecutionException.class,
            () -> timedOut.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS));
    assertInstanceOf(TimeoutException.class, failed.getCause());
    CompletableFuture<String> defaulted =
        Select.<String>create()
            .onReceive(in, x -> x)
            .selectAsync()
            .completeOnTimeout("fallback", 1, TimeUnit.NANOSECONDS);
    assertEquals("fallback", defaulted.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS));
    assertTrue(in.trySend("x"));
    assertEquals(new ReceiveResult.Received<>("x"), in.tryReceive());
  }

  /** A cancelled selectAsync reports CancellationException and its clause is gone. */
  @Test
  void selectAsync_cancelled_reportsCancellationAndTakesNothing() throws Exception {
    Channel<String> in = Channel.rendezvous();
    CompletableFuture<String> selected =
        Select.<String>create().onReceive(in, x -> x).selectAsync();
    assertTrue(selected.cancel(false));
    assertThrows(CancellationException.class, selected::join);
    assertFalse(in.trySend("x"), "the withdrawn receive clause is still waiting");
  }

  // ---- Work queues ----------------------------------------------------------------------------

  /**
   * A send clause on a WorkQueue (which counts its sends, and kotlinx's select cannot) is rejected
   * when it is added, and nothing is sent or counted.
   */
  @Test
  void onSend_workQueue_rejectedAndCountsNothing() {
    WorkQueue<String> queue = WorkQueue.buffered(1);
    assertThrows(
        IllegalArgumentException.class,
        () -> Select.<String>create().onSend(queue, "x", () -> "sent"));
    assertEquals(0, queue.unfinishedItems());
    assertInstanceOf(ReceiveResult.Empty.class, queue.tryReceive());
  }

  /** A receive clause on a WorkQueue takes an item, which stays unfinished until itemDone. */
  @Test
  void onReceive_workQueue_takesItemStillUnfinished() throws Exception {
    WorkQueue<String> queue = WorkQueue.buffered(1);
    queue.send("item");
    assertEquals("item", Select.<String>create().onReceive(queue, x -> x).select());
    assertEquals(1, queue.unfinishedItems());
    queue.itemDone();
    queue.join();
  }
}

package dev.fanin.java;

import static dev.fanin.java.ChannelThreads.fork;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.fanin.testing.Forked;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An element has one owner: for every send, exactly one of "the send reports it sent", "the send
 * reports it not sent (the caller keeps it)" and "onUndeliveredElement receives it". Each round
 * parks a sender on a channel that cannot take its element (a rendezvous without receivers, or a
 * full buffer of one), then races {@code cancel()} against the sender's own withdrawal (an
 * interrupt, a deadline, a cancelled future). Nothing can deliver the element, so the send must
 * report it not sent and the callback must never see it.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(120)
class ElementOwnerRaceTest {
  private static final int ROUNDS = Integer.getInteger("fanin.stress.rounds", 200) * 5;

  /** A blocking send interrupted as the channel is cancelled. */
  @OnEachThreadKind
  void send_interruptRacesCancel_elementHasOneOwner() throws Exception {
    for (int capacity : new int[] {0, 1}) {
      race(capacity, Op.SEND_INTERRUPTED);
    }
  }

  /** A timed trySend whose deadline passes as the channel is cancelled. */
  @OnEachThreadKind
  void trySend_deadlineRacesCancel_elementHasOneOwner() throws Exception {
    for (int capacity : new int[] {0, 1}) {
      race(capacity, Op.TRY_SEND_DEADLINE);
    }
  }

  /** A sendAsync future cancelled as the channel is cancelled. */
  @OnEachThreadKind
  void sendAsync_futureCancelRacesCancel_elementHasOneOwner() throws Exception {
    for (int capacity : new int[] {0, 1}) {
      race(capacity, Op.SEND_ASYNC_CANCELLED);
    }
  }

  /** With nobody withdrawing, cancel() fails a waiting sender, which keeps its element. */
  @OnEachThreadKind
  void send_cancelledWhileWaiting_senderKeepsElement() throws Exception {
    for (int capacity : new int[] {0, 1}) {
      List<Object> undelivered = new ArrayList<>();
      Channel<Object> channel =
          Channel.create(capacity, BufferOverflow.WAIT, e -> record(undelivered, e));
      Object filler = new Object();
      if (capacity == 1) {
        channel.send(filler);
      }
      Object element = new Object();
      Forked sender =
          fork(
              "sender",
              () -> {
                try {
                  channel.send(element);
                  throw new AssertionError("sent on a cancelled channel");
                } catch (ChannelClosedException expected) {
                  // the element was not sent: it is still this thread's
                }
              });
      ChannelThreads.awaitParkedInChannel(sender.thread());
      channel.cancel();
      sender.join();
      synchronized (undelivered) {
        assertEquals(capacity == 1 ? List.of(filler) : List.of(), undelivered);
      }
    }
  }

  private enum Op {
    SEND_INTERRUPTED,
    TRY_SEND_DEADLINE,
    SEND_ASYNC_CANCELLED
  }

  private static void record(List<Object> undelivered, Object element) {
    synchronized (undelivered) {
      undelivered.add(element);
    }
  }

  /**
   * Runs {@link #ROUNDS} rounds of {@code op} racing {@code cancel()} on a fresh channel each,
   * aligned by a barrier once the sender is waiting, and checks the element's owner every round.
   */
  private static void race(int capacity, Op op) throws Exception {
    AtomicInteger twoOwners = new AtomicInteger();
    AtomicInteger sent = new AtomicInteger();
    AtomicReference<String> firstFailure = new AtomicReference<>();
    for (int round = 0; round < ROUNDS; round++) {
      List<Object> undelivered = new ArrayList<>();
      Channel<Object> channel =
          Channel.create(capacity, BufferOverflow.WAIT, e -> record(undelivered, e));
      if (capacity == 1) {
        channel.send("filler");
      }
      Object element = new Object();
      CyclicBarrier aligned = new CyclicBarrier(2);
      AtomicReference<String> outcome = new AtomicReference<>();
      Forked withdrawer = null;
      Forked sender = null;
      CompletableFuture<?> future = null;
      if (op == Op.SEND_ASYNC_CANCELLED) {
        CompletableFuture<?> pending = channel.sendAsync(element);
        future = pending;
        withdrawer =
            fork(
                "withdrawer",
                () -> {
                  aligned.await();
                  pending.cancel(false);
                });
      } else {
        Duration deadline = Duration.ofNanos(ThreadLocalRandom.current().nextLong(1_000, 200_000));
        sender =
            fork(
                "sender",
                () -> {
                  try {
                    boolean ok;
                    if (op == Op.TRY_SEND_DEADLINE) {
                      aligned.await(); // the deadline starts as cancel() is called
                    }
                    if (op == Op.SEND_INTERRUPTED) {
                      channel.send(element);
                      ok = true;
                    } else {
                      ok = channel.trySend(element, deadline);
                    }
                    outcome.set(ok ? "sent" : "not sent (false)");
                  } catch (InterruptedException e) {
                    outcome.set("not sent (interrupted)");
                  } catch (ChannelClosedException e) {
                    outcome.set("not sent (closed)");
                  }
                });
        if (op == Op.SEND_INTERRUPTED) {
          Thread senderThread = sender.thread();
          ChannelThreads.awaitParkedInChannel(senderThread);
          withdrawer =
              fork(
                  "withdrawer",
                  () -> {
                    aligned.await();
                    senderThread.interrupt();
                  });
        }
      }
      aligned.await();
      channel.cancel();
      if (withdrawer != null) {
        withdrawer.join();
      }
      if (sender != null) {
        sender.join();
      } else {
        try {
          future.join();
          outcome.set("sent");
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
          outcome.set("not sent (" + e.getClass().getSimpleName() + ")");
        }
      }
      boolean callbackGotIt;
      synchronized (undelivered) {
        callbackGotIt = undelivered.stream().anyMatch(e -> e == element);
      }
      boolean reportedSent = "sent".equals(outcome.get());
      if (reportedSent) {
        sent.incrementAndGet();
      }
      if (callbackGotIt && !reportedSent) {
        twoOwners.incrementAndGet();
        firstFailure.compareAndSet(
            null, "round " + round + ": send " + outcome.get() + ", callback got it: " + callbackGotIt);
      }
    }
    assertEquals(
        0,
        twoOwners.get(),
        () -> op + " on capacity " + capacity + ": " + twoOwners.get() + " of " + ROUNDS
            + " rounds broke the one-owner rule; first: " + firstFailure.get());
    assertFalse(sent.get() > 0, "nothing can take the element, yet a send reported it sent");
  }
}

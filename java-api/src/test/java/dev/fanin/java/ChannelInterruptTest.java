package dev.fanin.java;

import static dev.fanin.java.ChannelThreads.awaitParkedInChannel;
import static dev.fanin.java.ChannelThreads.fork;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.testing.Forked;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import dev.fanin.testing.ThrowingRunnable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/**
 * Interrupts of threads blocked in, or about to call, a channel operation: the operation is
 * withdrawn (the element stays with the sender, the receiver takes nothing) and InterruptedException
 * is thrown with the status cleared, unless the operation had completed.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class ChannelInterruptTest {
  private static final Duration LONG = Duration.ofMinutes(10);

  /**
   * Starts {@code blocking} on a new thread, waits until it is parked in the channel, interrupts it,
   * and checks that it threw InterruptedException with its interrupt status cleared.
   */
  private static void interruptWhileParked(String name, Executable blocking) {
    Forked forked =
        fork(
            name,
            () -> {
              assertThrows(InterruptedException.class, blocking);
              assertFalse(
                  Thread.currentThread().isInterrupted(), "the interrupt status must be cleared");
            });
    awaitParkedInChannel(forked.thread());
    forked.thread().interrupt();
    forked.join();
  }

  // ---- Interrupted while parked -------------------------------------------------------------

  /** An interrupted blocked send on a rendezvous channel throws and its element is not sent. */
  @OnEachThreadKind
  void send_interruptedWhileParkedOnRendezvous_throwsAndSendsNothing() throws Exception {
    Channel<String> channel = Channel.rendezvous();
    interruptWhileParked("sender", () -> channel.send("a"));
    assertEquals(new ReceiveResult.Empty<String>(), channel.tryReceive());
    assertFalse(channel.trySend("b"), "no sender may be left waiting to meet a receiver");
  }

  /** An interrupted send blocked on a full buffer throws and the buffer keeps only what it had. */
  @OnEachThreadKind
  void send_interruptedWhileParkedOnFullBuffer_throwsAndSendsNothing() throws Exception {
    Channel<String> channel = Channel.buffered(1);
    channel.send("buffered");
    interruptWhileParked("sender", () -> channel.send("waiting"));
    assertEquals("buffered", channel.receive());
    assertEquals(new ReceiveResult.Empty<String>(), channel.tryReceive());
    assertTrue(channel.trySend("next"), "the withdrawn send must not hold the free slot");
  }

  /** An interrupted timed send throws InterruptedException and its element is not sent. */
  @OnEachThreadKind
  void trySendTimed_interruptedWhileParked_throwsAndSendsNothing() throws Exception {
    Channel<String> channel = Channel.rendezvous();
    interruptWhileParked("sender", () -> channel.trySend("a", LONG));
    assertEquals(new ReceiveResult.Empty<String>(), channel.tryReceive());
  }

  /** An interrupted blocked receive throws and takes nothing: a later element is still there. */
  @OnEachThreadKind
  void receive_interruptedWhileParked_throwsAndTakesNothing() throws Exception {
    Channel<String> channel = Channel.buffered(1);
    interruptWhileParked("receiver", channel::receive);
    channel.send("a");
    assertEquals(new ReceiveResult.Received<>("a"), channel.tryReceive());
  }

  /** After an interrupted receive on a rendezvous channel, no receiver is left waiting. */
  @OnEachThreadKind
  void receive_interruptedWhileParkedOnRendezvous_leavesNoReceiver() throws Exception {
    Channel<String> channel = Channel.rendezvous();
    interruptWhileParked("receiver", channel::receive);
    assertFalse(channel.trySend("a"));
  }

  /** An interrupted receiveCatching throws InterruptedException and takes nothing. */
  @OnEachThreadKind
  void receiveCatching_interruptedWhileParked_throwsAndTakesNothing() throws Exception {
    Channel<String> channel = Channel.buffered(1);
    interruptWhileParked("receiver", channel::receiveCatching);
    channel.send("a");
    assertEquals("a", channel.receive());
  }

  /** An interrupted timed receive throws InterruptedException and takes nothing. */
  @OnEachThreadKind
  void tryReceiveTimed_interruptedWhileParked_throwsAndTakesNothing() throws Exception {
    Channel<String> channel = Channel.rendezvous();
    interruptWhileParked("receiver", () -> channel.tryReceive(LONG));
    assertFalse(channel.trySend("a"));
  }

  /**
   * Interrupting one of several waiting receivers withdraws only that one: the next element goes
   * to a receiver that is still waiting.
   */
  @OnEachThreadKind
  void receive_oneOfTwoInterrupted_otherStillReceives() throws Exception {
    Channel<String> channel = Channel.rendezvous();
    AtomicReference<String> received = new AtomicReference<>();
    Forked first =
        fork("first", () -> assertThrows(InterruptedException.class, channel::receive));
    awaitParkedInChannel(first.thread());
    Forked second = fork("second", () -> received.set(channel.receive()));
    awaitParkedInChannel(second.thread());
    first.thread().interrupt();
    first.join();
    channel.send("a");
    second.join();
    assertEquals("a", received.get());
  }

  /** hasNext interrupted while waiting sets the status again and throws CancellationException. */
  @OnEachThreadKind
  void iteratorHasNext_interruptedWhileParked_throwsCancellationAndKeepsStatus() throws Exception {
    Channel<String> channel = Channel.buffered(1);
    Iterator<String> iterator = channel.iterator();
    Forked consumer =
        fork(
            "consumer",
            () -> {
              CancellationException thrown =
                  assertThrows(CancellationException.class, iterator::hasNext);
              assertInstanceOf(InterruptedException.class, thrown.getCause());
              assertTrue(Thread.interrupted(), "the interrupt status must be set again");
            });
    awaitParkedInChannel(consumer.thread());
    consumer.thread().interrupt();
    consumer.join();
    channel.send("a");
    assertEquals(new ReceiveResult.Received<>("a"), channel.tryReceive());
  }

  // ---- Completed before the interrupt -------------------------------------------------------

  /**
   * A blocked receive whose element arrived before the interrupt returns the element, with the
   * interrupt status set.
   */
  @OnEachThreadKind
  void receive_elementArrivedThenInterrupted_returnsElementWithStatusSet() throws Exception {
    Channel<String> channel = Channel.rendezvous();
    AtomicBoolean interruptSent = new AtomicBoolean();
    AtomicReference<String> received = new AtomicReference<>();
    Forked receiver =
        fork(
            "receiver",
            () -> {
              received.set(channel.receive());
              awaitFlag(interruptSent);
              assertTrue(Thread.interrupted(), "the interrupt status must be set");
            });
    awaitParkedInChannel(receiver.thread());
    assertTrue(channel.trySend("a"), "the element is handed to the waiting receiver");
    receiver.thread().interrupt();
    interruptSent.set(true);
    receiver.join();
    assertEquals("a", received.get());
    assertEquals(new ReceiveResult.Empty<String>(), channel.tryReceive());
  }

  /**
   * A blocked send whose element was taken before the interrupt returns normally, with the
   * interrupt status set.
   */
  @OnEachThreadKind
  void send_takenThenInterrupted_returnsWithStatusSet() throws Exception {
    Channel<String> channel = Channel.rendezvous();
    AtomicBoolean interruptSent = new AtomicBoolean();
    Forked sender =
        fork(
            "sender",
            () -> {
              channel.send("a");
              awaitFlag(interruptSent);
              assertTrue(Thread.interrupted(), "the interrupt status must be set");
            });
    awaitParkedInChannel(sender.thread());
    assertEquals(new ReceiveResult.Received<>("a"), channel.tryReceive());
    sender.thread().interrupt();
    interruptSent.set(true);
    sender.join();
    assertEquals(new ReceiveResult.Empty<String>(), channel.tryReceive());
  }

  private static void awaitFlag(AtomicBoolean flag) {
    while (!flag.get()) {
      Thread.yield();
    }
  }

  // ---- Interrupted before the call ----------------------------------------------------------

  /**
   * Each blocking or timed send called with the interrupt status set throws InterruptedException
   * without sending, even with room in the buffer, and clears the status.
   */
  @OnEachThreadKind
  void sends_interruptedBeforeCall_throwWithoutSending() throws Exception {
    Channel<String> channel = Channel.unbounded();
    List<ThrowingRunnable> sends =
        List.of(
            () -> channel.send("send"),
            () -> channel.trySend("zero", Duration.ZERO),
            () -> channel.trySend("timed", LONG));
    for (ThrowingRunnable send : sends) {
      Thread.currentThread().interrupt();
      assertThrows(InterruptedException.class, send::run);
      assertFalse(Thread.currentThread().isInterrupted(), "the interrupt status must be cleared");
    }
    assertEquals(new ReceiveResult.Empty<String>(), channel.tryReceive());
  }

  /**
   * Each blocking or timed receive called with the interrupt status set throws
   * InterruptedException without taking the element that is ready, and clears the status.
   */
  @OnEachThreadKind
  void receives_interruptedBeforeCall_throwWithoutTaking() throws Exception {
    Channel<String> channel = Channel.unbounded();
    channel.send("a");
    List<ThrowingRunnable> receives =
        List.of(
            channel::receive,
            channel::receiveCatching,
            () -> channel.tryReceive(Duration.ZERO),
            () -> channel.tryReceive(LONG));
    for (ThrowingRunnable receive : receives) {
      Thread.currentThread().interrupt();
      assertThrows(InterruptedException.class, receive::run);
      assertFalse(Thread.currentThread().isInterrupted(), "the interrupt status must be cleared");
    }
    assertEquals("a", channel.receive());
  }

  /**
   * The non-blocking and future forms do not look at the interrupt status: they work, and the
   * status stays set.
   */
  @OnEachThreadKind
  void nonBlockingForms_interrupted_workAndKeepStatus() throws Exception {
    Channel<String> channel = Channel.unbounded();
    Thread.currentThread().interrupt();
    try {
      assertTrue(channel.trySend("a"));
      assertTrue(channel.sendAsync("b").isDone());
      assertEquals(new ReceiveResult.Received<>("a"), channel.tryReceive());
      CompletableFuture<String> b = channel.receiveAsync();
      assertTrue(b.isDone());
      assertTrue(Thread.currentThread().isInterrupted());
      assertEquals("b", b.join());
    } finally {
      Thread.interrupted();
    }
  }

  /** A close(cause) does not interfere: an interrupted-before-call receive still throws. */
  @OnEachThreadKind
  void receive_interruptedBeforeCallOnClosedChannel_throwsInterruptedException() throws Exception {
    Channel<String> channel = Channel.unbounded();
    channel.close(new IllegalStateException("closed"));
    Thread.currentThread().interrupt();
    assertThrows(InterruptedException.class, channel::receive);
    assertFalse(Thread.currentThread().isInterrupted());
  }

  // ---- The undelivered-element callback -----------------------------------------------------

  /**
   * The element of an interrupted send "stays with the sender" and "was not sent": it is not
   * handed to the undelivered-element callback, which is for elements sent but never received.
   */
  @OnEachThreadKind
  void send_interruptedWhileParked_callbackNotCalled() throws Exception {
    List<String> undelivered = Collections.synchronizedList(new ArrayList<>());
    Channel<String> channel = Channel.create(0, BufferOverflow.WAIT, undelivered::add);
    interruptWhileParked("sender", () -> channel.send("kept by sender"));
    assertFalse(channel.trySend("timed out", Duration.ofMillis(1)));
    assertEquals(List.of(), undelivered);
  }
}

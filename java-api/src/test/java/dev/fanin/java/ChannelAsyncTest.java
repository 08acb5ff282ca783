package dev.fanin.java;

import static dev.fanin.java.ChannelThreads.awaitParkedInChannel;
import static dev.fanin.java.ChannelThreads.fork;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.testing.Forked;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Cancelling the futures of sendAsync and receiveAsync: a pending operation is withdrawn, a
 * completed one is not undone; a Fanin task's cancellation withdraws the operations it started.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class ChannelAsyncTest {

  /** Cancelling a pending receiveAsync withdraws it: a later send is not received by it. */
  @Test
  void receiveAsync_cancelledWhilePending_laterSendNotTaken() throws Exception {
    Channel<String> channel = Channel.rendezvous();
    CompletableFuture<String> received = channel.receiveAsync();
    assertTrue(received.cancel(false));
    assertTrue(received.isCancelled());
    assertFalse(channel.trySend("a"), "the cancelled receive must not be waiting any more");

    Channel<String> buffered = Channel.buffered(1);
    CompletableFuture<String> cancelled = buffered.receiveAsync();
    assertTrue(cancelled.cancel(true));
    buffered.send("b");
    assertEquals(new ReceiveResult.Received<>("b"), buffered.tryReceive());
    assertThrows(CancellationException.class, cancelled::join);
  }

  /** Of two pending receiveAsync futures, the element goes to the one that was not cancelled. */
  @Test
  void receiveAsync_oneOfTwoCancelled_otherGetsElement() throws Exception {
    Channel<String> channel = Channel.rendezvous();
    CompletableFuture<String> first = channel.receiveAsync();
    CompletableFuture<String> second = channel.receiveAsync();
    assertTrue(first.cancel(false));
    assertTrue(channel.trySend("a"));
    assertEquals("a", second.get(30, TimeUnit.SECONDS));
    assertTrue(first.isCancelled());
  }

  /** A blocked receiver, not the cancelled future before it, gets the next element. */
  @OnEachThreadKind
  void receiveAsync_cancelledBeforeBlockedReceiver_receiverGetsElement() throws Exception {
    Channel<String> channel = Channel.rendezvous();
    CompletableFuture<String> cancelled = channel.receiveAsync();
    AtomicReference<String> received = new AtomicReference<>();
    Forked receiver = fork("receiver", () -> received.set(channel.receive()));
    awaitParkedInChannel(receiver.thread());
    assertTrue(cancelled.cancel(false));
    channel.send("a");
    receiver.join();
    assertEquals("a", received.get());
  }

  /** Cancelling a receiveAsync that already has its element returns false and keeps the element. */
  @Test
  void receiveAsync_cancelAfterElementTaken_returnsFalseAndKeepsElement() throws Exception {
    Channel<String> channel = Channel.rendezvous();
    CompletableFuture<String> received = channel.receiveAsync();
    assertTrue(channel.trySend("a"));
    assertEquals("a", received.get(30, TimeUnit.SECONDS));
    assertFalse(received.cancel(true));
    assertFalse(received.isCancelled());
    assertEquals("a", received.join());
  }

  /** Cancelling a pending sendAsync withdraws it: no receiver ever gets its element. */
  @Test
  void sendAsync_cancelledWhilePending_elementNotSent() throws Exception {
    Channel<String> channel = Channel.rendezvous();
    CompletableFuture<Void> sent = channel.sendAsync("a");
    assertTrue(sent.cancel(false));
    assertTrue(sent.isCancelled());
    assertEquals(new ReceiveResult.Empty<String>(), channel.tryReceive());

    Channel<String> full = Channel.buffered(1);
    full.send("buffered");
    CompletableFuture<Void> waiting = full.sendAsync("waiting");
    assertTrue(waiting.cancel(true));
    assertEquals("buffered", full.receive());
    assertEquals(new ReceiveResult.Empty<String>(), full.tryReceive());
    assertTrue(full.trySend("next"), "the withdrawn send must not hold the free slot");
  }

  /** A blocked receiver gets the element of a sender after it, not that of a cancelled sendAsync. */
  @OnEachThreadKind
  void sendAsync_cancelled_laterReceiverGetsNextSendersElement() throws Exception {
    Channel<String> channel = Channel.rendezvous();
    CompletableFuture<Void> cancelled = channel.sendAsync("cancelled");
    CompletableFuture<Void> kept = channel.sendAsync("kept");
    assertTrue(cancelled.cancel(false));
    assertEquals("kept", channel.receive());
    assertNull(kept.get(30, TimeUnit.SECONDS));
    assertEquals(new ReceiveResult.Empty<String>(), channel.tryReceive());
  }

  /** Cancelling a sendAsync whose element was already received returns false; it completed. */
  @Test
  void sendAsync_cancelAfterReceived_returnsFalse() throws Exception {
    Channel<String> channel = Channel.rendezvous();
    CompletableFuture<Void> sent = channel.sendAsync("a");
    assertEquals("a", channel.receive());
    assertNull(sent.get(30, TimeUnit.SECONDS));
    assertFalse(sent.cancel(true));
    assertFalse(sent.isCancelled());
  }

  /** Cancelling a sendAsync that completed at once (room in the buffer) returns false. */
  @Test
  void sendAsync_cancelAfterBuffered_returnsFalseAndElementStays() throws Exception {
    Channel<String> channel = Channel.buffered(1);
    CompletableFuture<Void> sent = channel.sendAsync("a");
    assertFalse(sent.cancel(true));
    assertEquals("a", channel.receive());
  }

  /**
   * A receiveAsync future that the caller completes itself (as {@code orTimeout} does) is no longer
   * waiting: the element sent next is not taken by it, so it is not lost.
   */
  @Test
  void receiveAsync_completedByCaller_laterElementNotLost() throws Exception {
    Channel<String> channel = Channel.buffered(1);
    CompletableFuture<String> received = channel.receiveAsync();
    assertTrue(received.completeExceptionally(new TimeoutException("gave up")));
    channel.send("a");
    assertEquals(new ReceiveResult.Received<>("a"), channel.tryReceive());
  }

  /**
   * A sendAsync future that the caller completes itself (as {@code orTimeout} does) reports the
   * element as not sent, so no receiver may get it afterwards.
   */
  @Test
  void sendAsync_completedByCaller_elementNotSent() throws Exception {
    Channel<String> channel = Channel.rendezvous();
    CompletableFuture<Void> sent = channel.sendAsync("a");
    assertTrue(sent.completeExceptionally(new TimeoutException("gave up")));
    assertEquals(new ReceiveResult.Empty<String>(), channel.tryReceive());
  }

  /**
   * A sendAsync and a receiveAsync started inside a Fanin task are withdrawn when the task is
   * cancelled: their futures are cancelled and the channel is as before.
   */
  @OnEachThreadKind
  void asyncForms_insideCancelledTask_withdrawn() throws Exception {
    Channel<String> full = Channel.buffered(1);
    full.send("buffered");
    Channel<String> empty = Channel.rendezvous();
    AtomicReference<CompletableFuture<Void>> send = new AtomicReference<>();
    AtomicReference<CompletableFuture<String>> receive = new AtomicReference<>();
    CountDownLatch started = new CountDownLatch(1);
    try (TaskGroup group = TaskGroup.open()) {
      group.fork(
          () -> {
            send.set(full.sendAsync("from task"));
            receive.set(empty.receiveAsync());
            started.countDown();
            new CountDownLatch(1).await(); // until the group cancels the task
            return null;
          });
      started.await();
      assertFalse(send.get().isDone());
      assertFalse(receive.get().isDone());
    } // close() cancels the task
    assertThrows(CancellationException.class, () -> send.get().get(30, TimeUnit.SECONDS));
    assertThrows(CancellationException.class, () -> receive.get().get(30, TimeUnit.SECONDS));
    assertEquals("buffered", full.receive());
    assertEquals(new ReceiveResult.Empty<String>(), full.tryReceive());
    assertFalse(empty.trySend("a"), "the withdrawn receive must not be waiting any more");
  }
}

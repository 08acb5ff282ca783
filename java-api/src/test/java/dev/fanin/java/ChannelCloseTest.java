package dev.fanin.java;

import static dev.fanin.java.ChannelThreads.assertCloseCause;
import static dev.fanin.java.ChannelThreads.awaitParkedInChannel;
import static dev.fanin.java.ChannelThreads.closedCause;
import static dev.fanin.java.ChannelThreads.fork;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.testing.Forked;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * close(), close(cause) and cancel(): what later and waiting senders and receivers see, the
 * undelivered-element callback, and iteration and streams ending at the close.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class ChannelCloseTest {
  private static final Duration LONG = Duration.ofMinutes(10);

  // ---- close() ------------------------------------------------------------------------------

  /** The first close returns true and a second close, with or without cause, returns false. */
  @Test
  void close_twice_secondReturnsFalseAndKeepsFirst() throws Exception {
    Channel<String> channel = Channel.unbounded();
    assertTrue(channel.close());
    assertFalse(channel.close());
    assertFalse(channel.close(new IOException("late")));
    assertEquals(new ReceiveResult.Closed<String>(Optional.empty()), channel.tryReceive());
    assertNull(assertThrows(ChannelClosedException.class, channel::receive).getCause());
  }

  /** After close(), every form of send fails with ChannelClosedException without a cause. */
  @Test
  void sends_afterClose_throwChannelClosedException() {
    Channel<String> channel = Channel.unbounded();
    channel.close();
    assertTrue(channel.isClosedForSend());
    assertNull(assertThrows(ChannelClosedException.class, () -> channel.send("a")).getCause());
    assertNull(assertThrows(ChannelClosedException.class, () -> channel.trySend("a")).getCause());
    assertNull(
        assertThrows(ChannelClosedException.class, () -> channel.trySend("a", Duration.ZERO))
            .getCause());
    assertNull(
        assertThrows(ChannelClosedException.class, () -> channel.trySend("a", LONG)).getCause());
    ExecutionException failed =
        assertThrows(ExecutionException.class, () -> channel.sendAsync("a").get());
    assertNull(assertInstanceOf(ChannelClosedException.class, failed.getCause()).getCause());
    assertEquals(new ReceiveResult.Closed<String>(Optional.empty()), channel.tryReceive());
  }

  /** After close(), receivers get every buffered element in order, in any form, then the end. */
  @Test
  void receives_afterClose_drainBufferThenSeeEnd() throws Exception {
    Channel<Integer> channel = Channel.buffered(8);
    for (int i = 1; i <= 5; i++) {
      channel.send(i);
    }
    channel.close();
    assertTrue(channel.isClosedForSend());
    assertFalse(channel.isClosedForReceive(), "elements are still buffered");
    assertEquals(1, channel.receive());
    assertEquals(new ReceiveResult.Received<>(2), channel.receiveCatching());
    assertEquals(new ReceiveResult.Received<>(3), channel.tryReceive());
    assertEquals(new ReceiveResult.Received<>(4), channel.tryReceive(LONG));
    assertEquals(5, channel.receiveAsync().get());
    assertTrue(channel.isClosedForReceive());

    assertNull(assertThrows(ChannelClosedException.class, channel::receive).getCause());
    assertEquals(new ReceiveResult.Closed<Integer>(Optional.empty()), channel.receiveCatching());
    assertEquals(new ReceiveResult.Closed<Integer>(Optional.empty()), channel.tryReceive());
    assertEquals(
        new ReceiveResult.Closed<Integer>(Optional.empty()), channel.tryReceive(Duration.ZERO));
    assertEquals(new ReceiveResult.Closed<Integer>(Optional.empty()), channel.tryReceive(LONG));
    ExecutionException failed =
        assertThrows(ExecutionException.class, () -> channel.receiveAsync().get());
    assertNull(assertInstanceOf(ChannelClosedException.class, failed.getCause()).getCause());
  }

  /** A receiver waiting when the channel is closed sees the end, in each blocking form. */
  @OnEachThreadKind
  void blockedReceivers_close_seeEnd() throws Exception {
    Channel<String> channel = Channel.rendezvous();
    Forked receive =
        fork(
            "receive",
            () ->
                assertNull(
                    assertThrows(ChannelClosedException.class, channel::receive).getCause()));
    awaitParkedInChannel(receive.thread());
    Forked receiveCatching =
        fork(
            "receiveCatching",
            () ->
                assertEquals(
                    new ReceiveResult.Closed<String>(Optional.empty()),
                    channel.receiveCatching()));
    awaitParkedInChannel(receiveCatching.thread());
    Forked timed =
        fork(
            "tryReceive(timeout)",
            () ->
                assertEquals(
                    new ReceiveResult.Closed<String>(Optional.empty()), channel.tryReceive(LONG)));
    awaitParkedInChannel(timed.thread());
    CompletableFuture<String> async = channel.receiveAsync();
    assertFalse(async.isDone());

    assertTrue(channel.close());
    receive.join();
    receiveCatching.join();
    timed.join();
    ExecutionException failed =
        assertThrows(ExecutionException.class, () -> async.get(30, TimeUnit.SECONDS));
    assertNull(assertInstanceOf(ChannelClosedException.class, failed.getCause()).getCause());
  }

  /**
   * close() does not fail senders that were already waiting: their elements count as sent before
   * the close and are received after the buffered ones (kotlinx's rule, adr/0008).
   */
  @OnEachThreadKind
  void blockedSender_close_elementStillDelivered() throws Exception {
    Channel<String> channel = Channel.buffered(1);
    channel.send("buffered");
    Forked sender = fork("sender", () -> channel.send("waiting"));
    awaitParkedInChannel(sender.thread());
    channel.close();
    assertThrows(ChannelClosedException.class, () -> channel.send("late"));
    assertEquals("buffered", channel.receive());
    assertEquals("waiting", channel.receive());
    sender.join();
    assertEquals(new ReceiveResult.Closed<String>(Optional.empty()), channel.receiveCatching());
  }

  // ---- close(cause) -------------------------------------------------------------------------

  /**
   * close(cause) hands receivers the buffered elements first, then ChannelClosedException (or
   * Closed) with that cause.
   */
  @Test
  void receives_afterCloseWithCause_drainBufferThenSeeCause() throws Exception {
    IOException cause = new IOException("producer failed");
    Channel<Integer> channel = Channel.buffered(4);
    channel.send(1);
    channel.send(2);
    assertTrue(channel.close(cause));
    assertEquals(1, channel.receive());
    assertEquals(2, channel.tryReceive().element());
    ChannelClosedException thrown = assertThrows(ChannelClosedException.class, channel::receive);
    assertSame(cause, thrown.getCause());
    assertEquals(new ReceiveResult.Closed<Integer>(Optional.of(cause)), channel.tryReceive());
    assertEquals(new ReceiveResult.Closed<Integer>(Optional.of(cause)), channel.receiveCatching());
    assertEquals(new ReceiveResult.Closed<Integer>(Optional.of(cause)), channel.tryReceive(LONG));
    ExecutionException failed =
        assertThrows(ExecutionException.class, () -> channel.receiveAsync().get());
    assertSame(
        cause, assertInstanceOf(ChannelClosedException.class, failed.getCause()).getCause());
  }

  /** After close(cause), sends fail with ChannelClosedException carrying the cause. */
  @Test
  void sends_afterCloseWithCause_throwWithCause() {
    IOException cause = new IOException("producer failed");
    Channel<String> channel = Channel.unbounded();
    channel.close(cause);
    assertSame(
        cause, assertThrows(ChannelClosedException.class, () -> channel.send("a")).getCause());
    assertSame(
        cause, assertThrows(ChannelClosedException.class, () -> channel.trySend("a")).getCause());
    assertSame(
        cause,
        assertThrows(ChannelClosedException.class, () -> channel.trySend("a", LONG)).getCause());
    ExecutionException failed =
        assertThrows(ExecutionException.class, () -> channel.sendAsync("a").get());
    assertSame(
        cause, assertInstanceOf(ChannelClosedException.class, failed.getCause()).getCause());
  }

  /** Receivers waiting when the channel is closed with a cause see the cause, in every form. */
  @OnEachThreadKind
  void blockedReceivers_closeWithCause_seeCause() throws Exception {
    IOException cause = new IOException("producer failed");
    Channel<String> channel = Channel.rendezvous();
    Forked receive =
        fork(
            "receive",
            () ->
                assertCloseCause(
                    cause, assertThrows(ChannelClosedException.class, channel::receive).getCause()));
    awaitParkedInChannel(receive.thread());
    Forked receiveCatching =
        fork(
            "receiveCatching",
            () -> {
              ReceiveResult<String> result = channel.receiveCatching();
              assertCloseCause(cause, closedCause(result));
            });
    awaitParkedInChannel(receiveCatching.thread());
    CompletableFuture<String> async = channel.receiveAsync();

    channel.close(cause);
    receive.join();
    receiveCatching.join();
    ExecutionException failed =
        assertThrows(ExecutionException.class, () -> async.get(30, TimeUnit.SECONDS));
    assertCloseCause(
        cause, assertInstanceOf(ChannelClosedException.class, failed.getCause()).getCause());
  }

  /**
   * A receiver waiting when the channel is closed with a cause gets that very cause, as receivers
   * arriving later do, also with assertions (and so kotlinx's stack-trace recovery) enabled.
   */
  @OnEachThreadKind
  void blockedReceive_closeWithCause_causeIsSameInstance() throws Exception {
    IOException cause = new IOException("producer failed");
    Channel<String> channel = Channel.rendezvous();
    Forked receive =
        fork(
            "receive",
            () ->
                assertSame(
                    cause, assertThrows(ChannelClosedException.class, channel::receive).getCause()));
    awaitParkedInChannel(receive.thread());
    CompletableFuture<String> async = channel.receiveAsync();
    channel.close(cause);
    receive.join();
    ExecutionException failed =
        assertThrows(ExecutionException.class, () -> async.get(30, TimeUnit.SECONDS));
    assertSame(cause, failed.getCause().getCause());
  }

  // ---- cancel() -----------------------------------------------------------------------------

  /**
   * cancel() discards the buffered elements into the callback, on the cancelling thread, and
   * senders and receivers then get ChannelClosedException with a CancellationException cause.
   */
  @Test
  void cancel_bufferedElements_discardedToCallbackAndChannelEnds() throws Exception {
    List<Integer> undelivered = Collections.synchronizedList(new ArrayList<>());
    List<Thread> undeliveredOn = Collections.synchronizedList(new ArrayList<>());
    Channel<Integer> channel =
        Channel.create(
            4,
            BufferOverflow.WAIT,
            e -> {
              undelivered.add(e);
              undeliveredOn.add(Thread.currentThread());
            });
    channel.send(1);
    channel.send(2);
    channel.send(3);
    channel.cancel();
    assertEquals(Set.of(1, 2, 3), new HashSet<>(undelivered));
    assertEquals(3, undelivered.size());
    assertEquals(Collections.nCopies(3, Thread.currentThread()), undeliveredOn);
    assertTrue(channel.isClosedForSend());
    assertTrue(channel.isClosedForReceive());

    assertInstanceOf(
        CancellationException.class,
        assertThrows(ChannelClosedException.class, channel::receive).getCause());
    assertInstanceOf(CancellationException.class, closedCause(channel.tryReceive()));
    assertInstanceOf(
        CancellationException.class,
        assertThrows(ChannelClosedException.class, () -> channel.send(4)).getCause());
    assertInstanceOf(
        CancellationException.class,
        assertThrows(ChannelClosedException.class, () -> channel.trySend(4)).getCause());
    ExecutionException failed =
        assertThrows(ExecutionException.class, () -> channel.receiveAsync().get());
    assertInstanceOf(
        CancellationException.class,
        assertInstanceOf(ChannelClosedException.class, failed.getCause()).getCause());
    channel.cancel();
    assertFalse(channel.close(), "a cancelled channel is closed");
  }

  /**
   * cancel() wakes waiting senders and receivers with ChannelClosedException caused by a
   * CancellationException; the waiting senders keep their elements (their sends failed), so only
   * the buffered element goes to the callback.
   */
  @OnEachThreadKind
  void blockedSendersAndReceivers_cancel_throwWithCancellationCause() throws Exception {
    List<String> undelivered = Collections.synchronizedList(new ArrayList<>());
    Channel<String> full = Channel.create(1, BufferOverflow.WAIT, undelivered::add);
    full.send("buffered");
    Forked sender =
        fork(
            "sender",
            () ->
                assertInstanceOf(
                    CancellationException.class,
                    assertThrows(ChannelClosedException.class, () -> full.send("waiting"))
                        .getCause()));
    awaitParkedInChannel(sender.thread());
    CompletableFuture<Void> asyncSend = full.sendAsync("async");
    assertFalse(asyncSend.isDone());

    Channel<String> empty = Channel.rendezvous();
    Forked receiver =
        fork(
            "receiver",
            () ->
                assertInstanceOf(
                    CancellationException.class,
                    assertThrows(ChannelClosedException.class, empty::receive).getCause()));
    awaitParkedInChannel(receiver.thread());
    CompletableFuture<String> asyncReceive = empty.receiveAsync();

    full.cancel();
    empty.cancel();
    sender.join();
    receiver.join();
    for (CompletableFuture<?> future : List.of(asyncSend, asyncReceive)) {
      ExecutionException failed =
          assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS));
      assertInstanceOf(
          CancellationException.class,
          assertInstanceOf(ChannelClosedException.class, failed.getCause()).getCause());
    }
    assertEquals(List.of("buffered"), undelivered);
  }

  /** A close() after the buffer was drained discards nothing: the callback is not called. */
  @Test
  void close_afterDrain_callbackNotCalled() throws Exception {
    List<String> undelivered = Collections.synchronizedList(new ArrayList<>());
    Channel<String> channel = Channel.create(2, BufferOverflow.WAIT, undelivered::add);
    channel.send("a");
    channel.close();
    assertEquals("a", channel.receive());
    channel.cancel();
    assertEquals(List.of(), undelivered);
  }

  /**
   * A send that fails because the channel is closed leaves its element with the sender: the
   * callback is not called (adr/0008).
   */
  @Test
  void send_closedChannel_elementStaysWithSender() throws Exception {
    List<String> undelivered = Collections.synchronizedList(new ArrayList<>());
    Channel<String> channel = Channel.create(2, BufferOverflow.WAIT, undelivered::add);
    channel.close();
    assertThrows(ChannelClosedException.class, () -> channel.send("send"));
    assertThrows(ExecutionException.class, () -> channel.sendAsync("sendAsync").get());
    assertThrows(ChannelClosedException.class, () -> channel.trySend("trySend"));
    assertEquals(List.of(), undelivered);
  }

  // ---- Iteration and streams ----------------------------------------------------------------

  /** A for-each loop gets every element and ends when the channel is closed and drained. */
  @OnEachThreadKind
  void iterator_closedAfterElements_endsAfterLast() throws Exception {
    Channel<Integer> channel = Channel.buffered(2);
    Forked producer =
        fork(
            "producer",
            () -> {
              for (int i = 0; i < 50; i++) {
                channel.send(i);
              }
              channel.close();
            });
    List<Integer> received = new ArrayList<>();
    for (Integer element : channel) {
      received.add(element);
    }
    producer.join();
    assertEquals(Stream.iterate(0, i -> i + 1).limit(50).collect(Collectors.toList()), received);
  }

  /** A hasNext waiting when the channel is closed returns false, and next() then throws. */
  @OnEachThreadKind
  void iterator_blockedHasNextThenClose_returnsFalse() throws Exception {
    Channel<String> channel = Channel.rendezvous();
    Iterator<String> iterator = channel.iterator();
    AtomicReference<Boolean> hasNext = new AtomicReference<>();
    Forked consumer = fork("consumer", () -> hasNext.set(iterator.hasNext()));
    awaitParkedInChannel(consumer.thread());
    channel.close();
    consumer.join();
    assertFalse(hasNext.get());
    assertFalse(iterator.hasNext());
    assertThrows(NoSuchElementException.class, iterator::next);
  }

  /** After close(cause) and the last element, hasNext throws ChannelClosedException with the cause. */
  @Test
  void iterator_closedWithCause_throwsAfterLastElement() throws Exception {
    IOException cause = new IOException("producer failed");
    Channel<String> channel = Channel.buffered(2);
    channel.send("a");
    channel.close(cause);
    Iterator<String> iterator = channel.iterator();
    assertTrue(iterator.hasNext());
    assertEquals("a", iterator.next());
    assertSame(cause, assertThrows(ChannelClosedException.class, iterator::hasNext).getCause());
  }

  /** A cancelled channel ends iteration with ChannelClosedException caused by CancellationException. */
  @Test
  void iterator_cancelled_throwsWithCancellationCause() {
    Channel<String> channel = Channel.buffered(2);
    channel.trySend("discarded");
    channel.cancel();
    assertInstanceOf(
        CancellationException.class,
        assertThrows(ChannelClosedException.class, () -> channel.iterator().hasNext()).getCause());
  }

  /** Several iterators on several threads share the elements: each is received exactly once. */
  @OnEachThreadKind
  void iterators_severalConsumers_eachElementExactlyOnce() throws Exception {
    Channel<Integer> channel = Channel.buffered(4);
    int count = 600;
    ConcurrentLinkedQueue<Integer> received = new ConcurrentLinkedQueue<>();
    List<Forked> consumers = new ArrayList<>();
    List<List<Integer>> perConsumer = new ArrayList<>();
    for (int c = 0; c < 3; c++) {
      List<Integer> mine = new ArrayList<>();
      perConsumer.add(mine);
      consumers.add(
          fork(
              "consumer-" + c,
              () -> {
                for (Integer element : channel) {
                  mine.add(element);
                  received.add(element);
                }
              }));
    }
    for (int i = 0; i < count; i++) {
      channel.send(i);
    }
    channel.close();
    for (Forked consumer : consumers) {
      consumer.join();
    }
    List<Integer> all = new ArrayList<>(received);
    Collections.sort(all);
    assertEquals(Stream.iterate(0, i -> i + 1).limit(count).collect(Collectors.toList()), all);
    for (List<Integer> mine : perConsumer) {
      List<Integer> sorted = new ArrayList<>(mine);
      Collections.sort(sorted);
      assertEquals(sorted, mine, "each consumer sees the elements in channel order");
    }
  }

  /** stream() yields the elements in order and ends at the close. */
  @Test
  void stream_closedChannel_yieldsElementsThenEnds() throws Exception {
    Channel<Integer> channel = Channel.unbounded();
    for (int i = 1; i <= 5; i++) {
      channel.send(i);
    }
    channel.close();
    assertEquals(List.of(1, 2, 3, 4, 5), channel.stream().collect(Collectors.toList()));
  }

  /** Closing a stream does not close the channel; the elements it did not take stay. */
  @Test
  void stream_closedEarly_channelStaysOpen() throws Exception {
    Channel<Integer> channel = Channel.unbounded();
    for (int i = 1; i <= 5; i++) {
      channel.send(i);
    }
    try (Stream<Integer> stream = channel.stream()) {
      assertEquals(List.of(1, 2), stream.limit(2).collect(Collectors.toList()));
    }
    assertFalse(channel.isClosedForSend());
    assertEquals(3, channel.receive());
    assertTrue(channel.trySend(6));
  }

  /** A stream consumed on another thread ends when the producer closes the channel. */
  @OnEachThreadKind
  void stream_producerCloses_sumsEverything() throws Exception {
    Channel<Integer> channel = Channel.rendezvous();
    AtomicReference<Integer> sum = new AtomicReference<>();
    Forked consumer =
        fork("consumer", () -> sum.set(channel.stream().mapToInt(Integer::intValue).sum()));
    for (int i = 1; i <= 100; i++) {
      channel.send(i);
    }
    channel.close();
    consumer.join();
    assertEquals(5050, sum.get());
  }
}

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

import dev.fanin.testing.Forked;
import dev.fanin.testing.Forks;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import kotlin.Unit;
import kotlinx.coroutines.channels.ChannelKt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Channel kinds and the send and receive operations in their blocking, non-blocking, timed and
 * future forms, on open channels; argument checks; views of kotlinx channels.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class ChannelTest {
  /** A wait that never ends in a passing test: it only guards against hangs. */
  private static final Duration LONG = Duration.ofMinutes(10);

  /** How long a timed operation waits when the test wants it to time out. */
  private static final Duration SHORT = Duration.ofMillis(20);

  // ---- Rendezvous ---------------------------------------------------------------------------

  /** With no receiver waiting, trySend on a rendezvous channel returns false and keeps nothing. */
  @Test
  void trySend_rendezvousWithoutReceiver_returnsFalse() {
    Channel<String> channel = Channel.rendezvous();
    assertFalse(channel.trySend("a"));
    assertEquals(new ReceiveResult.Empty<String>(), channel.tryReceive());
  }

  /** A send on a rendezvous channel waits until a receiver takes the element. */
  @OnEachThreadKind
  void send_rendezvous_waitsForReceiver() throws Exception {
    Channel<String> channel = Channel.rendezvous();
    Forked sender = fork("sender", () -> channel.send("a"));
    awaitParkedInChannel(sender.thread());
    assertTrue(sender.thread().isAlive());
    assertEquals("a", channel.receive());
    sender.join();
  }

  /** A receive waits until a sender offers an element. */
  @OnEachThreadKind
  void receive_rendezvous_waitsForSender() throws Exception {
    Channel<String> channel = Channel.rendezvous();
    AtomicReference<String> received = new AtomicReference<>();
    Forked receiver = fork("receiver", () -> received.set(channel.receive()));
    awaitParkedInChannel(receiver.thread());
    channel.send("a");
    receiver.join();
    assertEquals("a", received.get());
  }

  /** trySend hands the element to a receiver already waiting on a rendezvous channel. */
  @OnEachThreadKind
  void trySend_rendezvousWithWaitingReceiver_handsElementOver() throws Exception {
    Channel<String> channel = Channel.rendezvous();
    AtomicReference<String> received = new AtomicReference<>();
    Forked receiver = fork("receiver", () -> received.set(channel.receive()));
    awaitParkedInChannel(receiver.thread());
    assertTrue(channel.trySend("a"));
    receiver.join();
    assertEquals("a", received.get());
  }

  /** tryReceive takes the element of a sender waiting on a rendezvous channel and frees it. */
  @OnEachThreadKind
  void tryReceive_rendezvousWithWaitingSender_takesItsElement() throws Exception {
    Channel<String> channel = Channel.rendezvous();
    Forked sender = fork("sender", () -> channel.send("a"));
    awaitParkedInChannel(sender.thread());
    assertEquals(new ReceiveResult.Received<>("a"), channel.tryReceive());
    sender.join();
  }

  /** Several senders waiting on a rendezvous channel each hand over their element exactly once. */
  @OnEachThreadKind
  void receive_severalWaitingSenders_eachElementOnce() throws Exception {
    Channel<Integer> channel = Channel.rendezvous();
    List<Forked> senders = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int element = i;
      Forked sender = fork("sender-" + i, () -> channel.send(element));
      awaitParkedInChannel(sender.thread());
      senders.add(sender);
    }
    List<Integer> received = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      received.add(channel.receive());
    }
    for (Forked sender : senders) {
      sender.join();
    }
    Collections.sort(received);
    assertEquals(List.of(0, 1, 2), received);
    assertEquals(new ReceiveResult.Empty<Integer>(), channel.tryReceive());
  }

  /**
   * Blocked virtual threads release their carriers: more virtual senders than carriers can all be
   * parked on a rendezvous channel at once, and virtual receivers started after them still run.
   */
  @Test
  void send_manyParkedVirtualSenders_carriersReleased() throws Exception {
    Channel<Integer> channel = Channel.rendezvous();
    int count = 4 * Math.max(2, Runtime.getRuntime().availableProcessors());
    List<Forked> threads = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int element = i;
      Forked sender = Forks.startVirtual("sender-" + i, () -> channel.send(element));
      awaitParkedInChannel(sender.thread());
      threads.add(sender);
    }
    List<Integer> received = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < count; i++) {
      threads.add(Forks.startVirtual("receiver-" + i, () -> received.add(channel.receive())));
    }
    for (Forked thread : threads) {
      thread.join();
    }
    List<Integer> sorted = new ArrayList<>(received);
    Collections.sort(sorted);
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      expected.add(i);
    }
    assertEquals(expected, sorted);
  }

  // ---- Buffered -----------------------------------------------------------------------------

  /** A buffered channel keeps up to its capacity without waiting and hands elements out in order. */
  @Test
  void trySend_bufferedUpToCapacity_acceptsThenRefusesAndKeepsOrder() throws Exception {
    Channel<Integer> channel = Channel.buffered(3);
    assertTrue(channel.trySend(1));
    channel.send(2);
    assertTrue(channel.trySend(3, Duration.ZERO));
    assertFalse(channel.trySend(4), "the buffer is full");
    assertEquals(1, channel.receive());
    assertEquals(2, channel.tryReceive().element());
    assertEquals(3, channel.tryReceive(Duration.ZERO).element());
    assertEquals(new ReceiveResult.Empty<Integer>(), channel.tryReceive());
  }

  /** A send on a full buffered channel waits until a receive makes room, then its element follows. */
  @OnEachThreadKind
  void send_bufferFull_waitsForRoom() throws Exception {
    Channel<Integer> channel = Channel.buffered(1);
    channel.send(1);
    Forked sender = fork("sender", () -> channel.send(2));
    awaitParkedInChannel(sender.thread());
    assertEquals(1, channel.receive());
    sender.join();
    assertEquals(2, channel.receive());
  }

  /** buffered(0) is a rendezvous channel: trySend without a receiver fails. */
  @Test
  void buffered_zeroCapacity_isRendezvous() {
    Channel<String> channel = Channel.buffered(0);
    assertFalse(channel.trySend("a"));
    assertFalse(Channel.<String>buffered(0, BufferOverflow.WAIT).trySend("a"));
  }

  // ---- Unbounded ----------------------------------------------------------------------------

  /** Sends on an unbounded channel never wait, whatever the form; the elements come out in order. */
  @Test
  void send_unbounded_neverWaits() throws Exception {
    Channel<Integer> channel = Channel.unbounded();
    for (int i = 0; i < 1000; i++) {
      switch (i % 4) {
        case 0 -> channel.send(i);
        case 1 -> assertTrue(channel.trySend(i));
        case 2 -> assertTrue(channel.trySend(i, Duration.ZERO));
        default -> assertTrue(channel.sendAsync(i).isDone());
      }
    }
    for (int i = 0; i < 1000; i++) {
      assertEquals(i, channel.receive());
    }
    assertEquals(new ReceiveResult.Empty<Integer>(), channel.tryReceive());
  }

  /** create with UNBOUNDED is an unbounded channel. */
  @Test
  void create_unboundedCapacity_neverRefuses() {
    Channel<Integer> channel = Channel.create(Channel.UNBOUNDED, BufferOverflow.WAIT, null);
    for (int i = 0; i < 100; i++) {
      assertTrue(channel.trySend(i));
    }
  }

  // ---- Conflated and dropping ---------------------------------------------------------------

  /** A conflated channel accepts every send at once and keeps only the latest element. */
  @Test
  void send_conflated_keepsLatest() throws Exception {
    Channel<Integer> channel = Channel.conflated();
    channel.send(1);
    assertTrue(channel.trySend(2));
    assertTrue(channel.trySend(3, SHORT));
    assertTrue(channel.sendAsync(4).isDone());
    assertEquals(4, channel.receive());
    assertEquals(new ReceiveResult.Empty<Integer>(), channel.tryReceive());
  }

  /** A receiver waiting on a conflated channel gets the first element sent. */
  @OnEachThreadKind
  void receive_conflatedWaiting_getsFirstElement() throws Exception {
    Channel<Integer> channel = Channel.conflated();
    AtomicReference<Integer> received = new AtomicReference<>();
    Forked receiver = fork("receiver", () -> received.set(channel.receive()));
    awaitParkedInChannel(receiver.thread());
    channel.send(1);
    receiver.join();
    assertEquals(1, received.get());
  }

  /**
   * DROP_OLDEST: a send to a full buffer succeeds at once and the oldest element goes to the
   * callback, on the sending thread.
   */
  @Test
  void send_dropOldestFull_dropsOldestToCallback() throws Exception {
    List<Integer> dropped = Collections.synchronizedList(new ArrayList<>());
    List<Thread> droppedOn = Collections.synchronizedList(new ArrayList<>());
    Channel<Integer> channel =
        Channel.create(
            2,
            BufferOverflow.DROP_OLDEST,
            e -> {
              dropped.add(e);
              droppedOn.add(Thread.currentThread());
            });
    channel.send(1);
    channel.send(2);
    channel.send(3);
    assertTrue(channel.trySend(4));
    assertTrue(channel.trySend(5, LONG));
    assertTrue(channel.sendAsync(6).isDone());
    assertEquals(List.of(1, 2, 3, 4), dropped);
    assertEquals(Collections.nCopies(4, Thread.currentThread()), droppedOn);
    assertEquals(5, channel.receive());
    assertEquals(6, channel.receive());
    assertEquals(new ReceiveResult.Empty<Integer>(), channel.tryReceive());
  }

  /** DROP_LATEST: a send to a full buffer succeeds at once and the buffer keeps the first elements. */
  @Test
  void send_dropLatestFull_keepsFirstElements() throws Exception {
    Channel<Integer> channel = Channel.buffered(2, BufferOverflow.DROP_LATEST);
    channel.send(1);
    channel.send(2);
    channel.send(3);
    assertTrue(channel.trySend(4));
    assertTrue(channel.trySend(5, LONG));
    assertTrue(channel.sendAsync(6).isDone());
    assertEquals(1, channel.receive());
    assertEquals(2, channel.receive());
    assertEquals(new ReceiveResult.Empty<Integer>(), channel.tryReceive());
  }

  /** DROP_LATEST: the elements a full buffer drops go to the callback, on the sending thread. */
  @Test
  void send_dropLatestFull_dropsNewToCallback() throws Exception {
    List<Integer> dropped = Collections.synchronizedList(new ArrayList<>());
    List<Thread> droppedOn = Collections.synchronizedList(new ArrayList<>());
    Channel<Integer> channel =
        Channel.create(
            1,
            BufferOverflow.DROP_LATEST,
            e -> {
              dropped.add(e);
              droppedOn.add(Thread.currentThread());
            });
    channel.send(1);
    channel.send(2);
    assertTrue(channel.trySend(3));
    assertTrue(channel.trySend(4, LONG));
    assertTrue(channel.sendAsync(5).isDone());
    assertEquals(List.of(2, 3, 4, 5), dropped);
    assertEquals(Collections.nCopies(4, Thread.currentThread()), droppedOn);
    assertEquals(1, channel.receive());
  }

  // ---- Timed forms on open channels ---------------------------------------------------------

  /** A timed send that finds no room before its deadline returns false and leaves nothing behind. */
  @OnEachThreadKind
  void trySendTimed_noRoomUntilDeadline_returnsFalseAndLeavesNothing() throws Exception {
    Channel<String> channel = Channel.rendezvous();
    assertFalse(channel.trySend("a", SHORT));
    assertEquals(new ReceiveResult.Empty<String>(), channel.tryReceive());

    Channel<String> full = Channel.buffered(1);
    full.send("first");
    assertFalse(full.trySend("second", SHORT));
    assertEquals("first", full.receive());
    assertEquals(new ReceiveResult.Empty<String>(), full.tryReceive());
  }

  /** A timed receive that finds nothing before its deadline returns Empty and takes nothing later. */
  @OnEachThreadKind
  void tryReceiveTimed_nothingUntilDeadline_returnsEmptyAndLeavesNoReceiver() throws Exception {
    Channel<String> channel = Channel.rendezvous();
    assertEquals(new ReceiveResult.Empty<String>(), channel.tryReceive(SHORT));
    assertFalse(channel.trySend("a"), "no receiver may be left waiting");
  }

  /** A timed send waiting for room succeeds when a receiver arrives before the deadline. */
  @OnEachThreadKind
  void trySendTimed_receiverArrives_returnsTrue() throws Exception {
    Channel<String> channel = Channel.rendezvous();
    AtomicReference<Boolean> sent = new AtomicReference<>();
    Forked sender = fork("sender", () -> sent.set(channel.trySend("a", LONG)));
    awaitParkedInChannel(sender.thread());
    assertEquals("a", channel.receive());
    sender.join();
    assertTrue(sent.get());
  }

  /** A timed receive waiting for an element gets it when a sender arrives before the deadline. */
  @OnEachThreadKind
  void tryReceiveTimed_senderArrives_returnsElement() throws Exception {
    Channel<String> channel = Channel.rendezvous();
    AtomicReference<ReceiveResult<String>> received = new AtomicReference<>();
    Forked receiver = fork("receiver", () -> received.set(channel.tryReceive(LONG)));
    awaitParkedInChannel(receiver.thread());
    channel.send("a");
    receiver.join();
    assertEquals(new ReceiveResult.Received<>("a"), received.get());
  }

  /** A timeout too large for nanoseconds is taken as a very long wait, not as an error. */
  @OnEachThreadKind
  void timedForms_hugeTimeout_waitAsLongAsNeeded() throws Exception {
    Duration huge = Duration.ofSeconds(Long.MAX_VALUE);
    Channel<String> channel = Channel.rendezvous();
    AtomicReference<ReceiveResult<String>> received = new AtomicReference<>();
    Forked receiver = fork("receiver", () -> received.set(channel.tryReceive(huge)));
    awaitParkedInChannel(receiver.thread());
    assertTrue(channel.trySend("a", huge));
    receiver.join();
    assertEquals("a", received.get().element());
  }

  /** A zero timeout is the non-blocking form: it answers at once. */
  @Test
  void timedForms_zeroTimeout_answerAtOnce() throws Exception {
    Channel<String> channel = Channel.rendezvous();
    assertFalse(channel.trySend("a", Duration.ZERO));
    assertEquals(new ReceiveResult.Empty<String>(), channel.tryReceive(Duration.ZERO));
  }

  // ---- Future forms on open channels --------------------------------------------------------

  /** sendAsync with room completes at once; receiveAsync with an element ready completes with it. */
  @Test
  void asyncForms_readyAtOnce_completedFutures() throws Exception {
    Channel<String> channel = Channel.buffered(1);
    CompletableFuture<Void> sent = channel.sendAsync("a");
    assertTrue(sent.isDone());
    assertNull(sent.join());
    CompletableFuture<String> received = channel.receiveAsync();
    assertTrue(received.isDone());
    assertEquals("a", received.join());
  }

  /** A pending sendAsync completes when a receiver takes its element. */
  @Test
  void sendAsync_rendezvous_completesWhenReceived() throws Exception {
    Channel<String> channel = Channel.rendezvous();
    CompletableFuture<Void> sent = channel.sendAsync("a");
    assertFalse(sent.isDone());
    assertEquals("a", channel.receive());
    assertNull(sent.get(30, TimeUnit.SECONDS));
  }

  /** A pending receiveAsync completes with the element a later send offers. */
  @Test
  void receiveAsync_rendezvous_completesWhenSent() throws Exception {
    Channel<String> channel = Channel.rendezvous();
    CompletableFuture<String> received = channel.receiveAsync();
    assertFalse(received.isDone());
    assertTrue(channel.trySend("a"), "the pending receiveAsync is a waiting receiver");
    assertEquals("a", received.get(30, TimeUnit.SECONDS));
  }

  /** Pending sendAsync and receiveAsync futures on the same channel meet each other. */
  @Test
  void asyncForms_bothPending_meet() throws Exception {
    Channel<Integer> channel = Channel.rendezvous();
    List<CompletableFuture<Integer>> receives = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      receives.add(channel.receiveAsync());
    }
    List<CompletableFuture<Void>> sends = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      sends.add(channel.sendAsync(i));
    }
    List<Integer> received = new ArrayList<>();
    for (CompletableFuture<Integer> receive : receives) {
      received.add(receive.get(30, TimeUnit.SECONDS));
    }
    for (CompletableFuture<Void> send : sends) {
      send.get(30, TimeUnit.SECONDS);
    }
    Collections.sort(received);
    assertEquals(List.of(0, 1, 2), received);
  }

  /** A blocked receiver is woken by an element sent with sendAsync. */
  @OnEachThreadKind
  void sendAsync_waitingReceiver_receivesElement() throws Exception {
    Channel<String> channel = Channel.rendezvous();
    AtomicReference<String> received = new AtomicReference<>();
    Forked receiver = fork("receiver", () -> received.set(channel.receive()));
    awaitParkedInChannel(receiver.thread());
    assertTrue(channel.sendAsync("a").isDone());
    receiver.join();
    assertEquals("a", received.get());
  }

  // ---- receiveCatching ----------------------------------------------------------------------

  /** receiveCatching returns Received with the element, waiting for it if needed. */
  @OnEachThreadKind
  void receiveCatching_element_returnsReceived() throws Exception {
    Channel<String> channel = Channel.buffered(1);
    channel.send("a");
    ReceiveResult<String> first = channel.receiveCatching();
    assertTrue(first.isReceived());
    assertEquals("a", first.element());

    AtomicReference<ReceiveResult<String>> second = new AtomicReference<>();
    Forked receiver = fork("receiver", () -> second.set(channel.receiveCatching()));
    awaitParkedInChannel(receiver.thread());
    channel.send("b");
    receiver.join();
    assertEquals(new ReceiveResult.Received<>("b"), second.get());
  }

  // ---- Iterator and stream on open channels -------------------------------------------------

  /** hasNext waits for the next element and keeps it for next(); repeated hasNext takes no more. */
  @OnEachThreadKind
  void iterator_hasNext_waitsAndKeepsElement() throws Exception {
    Channel<String> channel = Channel.buffered(2);
    var iterator = channel.iterator();
    AtomicReference<Boolean> hasNext = new AtomicReference<>();
    Forked consumer = fork("consumer", () -> hasNext.set(iterator.hasNext()));
    awaitParkedInChannel(consumer.thread());
    channel.send("a");
    consumer.join();
    assertTrue(hasNext.get());
    channel.send("b");
    assertTrue(iterator.hasNext());
    assertTrue(iterator.hasNext());
    assertEquals("a", iterator.next());
    assertEquals(new ReceiveResult.Received<>("b"), channel.tryReceive());
  }

  /** next() without hasNext() takes the next element. */
  @Test
  void iterator_nextWithoutHasNext_takesElement() throws Exception {
    Channel<String> channel = Channel.unbounded();
    channel.send("a");
    channel.send("b");
    var iterator = channel.iterator();
    assertEquals("a", iterator.next());
    assertEquals("b", iterator.next());
  }

  // ---- Views of kotlinx channels ------------------------------------------------------------

  /** asKotlinChannel is the channel itself, and wrap of it acts on the same elements. */
  @Test
  void asKotlinChannel_wrappedAgain_sameElements() throws Exception {
    Channel<String> channel = Channel.buffered(4);
    kotlinx.coroutines.channels.Channel<String> kotlin = channel.asKotlinChannel();
    assertSame(kotlin, channel.asKotlinChannel());
    Channel<String> view = Channel.wrap(kotlin);
    assertSame(kotlin, view.asKotlinChannel());
    channel.send("a");
    view.send("b");
    assertEquals("a", view.receive());
    assertEquals("b", channel.receive());
  }

  /**
   * A wrapped kotlinx channel keeps its capacity, overflow policy and callback, and a close on the
   * kotlinx side ends the Java view.
   */
  @Test
  void wrap_kotlinxChannel_sharesElementsPolicyAndClose() throws Exception {
    List<String> dropped = new ArrayList<>();
    kotlinx.coroutines.channels.Channel<String> kotlin =
        ChannelKt.Channel(
            1,
            kotlinx.coroutines.channels.BufferOverflow.DROP_OLDEST,
            e -> {
              dropped.add(e);
              return Unit.INSTANCE;
            });
    Channel<String> view = Channel.wrap(kotlin);
    view.send("a");
    view.send("b");
    assertEquals(List.of("a"), dropped);
    assertFalse(kotlin.isEmpty());
    assertTrue(kotlin.close(null));
    assertTrue(view.isClosedForSend());
    assertThrows(ChannelClosedException.class, () -> view.send("c"));
    assertEquals("b", view.receive());
    assertTrue(view.isClosedForReceive());
    assertTrue(kotlin.isClosedForReceive());
  }

  /** A Java receiver waiting on a wrapped kotlinx channel gets an element sent through another view. */
  @OnEachThreadKind
  void wrap_waitingReceiverOnView_getsElementFromOtherView() throws Exception {
    kotlinx.coroutines.channels.Channel<String> kotlin = ChannelKt.Channel(0, kotlinx.coroutines.channels.BufferOverflow.SUSPEND, null);
    Channel<String> receiving = Channel.wrap(kotlin);
    Channel<String> sending = Channel.wrap(kotlin);
    AtomicReference<String> received = new AtomicReference<>();
    Forked receiver = fork("receiver", () -> received.set(receiving.receive()));
    awaitParkedInChannel(receiver.thread());
    sending.send("a");
    receiver.join();
    assertEquals("a", received.get());
  }

  /**
   * toString gives the channel's shape and state, not the kotlinx channel's own toString, which
   * lists every buffered element (ToStringTest has the other shapes).
   */
  @Test
  void toString_shapeAndState() throws InterruptedException {
    Channel<String> channel = Channel.buffered(2);
    channel.send("element");
    assertEquals("Channel[capacity 2, open]", channel.toString());
  }

  // ---- Arguments ----------------------------------------------------------------------------

  /** A negative capacity is rejected by every factory. */
  @Test
  void factories_negativeCapacity_throwIllegalArgumentException() {
    assertThrows(IllegalArgumentException.class, () -> Channel.buffered(-1));
    assertThrows(
        IllegalArgumentException.class, () -> Channel.buffered(-1, BufferOverflow.DROP_OLDEST));
    assertThrows(
        IllegalArgumentException.class, () -> Channel.create(-2, BufferOverflow.WAIT, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> Channel.create(Integer.MIN_VALUE, BufferOverflow.WAIT, null));
  }

  /** Capacity 0 with a dropping overflow policy is rejected. */
  @Test
  void factories_zeroCapacityWithDroppingOverflow_throwIllegalArgumentException() {
    assertThrows(
        IllegalArgumentException.class, () -> Channel.buffered(0, BufferOverflow.DROP_OLDEST));
    assertThrows(
        IllegalArgumentException.class, () -> Channel.buffered(0, BufferOverflow.DROP_LATEST));
    assertThrows(
        IllegalArgumentException.class,
        () -> Channel.create(0, BufferOverflow.DROP_LATEST, e -> {}));
  }

  /** A null overflow policy or kotlinx channel is rejected with an exception naming it. */
  @Test
  void factories_nullArguments_throwNullPointerExceptionNamingThem() {
    assertEquals(
        "overflow",
        assertThrows(NullPointerException.class, () -> Channel.buffered(1, null)).getMessage());
    assertEquals(
        "overflow",
        assertThrows(NullPointerException.class, () -> Channel.create(1, null, null))
            .getMessage());
    assertEquals(
        "channel",
        assertThrows(NullPointerException.class, () -> Channel.wrap(null)).getMessage());
  }

  /** Every send rejects a null element with an exception naming "element", and sends nothing. */
  @Test
  void sends_nullElement_throwNullPointerExceptionNamingElement() throws Exception {
    Channel<String> channel = Channel.unbounded();
    assertEquals(
        "element",
        assertThrows(NullPointerException.class, () -> channel.send(null)).getMessage());
    assertEquals(
        "element",
        assertThrows(NullPointerException.class, () -> channel.trySend(null)).getMessage());
    assertEquals(
        "element",
        assertThrows(NullPointerException.class, () -> channel.trySend(null, SHORT))
            .getMessage());
    assertEquals(
        "element",
        assertThrows(NullPointerException.class, () -> channel.sendAsync(null)).getMessage());
    assertEquals(new ReceiveResult.Empty<String>(), channel.tryReceive());
  }

  /** A null timeout or cause is rejected with an exception naming it. */
  @Test
  void timedFormsAndClose_nullArguments_throwNullPointerExceptionNamingThem() {
    Channel<String> channel = Channel.unbounded();
    assertEquals(
        "timeout",
        assertThrows(NullPointerException.class, () -> channel.trySend("a", null)).getMessage());
    assertEquals(
        "timeout",
        assertThrows(NullPointerException.class, () -> channel.tryReceive(null)).getMessage());
    assertEquals(
        "cause",
        assertThrows(NullPointerException.class, () -> channel.close(null)).getMessage());
    assertFalse(channel.isClosedForSend(), "a rejected close(null) must not close the channel");
    assertEquals(new ReceiveResult.Empty<String>(), channel.tryReceive());
  }

  /** A negative timeout is rejected, and nothing is sent. */
  @Test
  void timedForms_negativeTimeout_throwIllegalArgumentException() {
    Channel<String> channel = Channel.unbounded();
    Duration negative = Duration.ofNanos(-1);
    assertThrows(IllegalArgumentException.class, () -> channel.trySend("a", negative));
    assertThrows(IllegalArgumentException.class, () -> channel.tryReceive(negative));
    assertEquals(new ReceiveResult.Empty<String>(), channel.tryReceive());
  }

  // ---- ReceiveResult and ChannelClosedException ---------------------------------------------

  /** ReceiveResult answers what it is, and element() throws unless something was received. */
  @Test
  void receiveResult_kinds_answerWhatTheyAre() {
    ReceiveResult<String> received = new ReceiveResult.Received<>("a");
    ReceiveResult<String> empty = new ReceiveResult.Empty<>();
    ReceiveResult<String> closed = new ReceiveResult.Closed<>(Optional.empty());
    assertTrue(received.isReceived());
    assertFalse(received.isClosed());
    assertEquals("a", received.element());
    assertFalse(empty.isReceived());
    assertFalse(empty.isClosed());
    assertThrows(NoSuchElementException.class, empty::element);
    assertFalse(closed.isReceived());
    assertTrue(closed.isClosed());
    assertThrows(NoSuchElementException.class, closed::element);
  }

  /** ReceiveResult rejects a null element or a null Optional. */
  @Test
  void receiveResult_nullArguments_throwNullPointerException() {
    assertThrows(NullPointerException.class, () -> new ReceiveResult.Received<String>(null));
    assertThrows(NullPointerException.class, () -> new ReceiveResult.Closed<String>(null));
  }

  /** ChannelClosedException is an IllegalStateException carrying the close cause, or none. */
  @Test
  void channelClosedException_cause_keptAndNamed() {
    ChannelClosedException plain = new ChannelClosedException(null);
    assertInstanceOf(IllegalStateException.class, plain);
    assertNull(plain.getCause());
    assertEquals("the channel is closed", plain.getMessage());
    IllegalStateException cause = new IllegalStateException("producer failed");
    ChannelClosedException withCause = new ChannelClosedException(cause);
    assertSame(cause, withCause.getCause());
    assertTrue(withCause.getMessage().contains("producer failed"), withCause.getMessage());
  }
}

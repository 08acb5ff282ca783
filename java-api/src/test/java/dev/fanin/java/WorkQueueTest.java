package dev.fanin.java;

import static dev.fanin.java.ChannelThreads.awaitParkedInChannel;
import static dev.fanin.java.ChannelThreads.awaitParkedOnFuture;
import static dev.fanin.java.ChannelThreads.fork;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.testing.Forked;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** WorkQueue: counting unfinished items, itemDone, join, and items that stop counting by themselves. */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class WorkQueueTest {
  private static final Duration LONG = Duration.ofMinutes(10);

  // ---- Counting and join --------------------------------------------------------------------

  /** join and joinAsync return at once on a queue with no unfinished item. */
  @OnEachThreadKind
  void join_noItems_returnsAtOnce() throws Exception {
    WorkQueue<String> queue = WorkQueue.unbounded();
    assertEquals(0, queue.unfinishedItems());
    queue.join();
    assertNull(queue.joinAsync().get(30, TimeUnit.SECONDS));
  }

  /** Every form of send counts one item; receiving does not finish it, itemDone does. */
  @Test
  void unfinishedItems_sendsAndItemDone_countedUntilDone() throws Exception {
    WorkQueue<Integer> queue = WorkQueue.unbounded();
    queue.send(1);
    assertTrue(queue.trySend(2));
    assertTrue(queue.trySend(3, LONG));
    assertTrue(queue.sendAsync(4).isDone());
    assertEquals(4, queue.unfinishedItems());
    for (int i = 1; i <= 4; i++) {
      assertEquals(i, queue.receive());
    }
    assertEquals(4, queue.unfinishedItems(), "receiving does not finish an item");
    queue.itemDone();
    assertEquals(3, queue.unfinishedItems());
    queue.itemDone();
    queue.itemDone();
    queue.itemDone();
    assertEquals(0, queue.unfinishedItems());
    queue.join();
  }

  /** A blocked join returns only once every item has been marked done. */
  @OnEachThreadKind
  void join_itemsUnfinished_waitsUntilEachItemDone() throws Exception {
    WorkQueue<String> queue = WorkQueue.unbounded();
    queue.send("a");
    queue.send("b");
    Forked joiner = fork("joiner", queue::join);
    awaitParkedOnFuture(joiner.thread());
    CompletableFuture<Void> joined = queue.joinAsync();
    assertEquals("a", queue.receive());
    queue.itemDone();
    assertFalse(joined.isDone(), "one item is still unfinished");
    assertTrue(joiner.thread().isAlive());
    assertEquals("b", queue.receive());
    queue.itemDone();
    joiner.join();
    assertNull(joined.get(30, TimeUnit.SECONDS));
  }

  /** Items sent while join waits are waited for too. */
  @OnEachThreadKind
  void join_itemSentWhileWaiting_waitsForItToo() throws Exception {
    WorkQueue<String> queue = WorkQueue.unbounded();
    queue.send("a");
    CompletableFuture<Void> joined = queue.joinAsync();
    Forked joiner = fork("joiner", queue::join);
    awaitParkedOnFuture(joiner.thread());
    queue.send("b");
    queue.itemDone();
    assertEquals(1, queue.unfinishedItems());
    assertFalse(joined.isDone(), "the item sent while waiting is unfinished");
    assertTrue(joiner.thread().isAlive());
    queue.itemDone();
    joiner.join();
    assertNull(joined.get(30, TimeUnit.SECONDS));
  }

  /** itemDone called more times than items were sent throws IllegalStateException. */
  @Test
  void itemDone_moreThanSent_throwsIllegalStateException() throws Exception {
    WorkQueue<String> queue = WorkQueue.unbounded();
    assertThrows(IllegalStateException.class, queue::itemDone);
    queue.send("a");
    queue.itemDone();
    assertThrows(IllegalStateException.class, queue::itemDone);
    assertEquals(0, queue.unfinishedItems());
    queue.join();
  }

  /** A buffered(0) queue's send waits for a worker, and counts while it waits. */
  @OnEachThreadKind
  void send_rendezvousQueue_waitsForWorkerAndCounts() throws Exception {
    WorkQueue<String> queue = WorkQueue.buffered(0);
    Forked producer = fork("producer", () -> queue.send("a"));
    awaitParkedInChannel(producer.thread());
    assertEquals(1, queue.unfinishedItems());
    assertEquals("a", queue.receive());
    producer.join();
    queue.itemDone();
    queue.join();
  }

  // ---- Items that stop counting -------------------------------------------------------------

  /** A trySend refused by a full buffer, or a timed send that timed out, does not count. */
  @OnEachThreadKind
  void trySend_fullBuffer_doesNotCount() throws Exception {
    WorkQueue<String> queue = WorkQueue.buffered(1);
    queue.send("a");
    assertFalse(queue.trySend("refused"));
    assertFalse(queue.trySend("timed out", Duration.ofMillis(20)));
    assertEquals(1, queue.unfinishedItems());
    assertEquals("a", queue.receive());
    queue.itemDone();
    queue.join();
  }

  /** A send that fails because the queue is closed does not count. */
  @Test
  void sends_closedQueue_doNotCount() throws Exception {
    WorkQueue<String> queue = WorkQueue.unbounded();
    queue.close();
    assertThrows(ChannelClosedException.class, () -> queue.send("a"));
    assertThrows(ChannelClosedException.class, () -> queue.trySend("a"));
    assertThrows(ChannelClosedException.class, () -> queue.trySend("a", LONG));
    assertThrows(ExecutionException.class, () -> queue.sendAsync("a").get());
    assertEquals(0, queue.unfinishedItems());
    queue.join();
  }

  /** A blocked send withdrawn by an interrupt does not count. */
  @OnEachThreadKind
  void send_interruptedWhileParked_doesNotCount() throws Exception {
    WorkQueue<String> queue = WorkQueue.buffered(0);
    Forked producer =
        fork("producer", () -> assertThrows(InterruptedException.class, () -> queue.send("a")));
    awaitParkedInChannel(producer.thread());
    producer.thread().interrupt();
    producer.join();
    assertEquals(0, queue.unfinishedItems());
    queue.join();
  }

  /** A cancelled sendAsync does not count. */
  @Test
  void sendAsync_cancelled_doesNotCount() throws Exception {
    WorkQueue<String> queue = WorkQueue.buffered(0);
    CompletableFuture<Void> sent = queue.sendAsync("a");
    assertEquals(1, queue.unfinishedItems(), "a pending send counts");
    assertTrue(sent.cancel(false));
    assertEquals(0, queue.unfinishedItems());
    queue.join();
  }

  /**
   * Elements DROP_OLDEST drops stop counting, before the callback sees them, so join does not wait
   * for them.
   */
  @Test
  void send_dropOldest_droppedStopCounting() throws Exception {
    AtomicInteger droppedCount = new AtomicInteger();
    WorkQueue<Integer> queue =
        WorkQueue.create(1, BufferOverflow.DROP_OLDEST, e -> droppedCount.incrementAndGet());
    queue.send(1);
    queue.send(2);
    assertTrue(queue.trySend(3));
    assertEquals(2, droppedCount.get());
    assertEquals(1, queue.unfinishedItems());
    assertEquals(3, queue.receive());
    queue.itemDone();
    queue.join();
  }

  /** The callback of a work queue sees an element that has already stopped counting. */
  @Test
  void create_callback_seesElementAlreadyUncounted() throws Exception {
    List<Long> seen = new ArrayList<>();
    Holder<WorkQueue<Integer>> holder = new Holder<>();
    WorkQueue<Integer> queue =
        WorkQueue.create(1, BufferOverflow.DROP_OLDEST, e -> seen.add(holder.value.unfinishedItems()));
    holder.value = queue;
    queue.send(1);
    queue.send(2);
    assertEquals(List.of(1L), seen, "1 counted when 2 was sent, then uncounted before the callback");
  }

  /** A work queue cannot drop the latest element: such a drop could not stop counting. */
  @Test
  void create_dropLatest_throwsIllegalArgumentException() {
    assertThrows(
        IllegalArgumentException.class, () -> WorkQueue.create(1, BufferOverflow.DROP_LATEST, null));
  }

  /** cancel() discards the buffered items, which stop counting, and a waiting join returns. */
  @OnEachThreadKind
  void cancel_bufferedItems_stopCountingAndJoinReturns() throws Exception {
    List<String> discarded = Collections.synchronizedList(new ArrayList<>());
    WorkQueue<String> queue = WorkQueue.create(4, BufferOverflow.WAIT, discarded::add);
    queue.send("a");
    queue.send("b");
    Forked joiner = fork("joiner", queue::join);
    awaitParkedOnFuture(joiner.thread());
    queue.cancel();
    joiner.join();
    assertEquals(0, queue.unfinishedItems());
    assertEquals(2, discarded.size());
  }

  /** A close() keeps the buffered items counting: they can still be received and finished. */
  @Test
  void close_bufferedItems_stillCountUntilDone() throws Exception {
    WorkQueue<String> queue = WorkQueue.unbounded();
    queue.send("a");
    queue.close();
    assertEquals(1, queue.unfinishedItems());
    CompletableFuture<Void> joined = queue.joinAsync();
    assertFalse(joined.isDone());
    assertEquals("a", queue.receive());
    queue.itemDone();
    assertNull(joined.get(30, TimeUnit.SECONDS));
  }

  // ---- Interrupting and cancelling join -----------------------------------------------------

  /** An interrupted join throws InterruptedException with the status cleared; the queue is intact. */
  @OnEachThreadKind
  void join_interrupted_throwsAndLeavesQueueIntact() throws Exception {
    WorkQueue<String> queue = WorkQueue.unbounded();
    queue.send("a");
    Forked joiner =
        fork(
            "joiner",
            () -> {
              assertThrows(InterruptedException.class, queue::join);
              assertFalse(Thread.currentThread().isInterrupted());
            });
    awaitParkedOnFuture(joiner.thread());
    joiner.thread().interrupt();
    joiner.join();
    assertEquals(1, queue.unfinishedItems());
    assertFalse(queue.isClosedForSend());
    assertEquals("a", queue.receive());
    CompletableFuture<Void> joined = queue.joinAsync();
    assertFalse(joined.isDone());
    queue.itemDone();
    assertNull(joined.get(30, TimeUnit.SECONDS));
  }

  /** join called with the interrupt status set throws InterruptedException if it has to wait. */
  @OnEachThreadKind
  void join_interruptedBeforeCall_throws() throws Exception {
    WorkQueue<String> queue = WorkQueue.unbounded();
    queue.send("a");
    Thread.currentThread().interrupt();
    assertThrows(InterruptedException.class, queue::join);
    assertFalse(Thread.currentThread().isInterrupted());
    assertEquals(1, queue.unfinishedItems());
    queue.itemDone();
    queue.join();
  }

  /** Cancelling joinAsync stops only the waiting: the queue and other joins are unaffected. */
  @Test
  void joinAsync_cancelled_stopsOnlyTheWaiting() throws Exception {
    WorkQueue<String> queue = WorkQueue.unbounded();
    queue.send("a");
    CompletableFuture<Void> cancelled = queue.joinAsync();
    CompletableFuture<Void> other = queue.joinAsync();
    assertTrue(cancelled.cancel(true));
    assertThrows(CancellationException.class, cancelled::join);
    assertEquals(1, queue.unfinishedItems());
    assertFalse(other.isDone());
    assertEquals("a", queue.receive());
    queue.itemDone();
    assertNull(other.get(30, TimeUnit.SECONDS));
  }

  // ---- Workers ------------------------------------------------------------------------------

  /**
   * Worker threads loop over the queue and mark each item done after processing it: join returns
   * once every item is processed, and closing the queue ends the workers' loops.
   */
  @OnEachThreadKind
  void workers_joinThenClose_everyItemProcessedOnce() throws Exception {
    WorkQueue<Integer> queue = WorkQueue.buffered(8);
    int count = 400;
    ConcurrentLinkedQueue<Integer> processed = new ConcurrentLinkedQueue<>();
    List<Forked> workers = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      workers.add(
          fork(
              "worker-" + w,
              () -> {
                for (Integer item : queue) {
                  processed.add(item);
                  queue.itemDone();
                }
              }));
    }
    for (int i = 0; i < count; i++) {
      queue.send(i);
    }
    queue.join();
    assertEquals(count, processed.size(), "join returned before every item was processed");
    assertEquals(0, queue.unfinishedItems());
    queue.close();
    for (Forked worker : workers) {
      worker.join();
    }
    List<Integer> sorted = processed.stream().sorted().collect(Collectors.toList());
    assertEquals(IntStream.range(0, count).boxed().collect(Collectors.toList()), sorted);
  }

  // ---- Views and arguments ------------------------------------------------------------------

  /** wrap shares a Kotlin work queue: sends and itemDone through either view count in both. */
  @Test
  void wrap_kotlinWorkQueue_sharesCount() throws Exception {
    dev.fanin.CoroutineWorkQueue<String> kotlin =
        dev.fanin.CoroutineWorkQueue.Companion.invoke(
            Integer.MAX_VALUE, kotlinx.coroutines.channels.BufferOverflow.SUSPEND, null);
    WorkQueue<String> view = WorkQueue.wrap(kotlin);
    dev.fanin.CoroutineWorkQueue<String> typed = view.asKotlinChannel(); // typed: join and itemDone at hand
    assertSame(kotlin, typed);
    view.send("a");
    assertEquals(1, kotlin.getUnfinishedItems());
    assertEquals("a", view.receive());
    kotlin.itemDone();
    assertEquals(0, view.unfinishedItems());
    view.join();
  }

  /** A WorkQueue is a Channel: Channel.wrap of its kotlinx channel sends that count too. */
  @Test
  void channelWrapOfQueue_sends_count() throws Exception {
    WorkQueue<String> queue = WorkQueue.unbounded();
    Channel<String> plain = Channel.wrap(queue.asKotlinChannel());
    plain.send("a");
    assertEquals(1, queue.unfinishedItems());
    assertEquals("a", plain.receive());
    queue.itemDone();
    queue.join();
  }

  /** The factories reject a negative capacity, capacity 0 with dropping, and null arguments. */
  @Test
  void factories_badArguments_rejected() {
    assertThrows(IllegalArgumentException.class, () -> WorkQueue.buffered(-1));
    assertThrows(
        IllegalArgumentException.class, () -> WorkQueue.create(-1, BufferOverflow.WAIT, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> WorkQueue.create(0, BufferOverflow.DROP_OLDEST, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> WorkQueue.create(0, BufferOverflow.DROP_LATEST, null));
    assertEquals(
        "overflow",
        assertThrows(NullPointerException.class, () -> WorkQueue.create(1, null, null))
            .getMessage());
    assertEquals(
        "queue", assertThrows(NullPointerException.class, () -> WorkQueue.wrap(null)).getMessage());
    assertEquals(
        "element",
        assertThrows(NullPointerException.class, () -> WorkQueue.unbounded().send(null))
            .getMessage());
  }

  /** A mutable slot, so that a callback can reach the queue it belongs to. */
  private static final class Holder<T> {
    volatile T value;
  }
}

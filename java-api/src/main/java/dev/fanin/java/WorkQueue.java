package dev.fanin.java;

import dev.fanin.interop.ChannelEndpoint;
import dev.fanin.java.internal.Await;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Channel} that counts the items sent into it and not yet processed, so that a producer
 * can wait until the workers have processed everything (asyncio's {@code Queue.task_done()} and
 * {@code Queue.join()}).
 *
 * <p>Each element sent counts as one unfinished item. A worker calls {@link #itemDone()} once for
 * each item it received, when it has finished with it, failed or not: call it in a {@code finally},
 * because an item never marked done makes {@link #join()} wait forever, even after the queue is
 * closed (as in asyncio). {@link #join()} waits until no item is unfinished. An element that never reaches a worker (dropped by the overflow policy, discarded by
 * {@link #cancel()}, or whose send failed or was withdrawn) stops counting by itself.
 *
 * <p>It is the Java view of Fanin's Kotlin {@code dev.fanin.CoroutineWorkQueue}; a Kotlin coroutine can
 * send into {@link #asKotlinChannel()} and its sends count too.
 *
 * <pre>{@code
 * WorkQueue<Url> queue = WorkQueue.unbounded();
 * for (int i = 0; i < 4; i++) {
 *   workers.fork(() -> {
 *     for (Url url : queue) {
 *       try { fetch(url); } finally { queue.itemDone(); }
 *     }
 *     return null;
 *   });
 * }
 * for (Url url : urls) queue.send(url);
 * queue.join();    // every url has been fetched
 * queue.close();   // the workers' loops end
 * }</pre>
 *
 * @param <E> the type of the elements
 */
public final class WorkQueue<E> extends Channel<E> {
  private final dev.fanin.CoroutineWorkQueue<E> queue;

  private WorkQueue(ChannelEndpoint<E> endpoint) {
    super(endpoint);
    this.queue = (dev.fanin.CoroutineWorkQueue<E>) endpoint.getChannel();
  }

  /**
   * {@return a work queue whose sends never wait}
   *
   * @param <E> the type of the elements
   */
  public static <E> WorkQueue<E> unbounded() {
    return create(UNBOUNDED, BufferOverflow.WAIT, null);
  }

  /**
   * {@return a work queue that buffers up to {@code capacity} elements} A send waits while the
   * buffer is full.
   *
   * @param capacity how many elements the buffer holds; 0 makes a send wait for a worker
   * @param <E> the type of the elements
   * @throws IllegalArgumentException if {@code capacity} is negative
   */
  public static <E> WorkQueue<E> buffered(int capacity) {
    return create(capacity, BufferOverflow.WAIT, null);
  }

  /**
   * {@return a work queue of any kind, as {@link Channel#create}} An element passed to {@code
   * onUndeliveredElement} has already stopped counting.
   *
   * @param capacity how many elements the buffer holds: 0 for rendezvous, {@link #UNBOUNDED} for no
   *     limit
   * @param overflow what a send does when the buffer is full
   * @param onUndeliveredElement called with each element sent but never received, or null
   * @param <E> the type of the elements
   * @throws NullPointerException if {@code overflow} is null
   * @throws IllegalArgumentException if {@code capacity} is negative, or 0 with a dropping overflow,
   *     or {@code overflow} is {@link BufferOverflow#DROP_LATEST} (adr/0008)
   */
  public static <E> WorkQueue<E> create(
      int capacity, BufferOverflow overflow, @Nullable Consumer<? super E> onUndeliveredElement) {
    Objects.requireNonNull(overflow, "overflow");
    return new WorkQueue<>(
        ChannelEndpoint.create(
            capacity, overflow.toKotlin(), onUndeliveredElement, true, ChannelClosedException::new));
  }

  /**
   * {@return a Java view of a Kotlin work queue} Both views act on the same elements and count. Its
   * element type is non-null, as for a {@link Channel}.
   *
   * @param queue the Kotlin work queue
   * @param <E> the type of the elements
   * @throws NullPointerException if {@code queue} is null
   */
  public static <E> WorkQueue<E> wrap(dev.fanin.CoroutineWorkQueue<E> queue) {
    return new WorkQueue<>(
        new ChannelEndpoint<>(Objects.requireNonNull(queue, "queue"), ChannelClosedException::new));
  }

  /**
   * Marks one received item as processed.
   *
   * @throws IllegalStateException if no item is unfinished (called more times than items were sent
   *     and not dropped)
   */
  public void itemDone() {
    queue.itemDone();
  }

  /**
   * {@return this queue as Fanin's Kotlin {@code WorkQueue}, for Kotlin coroutines} It is the same
   * queue, not a copy: sends from either side count, and {@code itemDone} and {@code join} see
   * the same items.
   */
  @Override
  public dev.fanin.CoroutineWorkQueue<E> asKotlinChannel() {
    return queue;
  }

  /** {@return the number of items sent and not yet marked done or dropped} */
  public long unfinishedItems() {
    return queue.getUnfinishedItems();
  }

  /**
   * Waits until every item sent so far has been marked done with {@link #itemDone()} (or dropped).
   * Returns at once if there is none. Items sent while it waits are waited for too.
   *
   * @throws InterruptedException if the thread is interrupted while waiting; the queue is not
   *     affected
   */
  public void join() throws InterruptedException {
    Await.await(joinAsync());
  }

  /**
   * {@return a future completed, with {@code null}, when every item sent so far has been marked done
   * or dropped}
   * Cancelling (or otherwise completing) it stops only the waiting.
   */
  public CompletableFuture<@Nullable Void> joinAsync() {
    return endpoint.joinAsync();
  }

  /**
   * {@return what this is and its state, such as {@code WorkQueue[unbounded, 3 unfinished, open]}}
   * As {@link Channel#toString()}, it never lists the elements and never blocks or throws.
   */
  @Override
  public String toString() {
    return "WorkQueue[" + endpoint.describe() + "]";
  }
}

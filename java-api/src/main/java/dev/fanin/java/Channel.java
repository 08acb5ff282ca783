package dev.fanin.java;

import dev.fanin.interop.ChannelEndpoint;
import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * A Go-style channel that Java threads and Kotlin coroutines share: senders put elements in,
 * receivers take each element out exactly once, in the order the channel holds them.
 *
 * <p>It is a kotlinx.coroutines {@code Channel} ({@link #asKotlinChannel()}) operated from Java:
 * a Kotlin coroutine can send into it while Java threads receive, or the other way round. Every
 * operation comes in a blocking form ({@link #send}, {@link #receive}), a non-blocking form
 * ({@link #trySend(Object)}, {@link #tryReceive()}), a timed form taking a {@link Duration}, and a
 * {@link CompletableFuture} form ({@link #sendAsync}, {@link #receiveAsync}).
 *
 * <p><b>Kinds.</b> {@link #rendezvous()}: no buffer, a send waits for a receiver. {@link
 * #buffered(int)}: up to {@code capacity} elements wait in the buffer. {@link #unbounded()}: sends
 * never wait. {@link #conflated()}: keeps only the latest element. {@link #buffered(int,
 * BufferOverflow)}: a full buffer drops the oldest or the newest element instead of waiting.
 *
 * <p><b>Speed.</b> An operation that can complete at once completes on the calling thread without
 * creating a thread, a coroutine or a future. One that must wait parks the calling thread (a
 * virtual thread releases its carrier) without {@code runBlocking}.
 *
 * <p><b>Closing.</b> {@link #close()} ends the channel: later sends fail at once with {@link
 * ChannelClosedException}; receivers still get every buffered element, and the elements of senders
 * that were already waiting (those count as sent before the close), then see the end. {@link
 * #close(Throwable)} does the same and hands receivers the cause. {@link #cancel()} also discards
 * the buffered elements and fails the waiting senders, which keep their elements. These are
 * kotlinx's {@code close} and {@code cancel} (adr/0008).
 *
 * <p><b>Interrupts and cancellation.</b> Interrupting a thread blocked in a send or receive
 * withdraws the operation and throws {@link InterruptedException}, with the interrupt status
 * cleared: the element stays with the sender, the receiver takes nothing. If the operation
 * completed before it could be withdrawn, it returns normally and the interrupt status is set. A
 * future of an operation that had to wait is completed on the thread that completed the operation,
 * while that thread is still inside the channel's code: a dependent stage that must block, or that
 * uses the same channel, belongs in an {@code ...Async} stage ({@code thenApplyAsync}).
 * Completing a future of {@link #sendAsync} or {@link #receiveAsync} in any way other than by the
 * operation itself ({@code cancel}, {@code complete}, {@code orTimeout}, ...) withdraws the
 * operation the same way; if it had already completed, the future keeps its outcome and the other
 * completion has no effect. Either way an element is delivered exactly once or not at all.
 *
 * <p><b>Undelivered elements.</b> Every element has one owner at a time. A send that throws or
 * returns false (or whose future is cancelled or fails) leaves its element with the sender, as a
 * {@code BlockingQueue} does, whatever raced it: an interrupt, a deadline or a cancelled future
 * against {@link #cancel()} included. A send that succeeds hands it to the channel, which gives it
 * to one receiver or, failing that, to the {@code onUndeliveredElement} callback, never both. A
 * channel created with that callback ({@link #create}) hands it each element it accepted but will
 * never deliver: the buffered elements that {@link #cancel()} discards, and those the overflow
 * policy drops; not the elements of senders waiting when it is cancelled, whose sends fail and
 * keep them. It runs on the thread that dropped the element and must not block. It should not
 * throw either: if it does, the operation that dropped the element has still taken effect ({@code
 * cancel()} has cancelled the channel and offered every element; a send that dropped the oldest
 * element has sent its own), and then throws the callback's exception, as it is or wrapped in a
 * {@link RuntimeException} whose cause it is, with those of further elements suppressed. A channel
 * made by {@link #wrap} keeps the callback kotlinx gave it and kotlinx's rules for it (which also
 * hand it the element of a failed send).
 *
 * <p>Elements must not be null: every send rejects null with {@link NullPointerException}, and a
 * receive never returns null. The element type is therefore a non-null type, for Kotlin too: a
 * {@code Channel<String>} is a channel of Kotlin {@code String}, and there is no channel of {@code
 * String?}.
 *
 * <pre>{@code
 * Channel<String> lines = Channel.buffered(16);
 * Thread producer = new Thread(() -> { // Java 21+: Thread.ofVirtual().start(...)
 *   try {
 *     for (String line : input) lines.send(line);
 *   } catch (InterruptedException e) {
 *     Thread.currentThread().interrupt();
 *   } finally {
 *     lines.close();
 *   }
 * });
 * producer.start();
 * for (String line : lines) System.out.println(line);   // ends when closed and drained
 * }</pre>
 *
 * @param <E> the type of the elements
 */
public sealed class Channel<E> implements Iterable<E> permits WorkQueue {
  /** The capacity of an unbounded channel, for {@link #create}. */
  public static final int UNBOUNDED = Integer.MAX_VALUE;

  final ChannelEndpoint<E> endpoint;

  Channel(ChannelEndpoint<E> endpoint) {
    this.endpoint = endpoint;
  }

  /**
   * {@return a channel without a buffer} A send waits until a receiver takes the element, and a
   * receive waits until a sender offers one.
   *
   * @param <E> the type of the elements
   */
  public static <E> Channel<E> rendezvous() {
    return create(0, BufferOverflow.WAIT, null);
  }

  /**
   * {@return a channel that buffers up to {@code capacity} elements} A send waits only while the
   * buffer is full.
   *
   * @param capacity how many elements the buffer holds; 0 makes a {@link #rendezvous()} channel
   * @param <E> the type of the elements
   * @throws IllegalArgumentException if {@code capacity} is negative
   */
  public static <E> Channel<E> buffered(int capacity) {
    return create(capacity, BufferOverflow.WAIT, null);
  }

  /**
   * {@return a channel that buffers up to {@code capacity} elements and, when the buffer is full,
   * does what {@code overflow} says}
   *
   * @param capacity how many elements the buffer holds; at least 1 unless {@code overflow} is
   *     {@link BufferOverflow#WAIT}
   * @param overflow what a send does when the buffer is full
   * @param <E> the type of the elements
   * @throws NullPointerException if {@code overflow} is null
   * @throws IllegalArgumentException if {@code capacity} is negative, or 0 with a dropping overflow
   */
  public static <E> Channel<E> buffered(int capacity, BufferOverflow overflow) {
    return create(capacity, overflow, null);
  }

  /**
   * {@return a channel whose sends never wait} Its buffer grows as needed; a consumer that falls
   * behind makes it grow without limit.
   *
   * @param <E> the type of the elements
   */
  public static <E> Channel<E> unbounded() {
    return create(UNBOUNDED, BufferOverflow.WAIT, null);
  }

  /**
   * {@return a channel that keeps only the latest element} A send never waits and replaces an
   * element not yet received; a receiver gets the most recent one.
   *
   * @param <E> the type of the elements
   */
  public static <E> Channel<E> conflated() {
    return create(1, BufferOverflow.DROP_OLDEST, null);
  }

  /**
   * {@return a channel of any kind, with a callback for elements that will never be received}
   *
   * <pre>{@code
   * Channel<Connection> pool = Channel.create(8, BufferOverflow.WAIT, Connection::close);
   * }</pre>
   *
   * @param capacity how many elements the buffer holds: 0 for rendezvous, {@link #UNBOUNDED} for no
   *     limit
   * @param overflow what a send does when the buffer is full
   * @param onUndeliveredElement called with each element sent but never received (see the class
   *     description), or null
   * @param <E> the type of the elements
   * @throws NullPointerException if {@code overflow} is null
   * @throws IllegalArgumentException if {@code capacity} is negative, or 0 with a dropping overflow
   */
  public static <E> Channel<E> create(
      int capacity, BufferOverflow overflow, @Nullable Consumer<? super E> onUndeliveredElement) {
    Objects.requireNonNull(overflow, "overflow");
    return new Channel<>(
        ChannelEndpoint.create(
            capacity,
            overflow.toKotlin(),
            onUndeliveredElement,
            false,
            ChannelClosedException::new));
  }

  /**
   * {@return a Java view of a kotlinx channel} Operations through the view and through {@code
   * channel} act on the same elements. Its element type is non-null, as for every channel here, so
   * a Kotlin {@code Channel<String?>} has no Java view.
   *
   * @param channel the kotlinx channel
   * @param <E> the type of the elements
   * @throws NullPointerException if {@code channel} is null
   */
  public static <E> Channel<E> wrap(kotlinx.coroutines.channels.Channel<E> channel) {
    return new Channel<>(
        new ChannelEndpoint<>(
            Objects.requireNonNull(channel, "channel"), ChannelClosedException::new));
  }

  /**
   * {@return this channel as a kotlinx {@code Channel}, for Kotlin coroutines} It is the same
   * channel, not a copy.
   */
  public kotlinx.coroutines.channels.Channel<E> asKotlinChannel() {
    return endpoint.getChannel();
  }

  // ---- Sending ------------------------------------------------------------------------------

  /**
   * Sends {@code element}, waiting while the channel has no room (for a rendezvous channel, until
   * a receiver takes it).
   *
   * @param element the element
   * @throws NullPointerException if {@code element} is null
   * @throws ChannelClosedException if the channel is closed, or is cancelled while waiting; the
   *     element was not sent and is still the caller's (the {@code onUndeliveredElement} callback
   *     does not get it)
   * @throws InterruptedException if the thread is interrupted before or while waiting; the element
   *     was not sent and is still the caller's (if the send completed first, it returns normally
   *     with the interrupt status set)
   */
  public void send(E element) throws InterruptedException {
    endpoint.send(Objects.requireNonNull(element, "element"));
  }

  /**
   * Sends {@code element} if that needs no waiting.
   *
   * @param element the element
   * @return true if it was sent (or dropped by the overflow policy), false if the channel had no
   *     room; while another send or receive is in progress on another thread, false may also mean
   *     that the room it was about to take or free was not yet settled (kotlinx's {@code trySend} is
   *     not linearizable), so a false is a hint to retry or to use a waiting form
   * @throws NullPointerException if {@code element} is null
   * @throws ChannelClosedException if the channel is closed
   */
  public boolean trySend(E element) {
    return endpoint.trySend(Objects.requireNonNull(element, "element"));
  }

  /**
   * Sends {@code element}, waiting at most {@code timeout} for room. A zero timeout is {@link
   * #trySend(Object)}.
   *
   * @param element the element
   * @param timeout how long to wait
   * @return true if it was sent, false if the timeout passed first (the element was not sent and
   *     is still the caller's)
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws ChannelClosedException if the channel is closed, or is cancelled while waiting; the
   *     element was not sent and is still the caller's
   * @throws InterruptedException if the thread is interrupted; the element was not sent and is
   *     still the caller's
   */
  public boolean trySend(E element, Duration timeout) throws InterruptedException {
    Objects.requireNonNull(element, "element");
    return endpoint.trySend(element, Objects.requireNonNull(timeout, "timeout"));
  }

  /**
   * Sends {@code element} and returns a future that completes when it has been sent.
   *
   * <p><b>Failure.</b> The future fails with {@link ChannelClosedException} if the channel is or
   * becomes closed (or is cancelled) before the element was sent; the element is still the
   * caller's.
   *
   * <p><b>Cancellation.</b> Cancelling (or otherwise completing) the future withdraws the send: the
   * element is not sent and stays with the caller. If it had already been sent, {@code cancel}
   * returns false and the future completes normally. Inside a Fanin task the send belongs to the
   * task: the task's cancellation withdraws it, and the task does not complete before it does.
   *
   * @param element the element
   * @return a future completed, with {@code null}, when the element is in the channel (or with a
   *     receiver)
   * @throws NullPointerException if {@code element} is null
   */
  public CompletableFuture<@Nullable Void> sendAsync(E element) {
    return endpoint.sendAsync(Objects.requireNonNull(element, "element"));
  }

  // ---- Receiving ----------------------------------------------------------------------------

  /**
   * Receives the next element, waiting until there is one.
   *
   * @return the element
   * @throws ChannelClosedException if the channel is closed and drained, now or while waiting; its
   *     cause is the close cause
   * @throws InterruptedException if the thread is interrupted before or while waiting; nothing was
   *     taken from the channel
   */
  public E receive() throws InterruptedException {
    return endpoint.receive();
  }

  /**
   * Receives the next element, waiting until there is one, or reports the end of the channel
   * without throwing.
   *
   * @return {@link ReceiveResult.Received} or {@link ReceiveResult.Closed}, never {@link
   *     ReceiveResult.Empty}
   * @throws InterruptedException if the thread is interrupted; nothing was taken
   */
  public ReceiveResult<E> receiveCatching() throws InterruptedException {
    return endpoint.receiveCatching(ReceiveResults.instance());
  }

  /**
   * Receives an element if one is ready, without waiting.
   *
   * @return the element, {@link ReceiveResult.Empty} if none is ready, or {@link
   *     ReceiveResult.Closed} if the channel is closed and drained; while a send is in progress on
   *     another thread, Empty may also mean that its element was not yet in place, though counted
   *     (kotlinx's {@code tryReceive} is not linearizable): nothing is lost, a waiting receive gets it
   */
  public ReceiveResult<E> tryReceive() {
    return endpoint.tryReceive(ReceiveResults.instance());
  }

  /**
   * Receives the next element, waiting at most {@code timeout}. A zero timeout is {@link
   * #tryReceive()}.
   *
   * @param timeout how long to wait
   * @return the element, {@link ReceiveResult.Empty} if the timeout passed first (nothing was
   *     taken), or {@link ReceiveResult.Closed}
   * @throws NullPointerException if {@code timeout} is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws InterruptedException if the thread is interrupted; nothing was taken
   */
  public ReceiveResult<E> tryReceive(Duration timeout) throws InterruptedException {
    return endpoint.tryReceive(
        Objects.requireNonNull(timeout, "timeout"), ReceiveResults.instance());
  }

  /**
   * Returns a future of the next element.
   *
   * <p><b>Failure.</b> The future fails with {@link ChannelClosedException} if the channel is or
   * becomes closed and drained.
   *
   * <p><b>Cancellation.</b> Cancelling (or otherwise completing, say with {@code orTimeout}) the
   * future withdraws the receive: nothing is taken. If an element had already been taken for it,
   * {@code cancel} returns false and the future completes with that element, so it is not lost.
   * Inside a Fanin task the receive belongs to the task: the task's cancellation withdraws it, and
   * the task does not complete before it does.
   *
   * @return a future of the next element
   */
  public CompletableFuture<E> receiveAsync() {
    return endpoint.receiveAsync();
  }

  /**
   * {@return a blocking iterator over the elements} {@code hasNext()} waits for the next element
   * and returns false once the channel is closed and drained. Several iterators (on several
   * threads) share the elements: each element goes to one of them.
   *
   * <p>{@code hasNext()} throws {@link ChannelClosedException} if the channel was closed with a
   * cause. An element that {@code hasNext()} took is held by the iterator until {@code next()}; an
   * iterator dropped in between drops it. If the thread is interrupted while waiting, it sets the interrupt status again and
   * throws {@link java.util.concurrent.CancellationException} with the {@link InterruptedException}
   * as cause; nothing is taken.
   */
  @Override
  public Iterator<E> iterator() {
    return new ChannelIterator<>(this);
  }

  /**
   * {@return the elements as a sequential stream} It takes elements as {@link #iterator()} does
   * and ends when the channel is closed and drained. Closing the stream does not close the channel.
   */
  public Stream<E> stream() {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(
            iterator(), Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  // ---- Closing ------------------------------------------------------------------------------

  /**
   * Closes the channel: later sends fail with {@link ChannelClosedException}; receivers get the
   * elements already in the buffer and those of senders already waiting, then see the end. Closing
   * twice does nothing.
   *
   * @return true if this call closed the channel, false if it was already closed
   */
  public boolean close() {
    return endpoint.getChannel().close(null);
  }

  /**
   * Closes the channel with a cause: as {@link #close()}, except that receivers that find it
   * drained get {@link ChannelClosedException} (or {@link ReceiveResult.Closed}) with {@code cause}.
   *
   * @param cause why the channel is closed
   * @return true if this call closed the channel, false if it was already closed
   * @throws NullPointerException if {@code cause} is null
   */
  public boolean close(Throwable cause) {
    return endpoint.getChannel().close(Objects.requireNonNull(cause, "cause"));
  }

  /**
   * Closes the channel and discards its buffered elements (each goes to the {@code
   * onUndeliveredElement} callback, if any). Senders and receivers, waiting or later, get {@link
   * ChannelClosedException} with a {@link java.util.concurrent.CancellationException} as cause; a
   * waiting sender keeps its element (the callback does not get it), including one whose interrupt,
   * deadline or cancelled future raced this call. A Kotlin coroutine sending with kotlinx's {@code
   * send} follows kotlinx's rule instead: its element goes to the callback.
   */
  public void cancel() {
    endpoint.getChannel().cancel(null);
  }

  /**
   * {@return whether the channel is closed for sending} A send now fails. The answer may be out of
   * date as soon as it is returned, unless it is true.
   */
  public boolean isClosedForSend() {
    return endpoint.isClosedForSend();
  }

  /**
   * {@return whether the channel is closed and drained} A receive now reports the end. The answer
   * may be out of date as soon as it is returned, unless it is true.
   */
  public boolean isClosedForReceive() {
    return endpoint.isClosedForReceive();
  }

  /**
   * {@return what this is and its state, such as {@code Channel[capacity 16, open]}, {@code
   * Channel[rendezvous, closed for send]} (closed, elements left to receive) or {@code
   * Channel[unbounded, closed]} (closed and drained)} It never lists the elements, whose {@code
   * toString} is the caller's code, and never throws. The capacity is left out for a {@link #wrap
   * wrapped} channel. The state is read as {@link #isClosedForSend()} and {@link
   * #isClosedForReceive()} read it: like them, and like any operation on the channel, it may help a
   * close in progress on another thread finish waking the channel's waiters.
   */
  @Override
  public String toString() {
    return "Channel[" + endpoint.describe() + "]";
  }
}

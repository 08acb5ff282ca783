package dev.fanin.java;

import dev.fanin.Outcome;
import dev.fanin.UncheckedTaskException;
import dev.fanin.interop.SelectLoopBridge;
import dev.fanin.java.internal.Await;
import dev.fanin.interop.OutcomeBridge;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import kotlinx.coroutines.channels.ClosedReceiveChannelException;
import org.jspecify.annotations.NonNull;
import org.jspecify.annotations.Nullable;

/**
 * multi_await's loop for Java: a long-lived set of sources (channel receives, tickers, futures,
 * work that is run again after each result) and a wait, {@link #awaitFired()}, that returns every
 * source that fired since the last wait, by position. It is the Java view of Fanin's Kotlin {@code
 * dev.fanin.CoroutineSelectLoop}.
 *
 * <ul>
 *   <li><b>Sources.</b> {@link #addReceive} fires once per element (and once more, with a {@link
 *       ChannelClosedException} failure, when the channel is closed and drained; then it is
 *       removed). {@link #addReceiveUntilClosed} fires once per element too, but a normal close
 *       only removes it, and once every such source has left, a wait says so by returning an
 *       empty list. {@link #addTicker} fires on each tick. {@link #addFuture} fires once. {@link
 *       #addWork} runs its {@code Callable} at once on Fanin's default executor and, each time its
 *       result has been returned by a wait, runs it again. Sources may be added and removed from
 *       any thread, also while a wait is in progress.
 *   <li><b>Results.</b> Each wait returns at least one {@link Fired}, at most one per source, in the
 *       order of {@link Source#index()}: the order the sources were added; the one exception is
 *       the empty list that ends a loop over {@link #addReceiveUntilClosed} channels. A failure is a {@link
 *       Fired} whose {@link Fired#outcome()} is a {@link Outcome.Failure}; {@link
 *       #awaitFiredOrThrow()} throws it instead. A source that did not fire is not in the list.
 *   <li><b>Nothing is lost.</b> An element is taken from a channel only by a wait, and only to be
 *       returned by it. If a wait is interrupted just as an element arrives, that element is kept
 *       for the next wait, or for {@link #leftovers()} after {@link #close()}.
 *   <li><b>Closing</b> cancels the work in flight (interrupting its {@code Callable}s) without
 *       waiting for it to stop: a {@code Callable} that ignores its interrupt runs on, and its result
 *       is dropped. It never closes the caller's channels or cancels the caller's futures.
 *   <li><b>Work that throws</b>, an {@link Error} included, fires with that exception as an {@link
 *       Outcome.Failure} and is run again once the wait has returned it, as after a value.
 *   <li><b>The same object twice.</b> A channel (or a ticker's ticks) has at most one receive
 *       source in a loop, as it has at most one receive clause in a {@link Select}: adding it again
 *       throws {@link IllegalArgumentException}. The same future may be added more than once; each
 *       of its sources fires.
 * </ul>
 *
 * <p>One wait at a time: a second concurrent wait throws {@link IllegalStateException}.
 *
 * <pre>{@code
 * try (SelectLoop loop = SelectLoop.open(); Ticker ticker = Ticker.every(Duration.ofSeconds(60))) {
 *   SelectLoop.Source<String> activity = loop.addReceive(pings);
 *   SelectLoop.Source<Instant> tick = loop.addTicker(ticker);
 *   SelectLoop.Source<Void> shutdown = loop.addFuture(stopRequested);
 *   for (boolean running = true; running; ) {
 *     for (SelectLoop.Fired<?> fired : loop.awaitFired()) {
 *       fired.valueIf(activity).ifPresent(user -> lastSeen.put(user, Instant.now()));
 *       if (fired.source() == tick) flush(lastSeen);
 *       if (fired.source() == shutdown) { flush(lastSeen); running = false; }
 *     }
 *   }
 * }
 * }</pre>
 */
public final class SelectLoop implements AutoCloseable {
  private final dev.fanin.CoroutineSelectLoop loop = new dev.fanin.CoroutineSelectLoop();
  private final Map<Integer, Source<?>> sources = new ConcurrentHashMap<>();

  /**
   * Held while a source is added to {@link #loop} and recorded in {@link #sources}: the loop can
   * fire the source before the add returns, and a wait that converts that firing takes this lock to
   * wait for the record (parking, not spinning, whatever the adding thread's progress).
   */
  private final ReentrantLock adding = new ReentrantLock();

  private SelectLoop() {}

  /** {@return a new loop without sources} */
  public static SelectLoop open() {
    return new SelectLoop();
  }

  /**
   * A source of a loop. {@link #index()} is its position: the order sources were added, from 0.
   *
   * @param <T> the type of the values it fires with; nullable for a future or work that may give
   *     {@code null}
   */
  public static final class Source<T extends @Nullable Object> {
    private final dev.fanin.CoroutineSelectLoop.Source<T> source;
    private final boolean receive;

    private Source(dev.fanin.CoroutineSelectLoop.Source<T> source, boolean receive) {
      this.source = source;
      this.receive = receive;
    }

    /** {@return the position of this source in its loop} */
    public int index() {
      return source.getIndex();
    }

    @Override
    public String toString() {
      return "SelectLoop.Source(" + index() + ")";
    }
  }

  /**
   * One firing of a source: the value it produced, or its failure.
   *
   * @param source the source that fired
   * @param outcome its value or failure
   * @param <T> the type of the source's values
   */
  public record Fired<T extends @Nullable Object>(Source<T> source, Outcome<T> outcome) {
    /**
     * A firing.
     *
     * @param source the source that fired
     * @param outcome its value or failure
     * @throws NullPointerException if an argument is null
     */
    public Fired {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(outcome, "outcome");
    }

    /** {@return the index of the source} */
    public int index() {
      return source.index();
    }

    /**
     * {@return the value, if this firing succeeded} It is {@code null} if the future or work gave
     * {@code null}.
     *
     * @throws RuntimeException the failure (a checked one wrapped in {@link UncheckedTaskException})
     */
    public T value() {
      if (outcome instanceof Outcome.Success<T> success) {
        return success.value();
      }
      Throwable failure =
          outcome instanceof Outcome.Failure<T> f
              ? f.exception()
              : ((Outcome.Cancelled<T>) outcome).exception();
      throw Await.unchecked(failure);
    }

    /**
     * {@return this firing's value if it is from {@code of} and succeeded with a non-null value;
     * otherwise empty}
     *
     * <p>A failed firing from {@code of} (a closed channel, a failed future or work) gives empty, as
     * a firing from another source does; read {@link #outcome()}, or call {@link #value()}, which
     * throws the failure, to tell them apart. The Kotlin {@code valueIf} answers the same (null).
     *
     * @param of the source to match
     * @param <U> the type of that source's values
     * @throws NullPointerException if {@code of} is null
     */
    @SuppressWarnings("unchecked")
    public <U extends @Nullable Object> Optional<@NonNull U> valueIf(Source<U> of) {
      Objects.requireNonNull(of, "of");
      if (of != source || !(outcome instanceof Outcome.Success<T> success)) {
        return Optional.empty();
      }
      return Optional.ofNullable((U) success.value());
    }
  }

  /**
   * Adds a receive from {@code channel}: fires once per element.
   *
   * <p>A channel has at most one receive source in a loop, as it has at most one receive clause in
   * a {@link Select}: two would only split its elements between them. To receive from it under
   * another source, {@link #remove} the first (or let it fire the channel's close, which removes
   * it).
   *
   * @param channel the channel
   * @param <E> the type of its elements
   * @return the new source
   * @throws NullPointerException if {@code channel} is null
   * @throws IllegalArgumentException if {@code channel} already has a receive source in this loop
   *     (also as the {@link Ticker#ticks()} of a ticker added with {@link #addTicker})
   * @throws IllegalStateException if the loop is closed
   */
  public <E> Source<E> addReceive(Channel<E> channel) {
    Objects.requireNonNull(channel, "channel");
    return track(
        () -> SelectLoopBridge.addReceive(loop, channel.asKotlinChannel(), "channel"), true);
  }

  /**
   * Adds a receive from {@code channel} that leaves the loop once the channel is closed and
   * drained: it fires once per element, and a normal close ({@link Channel#close()}) removes it
   * without firing. A close with a cause ({@link Channel#close(Throwable)}, {@link Channel#cancel()})
   * still fires once, as a {@link ChannelClosedException} failure with that cause, as {@link
   * #addReceive} does, so a producer's failure is never dropped; then the source is removed too.
   *
   * <p><b>The end.</b> Once every source added with this method has left the loop (its channel
   * closed, or {@link #remove}), the next wait returns an empty list, once, at once, whatever other
   * sources the loop has: that is how a loop over channels ends (adr/0018). A wait that returns
   * other firings leaves the empty list to the next one. After it, the loop goes on as one without
   * such sources (a wait with no source at all throws {@link IllegalStateException}). Adding such a
   * source before the empty list was returned cancels it.
   *
   * <pre>{@code
   * try (SelectLoop loop = SelectLoop.open()) {
   *   SelectLoop.Source<String> fromOrders = loop.addReceiveUntilClosed(orders);
   *   SelectLoop.Source<String> fromRefunds = loop.addReceiveUntilClosed(refunds);
   *   for (List<SelectLoop.Fired<?>> fired; !(fired = loop.awaitFired()).isEmpty(); ) {
   *     for (SelectLoop.Fired<?> each : fired) {
   *       each.valueIf(fromOrders).ifPresent(order -> process(order));
   *       each.valueIf(fromRefunds).ifPresent(refund -> refund(refund));
   *     }
   *   }
   *   // both channels are closed and drained
   * }
   * }</pre>
   *
   * @param channel the channel
   * @param <E> the type of its elements
   * @return the new source
   * @throws NullPointerException if {@code channel} is null
   * @throws IllegalArgumentException if {@code channel} already has a receive source in this loop
   * @throws IllegalStateException if the loop is closed
   */
  public <E> Source<E> addReceiveUntilClosed(Channel<E> channel) {
    Objects.requireNonNull(channel, "channel");
    return track(() -> loop.addReceiveUntilClosed(channel.asKotlinChannel()), true);
  }

  /**
   * Adds the ticks of {@code ticker}: fires on each tick. It is {@link #addReceive} of {@link
   * Ticker#ticks()}, so a ticker has at most one source in a loop.
   *
   * @param ticker the ticker
   * @return the new source
   * @throws NullPointerException if {@code ticker} is null
   * @throws IllegalArgumentException if {@code ticker} already has a source in this loop (also if
   *     its {@link Ticker#ticks()} was added with {@link #addReceive})
   * @throws IllegalStateException if the loop is closed
   */
  public Source<Instant> addTicker(Ticker ticker) {
    Objects.requireNonNull(ticker, "ticker");
    return track(
        () -> SelectLoopBridge.addReceive(loop, ticker.ticks().asKotlinChannel(), "ticker"), true);
  }

  /**
   * Adds {@code stage}: fires once, when it completes. The loop never cancels it. The same stage
   * may be added more than once: each of its sources fires once.
   *
   * @param stage the future
   * @param <T> the type of its value
   * @return the new source
   * @throws NullPointerException if {@code stage} is null
   * @throws IllegalStateException if the loop is closed
   */
  public <T extends @Nullable Object> Source<T> addFuture(CompletionStage<T> stage) {
    Objects.requireNonNull(stage, "stage");
    return track(() -> loop.addFuture(stage), false);
  }

  /**
   * Adds {@code work}: run now on Fanin's default executor and again each time its result has been
   * returned by a wait. Removing the source or closing the loop cancels (interrupts) a run in
   * flight.
   *
   * @param work the work
   * @param <T> the type of its result
   * @return the new source
   * @throws NullPointerException if {@code work} is null
   * @throws IllegalStateException if the loop is closed
   */
  public <T extends @Nullable Object> Source<T> addWork(Callable<T> work) {
    Objects.requireNonNull(work, "work");
    return track(() -> SelectLoopBridge.addWork(loop, work), false);
  }

  /**
   * Removes {@code source}; a wait in progress no longer waits for it. Removing the last {@link
   * #addReceiveUntilClosed} source ends the loop as its channel's close would.
   *
   * @param source the source
   * @return false if it was not (or no longer) in this loop
   * @throws NullPointerException if {@code source} is null
   */
  public boolean remove(Source<?> source) {
    Objects.requireNonNull(source, "source");
    return sources.get(source.index()) == source && loop.remove(source.source);
  }

  /**
   * Waits until at least one source has fired and returns every source that fired, each once, by
   * index. Returns at once if something fired since the last wait. Returns an empty list, once,
   * when the last {@link #addReceiveUntilClosed} source has left (that method tells when).
   *
   * @return what fired; empty only to say that every {@link #addReceiveUntilClosed} source has left
   * @throws InterruptedException if the thread is interrupted while waiting; what fired meanwhile
   *     is kept for the next wait
   * @throws IllegalStateException if the loop is closed or has no source, or another wait is in
   *     progress
   */
  public List<Fired<?>> awaitFired() throws InterruptedException {
    return converted(SelectLoopBridge.awaitFired(loop));
  }

  /**
   * {@link #awaitFired()}, but throws the failure of the first source that failed (the other
   * firings of that wait are then not returned; use {@link #awaitFired()} to see them).
   *
   * @return what fired, all successes; empty as for {@link #awaitFired()}
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  public List<Fired<?>> awaitFiredOrThrow() throws InterruptedException {
    List<Fired<?>> fired = awaitFired();
    for (Fired<?> each : fired) {
      each.value();
    }
    return fired;
  }

  /**
   * {@return a future of the next wait's result, as {@link #awaitFired()} returns it (the empty
   * list included)} Cancelling (or otherwise completing) it withdraws
   * the wait; what fired meanwhile is kept for the next one.
   */
  public CompletableFuture<List<Fired<?>>> awaitFiredAsync() {
    return SelectLoopBridge.awaitFiredAsync(loop, this::converted);
  }

  /**
   * Takes what fired and was not returned by a wait: empty unless a wait was interrupted or
   * cancelled just as something fired. Call it after {@link #close()} to account for every element
   * the loop took.
   *
   * @return those firings, by index
   */
  public List<Fired<?>> leftovers() {
    return converted(loop.leftovers());
  }

  /**
   * Closes the loop, cancels the work in flight (interrupting work blocked in I/O or {@code sleep})
   * and waits until it has stopped, as {@link TaskGroup#close()} and {@link Completions#close()} do:
   * after a try-with-resources block, nothing the loop started is still running. A work source
   * that ignores its interrupt therefore keeps {@code close()} waiting until it returns; called from
   * one of the loop's own work sources, {@code close()} does not wait. An interrupt while it waits
   * is kept: the thread's interrupt status is set again when it returns. Idempotent.
   *
   * <p>A wait in progress wakes and returns what fired meanwhile, or throws {@link
   * IllegalStateException}. As it wakes it may still take an element sent while the close ran or
   * just after (one per source at most); it then returns that element, so nothing is lost, but
   * close is not a point after which no element is taken.
   */
  @Override
  public void close() {
    if (SelectLoopBridge.closeAndAwaitStopped(loop)) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * {@return what this is and its state, such as {@code SelectLoop[4 sources, waiting]}} The state
   * is {@code idle}, {@code waiting} (an {@link #awaitFired()} is in progress) or {@code closed};
   * "fired" counts firings not yet returned, when there are any. A snapshot that may be stale at
   * once; any thread may call it, and it never blocks (not even while a wait is in progress) or
   * throws.
   */
  @Override
  public String toString() {
    return "SelectLoop[" + SelectLoopBridge.describe(loop) + "]";
  }

  private <T extends @Nullable Object> Source<T> track(
      Supplier<dev.fanin.CoroutineSelectLoop.Source<T>> add, boolean receive) {
    adding.lock();
    try {
      Source<T> source = new Source<>(add.get(), receive);
      sources.put(source.index(), source);
      return source;
    } finally {
      adding.unlock();
    }
  }

  private List<Fired<?>> converted(List<? extends dev.fanin.CoroutineSelectLoop.Fired<?>> fired) {
    List<Fired<?>> result = new ArrayList<>(fired.size());
    for (dev.fanin.CoroutineSelectLoop.Fired<?> each : fired) {
      result.add(converted(each));
    }
    return result;
  }

  private <T extends @Nullable Object> Fired<T> converted(
      dev.fanin.CoroutineSelectLoop.Fired<T> fired) {
    Source<?> known = sources.get(fired.getIndex());
    if (known == null) {
      // A source added while a wait is in progress can fire before add records it; the add holds
      // the lock until it has.
      adding.lock();
      try {
        known = Objects.requireNonNull(sources.get(fired.getIndex()), "a fired source is recorded");
      } finally {
        adding.unlock();
      }
    }
    @SuppressWarnings("unchecked")
    Source<T> source = (Source<T>) known;
    Outcome<T> outcome = fired.getOutcome();
    if (outcome instanceof Outcome.Success<T>) {
      return new Fired<>(source, outcome);
    }
    Throwable failure =
        outcome instanceof Outcome.Failure<T> f
            ? f.exception()
            : ((Outcome.Cancelled<T>) outcome).exception();
    if (source.receive) {
      // A receive source fails only when its channel is closed and drained.
      failure =
          new ChannelClosedException(
              failure instanceof ClosedReceiveChannelException ? null : failure);
    }
    return new Fired<>(source, OutcomeBridge.of(null, failure));
  }
}

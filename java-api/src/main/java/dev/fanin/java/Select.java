package dev.fanin.java;

import dev.fanin.Outcome;
import dev.fanin.interop.SelectBridge;
import dev.fanin.interop.OutcomeBridge;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Go's {@code select}: waits until one of several channel operations, futures or timers is ready,
 * performs exactly that one, and returns its handler's result.
 *
 * <p>Add clauses, then call {@link #select()} (blocking) or {@link #selectAsync()}. Exactly one
 * clause fires. The others leave no trace: nothing is received or sent through them, and no future
 * is cancelled. A {@code Select} holds its clauses and can be run again and again (in a loop, say);
 * each run is a new select, except that it remembers which {@link #onReceiveUntilClosed} channels it
 * has seen closed. Build it on one thread; it may then be run on any thread, one run at a time.
 *
 * <p><b>Fairness.</b> When several clauses are ready at once, {@link #create()} picks one uniformly
 * at random, as Go does, so that no ready clause starves; {@link #biased()} picks the first one
 * added, as kotlinx does, which gives clauses a priority (adr/0009).
 *
 * <p><b>Closed channels.</b> {@link #onReceive} on a channel that is closed and drained makes the
 * select throw {@link ChannelClosedException}; {@link #onReceiveCatching} instead fires with {@link
 * ReceiveResult.Closed} (Go's {@code v, ok := <-c}). {@link #onSend} on a closed channel throws
 * {@link ChannelClosedException} (Go panics).
 *
 * <p><b>Receiving until every channel is closed.</b> {@link #onReceiveUntilClosed} is a receive
 * clause that leaves the select once its channel is closed and drained: the run that sees the close
 * goes on waiting on the other clauses, and no later run waits on that channel again. Once every
 * such clause has left, each run ends at once with {@link #onAllClosed}'s result, or throws {@link
 * ChannelClosedException} if there is none. So a consumer of several channels keeps one select and
 * runs it until they have all ended, which is what Go does by setting a closed channel's variable
 * to {@code nil} (adr/0018):
 *
 * <pre>{@code
 * Select<Boolean> merge = Select.<Boolean>create()
 *     .onReceiveUntilClosed(orders, order -> { process(order); return true; })
 *     .onReceiveUntilClosed(refunds, refund -> { process(refund); return true; })
 *     .onAllClosed(() -> false);
 * while (merge.select()) {
 *   // one element processed; runs on until both channels are closed and drained
 * }
 * }</pre>
 *
 * <p><b>One channel, two clauses.</b> A select may both receive from and send to one channel, as
 * in Go; on a channel with a buffer one of the two is always possible, so such a select never waits
 * on them. On a rendezvous channel, where neither may be, the select waits for a sender and tries
 * its send again every millisecond, so a receiver arriving meanwhile may wait up to about a
 * millisecond (adr/0009). A channel may have at most one receive and one send clause in a select.
 *
 * <p><b>Interrupts and cancellation.</b> Interrupting a thread blocked in {@link #select()} (or
 * completing the future of {@link #selectAsync()} in any other way) withdraws every clause: nothing
 * is consumed, and {@link InterruptedException} is thrown with the interrupt status cleared. If a
 * clause fired before the withdrawal, its handler's result is returned and the interrupt status
 * set, so no element is lost.
 *
 * <p><b>Handlers that throw.</b> A handler runs after its clause has fired: the element was
 * received (and handed to the handler), the send was made. If it throws, {@link #select()} throws
 * its exception as it is and the future of {@link #selectAsync()} fails with it; the clause's
 * effect stays.
 *
 * <pre>{@code
 * String what = Select.<String>create()
 *     .onReceive(orders, order -> "order " + order)
 *     .onReceive(cancellations, id -> "cancel " + id)
 *     .onTimeout(Duration.ofSeconds(1), () -> "idle")
 *     .select();
 * }</pre>
 *
 * @param <R> the type of the handlers' results; nullable if a handler may return {@code null}
 */
public final class Select<R extends @Nullable Object> {
  private final @Nullable Random random;
  private final List<SelectBridge.Clause> clauses = new ArrayList<>();
  private final List<Function<SelectBridge.Selected, R>> handlers = new ArrayList<>();
  private final List<Object> receivedFrom = new ArrayList<>();
  private final List<Object> sentTo = new ArrayList<>();
  private @Nullable Supplier<? extends R> onDefault;
  private @Nullable Supplier<? extends R> onAllClosed;
  private boolean hasUntilClosed;

  private Select(@Nullable Random random) {
    this.random = random;
  }

  /**
   * {@return a select that picks uniformly at random among clauses ready at the same time} This is
   * Go's behaviour and the default.
   *
   * @param <R> the type of the handlers' results
   */
  public static <R extends @Nullable Object> Select<R> create() {
    return new Select<>(null);
  }

  /**
   * {@return a {@link #create()} select whose random choices come from {@code random}} For tests
   * that need a repeatable choice.
   *
   * @param random the source of the choices
   * @param <R> the type of the handlers' results
   * @throws NullPointerException if {@code random} is null
   */
  public static <R extends @Nullable Object> Select<R> create(Random random) {
    return new Select<>(Objects.requireNonNull(random, "random"));
  }

  /**
   * {@return a select in which the first clause added wins among clauses ready at the same time}
   * This is kotlinx's behaviour; it lets a clause take priority (a shutdown signal over work).
   *
   * @param <R> the type of the handlers' results
   */
  public static <R extends @Nullable Object> Select<R> biased() {
    return new Select<>(BIASED);
  }

  /**
   * Adds a receive from {@code channel}; when it fires, {@code handler} gets the element.
   *
   * @param channel the channel
   * @param handler maps the element to the select's result
   * @param <E> the type of the elements
   * @return this select
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code channel} already has a receive clause in this select
   */
  public <E> Select<R> onReceive(Channel<E> channel, Function<? super E, ? extends R> handler) {
    Objects.requireNonNull(handler, "handler");
    claim(channel, receivedFrom, "receive");
    return add(
        SelectBridge.receive(Objects.requireNonNull(channel, "channel").endpoint),
        receiving(handler));
  }

  /**
   * Adds a receive from {@code channel} that also fires, with {@link ReceiveResult.Closed}, when the
   * channel is closed and drained.
   *
   * @param channel the channel
   * @param handler maps what was received to the select's result
   * @param <E> the type of the elements
   * @return this select
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code channel} already has a receive clause in this select
   */
  public <E> Select<R> onReceiveCatching(
      Channel<E> channel, Function<? super ReceiveResult<E>, ? extends R> handler) {
    Objects.requireNonNull(handler, "handler");
    claim(channel, receivedFrom, "receive");
    return add(
        SelectBridge.receive(Objects.requireNonNull(channel, "channel").endpoint),
        selected ->
            handler.apply(
                selected.getClosed()
                    ? new ReceiveResult.Closed<>(Optional.ofNullable(selected.getCloseCause()))
                    : new ReceiveResult.Received<>(element(selected))));
  }

  /**
   * Adds a receive from {@code channel} that leaves the select once the channel is closed and
   * drained; when it fires, {@code handler} gets the element.
   *
   * <p>A normal close ({@link Channel#close()}) is not a result: the run that sees it goes on waiting
   * on the select's other clauses (a timer keeps counting from the run's start), and no later run of
   * this select receives from the channel again. Once every clause added with this method has left,
   * each run ends at once, before any other clause can fire, with {@link #onAllClosed}'s result, or
   * throws {@link ChannelClosedException} (its cause null) if the select has none. Other clauses
   * (timers, futures, sends, plain receives) do not keep such a select running. A close counts once
   * a run has seen it: until then a closed channel is ready like any other clause, so in a biased
   * select a ready clause added before it fires first.
   *
   * <p>A channel closed with a cause ({@link Channel#close(Throwable)}, {@link Channel#cancel()})
   * fails the run that sees it, once, as {@link #onReceive} does: {@link #select()} throws {@link
   * ChannelClosedException} with that cause, and the clause has then left too. So a producer's
   * failure is never dropped; a loop that catches it can run the select on over the other channels.
   *
   * <p>Which channels have left is state of this select, shared by every run (a flag per clause,
   * written once): a new {@code Select} over the same channels starts again with all of them.
   *
   * @param channel the channel
   * @param handler maps the element to the select's result
   * @param <E> the type of the elements
   * @return this select
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code channel} already has a receive clause in this select
   */
  public <E> Select<R> onReceiveUntilClosed(
      Channel<E> channel, Function<? super E, ? extends R> handler) {
    Objects.requireNonNull(handler, "handler");
    claim(channel, receivedFrom, "receive");
    hasUntilClosed = true;
    // Only a close with a cause reaches the handler; a normal close leaves without a result.
    return add(
        SelectBridge.receiveUntilClosed(Objects.requireNonNull(channel, "channel").endpoint),
        receiving(handler));
  }

  /**
   * Adds a send of {@code element} to {@code channel}; when it fires, the element has been sent and
   * {@code handler} gives the select's result. When another clause fires, or the select fails, is
   * interrupted or is cancelled, the element was not sent: it stays with the caller and the
   * channel's undelivered-element callback does not see it, as with a failed {@link Channel#send}.
   *
   * @param channel the channel
   * @param element the element to send
   * @param handler gives the select's result
   * @param <E> the type of the elements
   * @return this select
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code channel} already has a send clause in this select, or
   *     is a {@link WorkQueue} (whose sends must be counted)
   */
  public <E> Select<R> onSend(Channel<E> channel, E element, Supplier<? extends R> handler) {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(element, "element");
    Objects.requireNonNull(handler, "handler");
    if (channel instanceof WorkQueue) {
      throw new IllegalArgumentException(
          "a WorkQueue counts its sends; a select cannot send to it (adr/0008): " + channel);
    }
    claim(channel, sentTo, "send");
    return add(SelectBridge.send(channel.endpoint, element), selected -> handler.get());
  }

  /**
   * Adds the completion of {@code stage} (a {@link CompletableFuture}, a Fanin future, ...); when it
   * fires, {@code handler} gets its outcome. The select never cancels the stage. Each run of the
   * select adds one completion callback to the stage, kept until the stage completes.
   *
   * @param stage the stage
   * @param handler maps the outcome to the select's result
   * @param <T> the type of the stage's value
   * @return this select
   * @throws NullPointerException if an argument is null
   */
  public <T extends @Nullable Object> Select<R> onComplete(
      CompletionStage<T> stage, Function<? super Outcome<T>, ? extends R> handler) {
    Objects.requireNonNull(handler, "handler");
    return add(
        SelectBridge.complete(Objects.requireNonNull(stage, "stage")),
        selected -> {
          @SuppressWarnings("unchecked")
          T value = (T) selected.getValue();
          return handler.apply(OutcomeBridge.of(value, selected.getFailure()));
        });
  }

  /**
   * Adds a timer that fires once {@code timeout} has passed since the select started (Go's {@code
   * time.After}); then {@code handler} gives the result. A zero timeout fires at once if no clause
   * before it in the select's order is ready.
   *
   * @param timeout how long to wait
   * @param handler gives the select's result
   * @return this select
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public Select<R> onTimeout(Duration timeout, Supplier<? extends R> handler) {
    Objects.requireNonNull(handler, "handler");
    return add(
        SelectBridge.timeout(Objects.requireNonNull(timeout, "timeout")),
        selected -> handler.get());
  }

  /**
   * Sets the default clause: it fires, without waiting, when no other clause is ready (Go's {@code
   * default}).
   *
   * @param handler gives the select's result
   * @return this select
   * @throws NullPointerException if {@code handler} is null
   * @throws IllegalStateException if a default is already set
   */
  public Select<R> onDefault(Supplier<? extends R> handler) {
    Objects.requireNonNull(handler, "handler");
    if (onDefault != null) {
      throw new IllegalStateException("this select already has a default clause");
    }
    onDefault = handler;
    return this;
  }

  /**
   * Sets the clause that fires once every {@link #onReceiveUntilClosed} clause has left the select:
   * from then on each run returns {@code handler}'s result at once, before any other clause can
   * fire. Without it such a run throws {@link ChannelClosedException}.
   *
   * @param handler gives the select's result
   * @return this select
   * @throws NullPointerException if {@code handler} is null
   * @throws IllegalStateException if an all-closed clause is already set
   */
  public Select<R> onAllClosed(Supplier<? extends R> handler) {
    Objects.requireNonNull(handler, "handler");
    if (onAllClosed != null) {
      throw new IllegalStateException("this select already has an all-closed clause");
    }
    onAllClosed = handler;
    return this;
  }

  /**
   * Waits until a clause is ready, performs it, and returns its handler's result. The handler runs
   * on this thread.
   *
   * @return the fired clause's handler's result, or {@link #onAllClosed}'s once every {@link
   *     #onReceiveUntilClosed} clause has left
   * @throws IllegalStateException if the select has no clause at all, or has {@link #onAllClosed}
   *     but no {@link #onReceiveUntilClosed} clause
   * @throws ChannelClosedException if the fired clause is {@link #onReceive} on a closed channel or
   *     {@link #onReceiveUntilClosed} on a channel closed with a cause, if an {@link #onSend}
   *     channel is closed, or if every {@link #onReceiveUntilClosed} clause has left and there is
   *     no {@link #onAllClosed}
   * @throws InterruptedException if the thread is interrupted before or while waiting; no clause
   *     fired
   */
  public R select() throws InterruptedException {
    checkNotEmpty();
    return handle(
        SelectBridge.select(clauses, order(), onDefault != null, ChannelClosedException::new));
  }

  /**
   * Starts the select and returns a future of the fired clause's handler's result. If a clause is
   * ready at once, the handler runs on this thread; otherwise it runs on Fanin's built-in executor
   * (never on the thread that made the clause ready, which is inside the channel's code). A handler
   * that throws fails the future.
   *
   * <p><b>Cancellation.</b> Cancelling (or otherwise completing) the future withdraws every clause;
   * if one had already fired, {@code cancel} returns false and the future completes with the
   * handler's result instead (possibly just after {@code cancel} returns).
   *
   * <p>It ends as {@link #select()} does: once every {@link #onReceiveUntilClosed} clause has left,
   * with {@link #onAllClosed}'s result, or failed with {@link ChannelClosedException}.
   *
   * @return a future of the fired clause's handler's result
   * @throws IllegalStateException if the select has no clause at all, or has {@link #onAllClosed}
   *     but no {@link #onReceiveUntilClosed} clause
   */
  public CompletableFuture<R> selectAsync() {
    checkNotEmpty();
    return SelectBridge.selectAsync(
        clauses, order(), onDefault != null, ChannelClosedException::new, this::handle);
  }

  /**
   * {@return what this is, such as {@code Select[3 clauses, default, random order]}} It counts the
   * clauses, says whether there is a {@link #onDefault default} one, and whether the ready clause is
   * chosen at random or in the order they were added ({@link #biased()}). It never blocks or
   * throws.
   */
  @Override
  public String toString() {
    int count = clauses.size();
    return "Select["
        + count
        + (count == 1 ? " clause" : " clauses")
        + (onDefault != null ? ", default" : "")
        + (random == BIASED ? ", biased" : ", random order")
        + "]";
  }

  /**
   * Records that {@code channel} has a clause of {@code kind}. kotlinx's select takes one clause
   * per channel, and Fanin pairs a receive with a send itself; a second receive (or send) on one
   * channel would add nothing a single clause cannot do.
   */
  private static void claim(Channel<?> channel, List<Object> claimed, String kind) {
    Object kotlinChannel = Objects.requireNonNull(channel, "channel").asKotlinChannel();
    for (Object other : claimed) {
      if (other == kotlinChannel) {
        throw new IllegalArgumentException(
            "channel already has a " + kind + " clause in this select: " + channel);
      }
    }
    claimed.add(kotlinChannel);
  }

  /**
   * A receive clause's handler: {@code handler} applied to the element, or {@link
   * ChannelClosedException} with the close cause when the clause fired the channel's end.
   */
  private <E> Function<SelectBridge.Selected, R> receiving(Function<? super E, ? extends R> handler) {
    return selected -> {
      if (selected.getClosed()) {
        throw new ChannelClosedException(selected.getCloseCause());
      }
      return handler.apply(element(selected));
    };
  }

  private Select<R> add(SelectBridge.Clause clause, Function<SelectBridge.Selected, R> handler) {
    clauses.add(clause);
    handlers.add(handler);
    return this;
  }

  private R handle(SelectBridge.Selected selected) {
    int index = selected.getIndex();
    if (index == SelectBridge.ALL_CLOSED) {
      Supplier<? extends R> allClosed = onAllClosed;
      if (allClosed == null) {
        throw new ChannelClosedException(
            "every onReceiveUntilClosed channel of this select is closed", null);
      }
      return allClosed.get();
    }
    return index == SelectBridge.DEFAULT ? onDefault.get() : handlers.get(index).apply(selected);
  }

  private int[] order() {
    return SelectBridge.order(
        clauses.size(),
        random == BIASED ? null : random != null ? random : ThreadLocalRandom.current());
  }

  private void checkNotEmpty() {
    if (clauses.isEmpty() && onDefault == null) {
      throw new IllegalStateException("a select needs at least one clause");
    }
    if (onAllClosed != null && !hasUntilClosed) {
      throw new IllegalStateException(
          "onAllClosed needs an onReceiveUntilClosed clause, or it could never fire");
    }
  }

  @SuppressWarnings("unchecked")
  private static <E> E element(SelectBridge.Selected selected) {
    return (E) selected.getValue();
  }

  /** Marks a biased select: no shuffling. */
  private static final Random BIASED = new Random(0);
}

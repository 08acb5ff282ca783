package dev.fanin.java;

import dev.fanin.Completion;
import dev.fanin.interop.AsCompletedBridge;
import dev.fanin.java.internal.Await;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * The results of an as-completed iteration without a deadline, taken one at a time on the calling
 * thread: the blocking form of {@code asCompleted}. Use it with try-with-resources. The forms with a
 * deadline return {@link Completions.Timed}, whose {@code take()} also throws {@link
 * TimeoutException}; this one cannot time out, so its {@code take()} does not declare it.
 *
 * <p>{@link #take()} is the primary way to read it: it blocks until the next result, and throws
 * {@link InterruptedException} as a checked exception. The {@link Iterator} methods and {@link
 * #stream()} are views for {@code for} loops and streams; because they cannot throw checked
 * exceptions, {@link #next()} turns an interrupt unchecked as it documents.
 *
 * <p><b>Closing</b> cancels the tasks Fanin started that have not finished (interrupting those that
 * are blocked), waits until they have stopped, and drops results not yet taken, so after a
 * try-with-resources block nothing the iteration started is still running. Futures the caller
 * passed in are never cancelled. A
 * task that ignores its interrupt therefore keeps {@code close()} waiting until it returns.
 *
 * <p>Not thread-safe for concurrent takers beyond what {@link #take()} documents: each result goes
 * to exactly one taker.
 *
 * @param <T> the type of the inputs' values; may be nullable, as a task's result may be null
 * @param <H> the type of the inputs
 */
public final class Completions<T extends @Nullable Object, H>
    implements Iterator<Completion<T, H>>, AutoCloseable {
  private final AsCompletedBridge.Sequence<Completion<T, H>> sequence;

  Completions(AsCompletedBridge.Sequence<Completion<T, H>> sequence) {
    this.sequence = sequence;
  }

  /**
   * Waits for the next result and returns it. Results come in completion order (input order for
   * {@code asCompletedOrdered}); each carries its input's index and handle. A failed input is a
   * result like any other: its {@link Completion#outcome()} holds the exception.
   *
   * @return the next result, never null (its value may be, if the input's is)
   * @throws NoSuchElementException if every result has been taken
   * @throws InterruptedException if interrupted while waiting; the iteration is then closed and its
   *     tasks have stopped, and the interrupt status is cleared
   * @throws CancellationException if the iteration was closed
   * @throws RuntimeException what the lazy source threw while being pulled: an unchecked exception
   *     as it is, a checked one in {@link dev.fanin.UncheckedTaskException}; the iteration is then
   *     failed and its tasks cancelled
   */
  public Completion<T, H> take() throws InterruptedException {
    try {
      return takeWithin();
    } catch (TimeoutException e) {
      // An iteration without a deadline has no timeout of its own; a TimeoutException that
      // arrives anyway (from a source that threw it undeclared) is wrapped as every checked one is.
      throw Await.unchecked(e);
    }
  }

  /** {@link Timed#take()}: {@link #take()}, and the deadline's {@link TimeoutException}. */
  private Completion<T, H> takeWithin() throws InterruptedException, TimeoutException {
    // A ready result is taken without a future; the future form says why none is.
    Completion<T, H> next = sequence.poll();
    if (next == null) {
      try {
        next = Await.awaitWithin(sequence.next());
      } catch (InterruptedException e) {
        // A second interrupt while the tasks stop is the same request; the status stays cleared.
        sequence.closeAndAwaitStopped();
        throw e;
      } catch (TimeoutException e) {
        // The deadline cancelled the tasks; as after an interrupt, they have stopped when this
        // throws. An interrupt while they stop is kept for the caller.
        if (sequence.awaitStopped()) {
          Thread.currentThread().interrupt();
        }
        throw e;
      }
    }
    if (next == null) {
      throw new NoSuchElementException("every result has been taken");
    }
    return next;
  }

  /**
   * {@return whether another result will come} Does not wait for it; for a lazy source it may pull
   * the source (and block in it) to find out.
   */
  @Override
  public boolean hasNext() {
    return sequence.hasNext();
  }

  /**
   * {@link #take()} for {@code Iterator} users. An interrupt closes the iteration, sets the thread's
   * interrupt status again, and throws {@link CancellationException} with the {@link
   * InterruptedException} as cause.
   *
   * @return the next result
   * @throws NoSuchElementException if every result has been taken
   */
  @Override
  public Completion<T, H> next() {
    try {
      return take();
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
  }

  private static CancellationException interrupted(InterruptedException e) {
    Thread.currentThread().interrupt();
    CancellationException cancelled = new CancellationException("interrupted while waiting");
    cancelled.initCause(e);
    return cancelled;
  }

  /**
   * {@return the remaining results as a sequential stream} Closing the stream closes this iteration;
   * its elements are taken with {@link #next()}.
   */
  public Stream<Completion<T, H>> stream() {
    return streamOf(this, this::close);
  }

  private static <E> Stream<E> streamOf(Iterator<E> iterator, Runnable close) {
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(close);
  }

  /**
   * {@return what this is and its state, such as {@code Completions[5 started, 2 not taken,
   * open]}} "started" counts the inputs started so far, "not taken" those of them whose result has
   * not been taken (running or ready); the state is {@code open}, {@code ended} (every result
   * taken), {@code closed}, {@code timed out} or {@code failed} (the source threw). A snapshot that
   * may be stale at once; it never blocks or throws.
   */
  @Override
  public String toString() {
    return "Completions[" + sequence.describe() + "]";
  }

  /**
   * Cancels the tasks Fanin started that have not finished, waits until they have stopped, and drops
   * results not yet taken. An interrupt while it waits is kept: the thread's interrupt status is set
   * again when it returns. Closing twice does nothing more.
   */
  @Override
  public void close() {
    if (sequence.closeAndAwaitStopped()) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The results of an as-completed iteration with a deadline: {@link Completions} whose {@link
   * #take()} also throws {@link TimeoutException} once the deadline has passed. Returned by {@link
   * FaninBlocking#asCompleted(java.util.List, java.time.Duration)} and {@link
   * FaninBlocking#asCompletedFutures(java.util.List, java.time.Duration)}. Everything else,
   * closing included, is as {@link Completions} documents.
   *
   * <p><b>Timeout.</b> Once the iteration's deadline passes, results that were ready are still
   * handed out, then every further take fails with {@link TimeoutException}. No later result can be
   * taken, so the deadline cancels the tasks Fanin started that are still running (interrupting
   * those that are blocked), and a take throws the {@link TimeoutException} once they have stopped,
   * as the Kotlin {@code asCompleted} flow does. (asyncio's {@code as_completed} leaves them
   * running.) Futures the caller passed in are never cancelled.
   *
   * @param <T> the type of the inputs' values; may be nullable, as a task's result may be null
   * @param <H> the type of the inputs
   */
  public static final class Timed<T extends @Nullable Object, H>
      implements Iterator<Completion<T, H>>, AutoCloseable {
    private final Completions<T, H> iteration;

    Timed(AsCompletedBridge.Sequence<Completion<T, H>> sequence) {
      this.iteration = new Completions<>(sequence);
    }

    /**
     * {@link Completions#take()}, and the deadline.
     *
     * @return the next result, never null (its value may be, if the input's is)
     * @throws NoSuchElementException if every result has been taken
     * @throws InterruptedException if interrupted while waiting; the iteration is then closed and
     *     its tasks have stopped, and the interrupt status is cleared
     * @throws TimeoutException if the iteration's deadline has passed and no result is ready; the
     *     tasks Fanin started have then stopped
     * @throws CancellationException if the iteration was closed
     */
    public Completion<T, H> take() throws InterruptedException, TimeoutException {
      return iteration.takeWithin();
    }

    /**
     * {@return whether another result will come} See {@link Completions#hasNext()}; after the
     * deadline a take throws instead of returning it.
     */
    @Override
    public boolean hasNext() {
      return iteration.hasNext();
    }

    /**
     * {@link #take()} for {@code Iterator} users: as {@link Completions#next()}, and a timeout
     * throws {@link UncheckedTimeoutException}.
     *
     * @return the next result
     * @throws NoSuchElementException if every result has been taken
     */
    @Override
    public Completion<T, H> next() {
      try {
        return take();
      } catch (InterruptedException e) {
        throw interrupted(e);
      } catch (TimeoutException e) {
        throw new UncheckedTimeoutException(e);
      }
    }

    /**
     * {@return the remaining results as a sequential stream} Closing the stream closes this
     * iteration; its elements are taken with {@link #next()}.
     */
    public Stream<Completion<T, H>> stream() {
      return streamOf(this, this::close);
    }

    /** See {@link Completions#close()}. */
    @Override
    public void close() {
      iteration.close();
    }

    /** {@return what {@link Completions#toString()} says, for this iteration with a deadline} */
    @Override
    public String toString() {
      return iteration.toString();
    }
  }
}

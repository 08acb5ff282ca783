package dev.fanin.java;

import dev.fanin.Completion;
import dev.fanin.interop.AsCompletedBridge;
import dev.fanin.interop.OutcomeBridge;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Starts the engine's as-completed sequences for both facades: {@link Fanin} views a sequence as
 * futures or a publisher, {@link FaninBlocking} as {@link Completions}.
 */
final class AsCompletedStarts {
  private AsCompletedStarts() {}

  static <T extends @Nullable Object> AsCompletedBridge.Sequence<Completion<T, Callable<T>>> tasks(
      List<? extends Callable<T>> tasks, @Nullable Duration timeout, @Nullable Executor executor) {
    return AsCompletedBridge.tasks(
        Objects.requireNonNull(tasks, "tasks"), timeout, executor, AsCompletedStarts::item);
  }

  static <T extends @Nullable Object, F extends CompletionStage<T>>
      AsCompletedBridge.Sequence<Completion<T, F>> futures(
          List<? extends F> futures, @Nullable Duration timeout) {
    return AsCompletedBridge.futures(
        Objects.requireNonNull(futures, "futures"), timeout, AsCompletedStarts::item);
  }

  static <T extends @Nullable Object> AsCompletedBridge.Sequence<Completion<T, Callable<T>>> bounded(
      Iterator<? extends Callable<T>> source,
      int limit,
      boolean ordered,
      @Nullable Executor executor) {
    return AsCompletedBridge.bounded(
        Objects.requireNonNull(source, "source"), limit, ordered, executor, AsCompletedStarts::item);
  }

  /** {@link #bounded} on the caller's {@code executor}, checked after {@code source}. */
  static <T extends @Nullable Object> AsCompletedBridge.Sequence<Completion<T, Callable<T>>> boundedOn(
      Iterator<? extends Callable<T>> source, int limit, boolean ordered, Executor executor) {
    Objects.requireNonNull(source, "source");
    return bounded(source, limit, ordered, Objects.requireNonNull(executor, "executor"));
  }

  /**
   * The first {@code count} results of {@code sequence} as futures: the i-th completes with the
   * i-th result. Completing any of them from outside (cancel, complete, orTimeout, ...) closes the
   * sequence (the engine's futures do that themselves), and so does the last of them completing in
   * any way: after that no future is left to receive a result, so a task still running (after a
   * timeout) is cancelled rather than left behind.
   */
  static <R> List<CompletableFuture<R>> futuresOf(AsCompletedBridge.Sequence<R> sequence, int count) {
    List<CompletableFuture<R>> futures = new ArrayList<>(count);
    AtomicInteger open = new AtomicInteger(count);
    for (int i = 0; i < count; i++) {
      CompletableFuture<R> next = sequence.next();
      // handle, not whenComplete: whenComplete would wrap a failure in a CompletionException,
      // whose constructor calls the failure's toString() (adr/0015).
      next.handle(
          (result, failure) -> {
            if (open.decrementAndGet() == 0) {
              sequence.close();
            }
            return null;
          });
      futures.add(next);
    }
    return Collections.unmodifiableList(futures);
  }

  @SuppressWarnings("unchecked")
  private static <T extends @Nullable Object, H> Completion<T, H> item(
      int index, Object input, @Nullable Object value, @Nullable Throwable exception) {
    return new Completion<T, H>(index, (H) input, OutcomeBridge.of((T) value, exception));
  }
}

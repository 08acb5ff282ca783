package dev.fanin.java.internal;

import dev.fanin.interop.FutureBridge;
import dev.fanin.UncheckedTaskException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The one way a {@code FaninBlocking} method is built from its {@code Fanin} twin: wait for the
 * future, unwrap its failure, and turn an interrupt into cancellation.
 *
 * <p>Not API: this package is not exported.
 */
public final class Await {
  private Await() {}

  /**
   * Waits for {@code future} and returns its value.
   *
   * @throws InterruptedException if the thread is interrupted while waiting; the future's work is
   *     then cancelled and has stopped, and the interrupt status is cleared
   * @throws java.util.concurrent.CancellationException if the future was cancelled by someone else
   */
  public static <T extends @Nullable Object> T await(CompletableFuture<T> future)
      throws InterruptedException {
    try {
      return get(future);
    } catch (ExecutionException e) {
      throw unchecked(e.getCause());
    }
  }

  /**
   * {@link #await} for operations with a deadline: a {@link TimeoutException} is thrown as it is,
   * not wrapped.
   */
  public static <T extends @Nullable Object> T awaitWithin(CompletableFuture<T> future)
      throws InterruptedException, TimeoutException {
    try {
      return get(future);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TimeoutException timeout) {
        throw withWaiterTrace(timeout);
      }
      throw unchecked(e.getCause());
    }
  }

  /**
   * Returns {@code failure} in a form a method without a {@code throws} clause can throw: an
   * unchecked exception as it is, a checked one wrapped in {@link UncheckedTaskException}. An
   * {@link Error} cannot be returned as a {@code RuntimeException}, so it is thrown from here.
   * Either way {@code failure} itself gets the waiter's trace: a wrapper made inside a Fanin task is
   * dropped when the task ends (the task fails with the wrapped exception, adr/0019), and the trace
   * is then the only record of where the task waited.
   */
  public static RuntimeException unchecked(Throwable failure) {
    if (failure instanceof RuntimeException runtime) {
      return withWaiterTrace(runtime);
    }
    if (failure instanceof Error error) {
      throw withWaiterTrace(error);
    }
    return new UncheckedTaskException(withWaiterTrace(failure));
  }

  private static <T extends @Nullable Object> T get(CompletableFuture<T> future)
      throws InterruptedException, ExecutionException {
    try {
      return future.get();
    } catch (CancellationException e) {
      throw ownCancellation(future, e);
    } catch (InterruptedException e) {
      future.cancel(true);
      // A second interrupt while the work stops is the same request; the status stays cleared.
      FutureBridge.awaitStopped(future);
      throw e;
    } catch (RuntimeException | Error e) {
      // get() reports a failure as new ExecutionException(failure), whose constructor calls the
      // failure's toString(): a failure whose toString() throws escapes from get() as that
      // throw instead. The failure itself is still in the future, read without toString().
      Throwable stored = storedFailure(future);
      if (stored == null) {
        throw e;
      }
      throw new ExecutionException("the task failed", stored);
    }
  }

  /**
   * The exception {@code future} failed with, as {@code get()} would report it (without the
   * CompletionException layer), or null if it has not failed. Never calls a method of it but
   * {@code getCause} of a CompletionException.
   */
  private static @Nullable Throwable storedFailure(CompletableFuture<?> future) {
    if (!future.isCompletedExceptionally()) {
      return null;
    }
    Throwable stored = future.handle((value, failure) -> failure).getNow(null);
    if (stored instanceof CompletionException && stored.getCause() != null) {
      stored = stored.getCause();
    }
    return stored;
  }

  /**
   * The CancellationException {@code future} holds, rather than the copy JDK 23 and later throw
   * from {@code get()} (a new {@code CancellationException("get")} with the original as its cause):
   * a task that threw one itself is owed its own object on every JDK. {@code handle} sees the
   * stored exception as it is; the future is done, so it runs at once.
   */
  private static CancellationException ownCancellation(
      CompletableFuture<?> future, CancellationException thrown) {
    Throwable stored = future.handle((value, failure) -> failure).getNow(null);
    return stored instanceof CancellationException own ? own : thrown;
  }

  /**
   * Adds where the caller waited, once: the same exception rethrown again (a failed future awaited
   * in a retry loop, say) must not grow a suppressed entry per wait.
   */
  private static <X extends Throwable> X withWaiterTrace(X failure) {
    for (Throwable suppressed : failure.getSuppressed()) {
      if (suppressed instanceof AwaitedAt) {
        return failure;
      }
    }
    failure.addSuppressed(new AwaitedAt(Thread.currentThread()));
    return failure;
  }
}

package dev.fanin.java;

import dev.fanin.interop.GatherBridge;
import dev.fanin.interop.TimeoutBridge;
import dev.fanin.java.internal.JavaOutcomes;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Fanin's operations in {@link CompletableFuture} form: each starts the work and returns at once,
 * never blocking the caller. {@link FaninBlocking} has the same methods in blocking form.
 *
 * <p>Unless otherwise specified, passing a {@code null} argument, or a list with a {@code null}
 * element, to a method in this class throws {@link NullPointerException} whose message names the
 * argument (for example {@code tasks[3]}), before any work starts.
 *
 * <p><b>Cancellation.</b> Cancelling a future returned here stops the work behind it: tasks Fanin
 * started are cancelled and a task blocked in I/O or {@code sleep} is interrupted, whatever {@code
 * mayInterruptIfRunning} says. This differs from {@link CompletableFuture#cancel}. The future
 * reports cancelled at once, while the tasks may take a moment to stop; the blocking forms wait for
 * them.
 *
 * <p><b>Threads.</b> {@link Callable}s run on the {@link Executor} given, or by default on a new
 * virtual thread each (JDK 21 and later) or a cached pool of daemon threads (JDK 17 to 20); see
 * {@code adr/0001}. Dependent stages of a returned future run on the thread that completes it.
 *
 * <p><b>Memory consistency.</b> Actions in a task happen-before the completion of the future that
 * reports its result.
 */
public final class Fanin {
  private Fanin() {}

  /**
   * Runs every task concurrently and returns a future of their results in argument order
   * (asyncio's {@code gather}).
   *
   * <p>The tasks run on Fanin's default executor. The list is read once, when this method is
   * called. An empty list gives a future already completed with an empty list. Results may be
   * {@code null}; the list is immutable.
   *
   * <p><b>Failure.</b> The first task to fail completes the future with that task's own exception
   * (not wrapped). Every other task is cancelled at once, and a task blocked in I/O or {@code sleep}
   * is interrupted; the future completes only after all of them have stopped, so no task outlives
   * the call. A task that ends after the cancellation reached it counts as cancelled, whatever it
   * throws; a failure that raced the first one and ended before the cancellation is added to it as
   * a suppressed exception. This differs from asyncio, whose {@code gather} lets the other tasks run
   * on ({@code adr/0003}); use {@link #gatherSettled(List)} to see every failure.
   *
   * <p><b>Cancellation.</b> Cancelling the returned future cancels every task and interrupts those
   * that are running. A task that throws {@link java.util.concurrent.CancellationException} fails
   * the gather with it.
   *
   * <pre>{@code
   * CompletableFuture<List<String>> pages =
   *     Fanin.gather(List.of(() -> fetch("a"), () -> fetch("b")));
   * }</pre>
   *
   * <p>Related: {@link #gatherSettled(List)} returns every outcome instead of failing; {@link
   * #gatherFutures(List)} gathers futures you already hold; {@link FaninBlocking#gather(List)}.
   *
   * @param tasks the tasks, each run once
   * @param <T> the type of the results
   * @return a future of the results, in the order of {@code tasks}
   * @throws NullPointerException if {@code tasks} or an element is null
   */
  public static <T> CompletableFuture<List<T>> gather(List<? extends Callable<? extends T>> tasks) {
    return GatherBridge.gatherTasks(Objects.requireNonNull(tasks, "tasks"), null);
  }

  /**
   * {@link #gather(List)} with the tasks run on {@code executor}. Same contract, except that an
   * executor that rejects a task fails the gather with its {@link
   * java.util.concurrent.RejectedExecutionException}.
   *
   * @param tasks the tasks, each run once
   * @param executor where the tasks run
   * @param <T> the type of the results
   * @return a future of the results, in the order of {@code tasks}
   * @throws NullPointerException if {@code tasks}, an element, or {@code executor} is null
   */
  public static <T> CompletableFuture<List<T>> gather(
      List<? extends Callable<? extends T>> tasks, Executor executor) {
    Objects.requireNonNull(tasks, "tasks");
    return GatherBridge.gatherTasks(tasks, Objects.requireNonNull(executor, "executor"));
  }

  /**
   * Runs every task concurrently and returns a future of one {@link Outcome} per task in argument
   * order (asyncio's {@code gather(..., return_exceptions=True)}).
   *
   * <p><b>Failure.</b> A failing task affects no other: its outcome is an {@link Outcome.Failure}
   * with its own exception. A task that throws {@link java.util.concurrent.CancellationException}
   * gets an {@link Outcome.Cancelled}. The future never fails because of a task.
   *
   * <p><b>Cancellation.</b> Cancelling the returned future cancels every task and interrupts those
   * that are running; that is the only way the future ends without a list.
   *
   * <pre>{@code
   * List<Outcome<String>> outcomes =
   *     Fanin.gatherSettled(List.of(() -> fetch("a"), () -> fetch("b"))).join();
   * }</pre>
   *
   * @param tasks the tasks, each run once
   * @param <T> the type of the results
   * @return a future of the outcomes, in the order of {@code tasks}
   * @throws NullPointerException if {@code tasks} or an element is null
   */
  public static <T> CompletableFuture<List<Outcome<T>>> gatherSettled(
      List<? extends Callable<? extends T>> tasks) {
    return GatherBridge.gatherTasksSettled(
        Objects.requireNonNull(tasks, "tasks"), null, JavaOutcomes.<T>factory());
  }

  /**
   * {@link #gatherSettled(List)} with the tasks run on {@code executor}. Same contract; a task the
   * executor rejects gets an {@link Outcome.Failure} with the {@link
   * java.util.concurrent.RejectedExecutionException}.
   *
   * @param tasks the tasks, each run once
   * @param executor where the tasks run
   * @param <T> the type of the results
   * @return a future of the outcomes, in the order of {@code tasks}
   * @throws NullPointerException if {@code tasks}, an element, or {@code executor} is null
   */
  public static <T> CompletableFuture<List<Outcome<T>>> gatherSettled(
      List<? extends Callable<? extends T>> tasks, Executor executor) {
    Objects.requireNonNull(tasks, "tasks");
    return GatherBridge.gatherTasksSettled(
        tasks, Objects.requireNonNull(executor, "executor"), JavaOutcomes.<T>factory());
  }

  /**
   * Returns a future of the values of futures the caller already holds, in argument order.
   *
   * <p>The name differs from {@link #gather(List)} only because Java cannot overload on a list's
   * element type. An empty list gives a future already completed with an empty list. The result
   * list is immutable and may hold {@code null}s.
   *
   * <p><b>Failure.</b> The first input to fail completes the future with its exception (unwrapped
   * from any {@link java.util.concurrent.CompletionException}); a cancelled input completes it as
   * cancelled. The inputs belong to the caller, so a sibling's failure cancels none of them.
   *
   * <p><b>Cancellation.</b> Cancelling the returned future cancels every input, as asyncio cancels
   * the awaitables given to {@code gather}.
   *
   * <p><b>Cost.</b> An input that is an already completed {@link CompletableFuture} is read in place
   * without allocation; the work is iterative, so a million inputs are fine.
   *
   * <pre>{@code
   * CompletableFuture<List<User>> users = Fanin.gatherFutures(List.of(client.user(1), client.user(2)));
   * }</pre>
   *
   * @param futures the futures to wait for
   * @param <T> the type of the values
   * @return a future of the values, in the order of {@code futures}
   * @throws NullPointerException if {@code futures} or an element is null
   */
  public static <T> CompletableFuture<List<T>> gatherFutures(
      List<? extends CompletionStage<? extends T>> futures) {
    return GatherBridge.gatherFutures(Objects.requireNonNull(futures, "futures"));
  }

  /**
   * Returns a future of one {@link Outcome} per input future, in argument order, once every input
   * has completed. A failed input gives an {@link Outcome.Failure} with its exception (unwrapped
   * from any {@link java.util.concurrent.CompletionException}), a cancelled one an {@link
   * Outcome.Cancelled}. Otherwise as {@link #gatherFutures(List)}: cancelling the returned future
   * cancels every input.
   *
   * @param futures the futures to wait for
   * @param <T> the type of the values
   * @return a future of the outcomes, in the order of {@code futures}
   * @throws NullPointerException if {@code futures} or an element is null
   */
  public static <T> CompletableFuture<List<Outcome<T>>> gatherFuturesSettled(
      List<? extends CompletionStage<? extends T>> futures) {
    return GatherBridge.gatherFuturesSettled(
        Objects.requireNonNull(futures, "futures"), JavaOutcomes.<T>factory());
  }

  /**
   * Runs {@code task} and returns a future of its result, or cancels it when {@code timeout}
   * passes (asyncio's {@code wait_for}).
   *
   * <p><b>Timeout.</b> On expiry the task is cancelled (interrupted if it is running), and once it
   * has stopped the future completes with {@link java.util.concurrent.TimeoutException}, not a
   * {@link java.util.concurrent.CancellationException} ({@code adr/0002}). A zero or negative
   * timeout expires at once, as in asyncio.
   *
   * <p><b>Failure.</b> The future completes with the task's own exception.
   *
   * <p><b>Cancellation.</b> Cancelling the returned future cancels the task and interrupts it if
   * it is running.
   *
   * <pre>{@code
   * CompletableFuture<String> page = Fanin.waitFor(() -> fetch(url), Duration.ofSeconds(2));
   * }</pre>
   *
   * @param task the task, run once on Fanin's default executor
   * @param timeout how long it may take
   * @param <T> the type of its result
   * @return a future of its result
   * @throws NullPointerException if {@code task} or {@code timeout} is null
   */
  public static <T> CompletableFuture<T> waitFor(Callable<? extends T> task, Duration timeout) {
    Objects.requireNonNull(task, "task");
    return TimeoutBridge.waitForTask(task, Objects.requireNonNull(timeout, "timeout"), null);
  }

  /**
   * {@link #waitFor(Callable, Duration)} with the task run on {@code executor}. Same contract.
   *
   * @param task the task, run once
   * @param timeout how long it may take
   * @param executor where the task runs
   * @param <T> the type of its result
   * @return a future of its result
   * @throws NullPointerException if an argument is null
   */
  public static <T> CompletableFuture<T> waitFor(
      Callable<? extends T> task, Duration timeout, Executor executor) {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(timeout, "timeout");
    return TimeoutBridge.waitForTask(task, timeout, Objects.requireNonNull(executor, "executor"));
  }

  /**
   * Returns a future of {@code future}'s value that fails with {@link
   * java.util.concurrent.TimeoutException} if {@code timeout} passes first; then {@code future}
   * itself is cancelled, as asyncio's {@code wait_for} cancels what it awaited.
   *
   * <p><b>Failure.</b> The returned future completes with the input's exception, unwrapped from any
   * {@link java.util.concurrent.CompletionException}.
   *
   * <p><b>Cancellation.</b> Cancelling the returned future cancels {@code future}.
   *
   * <pre>{@code
   * CompletableFuture<Quote> quote = Fanin.waitFor(client.quote("ACME"), Duration.ofMillis(300));
   * }</pre>
   *
   * @param future the future to wait for
   * @param timeout how long to wait
   * @param <T> the type of its value
   * @return a future of its value
   * @throws NullPointerException if an argument is null
   */
  public static <T> CompletableFuture<T> waitFor(
      CompletionStage<? extends T> future, Duration timeout) {
    Objects.requireNonNull(future, "future");
    return TimeoutBridge.waitForFuture(future, Objects.requireNonNull(timeout, "timeout"));
  }

  /**
   * Runs {@code body} in a scope with a deadline and returns a future of its result (asyncio's
   * {@code timeout()}): when the deadline passes, the body and every Fanin call it made are
   * cancelled.
   *
   * <p>The body runs on Fanin's default executor. Through its {@link TimeoutScope} it can ask
   * whether the deadline passed and move it. A zero or negative timeout expires at once.
   *
   * <p><b>Timeout.</b> On expiry the body is interrupted, every Fanin call it made (blocking or
   * not) is cancelled, and once all of it has stopped, nested calls it left running included, the
   * future completes with {@link java.util.concurrent.TimeoutException}. A body blocked in a nested
   * {@code FaninBlocking} call sees {@link InterruptedException} or, when the nested call's
   * cancellation arrives first, {@link java.util.concurrent.CancellationException}: clean-up code
   * should expect either. If the body returns after the deadline passed, its result is discarded
   * and the future still fails with the timeout.
   *
   * <p><b>Failure.</b> The future completes with the body's own exception.
   *
   * <p><b>Cancellation.</b> Cancelling the returned future cancels the body and its Fanin calls.
   *
   * <pre>{@code
   * CompletableFuture<Report> report = Fanin.timeoutScope(Duration.ofSeconds(5), scope -> {
   *   List<Row> rows = FaninBlocking.gather(queries);
   *   scope.reschedule(Duration.ofSeconds(1));
   *   return render(rows);
   * });
   * }</pre>
   *
   * @param timeout the deadline, from now
   * @param body the code to run
   * @param <T> the type of its result
   * @return a future of its result
   * @throws NullPointerException if an argument is null
   */
  public static <T> CompletableFuture<T> timeoutScope(
      Duration timeout, TimeoutScope.Body<? extends T> body) {
    Objects.requireNonNull(timeout, "timeout");
    return startScope(timeout, Objects.requireNonNull(body, "body"), null);
  }

  /**
   * {@link #timeoutScope(Duration, TimeoutScope.Body)} with the body run on {@code executor}. Same
   * contract.
   *
   * @param timeout the deadline, from now
   * @param body the code to run
   * @param executor where the body runs
   * @param <T> the type of its result
   * @return a future of its result
   * @throws NullPointerException if an argument is null
   */
  public static <T> CompletableFuture<T> timeoutScope(
      Duration timeout, TimeoutScope.Body<? extends T> body, Executor executor) {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(body, "body");
    return startScope(timeout, body, Objects.requireNonNull(executor, "executor"));
  }

  private static <T> CompletableFuture<T> startScope(
      Duration timeout, TimeoutScope.Body<? extends T> body, Executor executor) {
    return TimeoutBridge.timeoutScope(
        timeout, executor, scope -> body.run(new TimeoutScopeHandle(scope)));
  }
}

package dev.fanin.java;

import dev.fanin.Completion;
import dev.fanin.OnFailure;
import dev.fanin.Outcome;
import dev.fanin.RaceFailedException;
import dev.fanin.ReturnWhen;
import dev.fanin.TaskGroupException;
import dev.fanin.TimeoutScope;
import dev.fanin.WaitResult;
import dev.fanin.interop.AsCompletedBridge;
import dev.fanin.interop.GatherBridge;
import dev.fanin.interop.RaceBridge;
import dev.fanin.interop.TaskGroupBridge;
import dev.fanin.interop.TimeoutBridge;
import dev.fanin.interop.WaitBridge;
import dev.fanin.interop.OutcomeBridge;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

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
 * mayInterruptIfRunning} says. This differs from {@link CompletableFuture#cancel}. Completing the
 * future in any other way before Fanin does counts as cancelling it: {@link
 * CompletableFuture#complete complete}, {@link CompletableFuture#completeExceptionally
 * completeExceptionally}, {@link CompletableFuture#orTimeout orTimeout}, {@link
 * CompletableFuture#completeOnTimeout completeOnTimeout}, {@code completeAsync} and {@code
 * obtrude...} stop the work exactly as each method's <b>Cancellation</b> paragraph says {@code
 * cancel} does, and the future keeps the outcome it was given. For example,
 * {@code Fanin.gather(tasks).orTimeout(2, TimeUnit.SECONDS)} interrupts the tasks still running
 * after two seconds. The future reports its outcome at once, while the tasks may take a moment to
 * stop; the blocking forms wait for them. Only the returned future itself does this: cancelling or
 * completing a stage derived from it ({@code thenApply}, ...) does not reach back to the work. A
 * task that ignores its interrupt runs on until it returns, and its result is dropped.
 *
 * <p><b>Threads.</b> {@link Callable}s, and the bodies of {@link #taskGroup(TaskGroup.Body)} and
 * {@link #timeoutScope(Duration, TimeoutScope.Body)}, run on the {@link Executor} given, or by
 * default on a new virtual thread each (JDK 21 and later) or a cached pool of daemon threads (JDK
 * 17 to 20; see {@code adr/0001}), or on the executor set with {@link
 * FaninConfig#setDefaultExecutor}. A task decorator set with {@link FaninConfig#setTaskDecorator}
 * carries the starting thread's context (a logging MDC, a tracing span, a {@code ThreadLocal})
 * into every one of them. (The blocking forms run their bodies on the calling thread instead; see
 * {@link FaninBlocking}.) Dependent stages of a returned future run on the thread that completes it,
 * except that Fanin never completes one on kotlinx.coroutines' own threads (its timer thread, the
 * workers of {@code Dispatchers.Default} and {@code IO}): when a deadline passes, or work ends on
 * such a thread, the future is completed on Fanin's built-in executor (a virtual thread, or its
 * cached pool; never the one set with {@code FaninConfig}) instead, so that a stage that blocks
 * cannot hold up other deadlines.
 *
 * <p><b>A task's exception</b> is what its code threw, with one exception: an {@link
 * dev.fanin.UncheckedTaskException}, the wrapper that a blocking Fanin call made inside the task (or
 * {@link Outcome#getOrThrow()}) puts around a checked exception, stands for the exception it
 * carries. A {@code Callable} may throw that exception itself, so the task fails as if it had: a
 * future fails with it, an {@link Outcome} or a {@link TaskGroupException} holds it, and a blocking
 * caller gets it in one {@code UncheckedTaskException}, never in two ({@code adr/0019}). So a
 * deadline per task, a blocking {@code waitFor} inside each task, reports the work's own exception
 * and the deadline's {@link java.util.concurrent.TimeoutException} alike:
 *
 * <pre>{@code
 * List<Callable<String>> withDeadlines = new ArrayList<>();
 * for (Callable<String> read : reads) {
 *   withDeadlines.add(() -> FaninBlocking.waitFor(read, perRead));
 * }
 * // Each outcome will hold its read's own exception, or the TimeoutException of its deadline.
 * CompletableFuture<List<Outcome<String>>> outcomes = Fanin.gatherSettled(withDeadlines);
 * }</pre>
 *
 * <p><b>Memory consistency.</b> Actions in a task happen-before the completion of the future that
 * reports its result.
 *
 * <p><b>Null results.</b> A task may return {@code null}; the future, list, {@link Outcome} or
 * {@link Completion} that reports its result then holds {@code null} in its place. The methods'
 * result type parameters are declared {@code <T extends @Nullable Object>} for this (see the package
 * documentation). A future, list or publisher that Fanin returns is itself never {@code null}.
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
   * the call. Every later failure is added to the first as a suppressed exception, as Kotlin's
   * {@code gather} does: one that raced it, and one a task throws while being cancelled (a clean-up
   * that fails). The cancellation's echo is not a failure: a task that ends after the cancellation
   * reached it by returning, or by throwing an {@link InterruptedException}, an interrupted I/O
   * exception or a {@link java.util.concurrent.CancellationException} (or an exception caused by
   * one), counts as cancelled. This differs from asyncio, whose {@code gather} lets the other tasks run
   * on ({@code adr/0003}); use {@link #gatherSettled(List)} to see every failure.
   *
   * <p><b>Cancellation.</b> Cancelling (or otherwise completing) the returned future cancels every
   * task and interrupts those that are running. A task that throws {@link java.util.concurrent.CancellationException} fails
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
  public static <T extends @Nullable Object> CompletableFuture<List<T>> gather(List<? extends Callable<? extends T>> tasks) {
    return GatherBridge.gatherTasks(Objects.requireNonNull(tasks, "tasks"), null);
  }

  /**
   * {@link #gather(List)} with the tasks run on {@code executor}. Same contract, except that
   * when the executor refuses a task, whatever its {@code execute} throws, a {@link
   * java.util.concurrent.RejectedExecutionException}, another exception or an {@link Error}, is that
   * task's failure and is never thrown from this method (adr/0015); it fails the gather.
   *
   * @param tasks the tasks, each run once
   * @param executor where the tasks run
   * @param <T> the type of the results
   * @return a future of the results, in the order of {@code tasks}
   * @throws NullPointerException if {@code tasks}, an element, or {@code executor} is null
   */
  public static <T extends @Nullable Object> CompletableFuture<List<T>> gather(
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
   * <p><b>Cancellation.</b> Cancelling (or otherwise completing) the returned future cancels every
   * task and interrupts those that are running; that is the only way the future ends without a
   * list.
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
  public static <T extends @Nullable Object> CompletableFuture<List<Outcome<T>>> gatherSettled(
      List<? extends Callable<? extends T>> tasks) {
    return GatherBridge.gatherTasksSettled(
        Objects.requireNonNull(tasks, "tasks"), null);
  }

  /**
   * {@link #gatherSettled(List)} with the tasks run on {@code executor}. Same contract; when the
   * executor refuses a task, whatever its {@code execute} throws, a {@link
   * java.util.concurrent.RejectedExecutionException}, another exception or an {@link Error}, is that
   * task's failure and is never thrown from this method (adr/0015); the task gets an {@link Outcome.Failure} with it.
   *
   * @param tasks the tasks, each run once
   * @param executor where the tasks run
   * @param <T> the type of the results
   * @return a future of the outcomes, in the order of {@code tasks}
   * @throws NullPointerException if {@code tasks}, an element, or {@code executor} is null
   */
  public static <T extends @Nullable Object> CompletableFuture<List<Outcome<T>>> gatherSettled(
      List<? extends Callable<? extends T>> tasks, Executor executor) {
    Objects.requireNonNull(tasks, "tasks");
    return GatherBridge.gatherTasksSettled(
        tasks, Objects.requireNonNull(executor, "executor"));
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
   * <p><b>Cancellation.</b> Cancelling (or otherwise completing) the returned future cancels every
   * input, as asyncio cancels the awaitables given to {@code gather}.
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
  public static <T extends @Nullable Object> CompletableFuture<List<T>> gatherFutures(
      List<? extends CompletionStage<? extends T>> futures) {
    return GatherBridge.gatherFutures(Objects.requireNonNull(futures, "futures"));
  }

  /**
   * Returns a future of one {@link Outcome} per input future, in argument order, once every input
   * has completed. A failed input gives an {@link Outcome.Failure} with its exception (unwrapped
   * from any {@link java.util.concurrent.CompletionException}), a cancelled one an {@link
   * Outcome.Cancelled}. Otherwise as {@link #gatherFutures(List)}: cancelling (or otherwise
   * completing) the returned future cancels every input.
   *
   * @param futures the futures to wait for
   * @param <T> the type of the values
   * @return a future of the outcomes, in the order of {@code futures}
   * @throws NullPointerException if {@code futures} or an element is null
   */
  public static <T extends @Nullable Object> CompletableFuture<List<Outcome<T>>> gatherFuturesSettled(
      List<? extends CompletionStage<? extends T>> futures) {
    return GatherBridge.gatherFuturesSettled(
        Objects.requireNonNull(futures, "futures"));
  }

  /**
   * Runs {@code task} and returns a future of its result, or cancels it when {@code timeout}
   * passes (asyncio's {@code wait_for}).
   *
   * <p><b>Timeout.</b> On expiry the task is cancelled (interrupted if it is running), and once it
   * has stopped the future completes with {@link java.util.concurrent.TimeoutException}, not a
   * {@link java.util.concurrent.CancellationException} ({@code adr/0002}). A zero timeout expires at
   * once: the task never starts, as asyncio's {@code wait_for(coro, 0)} never runs it. A negative
   * one is rejected, unlike in asyncio ({@code adr/0010}).
   *
   * <p><b>Failure.</b> The future completes with the task's own exception, also when the task throws
   * it while the expiry cancels it (a clean-up that fails), as asyncio's {@code wait_for} lets it
   * propagate; the cancellation's echo (an {@link InterruptedException}, an interrupted I/O
   * exception, or an exception caused by one) gives the {@code TimeoutException}.
   *
   * <p><b>Cancellation.</b> Cancelling (or otherwise completing) the returned future cancels the
   * task and interrupts it if it is running.
   *
   * <pre>{@code
   * CompletableFuture<String> page = Fanin.waitFor(() -> fetch(url), Duration.ofSeconds(2));
   * }</pre>
   *
   * @apiNote For a deadline per task of a {@code gather}, {@code asCompleted} or task group, make
   *     each task {@code () -> FaninBlocking.waitFor(work, timeout)}: the task then fails with the
   *     work's own exception or the {@code TimeoutException}, as if it had thrown it itself (see
   *     the class documentation, <b>A task's exception</b>).
   *
   * @param task the task, run once on Fanin's default executor
   * @param timeout how long it may take
   * @param <T> the type of its result
   * @return a future of its result
   * @throws NullPointerException if {@code task} or {@code timeout} is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public static <T extends @Nullable Object> CompletableFuture<T> waitFor(Callable<? extends T> task, Duration timeout) {
    Objects.requireNonNull(task, "task");
    return TimeoutBridge.waitForTask(task, Objects.requireNonNull(timeout, "timeout"), null);
  }

  /**
   * {@link #waitFor(Callable, Duration)} with the task run on {@code executor}. Same contract; when the
   * executor refuses the task, whatever its {@code execute} throws, a {@link
   * java.util.concurrent.RejectedExecutionException}, another exception or an {@link Error}, is that
   * task's failure and is never thrown from this method (adr/0015); it fails the future. The deadline is armed when the executor
   * starts the task, and passes without a thread of the executor: even while the task holds the
   * only thread of a single-thread pool. An executor that runs the task in place ({@code
   * Runnable::run}) runs it before this method returns.
   *
   * @param task the task, run once
   * @param timeout how long it may take
   * @param executor where the task runs
   * @param <T> the type of its result
   * @return a future of its result
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public static <T extends @Nullable Object> CompletableFuture<T> waitFor(
      Callable<? extends T> task, Duration timeout, Executor executor) {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(timeout, "timeout");
    return TimeoutBridge.waitForTask(task, timeout, Objects.requireNonNull(executor, "executor"));
  }

  /**
   * Returns a future of {@code future}'s value that fails with {@link
   * java.util.concurrent.TimeoutException} if {@code timeout} passes first; then {@code future}
   * itself is cancelled, as asyncio's {@code wait_for} cancels what it awaited. A future that is
   * already complete gives its outcome at once, even with a zero timeout (as asyncio's {@code
   * wait_for} does with a done future); a zero timeout expires a pending one at once.
   *
   * <p><b>Failure.</b> The returned future completes with the input's exception, unwrapped from any
   * {@link java.util.concurrent.CompletionException}.
   *
   * <p><b>Cancellation.</b> Cancelling (or otherwise completing) the returned future cancels {@code
   * future}.
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
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public static <T extends @Nullable Object> CompletableFuture<T> waitFor(
      CompletionStage<? extends T> future, Duration timeout) {
    Objects.requireNonNull(future, "future");
    return TimeoutBridge.waitForFuture(future, Objects.requireNonNull(timeout, "timeout"));
  }

  /**
   * Runs {@code body} in a scope with a deadline and returns a future of its result (asyncio's
   * {@code timeout()}): when the deadline passes, the body and every Fanin call it made are
   * cancelled.
   *
   * <p>The body runs on Fanin's default executor, not on the calling thread (which this method
   * never blocks), decorated by the task decorator if one is set ({@link FaninConfig}); {@link
   * FaninBlocking#timeoutScope(Duration, TimeoutScope.Body)} runs it on the calling thread. Through
   * its {@link TimeoutScope} it can ask whether the deadline passed and move it. A zero timeout expires at once: the body never starts,
   * as in the Kotlin {@code timeoutScope}. A negative one is rejected ({@code adr/0010}).
   *
   * <p><b>Timeout.</b> On expiry the body is interrupted, every Fanin call it made (blocking or
   * not) is cancelled, and once all of it has stopped, nested calls it left running included, the
   * future completes with {@link java.util.concurrent.TimeoutException}. A body blocked in a nested
   * {@code FaninBlocking} call sees {@link InterruptedException} or, when the nested call's
   * cancellation arrives first, {@link java.util.concurrent.CancellationException}: clean-up code
   * should expect either. If the body returns after the deadline passed, its result is discarded
   * and the future still fails with the timeout.
   *
   * <p><b>Failure.</b> The future completes with the body's own exception, also when the body throws
   * it while the expiry cancels it (a clean-up that fails), as asyncio's {@code timeout()} lets it
   * propagate; the cancellation's echo (an {@link InterruptedException}, an interrupted I/O
   * exception, a nested call's {@link java.util.concurrent.CancellationException}, or an exception
   * caused by one) gives the {@code TimeoutException}.
   *
   * <p><b>Cancellation.</b> Cancelling (or otherwise completing) the returned future cancels the
   * body and its Fanin calls, however deeply they nest (timeout scopes and task groups inside each
   * other's tasks: see {@link TaskGroup}, <b>Nesting</b>).
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
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public static <T extends @Nullable Object> CompletableFuture<T> timeoutScope(
      Duration timeout, TimeoutScope.Body<? extends T> body) {
    Objects.requireNonNull(timeout, "timeout");
    return startScope(timeout, Objects.requireNonNull(body, "body"), null);
  }

  /**
   * {@link #timeoutScope(Duration, TimeoutScope.Body)} with the body run on {@code executor}. Same
   * contract; when the executor refuses the body, whatever its {@code execute} throws, a {@link
   * java.util.concurrent.RejectedExecutionException}, another exception or an {@link Error}, is that
   * body's failure and is never thrown from this method (adr/0015); it fails the future. As for {@link #waitFor(Callable, Duration,
   * Executor)}, the deadline is armed when the executor starts the body and passes without a thread
   * of the executor, and an executor that runs the body in place runs it before this method returns.
   *
   * @param timeout the deadline, from now
   * @param body the code to run
   * @param executor where the body runs
   * @param <T> the type of its result
   * @return a future of its result
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public static <T extends @Nullable Object> CompletableFuture<T> timeoutScope(
      Duration timeout, TimeoutScope.Body<? extends T> body, Executor executor) {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(body, "body");
    return startScope(timeout, body, Objects.requireNonNull(executor, "executor"));
  }

  /**
   * Returns a future of the caller's handles split into done and pending once {@code returnWhen}
   * holds (asyncio's {@code wait}).
   *
   * <p>Each list of the result keeps the order of {@code handles} and holds the caller's own
   * objects; a handle given twice appears once, at its first position (asyncio takes a set). Any
   * {@link CompletionStage} works, futures Fanin returned included.
   *
   * <p><b>Failure.</b> The returned future never fails because of a handle: a failed handle is
   * simply done. {@link ReturnWhen#FIRST_EXCEPTION} returns when a handle fails or all are done; a
   * cancelled handle does not count as failed.
   *
   * <p><b>Cancellation.</b> It never cancels a handle: not when it returns, not on timeout.
   * Cancelling (or otherwise completing) the returned future stops the waiting only; the handles
   * keep running.
   *
   * <pre>{@code
   * CompletableFuture<WaitResult<CompletableFuture<Quote>>> first =
   *     Fanin.waitUntil(ReturnWhen.FIRST_COMPLETED, List.of(fromCache, fromServer));
   * }</pre>
   *
   * <p>The name is not {@code wait}, which reads as {@link Object#wait()} ({@code adr/0004}).
   *
   * @param returnWhen when to return
   * @param handles the futures to watch; not empty
   * @param <H> the type of the handles
   * @return a future of the split
   * @throws IllegalArgumentException if {@code handles} is empty (asyncio raises {@code ValueError})
   * @throws NullPointerException if an argument or an element is null
   */
  public static <H extends CompletionStage<?>> CompletableFuture<WaitResult<H>> waitUntil(
      ReturnWhen returnWhen, List<? extends H> handles) {
    Objects.requireNonNull(returnWhen, "returnWhen");
    return startWait(returnWhen, Objects.requireNonNull(handles, "handles"), null);
  }

  /**
   * {@link #waitUntil(ReturnWhen, List)} that also returns when {@code timeout} passes, with the
   * handles that are still pending. Same contract: the timeout cancels nothing and the future does
   * not fail with {@link java.util.concurrent.TimeoutException}. A zero timeout returns the current
   * split at once.
   *
   * @param returnWhen when to return
   * @param handles the futures to watch; not empty
   * @param timeout the most to wait
   * @param <H> the type of the handles
   * @return a future of the split
   * @throws IllegalArgumentException if {@code handles} is empty or {@code timeout} is negative
   * @throws NullPointerException if an argument or an element is null
   */
  public static <H extends CompletionStage<?>> CompletableFuture<WaitResult<H>> waitUntil(
      ReturnWhen returnWhen, List<? extends H> handles, Duration timeout) {
    Objects.requireNonNull(returnWhen, "returnWhen");
    Objects.requireNonNull(handles, "handles");
    return startWait(returnWhen, handles, Objects.requireNonNull(timeout, "timeout"));
  }

  private static <H extends CompletionStage<?>> CompletableFuture<WaitResult<H>> startWait(
      ReturnWhen returnWhen, List<? extends H> handles, @Nullable Duration timeout) {
    return WaitBridge.waitUntil(
        returnWhen,
        handles,
        timeout);
  }

  /**
   * Runs every task concurrently and returns a future of the value of the first one to succeed
   * (the JDK's {@link java.util.concurrent.ExecutorService#invokeAny invokeAny}; asyncio's {@code
   * staggered_race} without a delay).
   *
   * <p>The tasks run on Fanin's default executor. The list is read once, when this method is
   * called. The winner's value may be {@code null}.
   *
   * <p><b>Failure.</b> A task that fails does not end the race. When a task succeeds, every other
   * task is cancelled at once (a task blocked in I/O or {@code sleep} is interrupted, one not
   * started yet never runs), and the future completes with the winner's value only after all of
   * them have stopped, so no task outlives the call. When every task has failed, the future
   * completes with one {@link RaceFailedException} listing each task's own exception, checked ones
   * included, in the order the tasks failed. A task that throws {@link
   * java.util.concurrent.CancellationException} without being cancelled has failed too. The
   * failures of the tasks that lose, earlier ones and those thrown while being cancelled, are not
   * reported ({@code adr/0023}). This differs from {@code invokeAny}, which neither waits for the
   * losers to stop nor reports more than one failure.
   *
   * <p><b>Cancellation.</b> Cancelling (or otherwise completing) the returned future cancels every
   * task and interrupts those that are running. A task that catches its interrupt and returns a
   * value anyway has lost, and its value is dropped.
   *
   * <p>Not guaranteed: which of two tasks that succeed at about the same time wins.
   *
   * <pre>{@code
   * CompletableFuture<String> quote =
   *     Fanin.race(List.of(() -> fetchQuote(primary), () -> fetchQuote(mirror)));
   * }</pre>
   *
   * <p>Related: {@link #race(List, Duration)} starts the tasks one at a time (hedged requests,
   * Happy Eyeballs); {@link #firstCompleted(List)} watches futures you already hold; {@link
   * FaninBlocking#race(List)}.
   *
   * @param tasks the tasks, each run at most once; not empty
   * @param <T> the type of the results
   * @return a future of the winner's value
   * @throws IllegalArgumentException if {@code tasks} is empty
   * @throws NullPointerException if {@code tasks} or an element is null
   */
  public static <T extends @Nullable Object> CompletableFuture<T> race(List<? extends Callable<? extends T>> tasks) {
    return RaceBridge.race(Objects.requireNonNull(tasks, "tasks"), null, null);
  }

  /**
   * {@link #race(List)} with the tasks run on {@code executor}. Same contract, except that when the
   * executor refuses a task, whatever its {@code execute} throws, a {@link
   * java.util.concurrent.RejectedExecutionException}, another exception or an {@link Error}, is that
   * task's failure and is never thrown from this method (adr/0015); the race goes on without it.
   *
   * @param tasks the tasks, each run at most once; not empty
   * @param executor where the tasks run
   * @param <T> the type of the results
   * @return a future of the winner's value
   * @throws IllegalArgumentException if {@code tasks} is empty
   * @throws NullPointerException if {@code tasks}, an element, or {@code executor} is null
   */
  public static <T extends @Nullable Object> CompletableFuture<T> race(
      List<? extends Callable<? extends T>> tasks, Executor executor) {
    Objects.requireNonNull(tasks, "tasks");
    return RaceBridge.race(tasks, null, Objects.requireNonNull(executor, "executor"));
  }

  /**
   * {@link #race(List)} with the tasks started one at a time, in list order (asyncio's {@code
   * staggered_race}): the next task starts when the task started before it fails, or when {@code
   * stagger} has passed since that task started, whichever comes first. Same contract otherwise.
   *
   * <p>A slow attempt is joined by the next after {@code stagger} (a hedged request), and a failed
   * one is followed at once; Happy Eyeballs (RFC 8305) starts its connection attempts this way. Once
   * a task has succeeded no other starts. A zero stagger starts every task at once, as {@link
   * #race(List)}; one too long to pass, such as {@code ChronoUnit.FOREVER.getDuration()}, starts the
   * next task only when the one before has failed: the tasks are tried in turn. A negative one is
   * rejected ({@code adr/0010}).
   *
   * <p><b>Timer.</b> The stagger is timed from the moment a task is handed to its executor, and
   * passes without a thread of the executor. A task the timer starts is handed to the executor from
   * Fanin's default executor, never from kotlinx.coroutines' timer thread.
   *
   * <pre>{@code
   * // The mirror is asked only if the primary has not answered within 200 ms, or has failed.
   * CompletableFuture<String> quote =
   *     Fanin.race(
   *         List.of(() -> fetchQuote(primary), () -> fetchQuote(mirror)), Duration.ofMillis(200));
   * }</pre>
   *
   * @param tasks the tasks, each run at most once, in this order; not empty
   * @param stagger how long a task runs before the next one starts, unless it fails first
   * @param <T> the type of the results
   * @return a future of the winner's value
   * @throws IllegalArgumentException if {@code tasks} is empty or {@code stagger} is negative
   * @throws NullPointerException if an argument or an element is null
   */
  public static <T extends @Nullable Object> CompletableFuture<T> race(
      List<? extends Callable<? extends T>> tasks, Duration stagger) {
    Objects.requireNonNull(tasks, "tasks");
    return RaceBridge.race(tasks, Objects.requireNonNull(stagger, "stagger"), null);
  }

  /**
   * {@link #race(List, Duration)} with the tasks run on {@code executor}. Same contract; when the
   * executor refuses a task, whatever its {@code execute} throws is that task's failure, as for
   * {@link #race(List, Executor)}, and starts the next task at once.
   *
   * @param tasks the tasks, each run at most once, in this order; not empty
   * @param stagger how long a task runs before the next one starts, unless it fails first
   * @param executor where the tasks run
   * @param <T> the type of the results
   * @return a future of the winner's value
   * @throws IllegalArgumentException if {@code tasks} is empty or {@code stagger} is negative
   * @throws NullPointerException if an argument or an element is null
   */
  public static <T extends @Nullable Object> CompletableFuture<T> race(
      List<? extends Callable<? extends T>> tasks, Duration stagger, Executor executor) {
    Objects.requireNonNull(tasks, "tasks");
    Objects.requireNonNull(stagger, "stagger");
    return RaceBridge.race(tasks, stagger, Objects.requireNonNull(executor, "executor"));
  }

  /**
   * Returns a future of the first of {@code futures} to complete, in any way, and which one it was:
   * a {@link Completion} whose {@link Completion#index()} is its position in {@code futures}, whose
   * {@link Completion#handle()} is the future itself, and whose {@link Completion#outcome()} is its
   * value, failure or cancellation. It is the typed form of {@link CompletableFuture#anyOf}, which
   * gives an {@code Object} and no index.
   *
   * <p>Inputs already complete when it is called are looked at first, in list order, so the first
   * of them is the one reported. An input given twice is reported at its first position. Any {@link
   * CompletionStage} works, futures Fanin returned included.
   *
   * <p><b>Failure.</b> The returned future never fails because of an input: a failed input gives an
   * {@link Outcome.Failure} with its exception (unwrapped from any {@link
   * java.util.concurrent.CompletionException}), a cancelled one an {@link Outcome.Cancelled}.
   *
   * <p><b>Cancellation.</b> It never cancels an input: not those still pending when it completes
   * (as asyncio's {@code wait} leaves them), not when the returned future is cancelled (or otherwise
   * completed), which stops the waiting only.
   *
   * <pre>{@code
   * CompletableFuture<Completion<String, CompletableFuture<String>>> first =
   *     Fanin.firstCompleted(List.of(fromCache, fromServer));
   * }</pre>
   *
   * <p>Related: {@link #race(List)} runs tasks and returns the first success, cancelling the rest;
   * {@link #waitUntil(ReturnWhen, List)} splits futures into done and pending.
   *
   * @param futures the futures to watch; not empty
   * @param <T> the type of their values
   * @param <F> the type of the futures
   * @return a future of the first completion
   * @throws IllegalArgumentException if {@code futures} is empty
   * @throws NullPointerException if {@code futures} or an element is null
   */
  public static <T extends @Nullable Object, F extends CompletionStage<T>>
      CompletableFuture<Completion<T, F>> firstCompleted(List<? extends F> futures) {
    return RaceBridge.firstCompleted(Objects.requireNonNull(futures, "futures"));
  }

  /**
   * Runs every task concurrently and returns futures of their results in completion order
   * (asyncio's {@code as_completed}): the i-th future completes with the i-th result to arrive.
   *
   * <p>Each result is a {@link Completion} that names its input: {@link Completion#index()} is the
   * task's position in {@code tasks} and {@link Completion#handle()} the task itself. A failed task
   * is a result in its turn, with the exception in its {@link Completion#outcome()}; the other tasks
   * go on. The tasks run on Fanin's default executor. The list has {@code tasks.size()} futures and
   * cannot be modified.
   *
   * <p><b>Cancellation.</b> Cancelling (or otherwise completing) any of the returned futures closes
   * the whole iteration: every task that has not finished is cancelled (interrupted if running) and
   * the other futures are cancelled.
   *
   * <pre>{@code
   * for (CompletableFuture<Completion<String, Callable<String>>> next : Fanin.asCompleted(fetches)) {
   *   next.thenAccept(page -> System.out.println("task " + page.index() + " finished"));
   * }
   * }</pre>
   *
   * <p>Related: {@link FaninBlocking#asCompleted(List)} takes the results one at a time; {@link
   * #asCompleted(Iterator, int)} bounds how many tasks run at once.
   *
   * @param tasks the tasks, each run once
   * @param <T> the type of the results
   * @return one future per task, in the order the results arrive
   * @throws NullPointerException if {@code tasks} or an element is null
   */
  public static <T extends @Nullable Object> List<CompletableFuture<Completion<T, Callable<T>>>> asCompleted(
      List<? extends Callable<T>> tasks) {
    return AsCompletedStarts.futuresOf(AsCompletedStarts.tasks(tasks, null, null), tasks.size());
  }

  /**
   * {@link #asCompleted(List)} with the tasks run on {@code executor}. Same contract, except that
   * when the executor refuses a task, whatever its {@code execute} throws, a {@link
   * java.util.concurrent.RejectedExecutionException}, another exception or an {@link Error}, is that
   * task's failure and is never thrown from this method (adr/0015); that task's result is a failure with it.
   *
   * @param tasks the tasks, each run once
   * @param executor where the tasks run
   * @param <T> the type of the results
   * @return one future per task, in the order the results arrive
   * @throws NullPointerException if {@code tasks}, an element, or {@code executor} is null
   */
  public static <T extends @Nullable Object> List<CompletableFuture<Completion<T, Callable<T>>>> asCompleted(
      List<? extends Callable<T>> tasks, Executor executor) {
    Objects.requireNonNull(tasks, "tasks");
    return AsCompletedStarts.futuresOf(
        AsCompletedStarts.tasks(tasks, null, Objects.requireNonNull(executor, "executor")),
        tasks.size());
  }

  /**
   * {@link #asCompleted(List)} with a deadline: once {@code timeout} passes, the futures of results
   * that have not arrived fail with {@link java.util.concurrent.TimeoutException}. No future is then
   * left to receive a result, so the tasks still running are cancelled (interrupted if blocked), in
   * this form as in the blocking and Kotlin ones; asyncio's {@code as_completed} leaves them
   * running.
   *
   * @param tasks the tasks, each run once
   * @param timeout how long the results may take
   * @param <T> the type of the results
   * @return one future per task, in the order the results arrive
   * @throws NullPointerException if an argument or an element is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public static <T extends @Nullable Object> List<CompletableFuture<Completion<T, Callable<T>>>> asCompleted(
      List<? extends Callable<T>> tasks, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    return AsCompletedStarts.futuresOf(AsCompletedStarts.tasks(tasks, timeout, null), tasks.size());
  }

  /**
   * {@link #asCompleted(List)} over futures the caller already holds: the i-th returned future
   * completes with the i-th input to complete, and {@link Completion#handle()} is that input. The
   * inputs belong to the caller: closing the iteration (by cancelling or completing a returned future) cancels none
   * of them.
   *
   * @param futures the futures to watch
   * @param <T> the type of their values
   * @param <F> the type of the futures
   * @return one future per input, in the order the inputs complete
   * @throws NullPointerException if {@code futures} or an element is null
   */
  public static <T extends @Nullable Object, F extends CompletionStage<T>>
      List<CompletableFuture<Completion<T, F>>> asCompletedFutures(List<? extends F> futures) {
    return AsCompletedStarts.futuresOf(AsCompletedStarts.futures(futures, null), futures.size());
  }

  /**
   * {@link #asCompletedFutures(List)} with a deadline, as {@link #asCompleted(List, Duration)}.
   *
   * @param futures the futures to watch
   * @param timeout how long the results may take
   * @param <T> the type of their values
   * @param <F> the type of the futures
   * @return one future per input, in the order the inputs complete
   * @throws NullPointerException if an argument or an element is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public static <T extends @Nullable Object, F extends CompletionStage<T>>
      List<CompletableFuture<Completion<T, F>>> asCompletedFutures(
          List<? extends F> futures, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    return AsCompletedStarts.futuresOf(AsCompletedStarts.futures(futures, timeout), futures.size());
  }

  /**
   * Runs the tasks that {@code source} yields, at most {@code limit} at a time, and publishes their
   * results in completion order, honouring the subscriber's demand.
   *
   * <p>The source is pulled lazily, only as slots free up: a slot is taken when a task is pulled and
   * freed when its result is delivered to the subscriber, so running tasks plus undelivered results
   * never exceed {@code limit}, and memory stays O(limit) however long the source is. A slow
   * subscriber therefore slows the source down instead of piling up results. {@link
   * Completion#index()} counts the tasks as the source yielded them.
   *
   * <p><b>Failure.</b> A failed task is a result like any other. If the source itself throws (or
   * yields null), the subscriber gets {@code onError} with that exception and every running task is
   * cancelled.
   *
   * <p><b>Cancellation.</b> Cancelling the subscription cancels every running task. The publisher
   * takes one subscriber; a second gets {@code onError(IllegalStateException)}. Signals arrive on
   * the thread that subscribed, requested, or completed a task.
   *
   * <pre>{@code
   * Flow.Publisher<Completion<Row, Callable<Row>>> rows = Fanin.asCompleted(lookups.iterator(), 64);
   * }</pre>
   *
   * @param source the tasks, pulled lazily
   * @param limit the most tasks running or undelivered at once; at least 1
   * @param <T> the type of the results
   * @return a publisher of the results
   * @throws NullPointerException if {@code source} is null
   * @throws IllegalArgumentException if {@code limit < 1}
   */
  public static <T extends @Nullable Object> Flow.Publisher<Completion<T, Callable<T>>> asCompleted(
      Iterator<? extends Callable<T>> source, int limit) {
    return AsCompletedBridge.publisher(AsCompletedStarts.bounded(source, limit, false, null));
  }

  /**
   * {@link #asCompleted(Iterator, int)} with the tasks run on {@code executor}. Same contract,
   * except that when the executor refuses a task, whatever its {@code execute} throws, a {@link
   * java.util.concurrent.RejectedExecutionException}, another exception or an {@link Error}, is that
   * task's failure and is never thrown from this method (adr/0015); that task's result is a failure with
   * it.
   *
   * @param source the tasks, pulled lazily
   * @param limit the most tasks running or undelivered at once; at least 1
   * @param executor where the tasks run
   * @param <T> the type of the results
   * @return a publisher of the results
   * @throws NullPointerException if {@code source} or {@code executor} is null
   * @throws IllegalArgumentException if {@code limit < 1}
   */
  public static <T extends @Nullable Object> Flow.Publisher<Completion<T, Callable<T>>> asCompleted(
      Iterator<? extends Callable<T>> source, int limit, Executor executor) {
    return AsCompletedBridge.publisher(AsCompletedStarts.boundedOn(source, limit, false, executor));
  }

  /**
   * {@link #asCompleted(Iterator, int)} with the results published in the order the source yielded
   * the tasks. Same contract; the results of tasks that finish early are held back, at most {@code
   * limit} of them, until the earlier ones have been delivered.
   *
   * @param source the tasks, pulled lazily
   * @param limit the most tasks running or undelivered at once; at least 1
   * @param <T> the type of the results
   * @return a publisher of the results, in source order
   * @throws NullPointerException if {@code source} is null
   * @throws IllegalArgumentException if {@code limit < 1}
   */
  public static <T extends @Nullable Object> Flow.Publisher<Completion<T, Callable<T>>> asCompletedOrdered(
      Iterator<? extends Callable<T>> source, int limit) {
    return AsCompletedBridge.publisher(AsCompletedStarts.bounded(source, limit, true, null));
  }

  /**
   * {@link #asCompletedOrdered(Iterator, int)} with the tasks run on {@code executor}. Same
   * contract; a task the executor refuses fails as with {@link #asCompleted(Iterator, int,
   * Executor)}.
   *
   * @param source the tasks, pulled lazily
   * @param limit the most tasks running or undelivered at once; at least 1
   * @param executor where the tasks run
   * @param <T> the type of the results
   * @return a publisher of the results, in source order
   * @throws NullPointerException if {@code source} or {@code executor} is null
   * @throws IllegalArgumentException if {@code limit < 1}
   */
  public static <T extends @Nullable Object> Flow.Publisher<Completion<T, Callable<T>>> asCompletedOrdered(
      Iterator<? extends Callable<T>> source, int limit, Executor executor) {
    return AsCompletedBridge.publisher(AsCompletedStarts.boundedOn(source, limit, true, executor));
  }

  /**
   * {@link #asCompleted(Iterator, int)} over an {@link Iterable}'s iterator. Same contract.
   *
   * @param source the tasks, pulled lazily
   * @param limit the most tasks running or undelivered at once; at least 1
   * @param <T> the type of the results
   * @return a publisher of the results
   */
  public static <T extends @Nullable Object> Flow.Publisher<Completion<T, Callable<T>>> asCompleted(
      Iterable<? extends Callable<T>> source, int limit) {
    return asCompleted(Objects.requireNonNull(source, "source").iterator(), limit);
  }
  /**
   * {@link #asCompleted(Iterator, int, Executor)} over an {@link Iterable}'s iterator. Same
   * contract.
   *
   * @param source the tasks, pulled lazily
   * @param limit the most tasks running or undelivered at once; at least 1
   * @param executor where the tasks run
   * @param <T> the type of the results
   * @return a publisher of the results
   */
  public static <T extends @Nullable Object> Flow.Publisher<Completion<T, Callable<T>>> asCompleted(
      Iterable<? extends Callable<T>> source, int limit, Executor executor) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(executor, "executor");
    return asCompleted(source.iterator(), limit, executor);
  }


  /**
   * {@link #asCompleted(Iterator, int)} over a {@link Stream}'s iterator. Same contract; the stream
   * is consumed lazily and is not closed by the iteration.
   *
   * @param source the tasks, pulled lazily
   * @param limit the most tasks running or undelivered at once; at least 1
   * @param <T> the type of the results
   * @return a publisher of the results
   */
  public static <T extends @Nullable Object> Flow.Publisher<Completion<T, Callable<T>>> asCompleted(
      Stream<? extends Callable<T>> source, int limit) {
    return asCompleted(Objects.requireNonNull(source, "source").iterator(), limit);
  }
  /**
   * {@link #asCompleted(Iterator, int, Executor)} over a {@link Stream}'s iterator. Same contract;
   * the stream is consumed lazily and is not closed by the iteration.
   *
   * @param source the tasks, pulled lazily
   * @param limit the most tasks running or undelivered at once; at least 1
   * @param executor where the tasks run
   * @param <T> the type of the results
   * @return a publisher of the results
   */
  public static <T extends @Nullable Object> Flow.Publisher<Completion<T, Callable<T>>> asCompleted(
      Stream<? extends Callable<T>> source, int limit, Executor executor) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(executor, "executor");
    return asCompleted(source.iterator(), limit, executor);
  }


  /**
   * {@link #asCompletedOrdered(Iterator, int)} over an {@link Iterable}'s iterator. Same contract.
   *
   * @param source the tasks, pulled lazily
   * @param limit the most tasks running or undelivered at once; at least 1
   * @param <T> the type of the results
   * @return a publisher of the results, in source order
   */
  public static <T extends @Nullable Object> Flow.Publisher<Completion<T, Callable<T>>> asCompletedOrdered(
      Iterable<? extends Callable<T>> source, int limit) {
    return asCompletedOrdered(Objects.requireNonNull(source, "source").iterator(), limit);
  }
  /**
   * {@link #asCompletedOrdered(Iterator, int, Executor)} over an {@link Iterable}'s iterator. Same
   * contract.
   *
   * @param source the tasks, pulled lazily
   * @param limit the most tasks running or undelivered at once; at least 1
   * @param executor where the tasks run
   * @param <T> the type of the results
   * @return a publisher of the results, in source order
   */
  public static <T extends @Nullable Object> Flow.Publisher<Completion<T, Callable<T>>> asCompletedOrdered(
      Iterable<? extends Callable<T>> source, int limit, Executor executor) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(executor, "executor");
    return asCompletedOrdered(source.iterator(), limit, executor);
  }


  /**
   * {@link #asCompletedOrdered(Iterator, int)} over a {@link Stream}'s iterator. Same contract; the
   * stream is not closed by the iteration.
   *
   * @param source the tasks, pulled lazily
   * @param limit the most tasks running or undelivered at once; at least 1
   * @param <T> the type of the results
   * @return a publisher of the results, in source order
   */
  public static <T extends @Nullable Object> Flow.Publisher<Completion<T, Callable<T>>> asCompletedOrdered(
      Stream<? extends Callable<T>> source, int limit) {
    return asCompletedOrdered(Objects.requireNonNull(source, "source").iterator(), limit);
  }
  /**
   * {@link #asCompletedOrdered(Iterator, int, Executor)} over a {@link Stream}'s iterator. Same
   * contract; the stream is not closed by the iteration.
   *
   * @param source the tasks, pulled lazily
   * @param limit the most tasks running or undelivered at once; at least 1
   * @param executor where the tasks run
   * @param <T> the type of the results
   * @return a publisher of the results, in source order
   */
  public static <T extends @Nullable Object> Flow.Publisher<Completion<T, Callable<T>>> asCompletedOrdered(
      Stream<? extends Callable<T>> source, int limit, Executor executor) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(executor, "executor");
    return asCompletedOrdered(source.iterator(), limit, executor);
  }


  /**
   * Runs {@code body} with a new {@link TaskGroup} and returns a future of its result, completed
   * once every task forked into the group has completed (asyncio's {@code async with TaskGroup()}).
   *
   * <p>The body runs on Fanin's default executor as the group's first task, not on the calling
   * thread (which this method never blocks), decorated by the task decorator if one is set ({@link
   * FaninConfig}); {@link #taskGroup(OnFailure, TaskGroup.Body, Executor)} names another executor,
   * and {@link FaninBlocking#taskGroup(TaskGroup.Body)} runs it on the calling thread. It may fork
   * tasks, and tasks may fork more. The group cancels every task on the first failure ({@link
   * OnFailure#CANCEL_ALL}).
   *
   * <p><b>Failure.</b> The future completes with one {@link TaskGroupException} listing every failure
   * in the order they happened, a failure of the body included, even for a single failure. The first
   * failure cancels the other tasks and the body (interrupting them if they are blocked).
   *
   * <p><b>Cancellation.</b> Cancelling (or otherwise completing) the returned future cancels the
   * body and every task.
   *
   * <pre>{@code
   * CompletableFuture<Page> page = Fanin.taskGroup(group -> {
   *   CompletableFuture<User> user = group.fork(() -> loadUser(id));
   *   CompletableFuture<List<Order>> orders = group.fork(() -> loadOrders(id));
   *   return new Page(user.join(), orders.join());
   * });
   * }</pre>
   *
   * @param body the code that forks the tasks
   * @param <R> the type of its result
   * @return a future of the body's result
   */
  public static <R extends @Nullable Object> CompletableFuture<R> taskGroup(TaskGroup.Body<? extends R> body) {
    return taskGroup(OnFailure.CANCEL_ALL, body);
  }

  /**
   * {@link #taskGroup(TaskGroup.Body)} with the given failure policy. With {@link
   * OnFailure#KEEP_RUNNING} a failure cancels nothing; every failure is still reported at the end.
   *
   * @param onFailure what a failure does to the other tasks and the body
   * @param body the code that forks the tasks
   * @param <R> the type of its result
   * @return a future of the body's result
   */
  public static <R extends @Nullable Object> CompletableFuture<R> taskGroup(
      OnFailure onFailure, TaskGroup.Body<? extends R> body) {
    Objects.requireNonNull(body, "body"); // before the group opens: an open group would leak
    return startGroup(TaskGroup.bridge(onFailure, null), body);
  }

  /**
   * {@link #taskGroup(OnFailure, TaskGroup.Body)} with a deadline: when {@code timeout} passes the
   * body and every task are cancelled, and once they have stopped the future fails with {@link
   * java.util.concurrent.TimeoutException} (earlier failures attached as suppressed). A zero
   * timeout expires at once; a negative one is rejected.
   *
   * @param onFailure what a failure does to the other tasks and the body
   * @param timeout the deadline, from now
   * @param body the code that forks the tasks
   * @param <R> the type of its result
   * @return a future of the body's result
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public static <R extends @Nullable Object> CompletableFuture<R> taskGroup(
      OnFailure onFailure, Duration timeout, TaskGroup.Body<? extends R> body) {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(body, "body"); // before the group opens: an open group would leak
    return startGroup(TaskGroup.bridge(onFailure, timeout), body);
  }

  /**
   * {@link #taskGroup(OnFailure, TaskGroup.Body)} with the body run on {@code executor}. Same
   * contract; when the executor refuses the body, whatever its {@code execute} throws, a {@link
   * java.util.concurrent.RejectedExecutionException}, another exception or an {@link Error}, is the
   * body's failure, and so a failure of the group, never thrown from this method (adr/0015). The
   * tasks the body forks run on Fanin's default executor unless it forks them onto another.
   *
   * @param onFailure what a failure does to the other tasks and the body
   * @param body the code that forks the tasks
   * @param executor where the body runs
   * @param <R> the type of its result
   * @return a future of the body's result
   */
  public static <R extends @Nullable Object> CompletableFuture<R> taskGroup(
      OnFailure onFailure, TaskGroup.Body<? extends R> body, Executor executor) {
    Objects.requireNonNull(body, "body"); // before the group opens: an open group would leak
    Objects.requireNonNull(executor, "executor");
    return startGroup(TaskGroup.bridge(onFailure, null), body, executor);
  }

  /**
   * {@link #taskGroup(OnFailure, Duration, TaskGroup.Body)} with the body run on {@code executor},
   * as {@link #taskGroup(OnFailure, TaskGroup.Body, Executor)} runs it.
   *
   * @param onFailure what a failure does to the other tasks and the body
   * @param timeout the deadline, from now
   * @param body the code that forks the tasks
   * @param executor where the body runs
   * @param <R> the type of its result
   * @return a future of the body's result
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public static <R extends @Nullable Object> CompletableFuture<R> taskGroup(
      OnFailure onFailure, Duration timeout, TaskGroup.Body<? extends R> body, Executor executor) {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(body, "body"); // before the group opens: an open group would leak
    Objects.requireNonNull(executor, "executor");
    return startGroup(TaskGroup.bridge(onFailure, timeout), body, executor);
  }

  private static <R extends @Nullable Object> CompletableFuture<R> startGroup(
      TaskGroupBridge.Group group, TaskGroup.Body<? extends R> body) {
    return startGroup(group, body, null);
  }

  private static <R extends @Nullable Object> CompletableFuture<R> startGroup(
      TaskGroupBridge.Group group, TaskGroup.Body<? extends R> body, @Nullable Executor executor) {
    GroupForks forks = new GroupForks(group);
    return TaskGroupBridge.run(group, () -> body.run(forks), executor);
  }

  private static <T extends @Nullable Object> CompletableFuture<T> startScope(
      Duration timeout, TimeoutScope.Body<? extends T> body, @Nullable Executor executor) {
    return TimeoutBridge.timeoutScope(
        timeout, executor, body);
  }
}

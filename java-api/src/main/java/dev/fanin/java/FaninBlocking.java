package dev.fanin.java;

import dev.fanin.Completion;
import dev.fanin.OnFailure;
import dev.fanin.Outcome;
import dev.fanin.RaceFailedException;
import dev.fanin.ReturnWhen;
import dev.fanin.TaskGroupException;
import dev.fanin.TimeoutScope;
import dev.fanin.UncheckedTaskException;
import dev.fanin.WaitResult;
import dev.fanin.interop.TaskGroupBridge;
import dev.fanin.interop.TimeoutBridge;
import dev.fanin.java.internal.Await;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Fanin's operations in blocking form: the same methods as {@link Fanin}, each waiting on the
 * calling thread (platform or virtual) and returning the result itself.
 *
 * <p>Every method here behaves as its {@link Fanin} twin followed by one wait, so the twin's
 * contract holds, with these differences:
 *
 * <ul>
 *   <li><b>Bodies on the calling thread</b>: {@link #taskGroup(TaskGroup.Body)} and {@link
 *       #timeoutScope(Duration, TimeoutScope.Body)}, and their overloads without an {@link
 *       Executor}, run the body on the calling thread, as the JDK's {@code StructuredTaskScope}
 *       runs its owner's code and {@link TaskGroup#open()} with try-with-resources does: the
 *       caller's thread locals, {@code ScopedValue} bindings (JDK 25) and anything else bound to
 *       the thread are there, and the body is not given to the task decorator ({@link
 *       FaninConfig#setTaskDecorator}). The body is still the operation's: the Fanin calls it
 *       makes belong to it, and the deadline, a failure in the group or a cancellation cancels
 *       them and interrupts the body, as it would on an executor. The overloads that take an
 *       {@code Executor} run the body there, as {@link Fanin} does.
 *   <li><b>Interrupts of such a body</b>: Fanin interrupts the body to cancel it and takes that
 *       interrupt back before the call returns or throws: it never stays on the caller's thread.
 *       An interrupt from elsewhere (the calling thread interrupted while the body runs) is the
 *       caller's, as when it arrives during the wait: the call cancels the work, waits until it
 *       has stopped and throws {@link InterruptedException}, the body's own if the body threw one.
 *       One that arrives after Fanin has interrupted the body and before the body returns cannot
 *       be told apart from Fanin's own (a thread has one interrupt status): the call then ends as
 *       that cancellation decides ({@link TimeoutException}, the group's failure), with the status
 *       cleared. An interrupt pending before Fanin's is never lost.
 *   <li><b>Failure</b>: a task's unchecked exception or {@link Error} is thrown as it is, and a
 *       checked one is wrapped in {@link UncheckedTaskException}; either way the task's exception
 *       gets a suppressed exception showing where the caller waited. Never a {@link
 *       java.util.concurrent.CompletionException} or {@link
 *       java.util.concurrent.ExecutionException}. Called inside a Fanin task, a method here does
 *       not change what the task fails with: a task whose code lets the {@code
 *       UncheckedTaskException} escape fails with the checked exception inside it, as if it had
 *       thrown it itself (see {@link Fanin}, <b>A task's exception</b>).
 *   <li><b>Timeout</b>: methods with a deadline throw {@link TimeoutException} as it is. The
 *       iterations and groups made without one ({@link Completions}, {@link TaskGroup}) cannot time
 *       out and do not declare it; those made with one are {@link Completions.Timed} and {@link
 *       TaskGroup.Timed}.
 *   <li><b>Interrupt</b>: interrupting the waiting thread cancels the work it waits on (tasks are
 *       interrupted, input futures cancelled), waits until the tasks Fanin started have stopped,
 *       and throws {@link InterruptedException} with the interrupt status cleared.
 * </ul>
 *
 * <p>Unless otherwise specified, passing a {@code null} argument, or a list with a {@code null}
 * element, to a method in this class throws {@link NullPointerException} whose message names the
 * argument, before any work starts.
 *
 * <p>A task may return {@code null}, and a method that returns its result then returns {@code
 * null}, as in {@link Fanin}; a list, {@link WaitResult} or {@link Completions} a method here returns
 * is itself never {@code null}.
 *
 * <pre>{@code
 * List<String> pages = FaninBlocking.gather(List.of(() -> fetch("a"), () -> fetch("b")));
 * }</pre>
 */
public final class FaninBlocking {
  private FaninBlocking() {}

  /**
   * Blocking form of {@link Fanin#gather(List)}. Same contract, except that it returns the results
   * and throws as the class documentation says.
   *
   * @param tasks the tasks, each run once
   * @param <T> the type of the results
   * @return the results, in the order of {@code tasks}
   * @throws InterruptedException if interrupted while waiting; the tasks are then cancelled
   */
  public static <T extends @Nullable Object> List<T> gather(List<? extends Callable<? extends T>> tasks)
      throws InterruptedException {
    return Await.await(Fanin.gather(tasks));
  }

  /**
   * Blocking form of {@link Fanin#gather(List, Executor)}. Same contract, except that it returns
   * the results and throws as the class documentation says.
   *
   * @param tasks the tasks, each run once
   * @param executor where the tasks run
   * @param <T> the type of the results
   * @return the results, in the order of {@code tasks}
   * @throws InterruptedException if interrupted while waiting; the tasks are then cancelled
   */
  public static <T extends @Nullable Object> List<T> gather(List<? extends Callable<? extends T>> tasks, Executor executor)
      throws InterruptedException {
    return Await.await(Fanin.gather(tasks, executor));
  }

  /**
   * Blocking form of {@link Fanin#gatherSettled(List)}. Same contract, except that it returns the
   * outcomes.
   *
   * @param tasks the tasks, each run once
   * @param <T> the type of the results
   * @return the outcomes, in the order of {@code tasks}
   * @throws InterruptedException if interrupted while waiting; the tasks are then cancelled
   */
  public static <T extends @Nullable Object> List<Outcome<T>> gatherSettled(List<? extends Callable<? extends T>> tasks)
      throws InterruptedException {
    return Await.await(Fanin.gatherSettled(tasks));
  }

  /**
   * Blocking form of {@link Fanin#gatherSettled(List, Executor)}. Same contract, except that it
   * returns the outcomes.
   *
   * @param tasks the tasks, each run once
   * @param executor where the tasks run
   * @param <T> the type of the results
   * @return the outcomes, in the order of {@code tasks}
   * @throws InterruptedException if interrupted while waiting; the tasks are then cancelled
   */
  public static <T extends @Nullable Object> List<Outcome<T>> gatherSettled(
      List<? extends Callable<? extends T>> tasks, Executor executor) throws InterruptedException {
    return Await.await(Fanin.gatherSettled(tasks, executor));
  }

  /**
   * Blocking form of {@link Fanin#gatherFutures(List)}. Same contract, except that it returns the
   * values and throws as the class documentation says.
   *
   * @param futures the futures to wait for
   * @param <T> the type of the values
   * @return the values, in the order of {@code futures}
   * @throws InterruptedException if interrupted while waiting; every input is then cancelled
   */
  public static <T extends @Nullable Object> List<T> gatherFutures(List<? extends CompletionStage<? extends T>> futures)
      throws InterruptedException {
    return Await.await(Fanin.gatherFutures(futures));
  }

  /**
   * Blocking form of {@link Fanin#gatherFuturesSettled(List)}. Same contract, except that it
   * returns the outcomes.
   *
   * @param futures the futures to wait for
   * @param <T> the type of the values
   * @return the outcomes, in the order of {@code futures}
   * @throws InterruptedException if interrupted while waiting; every input is then cancelled
   */
  public static <T extends @Nullable Object> List<Outcome<T>> gatherFuturesSettled(
      List<? extends CompletionStage<? extends T>> futures) throws InterruptedException {
    return Await.await(Fanin.gatherFuturesSettled(futures));
  }

  /**
   * Blocking form of {@link Fanin#waitFor(Callable, Duration)}. Same contract, except that it
   * returns the result and throws as the class documentation says.
   *
   * @param task the task, run once
   * @param timeout how long it may take
   * @param <T> the type of its result
   * @return its result
   * @throws InterruptedException if interrupted while waiting; the task is then cancelled
   * @throws TimeoutException if the timeout passed; the task was cancelled and has stopped
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public static <T extends @Nullable Object> T waitFor(Callable<? extends T> task, Duration timeout)
      throws InterruptedException, TimeoutException {
    return Await.awaitWithin(Fanin.waitFor(task, timeout));
  }

  /**
   * Blocking form of {@link Fanin#waitFor(Callable, Duration, Executor)}. Same contract, except
   * that it returns the result and throws as the class documentation says.
   *
   * @param task the task, run once
   * @param timeout how long it may take
   * @param executor where the task runs
   * @param <T> the type of its result
   * @return its result
   * @throws InterruptedException if interrupted while waiting; the task is then cancelled
   * @throws TimeoutException if the timeout passed; the task was cancelled and has stopped
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public static <T extends @Nullable Object> T waitFor(Callable<? extends T> task, Duration timeout, Executor executor)
      throws InterruptedException, TimeoutException {
    return Await.awaitWithin(Fanin.waitFor(task, timeout, executor));
  }

  /**
   * Blocking form of {@link Fanin#waitFor(CompletionStage, Duration)}. Same contract, except that
   * it returns the value and throws as the class documentation says.
   *
   * @param future the future to wait for
   * @param timeout how long to wait
   * @param <T> the type of its value
   * @return its value
   * @throws InterruptedException if interrupted while waiting; {@code future} is then cancelled
   * @throws TimeoutException if the timeout passed; {@code future} was cancelled
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public static <T extends @Nullable Object> T waitFor(CompletionStage<? extends T> future, Duration timeout)
      throws InterruptedException, TimeoutException {
    return Await.awaitWithin(Fanin.waitFor(future, timeout));
  }

  /**
   * Blocking form of {@link Fanin#timeoutScope(Duration, TimeoutScope.Body)}. Same contract,
   * except that it returns the body's result, throws as the class documentation says, and runs the
   * body on the calling thread (class documentation, <b>Bodies on the calling thread</b>): the
   * deadline interrupts it there, and the call returns or throws only once the body and every
   * Fanin call it made have stopped. No thread or executor task is used for the body.
   *
   * @param timeout the deadline, from now
   * @param body the code to run, on this thread
   * @param <T> the type of its result
   * @return the body's result
   * @throws InterruptedException if this thread is interrupted while the body runs or while the
   *     call waits; the body and its Fanin calls are then cancelled and have stopped
   * @throws TimeoutException if the deadline passed; the body was cancelled and has stopped
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public static <T extends @Nullable Object> T timeoutScope(Duration timeout, TimeoutScope.Body<? extends T> body)
      throws InterruptedException, TimeoutException {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(body, "body");
    return Await.awaitWithin(TimeoutBridge.timeoutScopeHere(timeout, body));
  }

  /**
   * Blocking form of {@link Fanin#timeoutScope(Duration, TimeoutScope.Body, Executor)}. Same
   * contract, except that it returns the body's result and throws as the class documentation says.
   * The body runs on {@code executor}, not on the calling thread.
   *
   * @param timeout the deadline, from now
   * @param body the code to run
   * @param executor where the body runs
   * @param <T> the type of its result
   * @return the body's result
   * @throws InterruptedException if interrupted while waiting; the body is then cancelled
   * @throws TimeoutException if the deadline passed; the body was cancelled and has stopped
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public static <T extends @Nullable Object> T timeoutScope(
      Duration timeout, TimeoutScope.Body<? extends T> body, Executor executor)
      throws InterruptedException, TimeoutException {
    return Await.awaitWithin(Fanin.timeoutScope(timeout, body, executor));
  }

  /**
   * Blocking form of {@link Fanin#waitUntil(ReturnWhen, List)}. Same contract, except that it
   * returns the split. Interrupting the waiting thread stops the waiting only: the handles keep
   * running.
   *
   * @param returnWhen when to return
   * @param handles the futures to watch; not empty
   * @param <H> the type of the handles
   * @return the handles split into done and pending
   * @throws InterruptedException if interrupted while waiting; no handle is cancelled
   */
  public static <H extends CompletionStage<?>> WaitResult<H> waitUntil(
      ReturnWhen returnWhen, List<? extends H> handles) throws InterruptedException {
    return Await.await(Fanin.waitUntil(returnWhen, handles));
  }

  /**
   * Blocking form of {@link Fanin#waitUntil(ReturnWhen, List, Duration)}. Same contract, except
   * that it returns the split; when the timeout passes it returns normally with the pending
   * handles.
   *
   * @param returnWhen when to return
   * @param handles the futures to watch; not empty
   * @param timeout the most to wait
   * @param <H> the type of the handles
   * @return the handles split into done and pending
   * @throws InterruptedException if interrupted while waiting; no handle is cancelled
   */
  public static <H extends CompletionStage<?>> WaitResult<H> waitUntil(
      ReturnWhen returnWhen, List<? extends H> handles, Duration timeout)
      throws InterruptedException {
    return Await.await(Fanin.waitUntil(returnWhen, handles, timeout));
  }

  /**
   * Blocking form of {@link Fanin#race(List)}. Same contract, except that it returns the winner's
   * value and throws as the class documentation says; {@link RaceFailedException} is unchecked and
   * is thrown as it is, its failures the tasks' own exceptions, checked ones not wrapped.
   *
   * <pre>{@code
   * String quote = FaninBlocking.race(List.of(() -> fetchQuote(primary), () -> fetchQuote(mirror)));
   * }</pre>
   *
   * @param tasks the tasks, each run at most once; not empty
   * @param <T> the type of the results
   * @return the winner's value
   * @throws RaceFailedException if every task failed
   * @throws InterruptedException if interrupted while waiting; every task is then cancelled and has
   *     stopped
   */
  public static <T extends @Nullable Object> T race(List<? extends Callable<? extends T>> tasks)
      throws InterruptedException {
    return Await.await(Fanin.race(tasks));
  }

  /**
   * Blocking form of {@link Fanin#race(List, Executor)}. Same contract, except that it returns the
   * winner's value and throws as {@link #race(List)} does.
   *
   * @param tasks the tasks, each run at most once; not empty
   * @param executor where the tasks run
   * @param <T> the type of the results
   * @return the winner's value
   * @throws RaceFailedException if every task failed
   * @throws InterruptedException if interrupted while waiting; every task is then cancelled and has
   *     stopped
   */
  public static <T extends @Nullable Object> T race(
      List<? extends Callable<? extends T>> tasks, Executor executor) throws InterruptedException {
    return Await.await(Fanin.race(tasks, executor));
  }

  /**
   * Blocking form of {@link Fanin#race(List, Duration)}. Same contract, except that it returns the
   * winner's value and throws as {@link #race(List)} does.
   *
   * @param tasks the tasks, each run at most once, in this order; not empty
   * @param stagger how long a task runs before the next one starts, unless it fails first
   * @param <T> the type of the results
   * @return the winner's value
   * @throws RaceFailedException if every task failed
   * @throws InterruptedException if interrupted while waiting; every task is then cancelled and has
   *     stopped
   */
  public static <T extends @Nullable Object> T race(
      List<? extends Callable<? extends T>> tasks, Duration stagger) throws InterruptedException {
    return Await.await(Fanin.race(tasks, stagger));
  }

  /**
   * Blocking form of {@link Fanin#race(List, Duration, Executor)}. Same contract, except that it
   * returns the winner's value and throws as {@link #race(List)} does.
   *
   * @param tasks the tasks, each run at most once, in this order; not empty
   * @param stagger how long a task runs before the next one starts, unless it fails first
   * @param executor where the tasks run
   * @param <T> the type of the results
   * @return the winner's value
   * @throws RaceFailedException if every task failed
   * @throws InterruptedException if interrupted while waiting; every task is then cancelled and has
   *     stopped
   */
  public static <T extends @Nullable Object> T race(
      List<? extends Callable<? extends T>> tasks, Duration stagger, Executor executor)
      throws InterruptedException {
    return Await.await(Fanin.race(tasks, stagger, executor));
  }

  /**
   * Blocking form of {@link Fanin#firstCompleted(List)}. Same contract, except that it returns the
   * first completion. Interrupting the waiting thread stops the waiting only: the futures keep
   * running.
   *
   * @param futures the futures to watch; not empty
   * @param <T> the type of their values
   * @param <F> the type of the futures
   * @return the first completion
   * @throws InterruptedException if interrupted while waiting; no future is cancelled
   */
  public static <T extends @Nullable Object, F extends CompletionStage<T>> Completion<T, F> firstCompleted(
      List<? extends F> futures) throws InterruptedException {
    return Await.await(Fanin.firstCompleted(futures));
  }

  /**
   * Blocking form of {@link Fanin#asCompleted(List)}: the results as {@link Completions}, taken one
   * at a time in completion order. Same contract, except that closing the iteration (use
   * try-with-resources) cancels the tasks that have not finished, and an interrupted {@link
   * Completions#take()} closes it.
   *
   * <pre>{@code
   * try (Completions<String, Callable<String>> pages = FaninBlocking.asCompleted(fetches)) {
   *   while (pages.hasNext()) {
   *     Completion<String, Callable<String>> page = pages.take();
   *     System.out.println("task " + page.index() + ": " + page.outcome());
   *   }
   * }
   * }</pre>
   *
   * @param tasks the tasks, each run once
   * @param <T> the type of the results
   * @return the results, to take in completion order
   */
  public static <T extends @Nullable Object> Completions<T, Callable<T>> asCompleted(List<? extends Callable<T>> tasks) {
    return new Completions<>(AsCompletedStarts.tasks(tasks, null, null));
  }

  /**
   * Blocking form of {@link Fanin#asCompleted(List, Executor)}: {@link #asCompleted(List)} with the
   * tasks run on {@code executor}.
   *
   * @param tasks the tasks, each run once
   * @param executor where the tasks run
   * @param <T> the type of the results
   * @return the results, to take in completion order
   * @throws NullPointerException if {@code tasks}, an element, or {@code executor} is null
   */
  public static <T extends @Nullable Object> Completions<T, Callable<T>> asCompleted(
      List<? extends Callable<T>> tasks, Executor executor) {
    Objects.requireNonNull(tasks, "tasks");
    return new Completions<>(
        AsCompletedStarts.tasks(tasks, null, Objects.requireNonNull(executor, "executor")));
  }

  /**
   * Blocking form of {@link Fanin#asCompleted(List, Duration)}: once the deadline passes, {@link
   * Completions.Timed#take()} throws {@link TimeoutException} after the results that had arrived.
   *
   * @param tasks the tasks, each run once
   * @param timeout how long the results may take
   * @param <T> the type of the results
   * @return the results, to take in completion order
   */
  public static <T extends @Nullable Object> Completions.Timed<T, Callable<T>> asCompleted(
      List<? extends Callable<T>> tasks, Duration timeout) {
    return new Completions.Timed<>(
        AsCompletedStarts.tasks(tasks, Objects.requireNonNull(timeout, "timeout"), null));
  }

  /**
   * Blocking form of {@link Fanin#asCompletedFutures(List)}. Closing the iteration cancels none of
   * the caller's futures.
   *
   * @param futures the futures to watch
   * @param <T> the type of their values
   * @param <F> the type of the futures
   * @return the results, to take in completion order
   */
  public static <T extends @Nullable Object, F extends CompletionStage<T>> Completions<T, F> asCompletedFutures(
      List<? extends F> futures) {
    return new Completions<>(AsCompletedStarts.futures(futures, null));
  }

  /**
   * Blocking form of {@link Fanin#asCompletedFutures(List, Duration)}: once the deadline passes,
   * {@link Completions.Timed#take()} throws {@link TimeoutException} after the results that had
   * arrived.
   *
   * @param futures the futures to watch
   * @param timeout how long the results may take
   * @param <T> the type of their values
   * @param <F> the type of the futures
   * @return the results, to take in completion order
   */
  public static <T extends @Nullable Object, F extends CompletionStage<T>> Completions.Timed<T, F> asCompletedFutures(
      List<? extends F> futures, Duration timeout) {
    return new Completions.Timed<>(
        AsCompletedStarts.futures(futures, Objects.requireNonNull(timeout, "timeout")));
  }

  /**
   * Blocking form of {@link Fanin#asCompleted(Iterator, int)}: at most {@code limit} tasks running
   * or untaken at once, the source pulled only as results are taken. Closing the iteration cancels
   * the running tasks; a source that throws makes {@link Completions#take()} throw its exception.
   *
   * <pre>{@code
   * try (Completions<Row, Callable<Row>> rows = FaninBlocking.asCompleted(lookups.iterator(), 64)) {
   *   rows.forEachRemaining(row -> save(row.value()));
   * }
   * }</pre>
   *
   * @param source the tasks, pulled lazily
   * @param limit the most tasks running or untaken at once; at least 1
   * @param <T> the type of the results
   * @return the results, to take in completion order
   */
  public static <T extends @Nullable Object> Completions<T, Callable<T>> asCompleted(
      Iterator<? extends Callable<T>> source, int limit) {
    return new Completions<>(AsCompletedStarts.bounded(source, limit, false, null));
  }

  /**
   * Blocking form of {@link Fanin#asCompleted(Iterator, int, Executor)}: {@link
   * #asCompleted(Iterator, int)} with the tasks run on {@code executor}.
   *
   * @param source the tasks, pulled lazily
   * @param limit the most tasks running or untaken at once; at least 1
   * @param executor where the tasks run
   * @param <T> the type of the results
   * @return the results, to take in completion order
   * @throws NullPointerException if {@code source} or {@code executor} is null
   * @throws IllegalArgumentException if {@code limit < 1}
   */
  public static <T extends @Nullable Object> Completions<T, Callable<T>> asCompleted(
      Iterator<? extends Callable<T>> source, int limit, Executor executor) {
    return new Completions<>(AsCompletedStarts.boundedOn(source, limit, false, executor));
  }

  /**
   * Blocking form of {@link Fanin#asCompletedOrdered(Iterator, int)}: the results in source order.
   *
   * @param source the tasks, pulled lazily
   * @param limit the most tasks running or untaken at once; at least 1
   * @param <T> the type of the results
   * @return the results, to take in source order
   */
  public static <T extends @Nullable Object> Completions<T, Callable<T>> asCompletedOrdered(
      Iterator<? extends Callable<T>> source, int limit) {
    return new Completions<>(AsCompletedStarts.bounded(source, limit, true, null));
  }

  /**
   * Blocking form of {@link Fanin#asCompletedOrdered(Iterator, int, Executor)}: {@link
   * #asCompletedOrdered(Iterator, int)} with the tasks run on {@code executor}.
   *
   * @param source the tasks, pulled lazily
   * @param limit the most tasks running or untaken at once; at least 1
   * @param executor where the tasks run
   * @param <T> the type of the results
   * @return the results, to take in source order
   * @throws NullPointerException if {@code source} or {@code executor} is null
   * @throws IllegalArgumentException if {@code limit < 1}
   */
  public static <T extends @Nullable Object> Completions<T, Callable<T>> asCompletedOrdered(
      Iterator<? extends Callable<T>> source, int limit, Executor executor) {
    return new Completions<>(AsCompletedStarts.boundedOn(source, limit, true, executor));
  }

  /**
   * Blocking form of {@link Fanin#asCompleted(Iterable, int)}.
   *
   * @param source the tasks, pulled lazily
   * @param limit the most tasks running or untaken at once; at least 1
   * @param <T> the type of the results
   * @return the results, to take in completion order
   */
  public static <T extends @Nullable Object> Completions<T, Callable<T>> asCompleted(
      Iterable<? extends Callable<T>> source, int limit) {
    return asCompleted(Objects.requireNonNull(source, "source").iterator(), limit);
  }
  /**
   * Blocking form of {@link Fanin#asCompleted(Iterable, int, Executor)}.
   *
   * @param source the tasks, pulled lazily
   * @param limit the most tasks running or untaken at once; at least 1
   * @param executor where the tasks run
   * @param <T> the type of the results
   * @return the results, to take in completion order
   */
  public static <T extends @Nullable Object> Completions<T, Callable<T>> asCompleted(
      Iterable<? extends Callable<T>> source, int limit, Executor executor) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(executor, "executor");
    return asCompleted(source.iterator(), limit, executor);
  }


  /**
   * Blocking form of {@link Fanin#asCompleted(Stream, int)}; the stream is not closed by the
   * iteration.
   *
   * @param source the tasks, pulled lazily
   * @param limit the most tasks running or untaken at once; at least 1
   * @param <T> the type of the results
   * @return the results, to take in completion order
   */
  public static <T extends @Nullable Object> Completions<T, Callable<T>> asCompleted(
      Stream<? extends Callable<T>> source, int limit) {
    return asCompleted(Objects.requireNonNull(source, "source").iterator(), limit);
  }
  /**
   * Blocking form of {@link Fanin#asCompleted(Stream, int, Executor)}; the stream is not closed by
   * the iteration.
   *
   * @param source the tasks, pulled lazily
   * @param limit the most tasks running or untaken at once; at least 1
   * @param executor where the tasks run
   * @param <T> the type of the results
   * @return the results, to take in completion order
   */
  public static <T extends @Nullable Object> Completions<T, Callable<T>> asCompleted(
      Stream<? extends Callable<T>> source, int limit, Executor executor) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(executor, "executor");
    return asCompleted(source.iterator(), limit, executor);
  }


  /**
   * Blocking form of {@link Fanin#asCompletedOrdered(Iterable, int)}.
   *
   * @param source the tasks, pulled lazily
   * @param limit the most tasks running or untaken at once; at least 1
   * @param <T> the type of the results
   * @return the results, to take in source order
   */
  public static <T extends @Nullable Object> Completions<T, Callable<T>> asCompletedOrdered(
      Iterable<? extends Callable<T>> source, int limit) {
    return asCompletedOrdered(Objects.requireNonNull(source, "source").iterator(), limit);
  }
  /**
   * Blocking form of {@link Fanin#asCompletedOrdered(Iterable, int, Executor)}.
   *
   * @param source the tasks, pulled lazily
   * @param limit the most tasks running or untaken at once; at least 1
   * @param executor where the tasks run
   * @param <T> the type of the results
   * @return the results, to take in source order
   */
  public static <T extends @Nullable Object> Completions<T, Callable<T>> asCompletedOrdered(
      Iterable<? extends Callable<T>> source, int limit, Executor executor) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(executor, "executor");
    return asCompletedOrdered(source.iterator(), limit, executor);
  }


  /**
   * Blocking form of {@link Fanin#asCompletedOrdered(Stream, int)}; the stream is not closed by the
   * iteration.
   *
   * @param source the tasks, pulled lazily
   * @param limit the most tasks running or untaken at once; at least 1
   * @param <T> the type of the results
   * @return the results, to take in source order
   */
  public static <T extends @Nullable Object> Completions<T, Callable<T>> asCompletedOrdered(
      Stream<? extends Callable<T>> source, int limit) {
    return asCompletedOrdered(Objects.requireNonNull(source, "source").iterator(), limit);
  }
  /**
   * Blocking form of {@link Fanin#asCompletedOrdered(Stream, int, Executor)}; the stream is not
   * closed by the iteration.
   *
   * @param source the tasks, pulled lazily
   * @param limit the most tasks running or untaken at once; at least 1
   * @param executor where the tasks run
   * @param <T> the type of the results
   * @return the results, to take in source order
   */
  public static <T extends @Nullable Object> Completions<T, Callable<T>> asCompletedOrdered(
      Stream<? extends Callable<T>> source, int limit, Executor executor) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(executor, "executor");
    return asCompletedOrdered(source.iterator(), limit, executor);
  }


  /**
   * Blocking form of {@link Fanin#taskGroup(TaskGroup.Body)}. Same contract, except that it returns
   * the body's result, throws {@link TaskGroupException} as it is, runs the body on the calling
   * thread (class documentation, <b>Bodies on the calling thread</b>), and when interrupted cancels
   * the body and every task, waits until they have stopped, and throws {@link
   * InterruptedException}. The body forks its tasks from this thread, so the task decorator ({@link
   * FaninConfig#setTaskDecorator}) sees this thread's context; the tasks run on Fanin's default
   * executor. No thread or executor task is used for the body itself.
   *
   * <pre>{@code
   * Page page = FaninBlocking.taskGroup(group -> {
   *   CompletableFuture<User> user = group.fork(() -> loadUser(id));
   *   CompletableFuture<List<Order>> orders = group.fork(() -> loadOrders(id));
   *   return new Page(user.join(), orders.join());
   * });
   * }</pre>
   *
   * @param body the code that forks the tasks, run on this thread
   * @param <R> the type of its result
   * @return the body's result
   * @throws InterruptedException if this thread is interrupted while the body runs or while the
   *     call waits; everything is then cancelled and has stopped
   */
  public static <R extends @Nullable Object> R taskGroup(TaskGroup.Body<? extends R> body) throws InterruptedException {
    return taskGroup(OnFailure.CANCEL_ALL, body);
  }

  /**
   * Blocking form of {@link Fanin#taskGroup(OnFailure, TaskGroup.Body)}; the body runs on the
   * calling thread, as for {@link #taskGroup(TaskGroup.Body)}.
   *
   * @param onFailure what a failure does to the other tasks and the body
   * @param body the code that forks the tasks, run on this thread
   * @param <R> the type of its result
   * @return the body's result
   * @throws InterruptedException if this thread is interrupted while the body runs or while the
   *     call waits; everything is then cancelled and has stopped
   */
  public static <R extends @Nullable Object> R taskGroup(OnFailure onFailure, TaskGroup.Body<? extends R> body)
      throws InterruptedException {
    Objects.requireNonNull(body, "body"); // before the group opens: an open group would leak
    return Await.await(runHere(TaskGroup.bridge(onFailure, null), body));
  }

  /**
   * Blocking form of {@link Fanin#taskGroup(OnFailure, Duration, TaskGroup.Body)}; the body runs on
   * the calling thread, as for {@link #taskGroup(TaskGroup.Body)}.
   *
   * @param onFailure what a failure does to the other tasks and the body
   * @param timeout the deadline, from now
   * @param body the code that forks the tasks, run on this thread
   * @param <R> the type of its result
   * @return the body's result
   * @throws InterruptedException if this thread is interrupted while the body runs or while the
   *     call waits; everything is then cancelled and has stopped
   * @throws TimeoutException if the deadline passed; everything was cancelled and has stopped
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public static <R extends @Nullable Object> R taskGroup(OnFailure onFailure, Duration timeout, TaskGroup.Body<? extends R> body)
      throws InterruptedException, TimeoutException {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(body, "body"); // before the group opens: an open group would leak
    return Await.awaitWithin(runHere(TaskGroup.bridge(onFailure, timeout), body));
  }

  /**
   * Blocking form of {@link Fanin#taskGroup(OnFailure, TaskGroup.Body, Executor)}: the body runs on
   * {@code executor}, not on the calling thread.
   *
   * @param onFailure what a failure does to the other tasks and the body
   * @param body the code that forks the tasks
   * @param executor where the body runs
   * @param <R> the type of its result
   * @return the body's result
   * @throws InterruptedException if interrupted while waiting; everything is then cancelled and
   *     has stopped
   */
  public static <R extends @Nullable Object> R taskGroup(
      OnFailure onFailure, TaskGroup.Body<? extends R> body, Executor executor)
      throws InterruptedException {
    return Await.await(Fanin.taskGroup(onFailure, body, executor));
  }

  /**
   * Blocking form of {@link Fanin#taskGroup(OnFailure, Duration, TaskGroup.Body, Executor)}: the
   * body runs on {@code executor}, not on the calling thread.
   *
   * @param onFailure what a failure does to the other tasks and the body
   * @param timeout the deadline, from now
   * @param body the code that forks the tasks
   * @param executor where the body runs
   * @param <R> the type of its result
   * @return the body's result
   * @throws InterruptedException if interrupted while waiting; everything is then cancelled and
   *     has stopped
   * @throws TimeoutException if the deadline passed; everything was cancelled and has stopped
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public static <R extends @Nullable Object> R taskGroup(
      OnFailure onFailure, Duration timeout, TaskGroup.Body<? extends R> body, Executor executor)
      throws InterruptedException, TimeoutException {
    return Await.awaitWithin(Fanin.taskGroup(onFailure, timeout, body, executor));
  }

  /** Runs {@code body} on this thread as the first task of {@code group} (CallerThread). */
  private static <R extends @Nullable Object> CompletableFuture<R> runHere(
      TaskGroupBridge.Group group, TaskGroup.Body<? extends R> body) throws InterruptedException {
    GroupForks forks = new GroupForks(group);
    return TaskGroupBridge.runHere(group, () -> body.run(forks));
  }
}

package dev.fanin.java;

import dev.fanin.java.internal.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;

/**
 * Fanin's operations in blocking form: the same methods as {@link Fanin}, each waiting on the
 * calling thread (platform or virtual) and returning the result itself.
 *
 * <p>Every method here is its {@link Fanin} twin followed by one wait, so the twin's contract
 * holds, with these differences:
 *
 * <ul>
 *   <li><b>Failure</b>: a task's unchecked exception or {@link Error} is thrown as it is, with a
 *       suppressed exception showing where the caller waited; a checked one is wrapped in {@link
 *       UncheckedTaskException}. Never a {@link java.util.concurrent.CompletionException} or {@link
 *       java.util.concurrent.ExecutionException}.
 *   <li><b>Timeout</b>: methods with a deadline throw {@link TimeoutException} as it is.
 *   <li><b>Interrupt</b>: interrupting the waiting thread cancels the work it waits on (tasks are
 *       interrupted, input futures cancelled), waits until the tasks Fanin started have stopped,
 *       and throws {@link InterruptedException} with the interrupt status cleared.
 * </ul>
 *
 * <p>Unless otherwise specified, passing a {@code null} argument, or a list with a {@code null}
 * element, to a method in this class throws {@link NullPointerException} whose message names the
 * argument, before any work starts.
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
  public static <T> List<T> gather(List<? extends Callable<? extends T>> tasks)
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
  public static <T> List<T> gather(List<? extends Callable<? extends T>> tasks, Executor executor)
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
  public static <T> List<Outcome<T>> gatherSettled(List<? extends Callable<? extends T>> tasks)
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
  public static <T> List<Outcome<T>> gatherSettled(
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
  public static <T> List<T> gatherFutures(List<? extends CompletionStage<? extends T>> futures)
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
  public static <T> List<Outcome<T>> gatherFuturesSettled(
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
   */
  public static <T> T waitFor(Callable<? extends T> task, Duration timeout)
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
   */
  public static <T> T waitFor(Callable<? extends T> task, Duration timeout, Executor executor)
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
   */
  public static <T> T waitFor(CompletionStage<? extends T> future, Duration timeout)
      throws InterruptedException, TimeoutException {
    return Await.awaitWithin(Fanin.waitFor(future, timeout));
  }

  /**
   * Blocking form of {@link Fanin#timeoutScope(Duration, TimeoutScope.Body)}. Same contract,
   * except that it returns the body's result and throws as the class documentation says. The body
   * runs on a Fanin thread, not on the caller's.
   *
   * @param timeout the deadline, from now
   * @param body the code to run
   * @param <T> the type of its result
   * @return the body's result
   * @throws InterruptedException if interrupted while waiting; the body is then cancelled
   * @throws TimeoutException if the deadline passed; the body was cancelled and has stopped
   */
  public static <T> T timeoutScope(Duration timeout, TimeoutScope.Body<? extends T> body)
      throws InterruptedException, TimeoutException {
    return Await.awaitWithin(Fanin.timeoutScope(timeout, body));
  }

  /**
   * Blocking form of {@link Fanin#timeoutScope(Duration, TimeoutScope.Body, Executor)}. Same
   * contract, except that it returns the body's result and throws as the class documentation says.
   *
   * @param timeout the deadline, from now
   * @param body the code to run
   * @param executor where the body runs
   * @param <T> the type of its result
   * @return the body's result
   * @throws InterruptedException if interrupted while waiting; the body is then cancelled
   * @throws TimeoutException if the deadline passed; the body was cancelled and has stopped
   */
  public static <T> T timeoutScope(
      Duration timeout, TimeoutScope.Body<? extends T> body, Executor executor)
      throws InterruptedException, TimeoutException {
    return Await.awaitWithin(Fanin.timeoutScope(timeout, body, executor));
  }
}

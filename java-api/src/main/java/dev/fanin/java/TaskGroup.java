package dev.fanin.java;

import dev.fanin.OnFailure;
import dev.fanin.TaskGroupException;
import dev.fanin.interop.FutureBridge;
import dev.fanin.interop.TaskGroupBridge;
import dev.fanin.java.internal.Await;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A scope that owns the tasks forked into it (asyncio's {@code TaskGroup}, the JDK's {@code
 * StructuredTaskScope}, for Java 17 and later): the first failure cancels the others, every failure
 * is reported together, and no task outlives the group.
 *
 * <pre>{@code
 * try (TaskGroup group = TaskGroup.open()) {
 *   CompletableFuture<User> user = group.fork(() -> loadUser(id));
 *   CompletableFuture<List<Order>> orders = group.fork(() -> loadOrders(id));
 *   group.join();
 *   return new Page(user.join(), orders.join());
 * }
 * }</pre>
 *
 * <p><b>Phases.</b> Open the group, {@link #fork} tasks, {@link #join()} to wait until every task
 * has completed (tasks may fork more tasks meanwhile), and close it, normally with
 * try-with-resources. {@link #close()} cancels whatever still runs and waits for it to stop, so a
 * body that throws before {@code join()} leaves nothing running. {@link FaninBlocking#taskGroup} and
 * {@link Fanin#taskGroup} run a body with a group and do all of this for you. A Fanin task (a
 * {@code Callable} Fanin runs, a body) that opens a group must close it before it returns: only its
 * thread could. If it does not, Fanin closes the group when the task's code returns (its tasks are
 * cancelled, and have stopped before the task counts as done) and the task fails with {@link
 * IllegalStateException}; a task that threw keeps its own exception, with that {@code
 * IllegalStateException} added as suppressed (adr/0015).
 *
 * <p><b>Failure.</b> With {@link OnFailure#CANCEL_ALL} (the default) the first task to fail cancels
 * every other task at once, interrupting those that are blocked; {@link OnFailure#KEEP_RUNNING} lets
 * them run on. Either way {@code join()} throws one {@link TaskGroupException} listing every failure
 * in the order they happened, even for a single failure. A failure that comes back through another
 * task (the same exception rethrown, or the {@link java.util.concurrent.CompletionException} of
 * {@code join()} around it) is listed once; a task's own exception with another task's failure as
 * its cause is a failure of its own. Cancellations are not failures: neither
 * those the group caused nor a task that throws {@link java.util.concurrent.CancellationException}
 * itself, which counts as cancelled, as in asyncio (unlike {@link Fanin#gather(java.util.List)},
 * which fails with it). A task that throws something else while the group cancels it (a clean-up
 * that fails) has failed too, and is listed after the failure that caused the cancellation, as in
 * asyncio and the Kotlin {@code taskGroup}. The cancellation's echo is not such a failure: an
 * {@link InterruptedException}, an interrupted I/O exception, a {@link
 * java.util.concurrent.CancellationException} from a nested call, or an exception caused by one
 * ({@code throw new RuntimeException(e)} in a {@code catch (InterruptedException e)}).
 *
 * <p><b>Timeout.</b> A group opened with a timeout is a {@link TaskGroup.Timed}: it is cancelled
 * when the timeout passes, and its {@code join()} then throws {@link TimeoutException} once every
 * task has stopped; earlier failures are attached to it as suppressed exceptions. A group opened
 * without one cannot time out, so its {@link #join()} does not declare {@code TimeoutException}.
 *
 * <p><b>Cancellation.</b> Interrupting the owner while it waits in {@code join()} cancels every
 * task, waits until they have stopped, and throws {@link InterruptedException}.
 *
 * <p><b>Threads.</b> The thread that opened the group owns it: only it may call {@code join()} and
 * {@code close()}, which otherwise throw {@link IllegalStateException}. Any thread may fork, tasks of
 * the group included (workers that spawn workers), until the group has ended. Tasks run on Fanin's
 * default executor unless {@link #fork(Callable, Executor)} names one. A group opened inside a Fanin
 * task belongs to that task (adr/0005); a failed group nested in a task of another group is one
 * failure of the outer group.
 *
 * <p><b>Nesting.</b> Groups and timeout scopes nest to any depth: cancelling or expiring an outer
 * one reaches the innermost task however deep the nest, one level at a time on the canceller's
 * thread (adr/0016). Fanin sets no depth limit; each level that blocks holds a thread.
 *
 * <p>Unless otherwise specified, passing a {@code null} argument to a method in this class throws
 * {@link NullPointerException} naming it.
 */
public final class TaskGroup implements AutoCloseable {
  private final TaskGroupBridge.Group group;
  private final GroupForks forks;
  private final Thread owner;
  private @Nullable CompletableFuture<Object> joined;
  private boolean reported;

  private TaskGroup(TaskGroupBridge.Group group) {
    this.group = group;
    this.forks = new GroupForks(group);
    this.owner = Thread.currentThread();
  }

  /**
   * Opens a group that cancels every task on the first failure and has no deadline.
   *
   * @return the group, owned by the calling thread
   */
  public static TaskGroup open() {
    return open(OnFailure.CANCEL_ALL);
  }

  /**
   * Opens a group with the given failure policy and no deadline.
   *
   * @param onFailure what a failure does to the other tasks
   * @return the group, owned by the calling thread
   */
  public static TaskGroup open(OnFailure onFailure) {
    return new TaskGroup(bridge(onFailure, null));
  }

  /**
   * Opens a group with the given failure policy that is cancelled when {@code timeout} passes. A
   * zero timeout expires at once and a negative one is rejected, as with {@link
   * Fanin#timeoutScope}.
   *
   * @param onFailure what a failure does to the other tasks
   * @param timeout the deadline, from now
   * @return the group, owned by the calling thread; its {@link Timed#join()} throws {@link
   *     TimeoutException} once the deadline has passed
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public static Timed open(OnFailure onFailure, Duration timeout) {
    return new Timed(new TaskGroup(bridge(onFailure, Objects.requireNonNull(timeout, "timeout"))));
  }

  static TaskGroupBridge.Group bridge(OnFailure onFailure, @Nullable Duration timeout) {
    Objects.requireNonNull(onFailure, "onFailure");
    return TaskGroupBridge.open(
        onFailure == OnFailure.CANCEL_ALL, timeout, failures -> new TaskGroupException(failures));
  }

  /**
   * Starts {@code task} in the group and returns the future of its result. The future is an
   * ordinary {@link CompletableFuture}: gather it, wait on it, or read it after {@link #join()}.
   * Cancelling (or otherwise completing) it cancels (interrupts) that task only, which is not a
   * failure of the group. A callback on it that throws fails only the stage it returns, as with any
   * {@code CompletableFuture}; it is not a failure of the group either.
   *
   * @param task the task, run once on Fanin's default executor
   * @param <T> the type of its result
   * @return the future of its result ({@code null} if the task returns {@code null})
   * @throws IllegalStateException if the group has ended or was closed
   */
  public <T extends @Nullable Object> CompletableFuture<T> fork(Callable<? extends T> task) {
    return forks.fork(task);
  }

  /**
   * {@link #fork(Callable)} with the task run on {@code executor}. When the executor refuses the
   * task, whatever its {@code execute} throws, a {@link
   * java.util.concurrent.RejectedExecutionException}, another exception or an {@link Error}, is that
   * task's failure and is never thrown from this method (adr/0015); it is a failure of the group like any other: {@link #join()} lists it, and with {@link OnFailure#CANCEL_ALL} it
   * cancels the other tasks.
   *
   * @param task the task, run once
   * @param executor where it runs
   * @param <T> the type of its result
   * @return the future of its result
   * @throws IllegalStateException if the group has ended or was closed
   */
  public <T extends @Nullable Object> CompletableFuture<T> fork(
      Callable<? extends T> task, Executor executor) {
    return forks.fork(task, executor);
  }

  /**
   * {@link #fork(Callable)} for a task with no result.
   *
   * @param task the task, run once on Fanin's default executor
   * @return the future of its completion, whose value is {@code null}
   * @throws IllegalStateException if the group has ended or was closed
   */
  public CompletableFuture<@Nullable Void> fork(Runnable task) {
    return forks.fork(task);
  }

  /**
   * Waits until every task of the group has completed, tasks forked while waiting included, and
   * ends the group: later forks throw {@link IllegalStateException}. When it returns or throws,
   * every future {@link #fork} returned is complete and its callbacks have run.
   *
   * @apiNote Because of that, a callback on a task's future must not block waiting for this
   *     method to return: it would wait for itself.
   *
   * @throws TaskGroupException if any task failed; it lists every failure in order
   * @throws InterruptedException if the owner is interrupted while waiting; every task is then
   *     cancelled and has stopped
   * @throws java.util.concurrent.CancellationException if the group was cancelled otherwise (for
   *     example because the Fanin task it belongs to was)
   * @throws IllegalStateException if called from a thread other than the owner
   */
  public void join() throws InterruptedException {
    try {
      joinWithin();
    } catch (TimeoutException e) {
      // A group without a deadline has no timeout of its own; a TimeoutException that arrives
      // anyway is a failure like any other, wrapped as every checked one is.
      throw Await.unchecked(e);
    }
  }

  /** {@link Timed#join()}: {@link #join()}, and the deadline's {@link TimeoutException}. */
  private void joinWithin() throws InterruptedException, TimeoutException {
    checkOwner();
    if (joined == null) {
      joined = group.join();
    }
    reported = true;
    try {
      Await.awaitWithin(joined);
    } catch (InterruptedException e) {
      group.cancel();
      throw e;
    }
  }

  /**
   * Cancels every task still running, waits until all have stopped, and ends the group. After a
   * {@link #join()} that returned or threw, it does nothing. An interrupt while it waits is kept:
   * the thread's interrupt status is set again when it returns.
   *
   * @throws TaskGroupException if tasks failed and {@link #join()} did not already report it
   * @throws IllegalStateException if called from a thread other than the owner
   */
  @Override
  public void close() {
    checkOwner();
    if (joined == null) {
      group.cancel();
      joined = group.join();
    }
    if (FutureBridge.awaitStopped(joined)) {
      Thread.currentThread().interrupt();
    }
    if (reported) {
      return;
    }
    reported = true;
    Throwable failure = joined.handle((value, error) -> error).join();
    if (failure instanceof TaskGroupException groupFailure) {
      throw groupFailure;
    }
  }

  /**
   * {@return what this is and its state, such as {@code TaskGroup[open, 3 running, 1 failed]}}
   * The phase is {@code open} (forks are taken, during {@link #join()} too), {@code ended}, {@code
   * cancelling} or {@code cancelled} (tasks stopping, then stopped), or {@code expired} (the
   * deadline passed); "running" counts the forked tasks that have not stopped, "failed" the failures
   * {@link #join()} will list. A snapshot that may be stale at once; any thread may call it, and it
   * never blocks or throws.
   */
  @Override
  public String toString() {
    return "TaskGroup[" + group.describe() + "]";
  }

  private void checkOwner() {
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException(
          "only the thread that opened the group may join or close it: " + owner);
    }
  }

  /**
   * The body of a task group run by {@link FaninBlocking#taskGroup} (on the calling thread, unless
   * an executor is given) or {@link Fanin#taskGroup} (on an executor).
   *
   * @param <R> the type of its result
   */
  @FunctionalInterface
  public interface Body<R extends @Nullable Object> {
    /**
     * Runs the body: fork tasks into {@code group} and compute the result.
     *
     * @param group the group; forking is allowed from any thread until the group ends
     * @return the body's result, possibly {@code null}
     * @throws Exception anything; it is a failure of the group
     */
    R run(Forks group) throws Exception;
  }

  /**
   * What a {@link Body} can do with its group: fork. Joining and closing are done for it.
   */
  public sealed interface Forks permits GroupForks {
    /**
     * Starts {@code task} in the group; see {@link TaskGroup#fork(Callable)}.
     *
     * @param task the task, run once on Fanin's default executor
     * @param <T> the type of its result
     * @return the future of its result
     * @throws IllegalStateException if the group has ended
     */
    <T extends @Nullable Object> CompletableFuture<T> fork(Callable<? extends T> task);

    /**
     * Starts {@code task} in the group on {@code executor}; see {@link TaskGroup#fork(Callable,
     * Executor)}.
     *
     * @param task the task, run once
     * @param executor where it runs
     * @param <T> the type of its result
     * @return the future of its result
     * @throws IllegalStateException if the group has ended
     */
    <T extends @Nullable Object> CompletableFuture<T> fork(
        Callable<? extends T> task, Executor executor);

    /**
     * Starts {@code task}, which has no result, in the group; see {@link TaskGroup#fork(Runnable)}.
     *
     * @param task the task, run once on Fanin's default executor
     * @return the future of its completion, whose value is {@code null}
     * @throws IllegalStateException if the group has ended
     */
    CompletableFuture<@Nullable Void> fork(Runnable task);
  }

  /**
   * A task group with a deadline, opened by {@link TaskGroup#open(OnFailure, Duration)}: a {@link
   * TaskGroup} whose {@link #join()} also throws {@link TimeoutException} once the deadline has
   * passed. Everything else (forking, failures, closing, the owner thread) is as {@link TaskGroup}
   * documents.
   *
   * <pre>{@code
   * try (TaskGroup.Timed group = TaskGroup.open(OnFailure.CANCEL_ALL, Duration.ofSeconds(5))) {
   *   group.fork(() -> ping(a));
   *   group.fork(() -> ping(b));
   *   group.join();
   * } catch (TimeoutException e) {
   *   // Every task was cancelled and has stopped.
   * }
   * }</pre>
   */
  public static final class Timed implements AutoCloseable {
    private final TaskGroup group;

    private Timed(TaskGroup group) {
      this.group = group;
    }

    /**
     * See {@link TaskGroup#fork(Callable)}.
     *
     * @param task the task, run once on Fanin's default executor
     * @param <T> the type of its result
     * @return the future of its result ({@code null} if the task returns {@code null})
     * @throws IllegalStateException if the group has ended or was closed
     */
    public <T extends @Nullable Object> CompletableFuture<T> fork(Callable<? extends T> task) {
      return group.fork(task);
    }

    /**
     * See {@link TaskGroup#fork(Callable, Executor)}.
     *
     * @param task the task, run once
     * @param executor where it runs
     * @param <T> the type of its result
     * @return the future of its result
     * @throws IllegalStateException if the group has ended or was closed
     */
    public <T extends @Nullable Object> CompletableFuture<T> fork(
        Callable<? extends T> task, Executor executor) {
      return group.fork(task, executor);
    }

    /**
     * See {@link TaskGroup#fork(Runnable)}.
     *
     * @param task the task, run once on Fanin's default executor
     * @return the future of its completion, whose value is {@code null}
     * @throws IllegalStateException if the group has ended or was closed
     */
    public CompletableFuture<@Nullable Void> fork(Runnable task) {
      return group.fork(task);
    }

    /**
     * {@link TaskGroup#join()}, and the deadline: once it has passed, every task is cancelled and
     * this throws {@link TimeoutException} when they have stopped, with the failures that happened
     * before attached as suppressed exceptions.
     *
     * @throws TaskGroupException if any task failed before the deadline; it lists every failure in
     *     order
     * @throws TimeoutException if the group's deadline passed; every task was cancelled and has
     *     stopped
     * @throws InterruptedException if the owner is interrupted while waiting; every task is then
     *     cancelled and has stopped
     * @throws java.util.concurrent.CancellationException if the group was cancelled otherwise (for
     *     example because the Fanin task it belongs to was)
     * @throws IllegalStateException if called from a thread other than the owner
     */
    public void join() throws InterruptedException, TimeoutException {
      group.joinWithin();
    }

    /**
     * See {@link TaskGroup#close()}.
     *
     * @throws TaskGroupException if tasks failed and {@link #join()} did not already report it
     * @throws IllegalStateException if called from a thread other than the owner
     */
    @Override
    public void close() {
      group.close();
    }

    /** {@return what {@link TaskGroup#toString()} says, for this group with a deadline} */
    @Override
    public String toString() {
      return group.toString();
    }
  }
}

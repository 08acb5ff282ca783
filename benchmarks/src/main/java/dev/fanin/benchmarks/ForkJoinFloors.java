package dev.fanin.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;

/**
 * Floors for running {@code n} Callables on an executor (a fixed pool, or a virtual thread per task)
 * and waiting for all of them, each the least code that gives one more of the properties a Fanin
 * task group or gather has and {@code invokeAll} has not. They are not alternatives a user would write (no cancellation, no failure handling, no
 * interrupt protocol): they price what a property costs whoever implements it.
 *
 * <ul>
 *   <li>{@link #futurePerTask}: each task completes a {@link CompletableFuture} (the type {@code
 *       TaskGroup.fork} returns), and the caller reads each in turn, as {@code invokeAll}'s caller
 *       reads its {@code FutureTask}s.
 *   <li>{@link #counted}: the same, plus one count of the tasks still running, shared by the thread
 *       that starts them and the threads that end them, and one wake-up of the caller when it
 *       reaches zero: how a group knows that every task has stopped, including tasks started by
 *       tasks, without waiting on each one (its join future and its job complete then, with no
 *       thread waiting).
 *   <li>{@link #contextPerTask}: {@link #futurePerTask}, each task run with a thread-local value of
 *       its own set around it and then restored, as a Fanin task makes itself its thread's ambient
 *       task (so that the Fanin calls its code makes belong to it). On a pool thread the thread's
 *       map entry is reused; on a fresh virtual thread the first value set allocates the thread's
 *       map: the bytes this row adds over {@link #futurePerTask} on virtual threads are that map.
 * </ul>
 */
final class ForkJoinFloors {
  private ForkJoinFloors() {}

  /**
   * Runs each task on {@code pool}, completing a future of its own; then joins each future.
   *
   * @param tasks the tasks
   * @param pool where they run
   * @return the sum of their results
   */
  static long futurePerTask(List<Callable<Integer>> tasks, Executor pool) {
    return sum(startEach(tasks, pool, (future, task) -> () -> complete(future, task)));
  }

  /**
   * {@link #futurePerTask}, with a count of running tasks that the last one to end brings to zero,
   * waking the caller parked until then.
   *
   * @param tasks the tasks
   * @param pool where they run
   * @return the sum of their results
   */
  static long counted(List<Callable<Integer>> tasks, Executor pool) {
    Thread caller = Thread.currentThread();
    AtomicInteger pending = new AtomicInteger(1); // 1 until every task has been started
    List<CompletableFuture<Integer>> futures =
        startEach(
            tasks,
            pool,
            (future, task) -> {
              pending.incrementAndGet();
              return () -> {
                complete(future, task);
                if (pending.decrementAndGet() == 0) {
                  LockSupport.unpark(caller);
                }
              };
            });
    pending.decrementAndGet();
    while (pending.get() != 0) {
      LockSupport.park(pending);
    }
    return sum(futures);
  }

  /** The thread-local {@link #contextPerTask} sets: the stand-in for Fanin's ambient task. */
  private static final ThreadLocal<Object> CONTEXT = new ThreadLocal<>();

  /**
   * {@link #futurePerTask}, each task run with its future set as {@link #CONTEXT} and the previous
   * value restored after it.
   *
   * @param tasks the tasks
   * @param pool where they run
   * @return the sum of their results
   */
  static long contextPerTask(List<Callable<Integer>> tasks, Executor pool) {
    return sum(
        startEach(
            tasks,
            pool,
            (future, task) ->
                () -> {
                  Object previous = CONTEXT.get();
                  CONTEXT.set(future);
                  try {
                    complete(future, task);
                  } finally {
                    CONTEXT.set(previous);
                  }
                }));
  }

  /**
   * Makes a future per task and starts on {@code pool} the runnable {@code runner} makes of it and
   * the task (on this thread, once per task, just before the start); returns the futures. The
   * runnable is the only object per task besides the future: a floor's bytes are those two and
   * whatever its runnable allocates when it runs.
   */
  private static List<CompletableFuture<Integer>> startEach(
      List<Callable<Integer>> tasks,
      Executor pool,
      BiFunction<CompletableFuture<Integer>, Callable<Integer>, Runnable> runner) {
    List<CompletableFuture<Integer>> futures = new ArrayList<>(tasks.size());
    for (Callable<Integer> task : tasks) {
      CompletableFuture<Integer> future = new CompletableFuture<>();
      pool.execute(runner.apply(future, task));
      futures.add(future);
    }
    return futures;
  }

  private static void complete(CompletableFuture<Integer> future, Callable<Integer> task) {
    try {
      future.complete(task.call());
    } catch (Throwable failure) {
      future.completeExceptionally(failure);
    }
  }

  private static long sum(List<CompletableFuture<Integer>> futures) {
    long sum = 0;
    for (CompletableFuture<Integer> future : futures) {
      sum += future.join();
    }
    return sum;
  }
}

package dev.fanin.benchmarks;

import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;

/**
 * The least any completion-order iteration over Callables on an {@link Executor} can do, as a floor
 * for {@link AsCompletedJavaBenchmark}: each task is one Runnable that calls the Callable, adds the
 * value to a lock-free queue and unparks the consumer if it waits; the consumer polls, and parks
 * when the queue is empty.
 *
 * <p>It leaves out all an asCompleted promises beyond that: no index or handle per result, no
 * failure as a result (a Callable that throws is a benchmark bug here), no cancellation, no close
 * that stops the tasks, no timeout. Whatever an implementation adds, it still pays this one's thread
 * hand-offs, so its distance to this row is its own cost, and this row's distance to the
 * {@code ExecutorCompletionService} is all any implementation could gain on the same pool.
 *
 * <p>Single use, single consumer thread.
 */
final class QueueAndPark {
  private final ConcurrentLinkedQueue<Integer> results = new ConcurrentLinkedQueue<>();
  private final Thread consumer = Thread.currentThread();
  private final Executor executor;

  /** Whether {@link #consumer} may be parked; written by it, read by the tasks. */
  private volatile boolean waiting;

  QueueAndPark(Executor executor) {
    this.executor = executor;
  }

  /** Runs {@code task} on the executor; its value goes to the queue. */
  void submit(Callable<Integer> task) {
    executor.execute(
        () -> {
          Integer value;
          try {
            value = task.call();
          } catch (Exception e) {
            throw new IllegalStateException("a benchmark task failed", e);
          }
          results.offer(value);
          if (waiting) {
            LockSupport.unpark(consumer);
          }
        });
  }

  /** Takes the next value in completion order, parking until one is there. */
  int take() {
    Integer value = results.poll();
    while (value == null) {
      waiting = true;
      // Polled again after publishing waiting: a value added before a task read it is seen here.
      value = results.poll();
      if (value == null) {
        LockSupport.park(this);
        value = results.poll();
      }
      waiting = false;
    }
    return value;
  }

  /** Submits every task of {@code tasks}, then sums the values in completion order. */
  static long all(Executor executor, Iterable<Callable<Integer>> tasks, int count) {
    QueueAndPark queue = new QueueAndPark(executor);
    for (Callable<Integer> task : tasks) {
      queue.submit(task);
    }
    long sum = 0;
    for (int i = 0; i < count; i++) {
      sum += queue.take();
    }
    return sum;
  }

  /** At most {@code limit} tasks of {@code source} outstanding; one submitted per value taken. */
  static long bounded(Executor executor, Iterator<Callable<Integer>> source, int limit) {
    QueueAndPark queue = new QueueAndPark(executor);
    int outstanding = 0;
    while (outstanding < limit && source.hasNext()) {
      queue.submit(source.next());
      outstanding++;
    }
    long sum = 0;
    while (outstanding > 0) {
      sum += queue.take();
      outstanding--;
      if (source.hasNext()) {
        queue.submit(source.next());
        outstanding++;
      }
    }
    return sum;
  }
}

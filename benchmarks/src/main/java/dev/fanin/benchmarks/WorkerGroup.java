package dev.fanin.benchmarks;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * {@link WorkerPair} for any number of workers: long-lived worker threads of one kind (platform or
 * virtual), started once per trial, that {@link #run} hands one {@link WorkerPair.Side} each and
 * waits for. The select benchmarks use three: two producers and the consumer that selects between
 * their channels. Everything {@link WorkerPair} says about rounds, their cost, failures and the
 * timeout holds here; the threads come from {@link WorkerPair#threadFactory}, so {@code virtual}
 * fails fast before JDK 21.
 */
final class WorkerGroup {
  private final Worker[] workers;
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile Thread waiter;

  /**
   * Starts {@code size} workers.
   *
   * @param threadKind {@code "platform"} or {@code "virtual"} (JDK 21+)
   * @throws UnsupportedOperationException if {@code threadKind} is {@code "virtual"} before JDK 21
   */
  WorkerGroup(String threadKind, int size) {
    ThreadFactory factory = WorkerPair.threadFactory(threadKind);
    workers = new Worker[size];
    for (int i = 0; i < size; i++) {
      workers[i] = new Worker();
    }
    for (Worker worker : workers) {
      worker.start(factory);
    }
  }

  /**
   * Runs {@code sides[i]} on worker {@code i}, all at the same time, and waits for all of them.
   *
   * @return the sum of their checksums
   */
  long run(WorkerPair.Side... sides) {
    if (sides.length != workers.length) {
      throw new IllegalArgumentException(sides.length + " sides for " + workers.length + " workers");
    }
    waiter = Thread.currentThread();
    pending.set(workers.length);
    for (int i = 0; i < workers.length; i++) {
      workers[i].hand(sides[i]);
    }
    long deadline =
        System.nanoTime() + TimeUnit.SECONDS.toNanos(WorkerPair.ROUND_TIMEOUT_SECONDS);
    while (pending.get() != 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        fail(
            new IllegalStateException(
                "a round took more than " + WorkerPair.ROUND_TIMEOUT_SECONDS + " s"));
        break;
      }
      LockSupport.parkNanos(this, left);
    }
    Throwable thrown = failure.get();
    if (thrown != null) {
      throw new IllegalStateException("a worker failed: " + thrown, thrown);
    }
    long sum = 0;
    for (Worker worker : workers) {
      sum += worker.result;
    }
    return sum;
  }

  /** Stops the workers and waits for them to end. */
  void stop() throws InterruptedException {
    for (Worker worker : workers) {
      worker.stopping = true;
      LockSupport.unpark(worker.thread);
    }
    for (Worker worker : workers) {
      worker.thread.join(TimeUnit.SECONDS.toMillis(10));
      if (worker.thread.isAlive()) {
        worker.thread.interrupt();
        worker.thread.join(TimeUnit.SECONDS.toMillis(10));
      }
    }
  }

  private void fail(Throwable thrown) {
    if (failure.compareAndSet(null, thrown)) {
      for (Worker worker : workers) {
        worker.thread.interrupt();
      }
    }
  }

  private void ended() {
    if (pending.decrementAndGet() == 0) {
      LockSupport.unpark(waiter);
    }
  }

  private final class Worker implements Runnable {
    Thread thread;
    volatile WorkerPair.Side task;
    volatile boolean stopping;
    /** Written before {@link #ended()} counts this worker down, read after the count is 0. */
    long result;

    void start(ThreadFactory factory) {
      thread = factory.newThread(this);
      thread.start();
    }

    void hand(WorkerPair.Side side) {
      task = side;
      LockSupport.unpark(thread);
    }

    @Override
    public void run() {
      while (true) {
        WorkerPair.Side side;
        while ((side = task) == null) {
          if (stopping) {
            return;
          }
          LockSupport.park(this);
          // A late interrupt from fail() must not turn this wait into a spin.
          Thread.interrupted();
        }
        task = null;
        long sum = 0;
        try {
          sum = side.run();
        } catch (Throwable thrown) {
          fail(thrown);
        }
        result = sum;
        ended();
      }
    }
  }
}

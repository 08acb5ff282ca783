package dev.fanin.benchmarks;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Two long-lived worker threads, of one kind (platform or virtual), that the channel benchmarks
 * hand a round of work to: {@link #run} gives each worker one {@link Side}, waits until both have
 * finished, and returns the sum of their checksums. The threads are started once per trial, so no
 * benchmark pays for starting threads, and both ends of every channel run on the thread kind being
 * measured (the JMH thread, a platform thread, only starts the round and waits for its end).
 *
 * <p>Starting and ending a round costs two unparks of the workers and one of the JMH thread, a few
 * microseconds: {@code ChannelJavaBenchmark.harnessOverhead} measures it alone. A round moves
 * {@link ChannelShapes#TRANSFERS} elements, so that cost is spread over them.
 *
 * <p>If a side throws, the other worker is interrupted (so that it does not wait forever for its
 * partner) and {@link #run} throws. A round that has not ended after {@link #ROUND_TIMEOUT_SECONDS}
 * fails the same way. One benchmark thread drives a pair (JMH's default {@code -t 1}).
 */
final class WorkerPair {
  /** One worker's part of a round. */
  @FunctionalInterface
  interface Side {
    /** Does the work; returns a checksum (for example, the sum of the elements received). */
    long run() throws Exception;
  }

  /** How long a round may take before it is taken to be stuck. */
  static final long ROUND_TIMEOUT_SECONDS = 60;

  private final Worker first;
  private final Worker second;
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile Thread waiter;

  /**
   * Starts the two workers.
   *
   * @param threadKind {@code "platform"} or {@code "virtual"} (JDK 21+)
   * @throws UnsupportedOperationException if {@code threadKind} is {@code "virtual"} before JDK 21
   */
  WorkerPair(String threadKind) {
    ThreadFactory factory = threadFactory(threadKind);
    first = new Worker();
    second = new Worker();
    first.start(factory);
    second.start(factory);
  }

  /**
   * Runs {@code a} on the first worker and {@code b} on the second, at the same time, and waits
   * for both.
   *
   * @return the sum of their checksums
   */
  long run(Side a, Side b) {
    waiter = Thread.currentThread();
    pending.set(2);
    first.hand(a);
    second.hand(b);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ROUND_TIMEOUT_SECONDS);
    while (pending.get() != 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        fail(new IllegalStateException("a round took more than " + ROUND_TIMEOUT_SECONDS + " s"));
        break;
      }
      LockSupport.parkNanos(this, left);
    }
    Throwable thrown = failure.get();
    if (thrown != null) {
      throw new IllegalStateException("a worker failed: " + thrown, thrown);
    }
    return first.result + second.result;
  }

  /** Stops the workers and waits for them to end. */
  void stop() throws InterruptedException {
    first.stopping = true;
    second.stopping = true;
    LockSupport.unpark(first.thread);
    LockSupport.unpark(second.thread);
    for (Worker worker : new Worker[] {first, second}) {
      worker.thread.join(TimeUnit.SECONDS.toMillis(10));
      if (worker.thread.isAlive()) {
        worker.thread.interrupt();
        worker.thread.join(TimeUnit.SECONDS.toMillis(10));
      }
    }
  }

  private void fail(Throwable thrown) {
    if (failure.compareAndSet(null, thrown)) {
      first.thread.interrupt();
      second.thread.interrupt();
    }
  }

  private void ended() {
    if (pending.decrementAndGet() == 0) {
      LockSupport.unpark(waiter);
    }
  }

  private final class Worker implements Runnable {
    Thread thread;
    volatile Side task;
    volatile boolean stopping;
    /** Written before {@link #ended()} counts this worker down, read after the count is 0. */
    long result;

    void start(ThreadFactory factory) {
      thread = factory.newThread(this);
      thread.start();
    }

    void hand(Side side) {
      task = side;
      LockSupport.unpark(thread);
    }

    @Override
    public void run() {
      while (true) {
        Side side;
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

  /**
   * Platform threads (daemons, so that a stuck trial cannot keep the JVM alive), or virtual threads
   * from {@code Thread.ofVirtual().factory()}, found reflectively because this module compiles for
   * release 17.
   */
  static ThreadFactory threadFactory(String threadKind) {
    switch (threadKind) {
      case "platform":
        return task -> {
          Thread thread = new Thread(task, "channel-bench-platform");
          thread.setDaemon(true);
          return thread;
        };
      case "virtual":
        try {
          Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
          Class<?> builderType = Class.forName("java.lang.Thread$Builder");
          builder = builderType.getMethod("name", String.class).invoke(builder, "channel-bench-virtual");
          return (ThreadFactory) builderType.getMethod("factory").invoke(builder);
        } catch (NoSuchMethodException | ClassNotFoundException | InvocationTargetException e) {
          throw new UnsupportedOperationException(
              "threadKind=virtual needs JDK 21+ (virtual threads); this is JDK "
                  + Runtime.version().feature()
                  + ": run with -p threadKind=platform",
              e);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      default:
        throw new IllegalArgumentException(
            "threadKind must be platform or virtual: " + threadKind);
    }
  }
}

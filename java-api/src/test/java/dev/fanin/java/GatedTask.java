package dev.fanin.java;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * A task that waits until the test opens its gate, then returns its value or throws its exception;
 * it records that it started, whether it saw an interrupt, and that it has stopped. A test completes
 * gated tasks one by one, in the order it chooses.
 */
final class GatedTask<T> implements Callable<T> {
  final CountDownLatch started = new CountDownLatch(1);
  final CountDownLatch stopped = new CountDownLatch(1);
  private final CountDownLatch gate = new CountDownLatch(1);
  private final T value;
  private final Exception failure;
  volatile boolean interrupted;

  private GatedTask(T value, Exception failure) {
    this.value = value;
    this.failure = failure;
  }

  /** A task that returns {@code value} once opened. */
  static <T> GatedTask<T> returning(T value) {
    return new GatedTask<>(value, null);
  }

  /** A task that throws {@code failure} once opened. */
  static <T> GatedTask<T> failing(Exception failure) {
    return new GatedTask<>(null, failure);
  }

  @Override
  public T call() throws Exception {
    started.countDown();
    try {
      gate.await();
      if (failure != null) {
        throw failure;
      }
      return value;
    } catch (InterruptedException e) {
      interrupted = true;
      throw e;
    } finally {
      stopped.countDown();
    }
  }

  /** Lets the task finish. */
  void open() {
    gate.countDown();
  }

  boolean hasStopped() {
    return stopped.getCount() == 0;
  }
}

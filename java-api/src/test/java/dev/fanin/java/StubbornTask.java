package dev.fanin.java;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * A task that ignores interrupts: it swallows every {@link InterruptedException} and waits on until
 * the test releases it, then returns its value. It records that it started, that it saw an
 * interrupt (that is, that something tried to cancel it), and that it has stopped, so a test can
 * tell what a cancelling caller waited for.
 */
final class StubbornTask<T> implements Callable<T> {
  final CountDownLatch started = new CountDownLatch(1);
  final CountDownLatch sawInterrupt = new CountDownLatch(1);
  final CountDownLatch stopped = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final T value;

  StubbornTask(T value) {
    this.value = value;
  }

  @Override
  public T call() {
    started.countDown();
    try {
      while (true) {
        try {
          release.await();
          return value;
        } catch (InterruptedException e) {
          // Swallowed on purpose: this task does not let itself be cancelled.
          sawInterrupt.countDown();
        }
      }
    } finally {
      stopped.countDown();
    }
  }

  /** Lets the task return its value. */
  void release() {
    release.countDown();
  }

  boolean hasStarted() {
    return started.getCount() == 0;
  }

  boolean hasStopped() {
    return stopped.getCount() == 0;
  }
}

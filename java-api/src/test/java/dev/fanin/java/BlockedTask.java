package dev.fanin.java;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * A task that blocks until it is interrupted (it waits on a latch nobody counts down), and records
 * that it started, that it saw the interrupt, and that it has stopped.
 */
final class BlockedTask<T> implements Callable<T> {
  final CountDownLatch started = new CountDownLatch(1);
  final CountDownLatch stopped = new CountDownLatch(1);
  volatile boolean interrupted;

  @Override
  public T call() throws InterruptedException {
    started.countDown();
    try {
      new CountDownLatch(1).await(); // wait for interrupt
      throw new AssertionError("never counted down");
    } catch (InterruptedException e) {
      interrupted = true;
      throw e;
    } finally {
      stopped.countDown();
    }
  }

  boolean hasStopped() {
    return stopped.getCount() == 0;
  }
}

package dev.fanin.samples.fetch;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread factories whose threads say whose they are in a thread dump. */
final class NamedThreads {
  private NamedThreads() {}

  /**
   * {@return a factory of daemon threads named {@code prefix} and a number}
   *
   * @param prefix the start of every name
   */
  static ThreadFactory daemon(String prefix) {
    AtomicInteger ids = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + ids.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}

package dev.fanin.java.internal;

/**
 * Added as a suppressed exception to a task's exception when a blocking call rethrows it as it is:
 * the task's stack trace shows where it failed, this one where the caller waited for it.
 */
final class AwaitedAt extends Exception {
  private static final long serialVersionUID = 1L;

  AwaitedAt(Thread waiter) {
    super("awaited in thread \"" + waiter.getName() + "\"");
  }
}

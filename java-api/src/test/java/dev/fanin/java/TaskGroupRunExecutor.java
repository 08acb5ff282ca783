package dev.fanin.java;

import dev.fanin.testing.Forked;
import dev.fanin.testing.Forks;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;

/**
 * An {@link Executor} for task group tests that need failures to happen in a known order. It runs
 * each command on a new platform thread and counts {@link #ran} down once the first command has
 * returned.
 *
 * <p>A Fanin task whose {@code Callable} does not suspend is one command: the engine runs the
 * callable, completes the task's future and records a group failure inside it. So once {@code ran}
 * is counted down, the task's failure has been recorded by the group. Waiting on the task's future
 * instead is not enough: its dependents run in reverse order of registration, so a test's callback
 * may run before the group's own.
 *
 * <p>Call {@link #joinAll()} before the test returns.
 */
final class TaskGroupRunExecutor implements Executor {
  /** Counted down when the first command has returned, normally or not. */
  final CountDownLatch ran = new CountDownLatch(1);

  private final String name;
  private final List<Forked> threads = new CopyOnWriteArrayList<>();

  TaskGroupRunExecutor(String name) {
    this.name = name;
  }

  @Override
  public void execute(Runnable command) {
    threads.add(
        Forks.start(
            name,
            () -> {
              try {
                command.run();
              } finally {
                ran.countDown();
              }
            }));
  }

  /** Joins every thread this executor started, rethrowing what a command threw. */
  void joinAll() {
    for (Forked thread : threads) {
      thread.join();
    }
  }
}

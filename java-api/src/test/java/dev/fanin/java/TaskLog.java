package dev.fanin.java;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * What the tasks of one stress round did: how often each started and ended, and how many ran at
 * once at most. Tasks call {@link #start} first and {@link #end} in a {@code finally}.
 */
final class TaskLog {
  private final AtomicIntegerArray started;
  private final AtomicIntegerArray ended;
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger maxRunning = new AtomicInteger();

  TaskLog(int tasks) {
    started = new AtomicIntegerArray(tasks);
    ended = new AtomicIntegerArray(tasks);
  }

  void start(int task) {
    started.incrementAndGet(task);
    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
  }

  void end(int task) {
    running.decrementAndGet();
    ended.incrementAndGet(task);
  }

  int started(int task) {
    return started.get(task);
  }

  int maxRunning() {
    return maxRunning.get();
  }

  /**
   * Fails unless every task ran at most once and every task that started has ended: nothing ran
   * twice and nothing is still running.
   */
  void assertEachRanAtMostOnceAndEnded(String round) {
    for (int i = 0; i < started.length(); i++) {
      if (started.get(i) > 1) {
        throw new AssertionError(round + ": task " + i + " ran " + started.get(i) + " times");
      }
      if (started.get(i) != ended.get(i)) {
        throw new AssertionError(round + ": task " + i + " is still running");
      }
    }
  }
}

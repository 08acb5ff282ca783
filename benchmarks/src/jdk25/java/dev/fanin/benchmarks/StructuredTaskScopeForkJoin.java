package dev.fanin.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Subtask;

/**
 * JDK 25's {@code StructuredTaskScope} (a preview API, JEP 505) forking every Callable, joining,
 * and reading each result: what {@code StructuredTaskScopeBenchmark} measures and the scale test's
 * {@code sts} variant runs. {@code StructuredTaskScope.open()} joins with {@code
 * Joiner.awaitAllSuccessfulOrThrow()} and starts a virtual thread per subtask. Built only by {@code
 * -Pjdk25} (src/jdk25/java, release 25 with preview features), so {@code ScaleTest}, compiled for
 * release 17, finds it reflectively; it loads only on JDK 25 with {@code --enable-preview}.
 */
public final class StructuredTaskScopeForkJoin {
  private StructuredTaskScopeForkJoin() {}

  /**
   * {@code try (var scope = StructuredTaskScope.open()) { fork each; join(); }}, then reads each.
   *
   * @param tasks the Callables
   * @return the sum of their results
   * @throws InterruptedException if interrupted while joining
   */
  public static long sum(List<Callable<Integer>> tasks) throws InterruptedException {
    List<Subtask<Integer>> subtasks = new ArrayList<>(tasks.size());
    try (StructuredTaskScope<Integer, Void> scope = StructuredTaskScope.open()) {
      for (Callable<Integer> task : tasks) {
        subtasks.add(scope.fork(task));
      }
      scope.join();
    }
    long sum = 0;
    for (Subtask<Integer> subtask : subtasks) {
      sum += subtask.get();
    }
    return sum;
  }
}

package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.testing.NullPointerTester;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** Bad arguments to every public call fail at once with an exception naming the argument. */
class ArgumentsTest {
  private final NullPointerTester tester =
      new NullPointerTester()
          .setDefault(Duration.class, Duration.ofSeconds(1))
          .setDefault(Executor.class, Runnable::run)
          .setDefault(List.class, List.of())
          .setDefault(Callable.class, () -> null)
          .setDefault(CompletionStage.class, CompletableFuture.completedFuture(null))
          .setDefault(TimeoutScope.Body.class, scope -> null)
          .setDefault(TaskGroup.Body.class, group -> null);

  /** Every public static method of the facades rejects each null argument. */
  @Test
  void facades_nullArguments_throwNullPointerException() {
    tester.testAllPublicStaticMethods(Fanin.class);
    tester.testAllPublicStaticMethods(FaninBlocking.class);
    tester.testAllPublicStaticMethods(TaskGroup.class);
  }

  /** Outcome and exception constructors reject null. */
  @Test
  void valueTypes_nullArguments_throwNullPointerException() {
    tester.testAllPublicConstructors(Outcome.Failure.class);
    tester.testAllPublicConstructors(Outcome.Cancelled.class);
    tester.testAllPublicConstructors(UncheckedTaskException.class);
  }

  /** A null element is named with its index, and no task starts. */
  @Test
  void gather_nullElement_namedWithIndex() {
    List<Callable<Integer>> tasks = Arrays.asList(() -> 1, null);
    assertEquals(
        "tasks[1]", assertThrows(NullPointerException.class, () -> Fanin.gather(tasks)).getMessage());
    List<CompletableFuture<Integer>> futures = Arrays.asList(null, new CompletableFuture<>());
    assertEquals(
        "futures[0]",
        assertThrows(NullPointerException.class, () -> Fanin.gatherFutures(futures)).getMessage());
  }

  /** The message of a null argument names it. */
  @Test
  void waitFor_nullTimeout_namesIt() {
    assertEquals(
        "timeout",
        assertThrows(NullPointerException.class, () -> Fanin.waitFor(() -> 1, null)).getMessage());
  }
}

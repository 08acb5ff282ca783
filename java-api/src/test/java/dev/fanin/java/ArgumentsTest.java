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

  /** Channel and WorkQueue factories and operations reject each null argument. */
  @Test
  void channels_nullArguments_throwNullPointerException() throws NoSuchMethodException {
    // onUndeliveredElement may be null: no callback.
    NullPointerTester channels =
        new NullPointerTester()
            .setDefault(Duration.class, Duration.ZERO)
            .setDefault(BufferOverflow.class, BufferOverflow.WAIT)
            .ignore(
                Channel.class.getMethod(
                    "create", int.class, BufferOverflow.class, java.util.function.Consumer.class))
            .ignore(
                WorkQueue.class.getMethod(
                    "create", int.class, BufferOverflow.class, java.util.function.Consumer.class));
    channels.testAllPublicStaticMethods(Channel.class);
    channels.testAllPublicStaticMethods(WorkQueue.class);
    channels.testAllPublicInstanceMethods(Channel.buffered(1));
    channels.testAllPublicInstanceMethods(WorkQueue.unbounded());
    channels.setDefault(Channel.class, Channel.buffered(1));
    channels.testAllPublicStaticMethods(Select.class);
    channels.testAllPublicStaticMethods(Ticker.class);
    try (SelectLoop loop = SelectLoop.open()) {
      channels.testAllPublicInstanceMethods(loop);
    }
    channels.testAllPublicInstanceMethods(Select.create());
    assertThrows(
        NullPointerException.class, () -> Channel.create(1, null, element -> {}), "overflow");
  }

  /** A negative capacity, or a dropping overflow without a buffer, is rejected and named. */
  @Test
  void channels_badCapacity_throwIllegalArgumentException() {
    assertEquals(
        "capacity < 0: -1",
        assertThrows(IllegalArgumentException.class, () -> Channel.buffered(-1)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> WorkQueue.buffered(-1));
    assertThrows(
        IllegalArgumentException.class, () -> Channel.buffered(0, BufferOverflow.DROP_OLDEST));
  }

  /** A negative timeout on a channel is rejected and named. */
  @Test
  void channels_negativeTimeout_throwIllegalArgumentException() {
    Channel<String> channel = Channel.buffered(1);
    assertThrows(
        IllegalArgumentException.class, () -> channel.trySend("x", Duration.ofMillis(-1)));
    assertThrows(IllegalArgumentException.class, () -> channel.tryReceive(Duration.ofMillis(-1)));
  }
}

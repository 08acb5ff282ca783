package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * What the message of a bad argument looks like. {@link ReflectiveArgumentsTest} checks every
 * public call; these are the exact texts a user sees.
 */
class ArgumentsTest {
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

  /** The message of a null argument is its name. */
  @Test
  void waitFor_nullTimeout_namesIt() {
    assertEquals(
        "timeout",
        assertThrows(NullPointerException.class, () -> Fanin.waitFor(() -> 1, null)).getMessage());
  }

  /** A negative duration is named and shown, in every call that takes one (adr/0010). */
  @Test
  void waitFor_negativeTimeout_namesAndShowsIt() {
    Duration negative = Duration.ofSeconds(-1);
    assertEquals(
        "timeout < 0: PT-1S",
        assertThrows(IllegalArgumentException.class, () -> Fanin.waitFor(() -> 1, negative))
            .getMessage());
  }

  /** A negative capacity, or a dropping overflow without a buffer, is rejected and named. */
  @Test
  void channels_badCapacity_throwIllegalArgumentException() {
    assertEquals(
        "capacity < 0: -1",
        assertThrows(IllegalArgumentException.class, () -> Channel.buffered(-1)).getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> Channel.buffered(0, BufferOverflow.DROP_OLDEST));
  }
}

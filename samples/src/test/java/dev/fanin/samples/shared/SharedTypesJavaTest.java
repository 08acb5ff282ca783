package dev.fanin.samples.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fanin.Outcome;
import dev.fanin.TaskGroupException;
import dev.fanin.samples.SharedTypesTestKt;
import dev.fanin.testing.NoLeaksExtension;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Java side of one library for both languages: a Kotlin group's failure is caught as the
 * TaskGroupException Java code catches, and Kotlin's outcomes are matched with Java 17 {@code
 * instanceof} patterns.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class SharedTypesJavaTest {
  /** Java catches the TaskGroupException of a group Kotlin code ran, with every failure in it. */
  @Test
  void kotlinGroupFails_javaCatchesTaskGroupException() {
    IOException first = new IOException("first");
    IllegalStateException second = new IllegalStateException("second");
    TaskGroupException e =
        assertThrows(
            TaskGroupException.class, () -> SharedTypesTestKt.runFailingKotlinGroup(first, second));
    assertEquals(2, e.failures().size());
    assertEquals(List.of(first), e.failures(IOException.class));
  }

  /** Kotlin's gatherSettled outcomes are matched with Java 17 instanceof patterns. */
  @Test
  void kotlinGatherSettled_javaInstanceofPatterns() {
    IOException failure = new IOException("b");
    List<String> described = new ArrayList<>();
    for (Outcome<String> outcome : SharedTypesTestKt.kotlinOutcomes(failure)) {
      if (outcome instanceof Outcome.Success<String> success) {
        described.add("ok " + success.value());
      } else if (outcome instanceof Outcome.Failure<String> failed) {
        assertSame(failure, failed.exception().getCause() == failure ? failure : failed.exception());
        described.add("failed");
      } else if (outcome instanceof Outcome.Cancelled<String> cancelled) {
        described.add("cancelled " + cancelled.exception().getMessage());
      }
    }
    assertEquals(List.of("ok a", "failed", "cancelled gave up"), described);
  }
}

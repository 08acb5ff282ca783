package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fanin.Outcome;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.StressBudget;
import dev.fanin.testing.StressRace;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Races between tasks ending and the gather publishing, repeated {@code fanin.stress.rounds} times
 * (200 by default; under {@code -Pstress} for its share of a time budget, {@link StressBudget}).
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(600)
class GatherStressTest {
  private static final int ROUNDS = StressBudget.rounds();

  /** A failing task always fails the gather, even when it ends before the gather finished starting. */
  @Test
  void gather_taskFailsAtOnce_neverReturnsNormally() throws Exception {
    IllegalStateException boom = new IllegalStateException("boom");
    Callable<Object> failing =
        () -> {
          throw boom;
        };
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      assertSame(
          boom,
          assertThrows(IllegalStateException.class, () -> FaninBlocking.gather(List.of(failing))));
    }
  }

  /** Every settled slot holds an outcome of the right kind, whatever order the tasks end in. */
  @Test
  void gatherSettled_tasksEndAtOnce_everySlotHasItsOutcome() throws Exception {
    IllegalStateException boom = new IllegalStateException("boom");
    List<Callable<String>> tasks =
        Arrays.asList(
            () -> null,
            () -> {
              throw boom;
            },
            () -> "x");
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      List<Outcome<String>> outcomes = FaninBlocking.gatherSettled(tasks);
      assertEquals(new Outcome.Success<String>(null), outcomes.get(0));
      assertSame(boom, assertInstanceOf(Outcome.Failure.class, outcomes.get(1)).exception());
      assertEquals(new Outcome.Success<>("x"), outcomes.get(2));
    }
  }
}

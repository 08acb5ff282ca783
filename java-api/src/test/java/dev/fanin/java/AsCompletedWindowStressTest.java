package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.Completion;
import dev.fanin.Outcome;
import dev.fanin.interop.EngineDiagnostics;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.StressBudget;
import dev.fanin.testing.StressRace;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bounded asCompleted window: tasks completing while a consumer takes and another thread
 * closes the iteration, lined up with a {@link CyclicBarrier} and repeated {@code
 * fanin.stress.rounds} times (200 by default; under {@code -Pstress} for its share of a time budget, {@link StressBudget}). Unlike {@link
 * AsCompletedStressTest}, each round runs inside a Fanin task, whose end waits for every task the
 * iteration started (adr/0005), so it can account for every task: each pulled task ran at most
 * once and has ended, no task was started that was not pulled, no more than {@code limit} ran at
 * once, and each delivered result is its task's, once.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(600)
class AsCompletedWindowStressTest {
  private static final int ROUNDS = StressBudget.rounds();
  private static final int TASKS = 8;

  /**
   * Close racing completions and takes, unordered and ordered. Odd rounds never release the tasks,
   * so only the close can end them. The taker is a Fanin task: a virtual thread on JDK 21 and
   * later, a platform thread on 17.
   */
  @Test
  void close_racesCompletionAndTake_everyTaskAccountedFor() throws Exception {
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      runRound(round, round % 4 >= 2);
    }
  }

  private static void runRound(int round, boolean ordered) throws Exception {
    String where = (ordered ? "ordered" : "unordered") + " round " + round;
    int limit = 1 + round % 3;
    boolean release = round % 2 == 0;
    TaskLog log = new TaskLog(TASKS);
    CountDownLatch go = new CountDownLatch(1);
    List<Callable<Integer>> tasks = tasks(log, go);
    AtomicInteger takes = new AtomicInteger();
    CountingSource<Callable<Integer>> source =
        new CountingSource<>(tasks, () -> takes.get() + limit);
    List<Completion<Integer, Callable<Integer>>> delivered = new ArrayList<>();
    boolean closedFirst =
        FaninBlocking.gather(
                List.<Callable<Boolean>>of(
                    () ->
                        WindowCloseRace.run(source, limit, ordered, release, go, takes, delivered)
                            .closedFirst()))
            .get(0);
    // The enclosing task has completed: so has every task the iteration started.

    source.assertNoViolations();
    int pulled = source.pulled();
    boolean[] seen = new boolean[TASKS];
    for (int i = 0; i < delivered.size(); i++) {
      Completion<Integer, Callable<Integer>> completion = delivered.get(i);
      int index = completion.index();
      assertTrue(index < pulled, where + ": delivered before it was pulled");
      assertFalse(seen[index], where + ": delivered twice: " + index);
      seen[index] = true;
      assertSame(tasks.get(index), completion.handle(), where);
      if (index % 4 == 3) {
        assertInstanceOf(Outcome.Failure.class, completion.outcome(), where);
      } else {
        assertEquals(index, completion.value(), where);
      }
      if (ordered) {
        assertEquals(i, index, where + ": source order");
      }
    }
    log.assertEachRanAtMostOnceAndEnded(where);
    for (int i = pulled; i < TASKS; i++) {
      assertEquals(0, log.started(i), where + ": task " + i + " ran but was never pulled");
    }
    assertTrue(log.maxRunning() <= limit, where + ": " + log.maxRunning() + " ran at once");
    if (!closedFirst) {
      assertEquals(TASKS, delivered.size(), where + ": ended without a close");
    }
    if (!release) {
      assertTrue(closedFirst, where);
      assertEquals(0, delivered.size(), where);
    }
    assertEquals(0, EngineDiagnostics.runningTasks(), where);
  }

  /** Tasks that wait for {@code go}, then return their index; every fourth one fails instead. */
  private static List<Callable<Integer>> tasks(TaskLog log, CountDownLatch go) {
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < TASKS; i++) {
      int index = i;
      tasks.add(
          () -> {
            log.start(index);
            try {
              go.await();
              if (index % 4 == 3) {
                throw new IllegalStateException("task " + index);
              }
              return index;
            } finally {
              log.end(index);
            }
          });
    }
    return tasks;
  }
}

package dev.fanin.samples.tour;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fanin.testing.NoLeaksExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Java tour prints exactly these lines, so documentation quoting its output cannot drift. The
 * timeout is only a guard against hangs: the tour's order is driven by latches, not by time.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(30)
class TourTest {
  static final List<String> GATHER =
      List.of(
          "gathering 3 tasks; each waits for the next one to finish",
          "task 2 finished",
          "task 1 finished",
          "task 0 finished",
          "results: [result 0, result 1, result 2]");

  static final List<String> GATHER_SETTLED =
      List.of(
          "task 0: Success, value null",
          "task 1: Failure, java.io.IOException: disk full",
          "task 2: Success, value saved");

  static final List<String> GATHER_FAILURE =
      List.of(
          "task 1 waits for a latch nobody counts down",
          "task 0 throws",
          "task 1 interrupted",
          "gather threw IllegalStateException: out of stock",
          "task 1 interrupted before gather returned: true");

  static final List<String> WAIT_FOR =
      List.of(
          "task interrupted",
          "timed out after 100 ms",
          "task interrupted before waitFor threw: true",
          "finished in time: fresh quote");

  static final List<String> TIMEOUT_SCOPE =
      List.of(
          "body gathers a task that never finishes",
          "nested task interrupted",
          "scope timed out after 100 ms",
          "body: step 1 done, expired: false",
          "body: step 2 gets 100 ms",
          "body: step 2 interrupted, expired: true",
          "scope timed out at the new deadline");

  static final List<String> WAIT_UNTIL =
      List.of(
          "FIRST_COMPLETED: done [0], pending [1, 2]",
          "FIRST_EXCEPTION: done [0, 2], pending [1]",
          "ALL_COMPLETED within 50 ms: done [0, 2], pending [1]",
          "the pending phase was cancelled: false",
          "ALL_COMPLETED: done [0, 1, 2], pending []");

  static final List<String> AS_COMPLETED =
      List.of(
          "task 2 finished (same Callable: true), returned page 2",
          "task 0 finished (same Callable: true), returned page 0",
          "task 1 finished (same Callable: true), failed: Failure(exception=java.io.FileNotFoundException: page 1)",
          "bounded: 6 results, at most 2 pulled ahead of the taker: true");

  static final List<String> TASK_GROUP =
      List.of(
          "user ada has 5 orders",
          "sibling interrupted",
          "group failed with 1 failure: payment service down",
          "sibling had stopped before the group returned: true");

  static final List<String> CHANNEL =
      List.of(
          "received alpha",
          "received beta",
          "received gamma",
          "closed and drained: true",
          "join returned: total 55, unfinished 0",
          "the workers ended when the queue closed",
          "receiver interrupted, status cleared: true",
          "nobody receives now, so trySend returns false");

  static final List<String> SELECT =
      List.of(
          "alert: disk 91% full",
          "handled order 1",
          "nothing ready",
          "shutdown requested",
          "no order within 50 ms");

  static final List<String> SELECT_LOOP =
      List.of("shutdown: write {ada=3, bob=2} after 3 pings");

  /** gather prints the tasks finishing in reverse order and the results in argument order. */
  @Test
  void gatherTour_tasksFinishInReverse_printsResultsInArgumentOrder() throws Exception {
    assertEquals(GATHER, printed(GatherTour::run));
  }

  /** gatherSettled prints one outcome per task: a null success, a failure and a success. */
  @Test
  void gatherSettledTour_mixedTasks_printsEachOutcome() throws Exception {
    assertEquals(GATHER_SETTLED, printed(GatherSettledTour::run));
  }

  /** A failing task makes gather throw its own exception after the blocked sibling was interrupted. */
  @Test
  void gatherFailureTour_taskThrows_printsSiblingInterruptedBeforeGatherThrew() throws Exception {
    assertEquals(GATHER_FAILURE, printed(GatherFailureTour::run));
  }

  /** waitFor prints the timeout after the task's interrupt, then a result that came in time. */
  @Test
  void waitForTour_taskNeverFinishes_printsInterruptThenTimeout() throws Exception {
    assertEquals(WAIT_FOR, printed(WaitForTour::run));
  }

  /** timeoutScope prints the nested task's interrupt before the timeout, then a rescheduled expiry. */
  @Test
  void timeoutScopeTour_deadlinePassesOrMoves_printsInterruptsThenTimeouts() throws Exception {
    assertEquals(TIMEOUT_SCOPE, printed(TimeoutScopeTour::run));
  }

  /** waitUntil returns the caller's own futures split by the condition, and cancels nothing. */
  @Test
  void waitUntilTour_eachCondition_printsSplits() throws Exception {
    assertEquals(WAIT_UNTIL, printed(WaitUntilTour::run));
  }

  /** asCompleted hands out results in release order, naming the task each came from. */
  @Test
  void asCompletedTour_tasksReleasedOutOfOrder_printsWhichTaskFinished() throws Exception {
    assertEquals(AS_COMPLETED, printed(AsCompletedTour::run));
  }

  /** A task group joins its tasks, and its first failure interrupts the sibling before it returns. */
  @Test
  void taskGroupTour_successAndFailure_printsResultsThenFailure() throws Exception {
    assertEquals(TASK_GROUP, printed(TaskGroupTour::run));
  }

  /** The channel section prints the words in order, the queue's total, and the interrupted receive. */
  @Test
  void channelTour_pipelineQueueAndInterrupt_printsEachStep() throws Exception {
    assertEquals(CHANNEL, printed(ChannelTour::run));
  }

  /** The select section prints clauses in priority order, the default, then the timer. */
  @Test
  void selectTour_biasedClauses_printsInPriorityOrder() throws Exception {
    assertEquals(SELECT, printed(SelectTour::run));
  }

  /** The activity tracker loses no ping although shutdown was requested before the loop began. */
  @Test
  void selectLoopTour_shutdownBeforeStart_everyPingRecorded() throws Exception {
    assertEquals(SELECT_LOOP, printed(SelectLoopTour::run));
  }

  /** The whole tour prints every section in order, each under its header line. */
  @Test
  void tour_allSections_printsHeadersAndSectionsInOrder() throws Exception {
    List<String> expected = new ArrayList<>();
    expected.add("== gather: results in argument order ==");
    expected.addAll(GATHER);
    expected.add("== gatherSettled: one outcome per task ==");
    expected.addAll(GATHER_SETTLED);
    expected.add("== gather: the first failure cancels the rest ==");
    expected.addAll(GATHER_FAILURE);
    expected.add("== waitFor: one task with a deadline ==");
    expected.addAll(WAIT_FOR);
    expected.add("== timeoutScope: a deadline for a block of code ==");
    expected.addAll(TIMEOUT_SCOPE);
    expected.add("== waitUntil: split futures into done and pending ==");
    expected.addAll(WAIT_UNTIL);
    expected.add("== asCompleted: results as they finish, naming their task ==");
    expected.addAll(AS_COMPLETED);
    expected.add("== TaskGroup: tasks owned by a scope ==");
    expected.addAll(TASK_GROUP);
    expected.add("== Channel and WorkQueue: threads passing elements ==");
    expected.addAll(CHANNEL);
    expected.add("== Select: the first of several things to be ready ==");
    expected.addAll(SELECT);
    expected.add("== SelectLoop: multi_await's activity tracker ==");
    expected.addAll(SELECT_LOOP);
    assertEquals(expected, printed(Tour::run));
  }

  private static List<String> printed(Section section) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      section.run(out);
    }
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @FunctionalInterface
  private interface Section {
    void run(PrintStream out) throws Exception;
  }
}

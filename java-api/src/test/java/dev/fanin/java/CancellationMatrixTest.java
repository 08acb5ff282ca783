package dev.fanin.java;

import static dev.fanin.java.IdentityAssertions.assertSameElements;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.fanin.Completion;
import dev.fanin.OnFailure;
import dev.fanin.Outcome;
import dev.fanin.ReturnWhen;
import dev.fanin.TaskGroupException;
import dev.fanin.TimeoutScope;
import dev.fanin.WaitResult;
import dev.fanin.testing.Forked;
import dev.fanin.testing.Forks;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.ThreadKind;
import dev.fanin.testing.ThrowingRunnable;
import dev.fanin.testing.VirtualThreads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cancellation matrix (issue 10): every way of telling work to stop ({@link Trigger}), against
 * every operation ({@link Operation}), on a platform and (JDK 21+) a virtual calling thread.
 *
 * <p>Each cell is a {@link Tested} scenario, or a {@link NotApplicable} (or {@link KnownBug}) with
 * its reason, which the test reports as skipped. In every tested cell the scenario checks what the
 * operation's documentation promises: the work is stopped (a {@link BlockedTask} sees the
 * interrupt, or, where the contract says nothing is cancelled, it is still running), the documented
 * exception is thrown or completes the future, the interrupt status after an interrupted blocking
 * call is as documented, and no channel element is lost: it was delivered once or is still in the
 * channel. {@link NoLeaksExtension} then checks that no Fanin task and no new platform thread is
 * left.
 *
 * <p>Everything waits on latches, never on time: the deadlines ({@link #DEADLINE}) are short, but
 * no assertion depends on how long anything took. Where a deadline may pass before a task even
 * starts (the timer starts with the call), the scenario asserts that a task that did start was
 * stopped; where it can, it moves the deadline only once the tasks have started ({@link
 * TimeoutScope#reschedule}). Helper threads that spin while watching a thread park are platform
 * threads; nothing spins on a virtual thread or inside a Fanin task.
 *
 * <p>{@link #reliabilityDoc_showsThisMatrix()} checks that {@code docs/reliability.md} shows the
 * table {@link #markdown()} generates from the cells.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class CancellationMatrixTest {
  /** A deadline meant to pass: short, but nothing asserts how long anything took. */
  private static final Duration DEADLINE = Duration.ofMillis(50);

  /** A deadline meant not to pass. */
  private static final Duration LONG = Duration.ofMinutes(10);

  /** How long any wait may take before the test fails: a guard against hangs only. */
  private static final long GUARD_SECONDS = 30;

  /** The ways of telling work to stop: the matrix's columns. */
  enum Trigger {
    CANCEL_FUTURE("cancel the returned future"),
    COMPLETE_FUTURE_OTHERWISE("complete it otherwise"),
    INTERRUPT_CALLER("interrupt the blocked caller"),
    TIMEOUT("timeout"),
    SIBLING_FAILURE("a sibling's failure");

    final String title;

    Trigger(String title) {
      this.title = title;
    }
  }

  /** The operations: the matrix's rows. */
  enum Operation {
    GATHER("gather"),
    GATHER_SETTLED("settled gather"),
    WAIT_UNTIL("wait (`waitUntil`)"),
    WAIT_FOR("wait_for (`waitFor`)"),
    TIMEOUT_SCOPE("scope timeout (`timeoutScope`)"),
    AS_COMPLETED("`asCompleted`"),
    AS_COMPLETED_BOUNDED("`asCompleted`, bounded"),
    TASK_GROUP("`TaskGroup`"),
    CHANNEL_SEND("channel send"),
    CHANNEL_RECEIVE("channel receive"),
    SELECT("`Select`"),
    SELECT_LOOP("`SelectLoop`");

    final String title;

    Operation(String title) {
      this.title = title;
    }
  }

  /** One cell of the matrix. */
  sealed interface Cell permits Tested, NotApplicable, KnownBug {}

  /**
   * A cell with a scenario. For the table: {@code where} says how the trigger is applied when not
   * directly (empty if directly), {@code checks} what the scenario asserts.
   */
  record Tested(String where, String checks, Scenario scenario) implements Cell {}

  static Tested tested(String checks, Scenario scenario) {
    return new Tested("", checks, scenario);
  }

  static Tested testedIn(String where, String checks, Scenario scenario) {
    return new Tested(where, checks, scenario);
  }

  /** A cell that does not apply, and why. */
  record NotApplicable(String reason) implements Cell {}

  /** A cell whose scenario fails because of a bug not fixed yet (none at the moment). */
  record KnownBug(String bug) implements Cell {}

  /** A cell's scenario, run on the calling thread of the cell's kind. */
  @FunctionalInterface
  interface Scenario {
    void run(Scene scene) throws Exception;
  }

  // ---- The matrix ------------------------------------------------------------------------------

  static Cell cell(Operation operation, Trigger trigger) {
    return switch (operation) {
      case GATHER -> switch (trigger) {
        case CANCEL_FUTURE -> tested(
            "every task interrupted; `CancellationException`; `gatherFutures` cancels its inputs",
            scene -> cancelGather(Fanin::gather, Fanin::gatherFutures));
        case COMPLETE_FUTURE_OTHERWISE -> tested(
            "every task interrupted; the future keeps the outside outcome; `gatherFutures` cancels"
                + " its inputs",
            scene -> completeGather(Fanin::gather, Fanin::gatherFutures));
        case INTERRUPT_CALLER -> tested(
            "`InterruptedException`, status cleared, every task stopped before it is thrown;"
                + " `gatherFutures` cancels its inputs",
            scene -> interruptGather(scene, FaninBlocking::gather, FaninBlocking::gatherFutures));
        case TIMEOUT -> testedIn(
            "in a timeout scope",
            "no deadline of its own: in a timeout scope, `TimeoutException` once every task has"
                + " stopped; under `waitFor(future)`, the gather is cancelled and its tasks"
                + " interrupted",
            scene -> timeoutGather(scene, FaninBlocking::gather, Fanin::gather));
        case SIBLING_FAILURE -> tested(
            "the sibling's own exception, thrown as it is (future: completes with it), once the"
                + " other task has been interrupted and has stopped",
            CancellationMatrixTest::gatherSiblingFails);
      };
      case GATHER_SETTLED -> switch (trigger) {
        case CANCEL_FUTURE -> tested(
            "every task interrupted; `CancellationException`; `gatherFuturesSettled` cancels its"
                + " inputs",
            scene -> cancelGather(Fanin::gatherSettled, Fanin::gatherFuturesSettled));
        case COMPLETE_FUTURE_OTHERWISE -> tested(
            "every task interrupted; the future keeps the outside outcome; `gatherFuturesSettled`"
                + " cancels its inputs",
            scene -> completeGather(Fanin::gatherSettled, Fanin::gatherFuturesSettled));
        case INTERRUPT_CALLER -> tested(
            "`InterruptedException`, status cleared, every task stopped before it is thrown;"
                + " `gatherFuturesSettled` cancels its inputs",
            scene -> interruptGather(
                scene, FaninBlocking::gatherSettled, FaninBlocking::gatherFuturesSettled));
        case TIMEOUT -> testedIn(
            "in a timeout scope",
            "no deadline of its own: in a timeout scope, `TimeoutException` once every task has"
                + " stopped; under `waitFor(future)`, the gather is cancelled and its tasks"
                + " interrupted",
            scene -> timeoutGather(scene, FaninBlocking::gatherSettled, Fanin::gatherSettled));
        case SIBLING_FAILURE -> tested(
            "cancels nothing: the other task finishes uninterrupted; `Outcome.Failure` with the"
                + " sibling's own exception",
            CancellationMatrixTest::gatherSettledSiblingFails);
      };
      case WAIT_UNTIL -> switch (trigger) {
        case CANCEL_FUTURE -> tested(
            "stops the waiting only: no handle cancelled, their task still running",
            CancellationMatrixTest::cancelWaitUntil);
        case COMPLETE_FUTURE_OTHERWISE -> tested(
            "stops the waiting only: no handle cancelled, their task still running",
            CancellationMatrixTest::completeWaitUntil);
        case INTERRUPT_CALLER -> tested(
            "`InterruptedException`, status cleared; no handle cancelled, their task still running",
            CancellationMatrixTest::interruptWaitUntil);
        case TIMEOUT -> tested(
            "returns the split with every handle pending; nothing cancelled, no `TimeoutException`",
            CancellationMatrixTest::timeoutWaitUntil);
        case SIBLING_FAILURE -> tested(
            "`FIRST_EXCEPTION` returns the failed handle as done and the other as pending; nothing"
                + " cancelled",
            CancellationMatrixTest::waitUntilSiblingFails);
      };
      case WAIT_FOR -> switch (trigger) {
        case CANCEL_FUTURE -> tested(
            "the task interrupted; `CancellationException`; `waitFor(future)` cancels the future",
            CancellationMatrixTest::cancelWaitFor);
        case COMPLETE_FUTURE_OTHERWISE -> tested(
            "the task interrupted; the future keeps the outside outcome; `waitFor(future)` cancels"
                + " the future",
            CancellationMatrixTest::completeWaitFor);
        case INTERRUPT_CALLER -> tested(
            "`InterruptedException`, status cleared, the task stopped before it is thrown;"
                + " `waitFor(future)` cancels the future",
            CancellationMatrixTest::interruptWaitFor);
        case TIMEOUT -> tested(
            "`TimeoutException` (not `CancellationException`) once the task has been interrupted"
                + " and has stopped; `waitFor(future)` cancels the future",
            CancellationMatrixTest::timeoutWaitFor);
        case SIBLING_FAILURE -> testedIn(
            "in a task group",
            "one task, no sibling: inside a task group whose other task fails, the nested call is"
                + " cancelled (`InterruptedException` or `CancellationException`), its task"
                + " interrupted; the group reports only the sibling's failure",
            CancellationMatrixTest::waitForSiblingFails);
      };
      case TIMEOUT_SCOPE -> switch (trigger) {
        case CANCEL_FUTURE -> tested(
            "the body and a nested, unawaited Fanin call interrupted; `CancellationException`",
            CancellationMatrixTest::cancelTimeoutScope);
        case COMPLETE_FUTURE_OTHERWISE -> tested(
            "the body and a nested, unawaited Fanin call interrupted; the future keeps the outside"
                + " outcome",
            CancellationMatrixTest::completeTimeoutScope);
        case INTERRUPT_CALLER -> tested(
            "`InterruptedException`, status cleared, the body and its nested call stopped before"
                + " it is thrown",
            CancellationMatrixTest::interruptTimeoutScope);
        case TIMEOUT -> tested(
            "`TimeoutException` once the body and its nested call have been interrupted and have"
                + " stopped; `isExpired()`",
            CancellationMatrixTest::timeoutTimeoutScope);
        case SIBLING_FAILURE -> testedIn(
            "in a task group",
            "no sibling of its own: inside a task group whose other task fails, the scope's body"
                + " is interrupted; the group reports only the sibling's failure",
            CancellationMatrixTest::timeoutScopeSiblingFails);
      };
      case AS_COMPLETED -> switch (trigger) {
        case CANCEL_FUTURE -> tested(
            "closes the iteration: every task interrupted, the other futures cancelled",
            CancellationMatrixTest::cancelAsCompleted);
        case COMPLETE_FUTURE_OTHERWISE -> tested(
            "closes the iteration: every task interrupted, the other futures cancelled",
            CancellationMatrixTest::completeAsCompleted);
        case INTERRUPT_CALLER -> tested(
            "`take()`: `InterruptedException`, status cleared, the iteration closed and its tasks"
                + " stopped before it is thrown; `next()`: `CancellationException` caused by it,"
                + " status set",
            CancellationMatrixTest::interruptAsCompleted);
        case TIMEOUT -> tested(
            "`Completions`: `TimeoutException`, tasks left running until `close()`; futures:"
                + " `TimeoutException`, tasks interrupted",
            CancellationMatrixTest::timeoutAsCompleted);
        case SIBLING_FAILURE -> tested(
            "the failure is a result in its turn; the other task runs on until `close()`",
            CancellationMatrixTest::asCompletedSiblingFails);
      };
      case AS_COMPLETED_BOUNDED -> switch (trigger) {
        case CANCEL_FUTURE -> testedIn(
            "the subscription",
            "a `Flow.Publisher`: cancelling the subscription interrupts every running task",
            CancellationMatrixTest::cancelAsCompletedBounded);
        case COMPLETE_FUTURE_OTHERWISE -> new NotApplicable(
            "returns a `Flow.Publisher` (or, blocking, `Completions`): there is no future to"
                + " complete;"
                + " cancelling the subscription is tested under the first trigger");
        case INTERRUPT_CALLER -> tested(
            "`take()`: `InterruptedException`, status cleared, the iteration closed and its tasks"
                + " stopped before it is thrown",
            CancellationMatrixTest::interruptAsCompletedBounded);
        case TIMEOUT -> testedIn(
            "in a timeout scope",
            "no deadline of its own: in a timeout scope, `TimeoutException` once every task has"
                + " stopped",
            CancellationMatrixTest::timeoutAsCompletedBounded);
        case SIBLING_FAILURE -> tested(
            "the failure is a result in its turn and frees its slot for the next task; the others"
                + " run on until `close()`",
            CancellationMatrixTest::asCompletedBoundedSiblingFails);
      };
      case TASK_GROUP -> switch (trigger) {
        case CANCEL_FUTURE -> tested(
            "the body and every task interrupted; `CancellationException`",
            CancellationMatrixTest::cancelTaskGroup);
        case COMPLETE_FUTURE_OTHERWISE -> tested(
            "the body and every task interrupted; the future keeps the outside outcome",
            CancellationMatrixTest::completeTaskGroup);
        case INTERRUPT_CALLER -> tested(
            "`InterruptedException`, status cleared, every task stopped before it is thrown"
                + " (blocking `taskGroup` and `TaskGroup.join()`)",
            CancellationMatrixTest::interruptTaskGroup);
        case TIMEOUT -> tested(
            "`TimeoutException` once the body and every task have been interrupted and have"
                + " stopped",
            CancellationMatrixTest::timeoutTaskGroup);
        case SIBLING_FAILURE -> tested(
            "`TaskGroupException` listing only the sibling's failure, once the body and the other"
                + " task have been interrupted and have stopped",
            CancellationMatrixTest::taskGroupSiblingFails);
      };
      case CHANNEL_SEND -> switch (trigger) {
        case CANCEL_FUTURE -> tested(
            "`sendAsync` withdrawn: the element is not in the channel",
            CancellationMatrixTest::cancelSend);
        case COMPLETE_FUTURE_OTHERWISE -> tested(
            "`sendAsync` withdrawn: the element is not in the channel; the future keeps the"
                + " outside outcome",
            CancellationMatrixTest::completeSend);
        case INTERRUPT_CALLER -> tested(
            "`InterruptedException`, status cleared; the element is not in the channel",
            CancellationMatrixTest::interruptSend);
        case TIMEOUT -> tested(
            "`trySend(e, timeout)` returns false; the element is not in the channel",
            CancellationMatrixTest::timeoutSend);
        case SIBLING_FAILURE -> testedIn(
            "in a task group",
            "no sibling of its own: a send blocked in a task of a group whose other task fails"
                + " throws `InterruptedException`; the element is not in the channel",
            CancellationMatrixTest::sendSiblingFails);
      };
      case CHANNEL_RECEIVE -> switch (trigger) {
        case CANCEL_FUTURE -> tested(
            "`receiveAsync` withdrawn: an element sent afterwards stays in the channel",
            CancellationMatrixTest::cancelReceive);
        case COMPLETE_FUTURE_OTHERWISE -> tested(
            "`receiveAsync` withdrawn: an element sent afterwards stays in the channel; the future"
                + " keeps the outside outcome",
            CancellationMatrixTest::completeReceive);
        case INTERRUPT_CALLER -> tested(
            "`InterruptedException`, status cleared; an element sent afterwards stays in the"
                + " channel",
            CancellationMatrixTest::interruptReceive);
        case TIMEOUT -> tested(
            "`tryReceive(timeout)` returns `Empty`; an element sent afterwards stays in the"
                + " channel",
            CancellationMatrixTest::timeoutReceive);
        case SIBLING_FAILURE -> testedIn(
            "in a task group",
            "no sibling of its own: a receive blocked in a task of a group whose other task fails"
                + " throws `InterruptedException`; an element sent afterwards stays in the channel",
            CancellationMatrixTest::receiveSiblingFails);
      };
      case SELECT -> switch (trigger) {
        case CANCEL_FUTURE -> tested(
            "every clause withdrawn: nothing received or sent, the watched future not cancelled",
            CancellationMatrixTest::cancelSelect);
        case COMPLETE_FUTURE_OTHERWISE -> tested(
            "every clause withdrawn: nothing received or sent, the watched future not cancelled",
            CancellationMatrixTest::completeSelect);
        case INTERRUPT_CALLER -> tested(
            "`InterruptedException`, status cleared; nothing received or sent, the watched future"
                + " not cancelled",
            CancellationMatrixTest::interruptSelect);
        case TIMEOUT -> tested(
            "`onTimeout` fires; nothing received or sent, the watched future not cancelled",
            CancellationMatrixTest::timeoutSelect);
        case SIBLING_FAILURE -> testedIn(
            "in a task group",
            "no sibling of its own: a select blocked in a task of a group whose other task fails"
                + " throws `InterruptedException`; nothing received or sent",
            CancellationMatrixTest::selectSiblingFails);
      };
      case SELECT_LOOP -> switch (trigger) {
        case CANCEL_FUTURE -> tested(
            "`awaitFiredAsync` withdrawn, work sources left running; the next wait returns an"
                + " element sent afterwards; `close()` interrupts the work",
            CancellationMatrixTest::cancelSelectLoop);
        case COMPLETE_FUTURE_OTHERWISE -> tested(
            "`awaitFiredAsync` withdrawn, work sources left running; the next wait returns an"
                + " element sent afterwards; `close()` interrupts the work",
            CancellationMatrixTest::completeSelectLoop);
        case INTERRUPT_CALLER -> tested(
            "`InterruptedException`, status cleared; the next wait returns an element sent"
                + " afterwards; `close()` interrupts the work",
            CancellationMatrixTest::interruptSelectLoop);
        case TIMEOUT -> testedIn(
            "in a timeout scope",
            "no deadline of its own: in a timeout scope, `TimeoutException`; closing the loop"
                + " interrupts its work; the channel keeps its elements",
            CancellationMatrixTest::timeoutSelectLoop);
        case SIBLING_FAILURE -> tested(
            "a failing work source fires its failure; the other work source runs on until"
                + " `close()`",
            CancellationMatrixTest::selectLoopSiblingFails);
      };
    };
  }

  static Stream<Arguments> cells() {
    List<Arguments> cells = new ArrayList<>();
    for (Operation operation : Operation.values()) {
      for (Trigger trigger : Trigger.values()) {
        for (ThreadKind kind : ThreadKind.values()) {
          cells.add(Arguments.of(operation, trigger, kind));
        }
      }
    }
    return cells.stream();
  }

  /** Runs one cell on a fresh calling thread of {@code kind}. */
  @ParameterizedTest(name = "{0} / {1} / {2}")
  @MethodSource("cells")
  void cell(Operation operation, Trigger trigger, ThreadKind kind) {
    Cell cell = cell(operation, trigger);
    if (cell instanceof NotApplicable notApplicable) {
      Assumptions.abort("not applicable: " + notApplicable.reason());
    }
    if (cell instanceof KnownBug bug) {
      Assumptions.abort("known bug: " + bug.bug());
    }
    if (kind == ThreadKind.VIRTUAL && !VirtualThreads.available()) {
      Assumptions.abort("virtual threads need JDK 21 or later");
    }
    Scenario scenario = ((Tested) cell).scenario();
    ThrowingRunnable body =
        () -> {
          Scene scene = new Scene();
          try {
            scenario.run(scene);
          } catch (Throwable t) {
            try {
              scene.joinHelpers();
            } catch (Throwable helperFailure) {
              t.addSuppressed(helperFailure);
            }
            throw t;
          }
          scene.joinHelpers();
        };
    String name = "matrix-" + operation + "-" + trigger;
    Forked caller =
        kind == ThreadKind.VIRTUAL ? Forks.startVirtual(name, body) : Forks.start(name, body);
    caller.join(Duration.ofSeconds(50)); // within the class's @Timeout(60), to report the stack
  }

  /** docs/reliability.md shows the table that these cells generate. */
  @Test
  void reliabilityDoc_showsThisMatrix() throws IOException {
    Path doc = Path.of("..", "docs", "reliability.md");
    String text = Files.readString(doc).replace("\r\n", "\n");
    String table = markdown();
    assertTrue(
        text.contains(table),
        () -> doc.toAbsolutePath().normalize() + " must contain the generated matrix:\n\n" + table);
  }

  /** The matrix as Markdown: a grid, then what each cell checks, or why it does not apply. */
  static String markdown() {
    StringBuilder grid = new StringBuilder("| Operation |");
    StringBuilder rule = new StringBuilder("|---|");
    for (Trigger trigger : Trigger.values()) {
      grid.append(' ').append(trigger.title).append(" |");
      rule.append("---|");
    }
    grid.append('\n').append(rule).append('\n');
    StringBuilder details = new StringBuilder("| Operation | Trigger | Checked |\n|---|---|---|\n");
    for (Operation operation : Operation.values()) {
      grid.append("| ").append(operation.title).append(" |");
      for (Trigger trigger : Trigger.values()) {
        Cell cell = cell(operation, trigger);
        String status;
        String detail;
        if (cell instanceof Tested tested) {
          status = tested.where().isEmpty() ? "tested" : "tested (" + tested.where() + ")";
          detail = tested.checks();
        } else if (cell instanceof NotApplicable notApplicable) {
          status = "N/A";
          detail = "N/A: " + notApplicable.reason();
        } else {
          status = "known bug";
          detail = "known bug: " + ((KnownBug) cell).bug();
        }
        grid.append(' ').append(status).append(" |");
        details
            .append("| ")
            .append(operation.title)
            .append(" | ")
            .append(trigger.title)
            .append(" | ")
            .append(detail)
            .append(" |\n");
      }
      grid.append('\n');
    }
    return grid + "\n" + details;
  }

  // ---- gather and gatherSettled ----------------------------------------------------------------

  /** A CompletableFuture form over tasks (gather, gatherSettled). */
  @FunctionalInterface
  interface TasksFuture {
    CompletableFuture<?> start(List<Callable<String>> tasks);
  }

  /** A CompletableFuture form over the caller's futures (gatherFutures, gatherFuturesSettled). */
  @FunctionalInterface
  interface FuturesFuture {
    CompletableFuture<?> start(List<CompletableFuture<String>> futures);
  }

  /** A blocking form over tasks. */
  @FunctionalInterface
  interface TasksBlocking {
    Object run(List<Callable<String>> tasks) throws Exception;
  }

  /** A blocking form over the caller's futures. */
  @FunctionalInterface
  interface FuturesBlocking {
    Object run(List<CompletableFuture<String>> futures) throws Exception;
  }

  // Fanin.gather: "Cancelling the returned future cancels every task and interrupts those that are
  // running." Fanin.gatherFutures: "Cancelling the returned future cancels every input".
  static void cancelGather(TasksFuture gather, FuturesFuture gatherFutures) throws Exception {
    BlockedTask<String> a = new BlockedTask<>();
    BlockedTask<String> b = new BlockedTask<>();
    CompletableFuture<?> gathered = gather.start(List.of(a, b));
    awaitStarted(a, b);
    assertTrue(gathered.cancel(false));
    assertCancelled(gathered);
    assertInterruptedAndStopped(a, b);

    CompletableFuture<String> x = new CompletableFuture<>();
    CompletableFuture<String> y = new CompletableFuture<>();
    assertTrue(gatherFutures.start(List.of(x, y)).cancel(false));
    assertCancelled(x);
    assertCancelled(y);
  }

  // Fanin's class Javadoc: completing a returned future in any other way stops the work as
  // cancelling it does.
  static void completeGather(TasksFuture gather, FuturesFuture gatherFutures) throws Exception {
    for (Otherwise how : Otherwise.values()) {
      how.check(
          failure -> {
            BlockedTask<String> a = new BlockedTask<>();
            BlockedTask<String> b = new BlockedTask<>();
            CompletableFuture<?> gathered = gather.start(List.of(a, b));
            awaitStarted(a, b);
            how.complete(gathered, failure);
            how.assertOutcome(gathered, failure);
            assertInterruptedAndStopped(a, b);

            CompletableFuture<String> x = new CompletableFuture<>();
            CompletableFuture<?> both = gatherFutures.start(List.of(x));
            how.complete(both, failure);
            how.assertOutcome(both, failure);
            assertCancelled(x);
          });
    }
  }

  // FaninBlocking: "interrupting the waiting thread cancels the work it waits on (tasks are
  // interrupted, input futures cancelled), waits until the tasks Fanin started have stopped, and
  // throws InterruptedException with the interrupt status cleared."
  static void interruptGather(Scene scene, TasksBlocking gather, FuturesBlocking gatherFutures)
      throws Exception {
    BlockedTask<String> a = new BlockedTask<>();
    BlockedTask<String> b = new BlockedTask<>();
    scene.interruptCallerWhenWaiting(a.started, b.started);
    assertInterrupted(() -> gather.run(List.of(a, b)));
    assertStoppedAlready(a, b);

    CompletableFuture<String> x = new CompletableFuture<>();
    scene.interruptCallerWhenWaiting();
    assertInterrupted(() -> gatherFutures.run(List.of(x)));
    assertTrue(x.isCancelled());
  }

  // Fanin.timeoutScope: "On expiry the body is interrupted, every Fanin call it made (blocking or
  // not) is cancelled, and once all of it has stopped ... the future completes with
  // TimeoutException. A body blocked in a nested FaninBlocking call sees InterruptedException or
  // ... CancellationException". Fanin.waitFor(CompletionStage): on expiry "future itself is
  // cancelled", and cancelling a gather's future interrupts its tasks.
  static void timeoutGather(Scene scene, TasksBlocking gather, TasksFuture gatherFuture)
      throws Exception {
    BlockedTask<String> a = new BlockedTask<>();
    BlockedTask<String> b = new BlockedTask<>();
    AtomicReference<TimeoutScope> scope = new AtomicReference<>();
    AtomicReference<Throwable> nested = new AtomicReference<>();
    scene.expireWhen(scope, a.started, b.started);
    assertThrows(
        TimeoutException.class,
        () ->
            FaninBlocking.timeoutScope(
                LONG,
                handle -> {
                  scope.set(handle);
                  return recordThrown(nested, () -> gather.run(List.of(a, b)));
                }));
    assertStoppedAlready(a, b);
    assertNestedCallCancelled(nested.get());

    BlockedTask<String> c = new BlockedTask<>();
    CompletableFuture<?> gathered = gatherFuture.start(List.of(c));
    awaitStarted(c);
    assertInstanceOf(TimeoutException.class, failureOf(Fanin.waitFor(gathered, DEADLINE)));
    assertCancelled(gathered);
    assertInterruptedAndStopped(c);
  }

  // Fanin.gather: "The first task to fail completes the future with that task's own exception (not
  // wrapped). Every other task is cancelled at once ... the future completes only after all of them
  // have stopped". FaninBlocking: "a task's unchecked exception ... is thrown as it is".
  static void gatherSiblingFails(Scene scene) throws Exception {
    BlockedTask<String> a = new BlockedTask<>();
    IllegalStateException boom = new IllegalStateException("sibling failed");
    List<Callable<String>> tasks = List.of(a, failsAfter(boom, a.started));
    assertSame(boom, assertThrows(IllegalStateException.class, () -> FaninBlocking.gather(tasks)));
    assertStoppedAlready(a);

    BlockedTask<String> c = new BlockedTask<>();
    IllegalStateException bang = new IllegalStateException("sibling failed too");
    CompletableFuture<List<String>> gathered =
        Fanin.gather(List.of(c, failsAfter(bang, c.started)));
    assertSame(bang, failureOf(gathered));
    assertStoppedAlready(c);
  }

  // Fanin.gatherSettled: "A failing task affects no other: its outcome is an Outcome.Failure with
  // its own exception."
  static void gatherSettledSiblingFails(Scene scene) throws Exception {
    GatedTask<String> other = GatedTask.returning("other");
    IllegalStateException boom = new IllegalStateException("sibling failed");
    GatedTask<String> failing = GatedTask.failing(boom);
    scene.helper(
        "opens-gates",
        () -> {
          await(other.started);
          await(failing.started);
          failing.open();
          await(failing.stopped);
          other.open(); // after the failure: a cancellation would have interrupted it by now
        });
    List<Outcome<String>> outcomes = FaninBlocking.gatherSettled(List.of(other, failing));
    assertEquals(new Outcome.Success<>("other"), outcomes.get(0));
    assertSame(boom, assertInstanceOf(Outcome.Failure.class, outcomes.get(1)).exception());
    assertFalse(other.interrupted);
  }

  // ---- waitUntil --------------------------------------------------------------------------------

  /** A handle backed by a running Fanin task, and a plain future; waitUntil must touch neither. */
  static final class Handles {
    final BlockedTask<String> task = new BlockedTask<>();
    final CompletableFuture<String> running = Fanin.waitFor(task, LONG);
    final CompletableFuture<String> plain = new CompletableFuture<>();

    Handles() throws InterruptedException {
      awaitStarted(task);
    }

    List<CompletableFuture<String>> both() {
      return List.of(running, plain);
    }

    /** Nothing was cancelled; then stops the task, which shows it was still running. */
    void assertUntouchedThenStop() throws Exception {
      assertFalse(running.isDone());
      assertFalse(plain.isDone());
      assertRunning(task);
      assertTrue(running.cancel(false));
      assertInterruptedAndStopped(task);
    }
  }

  // Fanin.waitUntil: "It never cancels a handle: not when it returns, not on timeout. Cancelling
  // the returned future stops the waiting only; the handles keep running."
  static void cancelWaitUntil(Scene scene) throws Exception {
    Handles handles = new Handles();
    CompletableFuture<WaitResult<CompletableFuture<String>>> waiting =
        Fanin.waitUntil(ReturnWhen.ALL_COMPLETED, handles.both());
    assertTrue(waiting.cancel(false));
    assertCancelled(waiting);
    handles.assertUntouchedThenStop();
  }

  static void completeWaitUntil(Scene scene) throws Exception {
    for (Otherwise how : Otherwise.values()) {
      how.check(
          failure -> {
            Handles handles = new Handles();
            CompletableFuture<WaitResult<CompletableFuture<String>>> waiting =
                Fanin.waitUntil(ReturnWhen.ALL_COMPLETED, handles.both());
            how.complete(waiting, failure);
            how.assertOutcome(waiting, failure);
            handles.assertUntouchedThenStop();
          });
    }
  }

  // FaninBlocking.waitUntil: "Interrupting the waiting thread stops the waiting only: the handles
  // keep running. @throws InterruptedException if interrupted while waiting; no handle is
  // cancelled"
  static void interruptWaitUntil(Scene scene) throws Exception {
    Handles handles = new Handles();
    scene.interruptCallerWhenWaiting();
    assertInterrupted(() -> FaninBlocking.waitUntil(ReturnWhen.ALL_COMPLETED, handles.both()));
    handles.assertUntouchedThenStop();
  }

  // Fanin.waitUntil(..., Duration): "the timeout cancels nothing and the future does not fail with
  // TimeoutException".
  static void timeoutWaitUntil(Scene scene) throws Exception {
    Handles handles = new Handles();
    WaitResult<CompletableFuture<String>> split =
        FaninBlocking.waitUntil(ReturnWhen.ALL_COMPLETED, handles.both(), DEADLINE);
    assertSameElements(List.of(), split.done());
    assertSameElements(handles.both(), split.pending());
    handles.assertUntouchedThenStop();
  }

  // Fanin.waitUntil: "ReturnWhen.FIRST_EXCEPTION returns when a handle fails"; nothing is
  // cancelled.
  static void waitUntilSiblingFails(Scene scene) throws Exception {
    Handles handles = new Handles();
    CompletableFuture<String> failing = new CompletableFuture<>();
    scene.whenCallerWaiting(() -> failing.completeExceptionally(new IllegalStateException("boom")));
    WaitResult<CompletableFuture<String>> split =
        FaninBlocking.waitUntil(ReturnWhen.FIRST_EXCEPTION, List.of(handles.running, failing));
    assertSameElements(List.of(failing), split.done());
    assertSameElements(List.of(handles.running), split.pending());
    assertTrue(handles.plain.complete("unused"));
    assertFalse(handles.running.isDone());
    assertRunning(handles.task);
    assertTrue(handles.running.cancel(false));
    assertInterruptedAndStopped(handles.task);
  }

  // ---- waitFor ----------------------------------------------------------------------------------

  // Fanin.waitFor(Callable): "Cancelling the returned future cancels the task and interrupts it if
  // it is running." Fanin.waitFor(CompletionStage): "Cancelling the returned future cancels
  // future."
  static void cancelWaitFor(Scene scene) throws Exception {
    BlockedTask<String> task = new BlockedTask<>();
    CompletableFuture<String> result = Fanin.waitFor(task, LONG);
    awaitStarted(task);
    assertTrue(result.cancel(false));
    assertCancelled(result);
    assertInterruptedAndStopped(task);

    CompletableFuture<String> input = new CompletableFuture<>();
    assertTrue(Fanin.waitFor(input, LONG).cancel(false));
    assertCancelled(input);
  }

  static void completeWaitFor(Scene scene) throws Exception {
    for (Otherwise how : Otherwise.values()) {
      how.check(
          failure -> {
            BlockedTask<String> task = new BlockedTask<>();
            CompletableFuture<String> result = Fanin.waitFor(task, LONG);
            awaitStarted(task);
            how.complete(result, failure);
            how.assertOutcome(result, failure);
            assertInterruptedAndStopped(task);

            CompletableFuture<String> input = new CompletableFuture<>();
            CompletableFuture<String> waited = Fanin.waitFor(input, LONG);
            how.complete(waited, failure);
            how.assertOutcome(waited, failure);
            assertCancelled(input);
          });
    }
  }

  // FaninBlocking.waitFor: "@throws InterruptedException if interrupted while waiting; the task is
  // then cancelled" (and future: "future is then cancelled").
  static void interruptWaitFor(Scene scene) throws Exception {
    BlockedTask<String> task = new BlockedTask<>();
    scene.interruptCallerWhenWaiting(task.started);
    assertInterrupted(() -> FaninBlocking.waitFor(task, LONG));
    assertStoppedAlready(task);

    CompletableFuture<String> input = new CompletableFuture<>();
    scene.interruptCallerWhenWaiting();
    assertInterrupted(() -> FaninBlocking.waitFor(input, LONG));
    assertCancelled(input);
  }

  // Fanin.waitFor: "On expiry the task is cancelled (interrupted if it is running), and once it has
  // stopped the future completes with TimeoutException, not a CancellationException".
  // FaninBlocking.waitFor: "@throws TimeoutException if the timeout passed; the task was cancelled
  // and has stopped" (future: "future was cancelled").
  static void timeoutWaitFor(Scene scene) throws Exception {
    BlockedTask<String> task = new BlockedTask<>();
    assertThrows(TimeoutException.class, () -> FaninBlocking.waitFor(task, DEADLINE));
    assertStoppedAlreadyIfStarted(task);

    BlockedTask<String> other = new BlockedTask<>();
    CompletableFuture<String> result = Fanin.waitFor(other, DEADLINE);
    assertInstanceOf(TimeoutException.class, failureOf(result));
    assertFalse(result.isCancelled());
    assertStoppedAlreadyIfStarted(other);

    CompletableFuture<String> input = new CompletableFuture<>();
    assertThrows(TimeoutException.class, () -> FaninBlocking.waitFor(input, DEADLINE));
    assertCancelled(input);
  }

  // adr/0005: "Cancelling a task ... cancels every Fanin call the task made, blocking or not."
  static void waitForSiblingFails(Scene scene) throws Exception {
    BlockedTask<String> task = new BlockedTask<>();
    Throwable nested = nestedInFailingGroup(() -> FaninBlocking.waitFor(task, LONG), task.started);
    assertNestedCallCancelled(nested);
    assertStoppedAlready(task);
  }

  // ---- timeoutScope -----------------------------------------------------------------------------

  /** A scope body that starts a nested CompletableFuture-form call, then blocks itself. */
  static final class ScopeWork {
    final BlockedTask<String> body = new BlockedTask<>();
    final BlockedTask<String> nested = new BlockedTask<>();

    String run(TimeoutScope scope) throws Exception {
      Fanin.gather(List.of(nested)); // not awaited: it belongs to the body all the same (adr/0005)
      return body.call();
    }
  }

  // Fanin.timeoutScope: "Cancelling the returned future cancels the body and its Fanin calls."
  static void cancelTimeoutScope(Scene scene) throws Exception {
    ScopeWork work = new ScopeWork();
    CompletableFuture<String> result = Fanin.timeoutScope(LONG, work::run);
    awaitStarted(work.body, work.nested);
    assertTrue(result.cancel(false));
    assertCancelled(result);
    assertInterruptedAndStopped(work.body, work.nested);
  }

  static void completeTimeoutScope(Scene scene) throws Exception {
    for (Otherwise how : Otherwise.values()) {
      how.check(
          failure -> {
            ScopeWork work = new ScopeWork();
            CompletableFuture<String> result = Fanin.timeoutScope(LONG, work::run);
            awaitStarted(work.body, work.nested);
            how.complete(result, failure);
            how.assertOutcome(result, failure);
            assertInterruptedAndStopped(work.body, work.nested);
          });
    }
  }

  // FaninBlocking.timeoutScope: "@throws InterruptedException if this thread is interrupted while
  // the body runs or while the call waits; the body and its Fanin calls are then cancelled and have
  // stopped". The body runs on the caller's thread: the interrupt reaches it there.
  static void interruptTimeoutScope(Scene scene) throws Exception {
    ScopeWork work = new ScopeWork();
    scene.interruptCallerWhen(work.body.started, work.nested.started);
    assertInterrupted(() -> FaninBlocking.timeoutScope(LONG, work::run));
    assertStoppedAlready(work.body, work.nested);
  }

  // Fanin.timeoutScope: on expiry "the body is interrupted, every Fanin call it made ... is
  // cancelled, and once all of it has stopped ... TimeoutException". The deadline is moved to now
  // only once both have started, so the interrupt is certain to reach them.
  static void timeoutTimeoutScope(Scene scene) throws Exception {
    ScopeWork work = new ScopeWork();
    AtomicReference<TimeoutScope> scope = new AtomicReference<>();
    scene.expireWhen(scope, work.body.started, work.nested.started);
    assertThrows(
        TimeoutException.class,
        () ->
            FaninBlocking.timeoutScope(
                LONG,
                handle -> {
                  scope.set(handle);
                  return work.run(handle);
                }));
    assertStoppedAlready(work.body, work.nested);
    assertTrue(scope.get().isExpired());

    BlockedTask<String> other = new BlockedTask<>();
    CompletableFuture<String> result = Fanin.timeoutScope(DEADLINE, handle -> other.call());
    assertInstanceOf(TimeoutException.class, failureOf(result));
    assertStoppedAlreadyIfStarted(other);
  }

  static void timeoutScopeSiblingFails(Scene scene) throws Exception {
    BlockedTask<String> body = new BlockedTask<>();
    Throwable nested =
        nestedInFailingGroup(
            () -> FaninBlocking.timeoutScope(LONG, scope -> body.call()), body.started);
    assertNestedCallCancelled(nested);
    assertStoppedAlready(body);
  }

  // ---- asCompleted ------------------------------------------------------------------------------

  // Fanin.asCompleted: "Cancelling any of the returned futures closes the whole iteration: every
  // task that has not finished is cancelled (interrupted if running) and the other futures are
  // cancelled."
  static void cancelAsCompleted(Scene scene) throws Exception {
    BlockedTask<String> a = new BlockedTask<>();
    BlockedTask<String> b = new BlockedTask<>();
    List<CompletableFuture<Completion<String, Callable<String>>>> results =
        Fanin.asCompleted(List.of(a, b));
    awaitStarted(a, b);
    assertTrue(results.get(0).cancel(false));
    assertCancelled(results.get(1));
    assertInterruptedAndStopped(a, b);
  }

  static void completeAsCompleted(Scene scene) throws Exception {
    for (Otherwise how : Otherwise.values()) {
      how.check(
          failure -> {
            BlockedTask<String> a = new BlockedTask<>();
            BlockedTask<String> b = new BlockedTask<>();
            List<CompletableFuture<Completion<String, Callable<String>>>> results =
                Fanin.asCompleted(List.of(a, b));
            awaitStarted(a, b);
            how.complete(results.get(0), failure);
            how.assertOutcome(results.get(0), failure);
            assertCancelled(results.get(1));
            assertInterruptedAndStopped(a, b);
          });
    }
  }

  // Completions.take: "@throws InterruptedException if interrupted while waiting; the iteration is
  // then closed", and the FaninBlocking contract: the tasks have stopped when it is thrown.
  // Completions.next: "An interrupt closes the iteration, sets the thread's interrupt status again,
  // and throws CancellationException with the InterruptedException as cause".
  static void interruptAsCompleted(Scene scene) throws Exception {
    BlockedTask<String> a = new BlockedTask<>();
    BlockedTask<String> b = new BlockedTask<>();
    try (Completions<String, Callable<String>> done = FaninBlocking.asCompleted(List.of(a, b))) {
      scene.interruptCallerWhenWaiting(a.started, b.started);
      assertInterrupted(done::take);
      assertStoppedAlready(a, b);
      assertFalse(done.hasNext());
    }

    BlockedTask<String> c = new BlockedTask<>();
    try (Completions<String, Callable<String>> done = FaninBlocking.asCompleted(List.of(c))) {
      scene.interruptCallerWhenWaiting(c.started);
      CancellationException thrown = assertThrows(CancellationException.class, done::next);
      assertInstanceOf(InterruptedException.class, thrown.getCause());
      assertTrue(Thread.interrupted(), "next() sets the interrupt status again");
      assertStoppedAlready(c);
    }
  }

  // Completions: "the deadline cancels the tasks Fanin started that are still running ..., and a
  // take throws the TimeoutException once they have stopped". Fanin's futures form: "No future is
  // then left to receive a result, so the tasks still running are cancelled".
  static void timeoutAsCompleted(Scene scene) throws Exception {
    BlockedTask<String> a = new BlockedTask<>();
    BlockedTask<String> b = new BlockedTask<>();
    try (Completions.Timed<String, Callable<String>> done =
        FaninBlocking.asCompleted(List.of(a, b), DEADLINE)) {
      assertThrows(TimeoutException.class, done::take);
      assertStoppedAlreadyIfStarted(a, b);
      assertThrows(TimeoutException.class, done::take);
    }

    BlockedTask<String> c = new BlockedTask<>();
    List<CompletableFuture<Completion<String, Callable<String>>>> results =
        Fanin.asCompleted(List.of(c), DEADLINE);
    assertInstanceOf(TimeoutException.class, failureOf(results.get(0)));
    assertStoppedIfStarted(c);
  }

  // Fanin.asCompleted: "A failed task is a result in its turn ...; the other tasks go on."
  static void asCompletedSiblingFails(Scene scene) throws Exception {
    BlockedTask<String> a = new BlockedTask<>();
    IllegalStateException boom = new IllegalStateException("sibling failed");
    List<Callable<String>> tasks = List.of(a, failsAfter(boom, a.started));
    try (Completions<String, Callable<String>> done = FaninBlocking.asCompleted(tasks)) {
      Completion<String, Callable<String>> first = done.take();
      assertEquals(1, first.index());
      assertSame(boom, assertInstanceOf(Outcome.Failure.class, first.outcome()).exception());
      assertRunning(a);
    }
    assertStoppedAlready(a);
  }

  // Fanin.asCompleted(Iterator, int): "Cancelling the subscription cancels every running task."
  static void cancelAsCompletedBounded(Scene scene) throws Exception {
    BlockedTask<String> a = new BlockedTask<>();
    BlockedTask<String> b = new BlockedTask<>();
    RecordingSubscriber<Completion<String, Callable<String>>> subscriber =
        new RecordingSubscriber<>();
    Fanin.asCompleted(List.of(a, b).iterator(), 2).subscribe(subscriber);
    subscriber.request(1);
    awaitStarted(a, b);
    subscriber.cancel();
    assertInterruptedAndStopped(a, b);
    assertTrue(subscriber.noPendingSignal());
    subscriber.assertNoViolations();
  }

  static void interruptAsCompletedBounded(Scene scene) throws Exception {
    BlockedTask<String> a = new BlockedTask<>();
    BlockedTask<String> b = new BlockedTask<>();
    BlockedTask<String> c = new BlockedTask<>();
    try (Completions<String, Callable<String>> done =
        FaninBlocking.asCompleted(List.of(a, b, c).iterator(), 2)) {
      scene.interruptCallerWhenWaiting(a.started, b.started);
      assertInterrupted(done::take);
      assertStoppedAlready(a, b);
      assertFalse(done.hasNext());
    }
    assertEquals(1, c.started.getCount(), "the window never pulled the third task");
  }

  static void timeoutAsCompletedBounded(Scene scene) throws Exception {
    BlockedTask<String> a = new BlockedTask<>();
    BlockedTask<String> b = new BlockedTask<>();
    AtomicReference<TimeoutScope> scope = new AtomicReference<>();
    scene.expireWhen(scope, a.started, b.started);
    assertThrows(
        TimeoutException.class,
        () ->
            FaninBlocking.timeoutScope(
                LONG,
                handle -> {
                  scope.set(handle);
                  try (Completions<String, Callable<String>> done =
                      FaninBlocking.asCompleted(List.of(a, b).iterator(), 2)) {
                    return done.take();
                  }
                }));
    assertStoppedAlready(a, b);
  }

  // adr/0006: "A failed input is a result in its turn; nothing else stops." A slot frees when its
  // result is taken, so the next task starts.
  static void asCompletedBoundedSiblingFails(Scene scene) throws Exception {
    BlockedTask<String> a = new BlockedTask<>();
    BlockedTask<String> c = new BlockedTask<>();
    IllegalStateException boom = new IllegalStateException("sibling failed");
    List<Callable<String>> tasks = List.of(a, failsAfter(boom, a.started), c);
    try (Completions<String, Callable<String>> done =
        FaninBlocking.asCompleted(tasks.iterator(), 2)) {
      Completion<String, Callable<String>> first = done.take();
      assertEquals(1, first.index());
      assertSame(boom, assertInstanceOf(Outcome.Failure.class, first.outcome()).exception());
      awaitStarted(c);
      assertRunning(a, c);
    }
    assertStoppedAlready(a, c);
  }

  // ---- TaskGroup --------------------------------------------------------------------------------

  /** A group body that forks two blocked tasks and then blocks itself. */
  static final class GroupWork {
    final BlockedTask<String> a = new BlockedTask<>();
    final BlockedTask<String> b = new BlockedTask<>();
    final BlockedTask<String> body = new BlockedTask<>();

    String run(TaskGroup.Forks group) throws Exception {
      group.fork(a);
      group.fork(b);
      return body.call();
    }

    BlockedTask<?>[] all() {
      return new BlockedTask<?>[] {a, b, body};
    }
  }

  // Fanin.taskGroup: "Cancelling the returned future cancels the body and every task."
  static void cancelTaskGroup(Scene scene) throws Exception {
    GroupWork work = new GroupWork();
    CompletableFuture<String> result = Fanin.taskGroup(work::run);
    awaitStarted(work.all());
    assertTrue(result.cancel(false));
    assertCancelled(result);
    assertInterruptedAndStopped(work.all());
  }

  static void completeTaskGroup(Scene scene) throws Exception {
    for (Otherwise how : Otherwise.values()) {
      how.check(
          failure -> {
            GroupWork work = new GroupWork();
            CompletableFuture<String> result = Fanin.taskGroup(work::run);
            awaitStarted(work.all());
            how.complete(result, failure);
            how.assertOutcome(result, failure);
            assertInterruptedAndStopped(work.all());
          });
    }
  }

  // FaninBlocking.taskGroup: "when interrupted cancels the body and every task, waits until they
  // have stopped, and throws InterruptedException". TaskGroup.join: "@throws InterruptedException
  // if the owner is interrupted while waiting; every task is then cancelled and has stopped".
  static void interruptTaskGroup(Scene scene) throws Exception {
    GroupWork work = new GroupWork();
    // The body runs on the caller's thread (FaninBlocking, "Bodies on the calling thread").
    scene.interruptCallerWhen(work.a.started, work.b.started, work.body.started);
    assertInterrupted(() -> FaninBlocking.taskGroup(work::run));
    assertStoppedAlready(work.all());

    BlockedTask<String> c = new BlockedTask<>();
    BlockedTask<String> d = new BlockedTask<>();
    try (TaskGroup group = TaskGroup.open()) {
      group.fork(c);
      group.fork(d);
      scene.interruptCallerWhenWaiting(c.started, d.started);
      assertInterrupted(group::join);
      assertStoppedAlready(c, d);
    }
  }

  // FaninBlocking.taskGroup(OnFailure, Duration, Body): "@throws TimeoutException if the deadline
  // passed; everything was cancelled and has stopped". TaskGroup.join likewise.
  static void timeoutTaskGroup(Scene scene) throws Exception {
    GroupWork work = new GroupWork();
    assertThrows(
        TimeoutException.class,
        () -> FaninBlocking.taskGroup(OnFailure.CANCEL_ALL, DEADLINE, work::run));
    assertStoppedAlreadyIfStarted(work.all());

    BlockedTask<String> c = new BlockedTask<>();
    try (TaskGroup.Timed group = TaskGroup.open(OnFailure.CANCEL_ALL, DEADLINE)) {
      group.fork(c);
      assertThrows(TimeoutException.class, group::join);
      assertStoppedAlreadyIfStarted(c);
    }
  }

  // TaskGroup: "the first task to fail cancels every other task at once, interrupting those that
  // are blocked ... join() throws one TaskGroupException listing every failure ... Cancellations
  // are not failures".
  static void taskGroupSiblingFails(Scene scene) throws Exception {
    BlockedTask<String> a = new BlockedTask<>();
    BlockedTask<String> body = new BlockedTask<>();
    IllegalStateException boom = new IllegalStateException("sibling failed");
    TaskGroupException thrown =
        assertThrows(
            TaskGroupException.class,
            () ->
                FaninBlocking.taskGroup(
                    group -> {
                      group.fork(a);
                      group.fork(failsAfter(boom, a.started, body.started));
                      return body.call();
                    }));
    assertSameElements(List.of(boom), thrown.failures());
    assertStoppedAlready(a, body);

    BlockedTask<String> c = new BlockedTask<>();
    IllegalStateException bang = new IllegalStateException("sibling failed too");
    CompletableFuture<Object> result =
        Fanin.taskGroup(
            group -> {
              group.fork(c);
              group.fork(failsAfter(bang, c.started));
              return null;
            });
    TaskGroupException failed = assertInstanceOf(TaskGroupException.class, failureOf(result));
    assertSameElements(List.of(bang), failed.failures());
    assertStoppedAlready(c);
  }

  // ---- Channel send and receive -----------------------------------------------------------------

  /** A channel whose buffer of one is full: a send must wait. */
  static Channel<String> fullChannel() {
    Channel<String> channel = Channel.buffered(1);
    assertTrue(channel.trySend("first"));
    return channel;
  }

  // Channel.sendAsync: "Cancelling (or otherwise completing) the future withdraws the send: the
  // element is not sent and stays with the caller."
  static void cancelSend(Scene scene) throws Exception {
    Channel<String> channel = fullChannel();
    CompletableFuture<Void> sent = channel.sendAsync("x");
    assertFalse(sent.isDone());
    assertTrue(sent.cancel(false));
    assertCancelled(sent);
    assertEquals(List.of("first"), drain(channel));
  }

  static void completeSend(Scene scene) throws Exception {
    for (Otherwise how : Otherwise.values()) {
      how.check(
          failure -> {
            Channel<String> channel = fullChannel();
            CompletableFuture<Void> sent = channel.sendAsync("x");
            assertFalse(sent.isDone());
            how.complete(sent, failure);
            how.assertOutcome(sent, failure);
            assertEquals(List.of("first"), drain(channel));
          });
    }
  }

  // Channel.send: "@throws InterruptedException if the thread is interrupted before or while
  // waiting; the element was not sent"; the class: "with the interrupt status cleared".
  static void interruptSend(Scene scene) throws Exception {
    Channel<String> channel = fullChannel();
    scene.interruptCallerWhenParkedInChannel();
    assertInterrupted(() -> channel.send("x"));
    assertEquals(List.of("first"), drain(channel));
  }

  // Channel.trySend(E, Duration): "false if the timeout passed first (the element was not sent)".
  static void timeoutSend(Scene scene) throws Exception {
    Channel<String> channel = fullChannel();
    assertFalse(channel.trySend("x", DEADLINE));
    assertEquals(List.of("first"), drain(channel));
  }

  static void sendSiblingFails(Scene scene) throws Exception {
    Channel<String> channel = fullChannel();
    Parking sender = scene.watchParking();
    Throwable nested =
        nestedInFailingGroup(
            () -> {
              sender.enter();
              channel.send("x");
              return null;
            },
            sender.parked);
    assertInstanceOf(InterruptedException.class, nested);
    assertEquals(List.of("first"), drain(channel));
  }

  // Channel.receiveAsync: "Cancelling (or otherwise completing, say with orTimeout) the future
  // withdraws the receive: nothing is taken."
  static void cancelReceive(Scene scene) throws Exception {
    Channel<String> channel = Channel.buffered(1);
    CompletableFuture<String> received = channel.receiveAsync();
    assertFalse(received.isDone());
    assertTrue(received.cancel(false));
    assertCancelled(received);
    assertTrue(channel.trySend("x"));
    assertEquals(List.of("x"), drain(channel));
  }

  static void completeReceive(Scene scene) throws Exception {
    for (Otherwise how : Otherwise.values()) {
      how.check(
          failure -> {
            Channel<String> channel = Channel.buffered(1);
            CompletableFuture<String> received = channel.receiveAsync();
            assertFalse(received.isDone());
            how.complete(received, failure);
            how.assertOutcome(received, failure);
            assertTrue(channel.trySend("x"));
            assertEquals(List.of("x"), drain(channel));
          });
    }
  }

  // Channel.receive: "@throws InterruptedException if the thread is interrupted before or while
  // waiting; nothing was taken from the channel".
  static void interruptReceive(Scene scene) throws Exception {
    Channel<String> channel = Channel.buffered(1);
    scene.interruptCallerWhenParkedInChannel();
    assertInterrupted(channel::receive);
    assertTrue(channel.trySend("x"));
    assertEquals(List.of("x"), drain(channel));
  }

  // Channel.tryReceive(Duration): "ReceiveResult.Empty if the timeout passed first (nothing was
  // taken)".
  static void timeoutReceive(Scene scene) throws Exception {
    Channel<String> channel = Channel.buffered(1);
    assertInstanceOf(ReceiveResult.Empty.class, channel.tryReceive(DEADLINE));
    assertTrue(channel.trySend("x"));
    assertEquals(List.of("x"), drain(channel));
  }

  static void receiveSiblingFails(Scene scene) throws Exception {
    Channel<String> channel = Channel.buffered(1);
    Parking receiver = scene.watchParking();
    Throwable nested =
        nestedInFailingGroup(
            () -> {
              receiver.enter();
              return channel.receive();
            },
            receiver.parked);
    assertInstanceOf(InterruptedException.class, nested);
    assertTrue(channel.trySend("x"));
    assertEquals(List.of("x"), drain(channel));
  }

  // ---- Select -----------------------------------------------------------------------------------

  /** A receive from an empty channel, a send to a full one and a caller's future: none can fire. */
  static final class SelectWork {
    final Channel<String> in = Channel.buffered(1);
    final Channel<String> out = fullChannel();
    final CompletableFuture<String> watched = new CompletableFuture<>();

    Select<String> select() {
      return Select.<String>create()
          .onReceive(in, element -> "received " + element)
          .onSend(out, "x", () -> "sent x")
          .onComplete(watched, outcome -> "watched " + outcome);
    }

    /**
     * Select: "The others leave no trace: nothing is received or sent through them, and no future
     * is cancelled". An element sent now is still in {@code in}; {@code out} holds only its first
     * element, so the withdrawn send did not slip in once there was room.
     */
    void assertNoTrace() throws InterruptedException {
      assertFalse(watched.isDone());
      assertTrue(in.trySend("y"));
      assertEquals(List.of("y"), drain(in));
      assertEquals(List.of("first"), drain(out));
    }
  }

  // Select.selectAsync: "Cancelling (or otherwise completing) the future withdraws every clause".
  static void cancelSelect(Scene scene) throws Exception {
    SelectWork work = new SelectWork();
    CompletableFuture<String> selected = work.select().selectAsync();
    assertFalse(selected.isDone());
    assertTrue(selected.cancel(false));
    assertCancelled(selected);
    work.assertNoTrace();
  }

  static void completeSelect(Scene scene) throws Exception {
    for (Otherwise how : Otherwise.values()) {
      how.check(
          failure -> {
            SelectWork work = new SelectWork();
            CompletableFuture<String> selected = work.select().selectAsync();
            assertFalse(selected.isDone());
            how.complete(selected, failure);
            how.assertOutcome(selected, failure);
            work.assertNoTrace();
          });
    }
  }

  // Select: "Interrupting a thread blocked in select() ... withdraws every clause: nothing is
  // consumed, and InterruptedException is thrown with the interrupt status cleared."
  static void interruptSelect(Scene scene) throws Exception {
    SelectWork work = new SelectWork();
    Select<String> select = work.select();
    scene.interruptCallerWhenParkedInChannel();
    assertInterrupted(select::select);
    work.assertNoTrace();
  }

  // Select.onTimeout: fires once the timeout has passed; the other clauses leave no trace.
  static void timeoutSelect(Scene scene) throws Exception {
    SelectWork work = new SelectWork();
    assertEquals("timeout", work.select().onTimeout(DEADLINE, () -> "timeout").select());
    work.assertNoTrace();
  }

  static void selectSiblingFails(Scene scene) throws Exception {
    SelectWork work = new SelectWork();
    Parking selector = scene.watchParking();
    Throwable nested =
        nestedInFailingGroup(
            () -> {
              Select<String> select = work.select();
              selector.enter();
              return select.select();
            },
            selector.parked);
    assertInstanceOf(InterruptedException.class, nested);
    work.assertNoTrace();
  }

  // ---- SelectLoop -------------------------------------------------------------------------------

  /** A loop over a receive from an empty channel and a blocked work source. */
  static final class LoopWork implements AutoCloseable {
    final Channel<String> channel = Channel.buffered(1);
    final BlockedTask<String> work = new BlockedTask<>();
    final SelectLoop loop = SelectLoop.open();
    final SelectLoop.Source<String> received = loop.addReceive(channel);

    LoopWork() throws InterruptedException {
      loop.addWork(work);
      awaitStarted(work);
    }

    /**
     * SelectLoop: "An element is taken from a channel only by a wait, and only to be returned by
     * it": an element sent after a withdrawn wait is returned by the next wait; the work source was
     * not cancelled by the withdrawal, and closing the loop interrupts it ("Closing cancels the
     * work in flight (interrupting its Callables)").
     */
    void assertNextWaitGetsLaterElement() throws Exception {
      assertRunning(work);
      assertTrue(channel.trySend("x"));
      List<SelectLoop.Fired<?>> fired = loop.awaitFired();
      assertEquals(1, fired.size(), () -> "fired: " + fired);
      assertEquals(Optional.of("x"), fired.get(0).valueIf(received));
      loop.close();
      assertInterruptedAndStopped(work);
      assertEquals(List.of(), loop.leftovers());
    }

    @Override
    public void close() {
      loop.close();
    }
  }

  // SelectLoop.awaitFiredAsync: "Cancelling (or otherwise completing) it withdraws the wait; what
  // fired meanwhile is kept for the next one."
  static void cancelSelectLoop(Scene scene) throws Exception {
    try (LoopWork work = new LoopWork()) {
      CompletableFuture<List<SelectLoop.Fired<?>>> next = work.loop.awaitFiredAsync();
      assertFalse(next.isDone());
      assertTrue(next.cancel(false));
      assertCancelled(next);
      work.assertNextWaitGetsLaterElement();
    }
  }

  static void completeSelectLoop(Scene scene) throws Exception {
    for (Otherwise how : Otherwise.values()) {
      how.check(
          failure -> {
            try (LoopWork work = new LoopWork()) {
              CompletableFuture<List<SelectLoop.Fired<?>>> next = work.loop.awaitFiredAsync();
              assertFalse(next.isDone());
              how.complete(next, failure);
              how.assertOutcome(next, failure);
              work.assertNextWaitGetsLaterElement();
            }
          });
    }
  }

  // SelectLoop.awaitFired: "@throws InterruptedException if the thread is interrupted while
  // waiting; what fired meanwhile is kept for the next wait".
  static void interruptSelectLoop(Scene scene) throws Exception {
    try (LoopWork work = new LoopWork()) {
      scene.interruptCallerWhenParkedInChannel();
      assertInterrupted(work.loop::awaitFired);
      work.assertNextWaitGetsLaterElement();
    }
  }

  static void timeoutSelectLoop(Scene scene) throws Exception {
    Channel<String> channel = Channel.buffered(1);
    BlockedTask<String> work = new BlockedTask<>();
    AtomicReference<TimeoutScope> scope = new AtomicReference<>();
    scene.expireWhen(scope, work.started);
    assertThrows(
        TimeoutException.class,
        () ->
            FaninBlocking.timeoutScope(
                LONG,
                handle -> {
                  scope.set(handle);
                  try (SelectLoop loop = SelectLoop.open()) {
                    loop.addReceive(channel);
                    loop.addWork(work);
                    return loop.awaitFired();
                  }
                }));
    assertInterruptedAndStopped(work);
    assertTrue(channel.trySend("x"));
    assertEquals(List.of("x"), drain(channel));
  }

  // SelectLoop: "A failure is a Fired whose outcome() is a Outcome.Failure"; closing cancels the
  // work in flight.
  static void selectLoopSiblingFails(Scene scene) throws Exception {
    BlockedTask<String> work = new BlockedTask<>();
    IllegalStateException boom = new IllegalStateException("sibling failed");
    try (SelectLoop loop = SelectLoop.open()) {
      loop.addWork(work);
      SelectLoop.Source<String> failing = loop.addWork(failsAfter(boom, work.started));
      List<SelectLoop.Fired<?>> fired = loop.awaitFired();
      assertEquals(1, fired.size(), () -> "fired: " + fired);
      assertSame(failing, fired.get(0).source());
      assertSame(boom, assertInstanceOf(Outcome.Failure.class, fired.get(0).outcome()).exception());
      assertRunning(work);
    }
    assertInterruptedAndStopped(work);
  }

  // ---- Completing a future from outside ---------------------------------------------------------

  /** The ways of completing a future other than cancel. */
  enum Otherwise {
    COMPLETE,
    COMPLETE_EXCEPTIONALLY,
    OR_TIMEOUT,
    COMPLETE_ON_TIMEOUT,
    COMPLETE_ASYNC,
    OBTRUDE_VALUE;

    /** Runs {@code check} with a failure for this way, naming the way if it fails. */
    void check(FailureCheck check) throws Exception {
      try {
        check.run(new IllegalStateException("completed from outside"));
      } catch (Throwable t) {
        throw new AssertionError("completed by " + this + ": " + t, t);
      }
    }

    void complete(CompletableFuture<?> future, RuntimeException failure) {
      switch (this) {
        case COMPLETE -> assertTrue(future.complete(null), "complete(null) took effect");
        case COMPLETE_EXCEPTIONALLY ->
            assertTrue(future.completeExceptionally(failure), "completeExceptionally took effect");
        case OR_TIMEOUT -> future.orTimeout(1, TimeUnit.MILLISECONDS);
        case COMPLETE_ON_TIMEOUT -> future.completeOnTimeout(null, 1, TimeUnit.MILLISECONDS);
        case COMPLETE_ASYNC -> future.completeAsync(() -> null);
        case OBTRUDE_VALUE -> future.obtrudeValue(null);
      }
    }

    /** The future reports the outcome given from outside, not one of the work's. */
    void assertOutcome(CompletableFuture<?> future, RuntimeException failure) throws Exception {
      switch (this) {
        case COMPLETE, COMPLETE_ON_TIMEOUT, COMPLETE_ASYNC, OBTRUDE_VALUE ->
            assertNull(future.get(GUARD_SECONDS, SECONDS));
        case COMPLETE_EXCEPTIONALLY -> assertSame(failure, failureOf(future));
        case OR_TIMEOUT -> assertInstanceOf(TimeoutException.class, failureOf(future));
      }
    }
  }

  @FunctionalInterface
  interface FailureCheck {
    void run(RuntimeException failure) throws Exception;
  }

  // ---- The calling thread and its helpers -------------------------------------------------------

  /**
   * What a scenario runs beside the calling thread: platform helper threads that watch it (they
   * may spin, the caller never does) and act once it waits. Joined when the cell ends.
   */
  static final class Scene {
    final Thread caller = Thread.currentThread();
    private final List<Forked> helpers = new ArrayList<>();

    void helper(String name, ThrowingRunnable body) {
      helpers.add(Forks.start("matrix-" + name, body));
    }

    /**
     * Interrupts the caller once every latch is down and it waits for a future (inside a
     * FaninBlocking call).
     */
    void interruptCallerWhenWaiting(CountDownLatch... first) {
      interruptCaller(true, first);
    }

    /** Interrupts the caller once it is parked in a channel, select or select-loop wait. */
    void interruptCallerWhenParkedInChannel() {
      helper(
          "interrupter",
          () -> {
            ChannelThreads.awaitParkedInChannel(caller);
            caller.interrupt();
          });
    }

    /**
     * Interrupts the caller once every latch is down: for a blocking call whose body runs on the
     * caller's thread, where the interrupt reaches the body (which blocks or is about to).
     */
    void interruptCallerWhen(CountDownLatch... first) {
      interruptCaller(false, first);
    }

    private void interruptCaller(boolean whenWaitingForFuture, CountDownLatch... first) {
      helper(
          "interrupter",
          () -> {
            for (CountDownLatch latch : first) {
              await(latch);
            }
            if (whenWaitingForFuture) {
              ChannelThreads.awaitParkedOnFuture(caller);
            }
            caller.interrupt();
          });
    }

    /** Runs {@code action} once the caller waits for a future. */
    void whenCallerWaiting(Runnable action) {
      helper(
          "when-waiting",
          () -> {
            ChannelThreads.awaitParkedOnFuture(caller);
            action.run();
          });
    }

    /** Moves the deadline of the scope to now once every latch is down. */
    void expireWhen(AtomicReference<TimeoutScope> scope, CountDownLatch... first) {
      helper(
          "expirer",
          () -> {
            for (CountDownLatch latch : first) {
              await(latch);
            }
            scope.get().reschedule(Duration.ZERO);
          });
    }

    /** A thread to watch: {@link Parking#parked} goes down once it is parked in a channel wait. */
    Parking watchParking() {
      Parking parking = new Parking();
      helper(
          "parking-watcher",
          () -> {
            await(parking.entered);
            ChannelThreads.awaitParkedInChannel(parking.thread.get());
            parking.parked.countDown();
          });
      return parking;
    }

    void joinHelpers() {
      for (Forked helper : helpers) {
        helper.join(Duration.ofSeconds(GUARD_SECONDS));
      }
    }
  }

  /** A thread that is about to wait in a channel, select or select loop. */
  static final class Parking {
    final AtomicReference<Thread> thread = new AtomicReference<>();
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch parked = new CountDownLatch(1);

    /** Called by the thread just before it waits. */
    void enter() {
      thread.set(Thread.currentThread());
      entered.countDown();
    }
  }

  /**
   * Runs {@code nested} in a task of a CANCEL_ALL group whose other task fails once every latch is
   * down (the nested call is then waiting), and returns what the nested call threw. The group
   * reports the sibling's failure alone: the nested task's cancellation is not a failure.
   */
  static Throwable nestedInFailingGroup(Callable<?> nested, CountDownLatch... waiting)
      throws Exception {
    IllegalStateException boom = new IllegalStateException("sibling failed");
    AtomicReference<Throwable> seen = new AtomicReference<>();
    TaskGroupException thrown =
        assertThrows(
            TaskGroupException.class,
            () ->
                FaninBlocking.taskGroup(
                    group -> {
                      Callable<Object> task = () -> recordThrown(seen, nested);
                      group.fork(task);
                      group.fork(failsAfter(boom, waiting));
                      return null;
                    }));
    assertSameElements(List.of(boom), thrown.failures());
    Throwable ended = seen.get();
    assertNotNull(ended, "the nested call ended by throwing");
    return ended;
  }

  // ---- Small helpers ---------------------------------------------------------------------------

  /** A task that throws {@code failure} once every latch is down. */
  static Callable<String> failsAfter(RuntimeException failure, CountDownLatch... first) {
    return () -> {
      for (CountDownLatch latch : first) {
        await(latch);
      }
      throw failure;
    };
  }

  static <T> T recordThrown(AtomicReference<Throwable> seen, Callable<T> call) throws Exception {
    try {
      return call.call();
    } catch (Throwable t) {
      seen.set(t);
      throw t;
    }
  }

  /**
   * Fanin.timeoutScope: "A body blocked in a nested FaninBlocking call sees InterruptedException
   * or, when the nested call's cancellation arrives first, CancellationException".
   */
  static void assertNestedCallCancelled(Throwable thrown) {
    assertTrue(
        thrown instanceof InterruptedException || thrown instanceof CancellationException,
        () -> "expected InterruptedException or CancellationException, got " + thrown);
  }

  static void await(CountDownLatch latch) throws InterruptedException {
    assertTrue(latch.await(GUARD_SECONDS, SECONDS), "hang guard: a latch was never counted down");
  }

  static void awaitStarted(BlockedTask<?>... tasks) throws InterruptedException {
    for (BlockedTask<?> task : tasks) {
      await(task.started);
    }
  }

  /** The tasks see the interrupt and stop (waiting for that, as cancel returns before it). */
  static void assertInterruptedAndStopped(BlockedTask<?>... tasks) throws InterruptedException {
    for (BlockedTask<?> task : tasks) {
      await(task.stopped);
      assertTrue(task.interrupted, "the task saw the interrupt");
    }
  }

  /** The call that just returned promised to wait until the tasks had stopped: no waiting here. */
  static void assertStoppedAlready(BlockedTask<?>... tasks) {
    for (BlockedTask<?> task : tasks) {
      assertEquals(0, task.started.getCount(), "the task started");
      assertTrue(task.hasStopped(), "the task stopped before the call returned");
      assertTrue(task.interrupted, "the task saw the interrupt");
    }
  }

  /**
   * {@link #assertStoppedAlready} for tasks the deadline may have beaten: one cancelled before it
   * started never runs.
   */
  static void assertStoppedAlreadyIfStarted(BlockedTask<?>... tasks) {
    for (BlockedTask<?> task : tasks) {
      if (task.started.getCount() == 0) {
        assertStoppedAlready(task);
      }
    }
  }

  /** {@link #assertInterruptedAndStopped} for a task that started, whenever it did. */
  static void assertStoppedIfStarted(BlockedTask<?> task) throws InterruptedException {
    if (task.started.getCount() == 0) {
      assertInterruptedAndStopped(task);
    }
  }

  /** The tasks are running: started, not interrupted, not stopped. */
  static void assertRunning(BlockedTask<?>... tasks) {
    for (BlockedTask<?> task : tasks) {
      assertEquals(0, task.started.getCount(), "the task started");
      assertFalse(task.interrupted, "the task was not interrupted");
      assertFalse(task.hasStopped(), "the task is still running");
    }
  }

  /** The blocking call throws InterruptedException and leaves the interrupt status cleared. */
  static void assertInterrupted(Executable call) {
    assertThrows(InterruptedException.class, call);
    assertFalse(Thread.currentThread().isInterrupted(), "the interrupt status is cleared");
  }

  static void assertCancelled(CompletableFuture<?> future) {
    assertThrows(CancellationException.class, () -> future.get(GUARD_SECONDS, SECONDS));
    assertTrue(future.isCancelled());
  }

  /** The exception {@code future} completed with, waiting for it if need be. */
  static Throwable failureOf(CompletableFuture<?> future) throws InterruptedException {
    try {
      Object value = future.get(GUARD_SECONDS, SECONDS);
      return fail("expected a failure, got " + value);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      return fail("hang guard: the future did not complete", e);
    }
  }

  /** Takes every element ready in {@code channel}, which must then be empty (not closed). */
  static List<String> drain(Channel<String> channel) {
    List<String> elements = new ArrayList<>();
    while (true) {
      ReceiveResult<String> next = channel.tryReceive();
      if (next instanceof ReceiveResult.Received<String> received) {
        elements.add(received.element());
      } else {
        assertInstanceOf(ReceiveResult.Empty.class, next);
        return elements;
      }
    }
  }
}

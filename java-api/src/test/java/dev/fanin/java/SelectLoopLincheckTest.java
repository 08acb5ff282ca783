package dev.fanin.java;

import static dev.fanin.java.LincheckPrograms.check;
import static dev.fanin.java.LincheckPrograms.fork;
import static dev.fanin.java.LincheckPrograms.op;
import static dev.fanin.java.LincheckPrograms.require;
import static dev.fanin.java.LincheckPrograms.scenario;
import static dev.fanin.java.LincheckPrograms.thread;

import dev.fanin.java.LincheckPrograms.Fork;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lincheck checks of the Java select loop over one channel source.
 *
 * <p><b>What is checked.</b> A loop with one receive source behaves as a closable queue: {@code
 * send} adds to the channel, a wait ({@code awaitFired}) returns the next element, a wait that is
 * withdrawn ({@code awaitFiredAsync} then {@code cancel}) takes nothing for good (what it took is
 * kept for the next wait), and after {@code close()} a wait throws. This is checked for
 * linearizability against {@link QueueSpec}, and a program checks that close racing a sender and a
 * waiter accounts for every element once: returned by a wait, by {@code leftovers()}, or still in
 * the channel.
 *
 * <p><b>Not linearizable: close then send.</b> A wait in progress when {@code close()} runs may
 * still take an element sent after close returned: kotlinx's select lets a clause registered after
 * the close's wake-up, which finds the element, win (documented on {@code SelectLoop.close()}).
 * Nothing is lost, the wait returns it; but no queue closes that way. The scenarios checked here
 * therefore send nothing after a close; {@code closeThenSend_inProgressWait_linearizable} is the
 * reproduction, disabled.
 *
 * <p><b>Modes, and why.</b> Model-checked (the checker explores interleavings): the close
 * program, random scenarios of {@code send} and {@code poll}, and a fixed scenario of polls racing
 * sends and then a close. Blocking waits run in Lincheck's stress mode (real threads) only: when a
 * parked wait is resumed from a sender's thread, the rest of the wait runs there, and Lincheck 3.7
 * aborts its analysis of that ({@code LincheckAnalysisAbortedError}) or reports the test as hung
 * without a trace. Work sources ({@code addWork}) run on Fanin's default executor and {@code
 * Dispatchers.Default}, threads the checker cannot control: their race with close is in {@code
 * SelectLoopStressTest}. Tickers need a clock, which the model checker freezes.
 *
 * <p><b>Budget.</b> By default ({@code fanin.stress.rounds} = 200) 2 random scenarios and 15
 * interleavings per scenario; {@code -Pstress} 30 scenarios and 750 interleavings.
 */
@Timeout(900)
class SelectLoopLincheckTest {
  private static final int ROUNDS = Integer.getInteger("fanin.stress.rounds", 200);

  /** 1 in the default build, 50 under -Pstress. */
  private static final int SCALE =
      Integer.getInteger("fanin.lincheck.scale", Math.max(1, Math.min(50, ROUNDS / 200)));

  private static final int ITERATIONS = Math.min(30, 2 * SCALE);
  private static final int INVOCATIONS = 15 * SCALE;

  /**
   * close() racing a sender and a waiter, model-checked: each element is returned by a wait, by
   * leftovers(), or still in the channel, exactly once.
   */
  @Test
  void close_racesSendAndWait_eachElementOnceSomewhere() {
    check(
        INVOCATIONS,
        () -> {
          Channel<Integer> channel = Channel.buffered(2);
          SelectLoop loop = SelectLoop.open();
          loop.addReceive(channel);
          List<Object> accounted = Collections.synchronizedList(new ArrayList<>());
          Fork waiter =
              fork(
                  () -> {
                    try {
                      while (true) {
                        accounted.addAll(values(loop.awaitFired()));
                      }
                    } catch (IllegalStateException e) {
                      // closed
                    }
                  });
          Fork sender =
              fork(
                  () -> {
                    channel.send(1);
                    channel.send(2);
                  });
          loop.close();
          sender.join();
          waiter.join();
          accounted.addAll(values(loop.leftovers()));
          for (ReceiveResult<Integer> next = channel.tryReceive();
              next.isReceived();
              next = channel.tryReceive()) {
            accounted.add(next.element());
          }
          List<Object> sorted = new ArrayList<>(accounted);
          sorted.sort(null);
          require(sorted.equals(List.of(1, 2)), "accounted " + accounted);
        });
  }

  /** send and poll in random scenarios, model-checked, behave like a queue. */
  @Test
  void sendPoll_modelChecked_linearizable() {
    new ModelCheckingOptions()
        .iterations(ITERATIONS)
        .invocationsPerIteration(INVOCATIONS)
        .threads(2)
        .actorsPerThread(2)
        .actorsBefore(1)
        .actorsAfter(1)
        .sequentialSpecification(QueueSpec.class)
        .check(Polling.class);
  }

  /** Two elements polled while they are sent, then a close, model-checked. */
  @Test
  void sendPollThenClose_modelChecked_linearizable() {
    new ModelCheckingOptions()
        .iterations(0)
        .invocationsPerIteration(INVOCATIONS)
        .addCustomScenario(
            scenario(
                Waiting.class,
                thread(op("send", 1), op("send", 2), op("close")),
                thread(op("poll"), op("poll"), op("poll"))))
        .sequentialSpecification(QueueSpec.class)
        .check(Waiting.class);
  }

  /** The same in stress mode, with more scenarios. */
  @Test
  void sendPoll_stressMode_linearizable() {
    new StressOptions()
        .iterations(2 * ITERATIONS)
        .invocationsPerIteration(3 * INVOCATIONS)
        .threads(3)
        .actorsPerThread(2)
        .actorsBefore(1)
        .actorsAfter(1)
        .sequentialSpecification(QueueSpec.class)
        .check(Polling.class);
  }

  /**
   * Blocking waits racing sends and close, in stress mode (see the class comment), in scenarios
   * where every wait is ended by a send or the close, and nothing is sent after the close.
   */
  @Test
  void awaitSendClose_stressMode_linearizable() {
    withWaitScenarios(new StressOptions())
        .invocationsPerIteration(3 * INVOCATIONS)
        .sequentialSpecification(QueueSpec.class)
        .check(Waiting.class);
  }

  /** Scenarios whose every interleaving ends; waits stay on one thread (one wait at a time). */
  private static <O extends Options<O, ?>> O withWaitScenarios(O options) {
    return options
        .iterations(0)
        .addCustomScenario(
            scenario(
                Waiting.class,
                thread(op("send", 1), op("send", 2)),
                thread(op("await"), op("await"))))
        .addCustomScenario(
            scenario(
                Waiting.class,
                thread(op("send", 1)),
                thread(op("await"), op("poll")),
                thread(op("send", 2))))
        .addCustomScenario(
            scenario(
                Waiting.class,
                thread(op("await"), op("await")),
                thread(op("send", 1), op("close"))))
        .addCustomScenario(
            scenario(
                Waiting.class,
                thread(op("poll"), op("await")),
                thread(op("send", 1), op("send", 2), op("close"))));
  }

  /**
   * A wait in progress, a close, then a send: the wait may return the element sent after the close,
   * which no closable queue does (see the class comment). Kept as the reproduction.
   */
  @Test
  @Disabled(
      "Known limitation, documented on SelectLoop.close(): a wait in progress when close() runs may "
          + "still take an element sent after close() returned (kotlinx select registration); "
          + "nothing is lost, but close is not linearizable with later sends")
  void closeThenSend_inProgressWait_linearizable() {
    new StressOptions()
        .iterations(0)
        .invocationsPerIteration(100_000)
        .addCustomScenario(
            scenario(Waiting.class, thread(op("await")), thread(op("close"), op("send", 1))))
        .sequentialSpecification(QueueSpec.class)
        .check(Waiting.class);
  }

  private static List<Object> values(List<SelectLoop.Fired<?>> fired) {
    List<Object> values = new ArrayList<>();
    for (SelectLoop.Fired<?> each : fired) {
      values.add(each.value());
    }
    return values;
  }

  /** A loop with one source, an unbounded channel; waits never block. */
  public static class Polling {
    final Channel<Integer> channel = Channel.unbounded();
    final SelectLoop loop = SelectLoop.open();

    public Polling() {
      loop.addReceive(channel);
    }

    @Operation
    public void send(int element) throws InterruptedException {
      channel.send(element); // an unbounded channel: never waits
    }

    /** A wait withdrawn at once unless something fired: the next element, or "empty". */
    @Operation(nonParallelGroup = "wait")
    public Object poll() {
      CompletableFuture<List<SelectLoop.Fired<?>>> wait = loop.awaitFiredAsync();
      if (wait.cancel(true)) {
        return "empty";
      }
      try {
        return single(wait.join());
      } catch (CompletionException e) {
        return closedOrThrow(e.getCause());
      }
    }

    static Object single(List<SelectLoop.Fired<?>> fired) {
      if (fired.size() != 1) {
        throw new AssertionError("one source fired " + fired.size() + " times in one wait");
      }
      return fired.get(0).value();
    }

    static Object closedOrThrow(Throwable failure) {
      if (failure instanceof IllegalStateException) {
        return "closed";
      }
      throw new AssertionError("unexpected failure", failure);
    }
  }

  /** {@link Polling} with a blocking wait and close; fixed scenarios only (see the class comment). */
  public static class Waiting extends Polling {
    @Operation
    public void close() {
      loop.close();
    }

    @Operation(nonParallelGroup = "wait", blocking = true)
    public Object await() throws InterruptedException {
      try {
        return single(loop.awaitFired());
      } catch (IllegalStateException e) {
        return "closed";
      }
    }
  }

  /** A closable queue. A wait with nothing to take would block: no history has that. */
  public static class QueueSpec {
    private final ArrayDeque<Integer> queue = new ArrayDeque<>();
    private boolean closed;

    public void send(int element) {
      queue.add(element);
    }

    public Object poll() {
      if (closed) {
        return "closed";
      }
      return queue.isEmpty() ? "empty" : queue.poll();
    }

    public Object await() {
      if (closed) {
        return "closed";
      }
      if (queue.isEmpty()) {
        throw new ChannelLincheckTest.WouldBlock();
      }
      return queue.poll();
    }

    public void close() {
      closed = true;
    }
  }
}

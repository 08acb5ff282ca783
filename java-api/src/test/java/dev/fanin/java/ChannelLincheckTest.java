package dev.fanin.java;

import static dev.fanin.java.LincheckPrograms.fork;
import static dev.fanin.java.LincheckPrograms.op;
import static dev.fanin.java.LincheckPrograms.require;
import static dev.fanin.java.LincheckPrograms.scenarioAfter;
import static dev.fanin.java.LincheckPrograms.thread;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fanin.java.LincheckPrograms.Fork;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jetbrains.lincheck.Lincheck;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lincheck checks of the Java channel facade: its model checker runs a few threads through every
 * interleaving it can reach within its budget (park and unpark, interrupts and the kotlinx
 * channel's atomics are all switch points) and reports the first that goes wrong.
 *
 * <p><b>What is checked, and how.</b>
 *
 * <ul>
 *   <li><b>Linearizability of {@code close} racing {@code trySend} and {@code tryReceive}</b> on a
 *       buffered(2) and a rendezvous channel, in random scenarios, against an {@link ArrayDeque}
 *       specification. trySend and tryReceive are made by one thread at a time ({@code
 *       nonParallelGroup}): concurrent with each other they are not linearizable (below).
 *   <li><b>Linearizability of the blocking {@code send} and {@code receive}</b> (with {@code close})
 *       on a buffered(2) channel, in fixed scenarios where no interleaving can leave an operation
 *       blocked for ever (a hang is a failure for Lincheck). In the specification an operation that
 *       would have to wait throws {@code WouldBlock}, a result the real operation never has, so a
 *       blocking operation can only be linearized at a point where it could complete: for a send
 *       that waited for room, after the receive that made it. These scenarios run both
 *       model-checked and in Lincheck's stress mode (real threads, real parking).
 *   <li><b>Blocking operations on a rendezvous channel, interrupts, cancelled futures, close
 *       against a waiting sender, and {@code WorkQueue.join}</b>, as small programs explored with
 *       {@link Lincheck#runConcurrentTest}: each asserts that every element is delivered once or
 *       reported unsent (InterruptedException, a cancelled future, ChannelClosedException),
 *       never both and never neither, and that an unsent element does not reach the
 *       undelivered-element callback.
 * </ul>
 *
 * <p><b>What is not model-checked, and why.</b> Concurrent {@code trySend} and {@code tryReceive}
 * are not linearizable in kotlinx (its own Lincheck tests leave them out): a tryReceive that meets
 * a slot an in-flight send has reserved but not filled gives up with Empty, and a trySend can fail
 * for a slot an in-flight send holds. {@code nonBlockingOperations_buffered2_linearizable} shows it
 * and is disabled. {@code isClosedForSend} and {@code isClosedForReceive} are not linearizable in
 * kotlinx either. A sequential specification cannot describe a rendezvous (a send completes only
 * together with a receive), nor kotlinx's close, which lets a send that was already waiting
 * complete later (its element is delivered before the close token): those are checked by the
 * invariant programs instead. Lincheck's support for dual data structures needs Kotlin {@code
 * suspend} operations, which a Java blocking facade does not have. Deadlines are left to {@code
 * ChannelStressTest}: the model checker makes {@link System#nanoTime} a constant, so a timed
 * operation would never time out.
 *
 * <p><b>Budget.</b> The default build ({@code fanin.stress.rounds} = 200) explores 2 random
 * scenarios of two threads per data-structure check and 15 interleavings per scenario or program
 * (20 to 35 s in all on two busy cores: most of it is Lincheck instrumenting the classes anew for
 * each test, which no budget changes); {@code -Pstress} explores 30 scenarios of three threads and
 * 750 interleavings.
 */
@Timeout(900)
class ChannelLincheckTest {
  private static final int ROUNDS = Integer.getInteger("fanin.stress.rounds", 200);

  /** 1 in the default build, 50 under -Pstress; the budgets below grow with it. */
  private static final int SCALE =
      Integer.getInteger("fanin.lincheck.scale", Math.max(1, Math.min(50, ROUNDS / 200)));

  /** Random scenarios per data-structure check: 2 by default, 30 under -Pstress. */
  private static final int ITERATIONS = Math.min(30, 2 * SCALE);

  /** Interleavings explored per scenario or program: 15 by default, 750 under -Pstress. */
  private static final int INVOCATIONS = 15 * SCALE;

  // ---- Linearizability of the non-blocking operations -----------------------------------------

  /**
   * trySend, tryReceive and close on a buffered(2) channel, any of them concurrent, behave like a
   * queue of two. Includes the history Lincheck found: a trySend that fails because an in-flight
   * trySend holds the last slot, then a tryReceive that reports Empty because that in-flight send
   * has not stored its element yet.
   */
  @Test
  @Disabled(
      "Known limitation, documented on Channel.trySend and Channel.tryReceive: kotlinx's trySend "
          + "and tryReceive are not linearizable (its own Lincheck tests exclude them); kept as the "
          + "reproduction")
  void nonBlockingOperations_buffered2_linearizable() {
    new ModelCheckingOptions()
        .iterations(ITERATIONS)
        .invocationsPerIteration(Math.max(INVOCATIONS, 200))
        .threads(3)
        .actorsPerThread(2)
        .actorsBefore(1)
        .actorsAfter(1)
        .addCustomScenario(
            scenarioAfter(
                NonBlocking.class,
                thread(op("trySend", 1)),
                thread(op("tryReceive"), op("tryReceive")),
                thread(op("trySend", 1)),
                thread(op("trySend", 0))))
        .sequentialSpecification(BufferedSpec.class)
        .check(NonBlocking.class);
  }

  /**
   * A close racing trySend and tryReceive (made by one thread at a time) on a buffered(2) channel:
   * they behave like a queue of two that closes.
   */
  @Test
  void close_racesTrySendAndTryReceive_buffered2Linearizable() {
    new ModelCheckingOptions()
        .iterations(ITERATIONS)
        .invocationsPerIteration(INVOCATIONS)
        .threads(SCALE > 1 ? 3 : 2)
        .actorsPerThread(SCALE > 1 ? 3 : 2)
        .actorsBefore(2)
        .actorsAfter(1)
        .sequentialSpecification(BufferedSpec.class)
        .check(CloseRacingQueue.class);
  }

  /**
   * The same on a rendezvous channel, where without a waiting partner trySend fails and tryReceive
   * finds nothing: they behave like a closing queue of capacity 0.
   */
  @Test
  void close_racesTrySendAndTryReceive_rendezvousLinearizable() {
    new ModelCheckingOptions()
        .iterations(Math.max(1, ITERATIONS / 3))
        .invocationsPerIteration(INVOCATIONS)
        .threads(2)
        .actorsPerThread(2)
        .actorsBefore(1)
        .actorsAfter(1)
        .sequentialSpecification(RendezvousSpec.class)
        .check(CloseRacingRendezvous.class);
  }

  // ---- Linearizability of blocking send and receive -------------------------------------------

  /** Blocking send and receive on a buffered(2) channel, model-checked, behave like a queue of two. */
  @Test
  void blockingOperations_buffered2ModelChecked_linearizable() {
    withBlockingScenarios(new ModelCheckingOptions())
        .invocationsPerIteration(INVOCATIONS)
        .sequentialSpecification(BufferedSpec.class)
        .check(Blocking.class);
  }

  /** The same scenarios on real threads, in Lincheck's stress mode. */
  @Test
  void blockingOperations_buffered2StressMode_linearizable() {
    withBlockingScenarios(new StressOptions())
        .invocationsPerIteration(3 * INVOCATIONS)
        .sequentialSpecification(BufferedSpec.class)
        .check(Blocking.class);
  }

  /**
   * Scenarios whose every interleaving ends: every blocking receive has a send or a close to end
   * it, every blocking send has a receive to make room, and no send can be waiting when the
   * channel closes (kotlinx then still delivers it, which a queue cannot describe).
   */
  private static <O extends Options<O, ?>> O withBlockingScenarios(O options) {
    return options
        .iterations(0)
        .addCustomScenario(
            scenarioAfter(
                Blocking.class,
                thread(),
                thread(op("send", 1), op("send", 2), op("send", 3)),
                thread(op("receive"), op("receive"), op("receive"))))
        .addCustomScenario(
            scenarioAfter(
                Blocking.class,
                thread(),
                thread(op("send", 1), op("send", 2), op("send", 3), op("send", 4)),
                thread(op("receive"), op("receive")),
                thread(op("receive"), op("receive"))))
        .addCustomScenario(
            scenarioAfter(
                Blocking.class,
                thread(),
                thread(op("send", 1), op("send", 2)),
                thread(op("send", 3)),
                thread(op("receive"), op("receive"), op("receive"))))
        .addCustomScenario(
            scenarioAfter(
                Blocking.class,
                thread(),
                thread(op("receive"), op("receive")),
                thread(op("send", 1)),
                thread(op("close"))));
  }

  // ---- Programs with blocking operations, interrupts and futures ------------------------------

  /** Two blocking sends through a rendezvous reach a blocking receiver once each, in order. */
  @Test
  void rendezvous_twoSendsTwoReceives_inOrderExactlyOnce() {
    check(
        () -> {
          Channel<Integer> channel = Channel.rendezvous();
          Fork sender =
              fork(
                  () -> {
                    channel.send(1);
                    channel.send(2);
                  });
          int first = channel.receive();
          int second = channel.receive();
          sender.join();
          require(first == 1 && second == 2, "received " + first + ", " + second);
        });
  }

  /**
   * A sender waiting on a rendezvous is interrupted while a receiver polls: the send throws
   * InterruptedException exactly when the receiver did not get the element, and then keeps it (the
   * undelivered-element callback does not see it).
   */
  @Test
  void rendezvous_sendInterruptedWhileReceiverPolls_receivedIffSendReturned() {
    check(
        () -> {
          AtomicInteger undelivered = new AtomicInteger();
          Channel<Integer> channel =
              Channel.create(0, BufferOverflow.WAIT, element -> undelivered.incrementAndGet());
          AtomicReference<String> outcome = new AtomicReference<>();
          Fork sender =
              fork(
                  () -> {
                    try {
                      channel.send(1);
                      outcome.set("sent");
                    } catch (InterruptedException e) {
                      outcome.set("withdrawn");
                    }
                  });
          AtomicReference<ReceiveResult<Integer>> polled = new AtomicReference<>();
          Fork receiver = fork(() -> polled.set(channel.tryReceive()));
          sender.interrupt();
          sender.join();
          receiver.join();
          boolean received = polled.get().isReceived();
          require(
              received == outcome.get().equals("sent"),
              "send " + outcome.get() + ", receiver got " + polled.get());
          require(channel.tryReceive().equals(new ReceiveResult.Empty<Integer>()), "left over");
          require(undelivered.get() == 0, "the callback saw a withdrawn send's element");
        });
  }

  /**
   * A receiver waiting on a rendezvous is interrupted while a sender tries to send: trySend
   * succeeds exactly when the receive returned the element.
   */
  @Test
  void rendezvous_receiveInterruptedWhileSenderTries_takenIffTrySendSucceeded() {
    check(
        () -> {
          Channel<Integer> channel = Channel.rendezvous();
          AtomicReference<Object> outcome = new AtomicReference<>();
          Fork receiver =
              fork(
                  () -> {
                    try {
                      outcome.set(channel.receive());
                    } catch (InterruptedException e) {
                      outcome.set("withdrawn");
                    }
                  });
          AtomicBoolean sent = new AtomicBoolean();
          Fork sender = fork(() -> sent.set(channel.trySend(1)));
          receiver.interrupt();
          receiver.join();
          sender.join();
          require(
              sent.get() == Integer.valueOf(1).equals(outcome.get()),
              "trySend " + sent.get() + ", receive " + outcome.get());
        });
  }

  /**
   * Cancelling a pending receiveAsync while a sender tries to send: trySend succeeds exactly when
   * cancel returns false, and the future then holds the element.
   */
  @Test
  void receiveAsyncCancel_racesTrySend_elementInFutureIffCancelFailed() {
    check(
        () -> {
          Channel<Integer> channel = Channel.rendezvous();
          CompletableFuture<Integer> future = channel.receiveAsync();
          AtomicBoolean sent = new AtomicBoolean();
          Fork sender = fork(() -> sent.set(channel.trySend(1)));
          boolean cancelled = future.cancel(true);
          sender.join();
          require(cancelled == future.isCancelled(), "cancel returned " + cancelled);
          require(sent.get() == !cancelled, "trySend " + sent.get() + ", cancel " + cancelled);
          if (!cancelled) {
            require(future.join() == 1, "future " + future);
          }
        });
  }

  /**
   * Cancelling a pending sendAsync while a receiver polls: the receiver gets the element exactly
   * when cancel returns false; otherwise the element stays with the caller (the
   * undelivered-element callback does not see it).
   */
  @Test
  void sendAsyncCancel_racesTryReceive_receivedIffCancelFailed() {
    check(
        () -> {
          AtomicInteger undelivered = new AtomicInteger();
          Channel<Integer> channel =
              Channel.create(0, BufferOverflow.WAIT, element -> undelivered.incrementAndGet());
          CompletableFuture<Void> future = channel.sendAsync(1);
          AtomicReference<ReceiveResult<Integer>> polled = new AtomicReference<>();
          Fork receiver = fork(() -> polled.set(channel.tryReceive()));
          boolean cancelled = future.cancel(true);
          receiver.join();
          require(cancelled == future.isCancelled(), "cancel returned " + cancelled);
          require(
              polled.get().isReceived() == !cancelled,
              "receiver got " + polled.get() + ", cancel " + cancelled);
          require(undelivered.get() == 0, "the callback saw a withdrawn send's element");
        });
  }

  /**
   * Close racing a sender that may be waiting on a rendezvous and a draining receiver: the element
   * is received exactly when its send returned; a send that threw ChannelClosedException delivered
   * nothing, and a send already waiting when the channel closed still completes (kotlinx's close).
   */
  @Test
  void close_racesWaitingSendAndDrainingReceiver_receivedIffSent() {
    check(
        () -> {
          Channel<Integer> channel = Channel.rendezvous();
          AtomicBoolean sent = new AtomicBoolean();
          Fork sender =
              fork(
                  () -> {
                    try {
                      channel.send(1);
                      sent.set(true);
                    } catch (ChannelClosedException e) {
                      // not sent
                    }
                  });
          List<Integer> received = new ArrayList<>();
          Fork receiver =
              fork(
                  () -> {
                    for (ReceiveResult<Integer> next = channel.receiveCatching();
                        next.isReceived();
                        next = channel.receiveCatching()) {
                      received.add(next.element());
                    }
                  });
          channel.close();
          sender.join();
          receiver.join();
          require(
              received.equals(sent.get() ? List.of(1) : List.of()),
              "sent " + sent.get() + ", received " + received);
        });
  }

  /**
   * WorkQueue.join returns only after the worker marked the item done. Only with a larger budget
   * than the default build's: instrumenting the StateFlow and task machinery join uses costs its
   * first run several seconds.
   */
  @Test
  void workQueueJoin_racesItemDone_returnsAfterItemDone() {
    assumeTrue(SCALE > 1, "run with -Dfanin.lincheck.scale=2 or more (-Pstress)");
    check(
        () -> {
          WorkQueue<Integer> queue = WorkQueue.unbounded();
          AtomicBoolean processed = new AtomicBoolean();
          Fork worker =
              fork(
                  () -> {
                    queue.receive();
                    processed.set(true);
                    queue.itemDone();
                  });
          queue.send(1);
          queue.join();
          require(processed.get(), "join returned before itemDone");
          require(queue.unfinishedItems() == 0, "unfinished " + queue.unfinishedItems());
          worker.join();
        });
  }

  // ---- The tested objects and their specifications --------------------------------------------

  /** What a tryReceive returns, as a value Lincheck can compare. */
  private static Object received(ReceiveResult<Integer> result) {
    return result.isReceived() ? result.element() : result.isClosed() ? "closed" : "empty";
  }

  /** trySend, tryReceive and close on a buffered(2) channel, any of them concurrent. */
  public static class NonBlocking {
    final Channel<Integer> channel;

    public NonBlocking() {
      this(Channel.buffered(2));
    }

    NonBlocking(Channel<Integer> channel) {
      this.channel = channel;
    }

    @Operation
    public boolean trySend(int element) {
      return channel.trySend(element);
    }

    @Operation
    public Object tryReceive() {
      return received(channel.tryReceive());
    }

    @Operation
    public boolean close() {
      return channel.close();
    }
  }

  /** trySend and tryReceive made by one thread at a time, and close from any thread. */
  public static class CloseRacingQueue {
    final Channel<Integer> channel;

    public CloseRacingQueue() {
      this(Channel.buffered(2));
    }

    CloseRacingQueue(Channel<Integer> channel) {
      this.channel = channel;
    }

    @Operation(nonParallelGroup = "queue")
    public boolean trySend(int element) {
      return channel.trySend(element);
    }

    @Operation(nonParallelGroup = "queue")
    public Object tryReceive() {
      return received(channel.tryReceive());
    }

    @Operation
    public boolean close() {
      return channel.close();
    }
  }

  /** The same on a rendezvous channel. */
  public static class CloseRacingRendezvous extends CloseRacingQueue {
    public CloseRacingRendezvous() {
      super(Channel.rendezvous());
    }
  }

  /** Blocking send and receive, and close, on a buffered(2) channel; fixed scenarios only. */
  public static class Blocking {
    private final Channel<Integer> channel = Channel.buffered(2);

    @Operation(blocking = true)
    public void send(int element) throws InterruptedException {
      channel.send(element);
    }

    @Operation(blocking = true)
    public int receive() throws InterruptedException {
      return channel.receive();
    }

    @Operation
    public boolean close() {
      return channel.close();
    }
  }

  /** Thrown by the specifications where the real operation would wait: no history has it. */
  static final class WouldBlock extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  /** A channel as a queue of {@code capacity} elements and a closed flag. */
  public static class BufferedSpec {
    private final ArrayDeque<Integer> buffer = new ArrayDeque<>();
    private final int capacity;
    private boolean closed;

    public BufferedSpec() {
      this(2);
    }

    BufferedSpec(int capacity) {
      this.capacity = capacity;
    }

    public boolean trySend(int element) {
      if (closed) {
        throw new ChannelClosedException(null);
      }
      if (buffer.size() == capacity) {
        return false;
      }
      buffer.add(element);
      return true;
    }

    public void send(int element) {
      if (!trySend(element)) {
        throw new WouldBlock();
      }
    }

    public Object tryReceive() {
      if (!buffer.isEmpty()) {
        return buffer.poll();
      }
      return closed ? "closed" : "empty";
    }

    public int receive() {
      if (!buffer.isEmpty()) {
        return buffer.poll();
      }
      if (closed) {
        throw new ChannelClosedException(null);
      }
      throw new WouldBlock();
    }

    public boolean close() {
      boolean first = !closed;
      closed = true;
      return first;
    }
  }

  /** A rendezvous channel without waiters: nothing is ever ready. */
  public static class RendezvousSpec extends BufferedSpec {
    public RendezvousSpec() {
      super(0);
    }
  }

  // ---- Scenario and program helpers (shared with the other Lincheck tests: LincheckPrograms) ----

  private static void check(LincheckPrograms.Program program) {
    LincheckPrograms.check(INVOCATIONS, program);
  }
}

package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fanin.testing.Forked;
import dev.fanin.testing.Forks;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.StressBudget;
import dev.fanin.testing.StressRace;
import dev.fanin.testing.ThreadKind;
import dev.fanin.testing.ThrowingRunnable;
import dev.fanin.testing.VirtualThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Races on {@link Channel} and {@link WorkQueue}: many producers and consumers interrupted at
 * random, and single races lined up with a {@link CyclicBarrier} and repeated {@code
 * fanin.stress.rounds} times (200 by default; under {@code -Pstress} for its share of a time budget, {@link StressBudget}). Every test checks
 * that each element is delivered exactly once or reported unsent, never both and never neither;
 * NoLeaksExtension checks that no thread is left behind.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(600)
class ChannelStressTest {
  private static final int ROUNDS = StressBudget.rounds();

  /** Elements per exchange of the many-threads tests: 100 per fixed round (20,000 by default). */
  private static final int ELEMENTS = (int) Math.min(100L * ROUNDS, 10_000_000L);

  private static final int PRODUCERS = 4;
  private static final int CONSUMERS = 4;

  /** A guard against a hung thread for the long many-threads test, not a timing assumption. */
  private static final Duration HANG_GUARD = Duration.ofMinutes(9);

  private static final int SENTINEL = -1;

  static Stream<Arguments> capacitiesAndThreadKinds() {
    return Stream.of(
        Arguments.of(0, ThreadKind.PLATFORM),
        Arguments.of(16, ThreadKind.PLATFORM),
        Arguments.of(0, ThreadKind.VIRTUAL),
        Arguments.of(16, ThreadKind.VIRTUAL));
  }

  // ---- Many producers and consumers, interrupted at random -------------------------------------

  /**
   * Four producers and four consumers, each using the blocking, timed and future forms at random
   * and interrupted at random while they wait: every element is received exactly once, and the
   * undelivered-element callback sees none (a withdrawn send keeps its element).
   */
  @ParameterizedTest(name = "capacity {0}, {1} threads")
  @MethodSource("capacitiesAndThreadKinds")
  void sendReceive_producersAndConsumersInterrupted_everyElementReceivedOnce(
      int capacity, ThreadKind kind) throws Exception {
    assumeTrue(
        kind == ThreadKind.PLATFORM || VirtualThreads.available(),
        "virtual threads need JDK 21 or later");
    // Fixed mode: one exchange; budget mode: exchanges repeated for the race's share.
    for (StressRace stress = StressBudget.race(1); stress.nextRound(); ) {
      Set<Integer> undelivered = ConcurrentHashMap.newKeySet();
      Channel<Integer> channel = Channel.create(capacity, BufferOverflow.WAIT, undelivered::add);
      AtomicIntegerArray received = new AtomicIntegerArray(ELEMENTS);
      Counters counters = new Counters();
      List<Forked> producers = new ArrayList<>();
      List<Forked> consumers = new ArrayList<>();
      for (int p = 0; p < PRODUCERS; p++) {
        int first = p;
        producers.add(
            start(kind, "producer-" + p, () -> produce(channel, first, PRODUCERS, counters)));
      }
      for (int c = 0; c < CONSUMERS; c++) {
        consumers.add(start(kind, "consumer-" + c, () -> consume(channel, received, counters)));
      }
      List<Thread> targets = new ArrayList<>();
      producers.forEach(forked -> targets.add(forked.thread()));
      consumers.forEach(forked -> targets.add(forked.thread()));
      AtomicBoolean producing = new AtomicBoolean(true);
      Forked interrupter =
          Forks.start("interrupter", () -> interruptAtRandom(targets, producing, counters));

      for (Forked producer : producers) {
        producer.join(HANG_GUARD);
      }
      producing.set(false);
      interrupter.join();
      channel.close();
      for (Forked consumer : consumers) {
        consumer.join(HANG_GUARD);
      }

      assertEveryElementOnce(received, counters.toString());
      assertTrue(channel.isClosedForReceive(), counters::toString);
      // Nothing was discarded: a withdrawn send kept its element, so the callback saw none.
      assertEquals(Set.of(), undelivered, counters::toString);
    }
  }

  private static void produce(Channel<Integer> channel, int first, int step, Counters counters)
      throws Exception {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int element = first; element < ELEMENTS; element += step) {
      // An element whose send was withdrawn (interrupt, deadline, cancelled future) was not sent:
      // send it again. Had it been sent anyway, a consumer would see it twice.
      while (!sendOnce(channel, element, random, counters)) {
        // retry
      }
      if (Thread.interrupted()) {
        counters.completedDespiteInterrupt.increment();
      }
    }
  }

  /** One attempt to send {@code element}; false if it was withdrawn (and so not sent). */
  private static boolean sendOnce(
      Channel<Integer> channel, int element, ThreadLocalRandom random, Counters counters) {
    try {
      switch (random.nextInt(4)) {
        case 0 -> {
          if (!channel.trySend(element, Duration.ofNanos(1 + random.nextInt(50_000)))) {
            counters.expired.increment();
            return false;
          }
        }
        case 1 -> {
          CompletableFuture<Void> future = channel.sendAsync(element);
          try {
            future.get();
          } catch (InterruptedException e) {
            counters.interrupted.increment();
            if (future.cancel(true)) {
              return false;
            }
            assertNull(future.join()); // cancel lost: the element was sent
          }
        }
        default -> channel.send(element);
      }
      return true;
    } catch (InterruptedException e) {
      counters.interrupted.increment();
      return false;
    } catch (ExecutionException e) {
      throw new AssertionError("sendAsync failed", e);
    }
  }

  private static void consume(
      Channel<Integer> channel, AtomicIntegerArray received, Counters counters) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (true) {
      ReceiveResult<Integer> result;
      try {
        result = receiveOnce(channel, random, counters);
      } catch (InterruptedException e) {
        counters.interrupted.increment();
        continue;
      }
      if (result.isClosed()) {
        return;
      }
      if (!result.isReceived()) {
        counters.expired.increment();
        continue;
      }
      if (Thread.interrupted()) {
        counters.completedDespiteInterrupt.increment();
      }
      int element = result.element();
      int times = received.incrementAndGet(element);
      if (times != 1) {
        throw new AssertionError("element " + element + " received " + times + " times");
      }
    }
  }

  /** One attempt to receive; Empty if it was withdrawn (and so took nothing). */
  private static ReceiveResult<Integer> receiveOnce(
      Channel<Integer> channel, ThreadLocalRandom random, Counters counters)
      throws InterruptedException {
    switch (random.nextInt(4)) {
      case 0 -> {
        return channel.tryReceive(Duration.ofNanos(1 + random.nextInt(50_000)));
      }
      case 1 -> {
        return channel.receiveCatching();
      }
      case 2 -> {
        CompletableFuture<Integer> future = channel.receiveAsync();
        try {
          return new ReceiveResult.Received<>(future.get());
        } catch (InterruptedException e) {
          counters.interrupted.increment();
          if (future.cancel(true)) {
            return new ReceiveResult.Empty<>();
          }
          // cancel lost: the future has the element (or the end of the channel)
          return outcomeOf(future);
        } catch (ExecutionException e) {
          assertInstanceOf(ChannelClosedException.class, e.getCause());
          return new ReceiveResult.Closed<>(java.util.Optional.empty());
        }
      }
      default -> {
        try {
          return new ReceiveResult.Received<>(channel.receive());
        } catch (ChannelClosedException e) {
          return new ReceiveResult.Closed<>(java.util.Optional.empty());
        }
      }
    }
  }

  private static ReceiveResult<Integer> outcomeOf(CompletableFuture<Integer> done) {
    try {
      return new ReceiveResult.Received<>(done.join());
    } catch (CompletionException e) {
      assertInstanceOf(ChannelClosedException.class, e.getCause());
      return new ReceiveResult.Closed<>(java.util.Optional.empty());
    }
  }

  /** Interrupts the targets at random, mostly while they wait, until {@code active} is false. */
  private static void interruptAtRandom(
      List<Thread> targets, AtomicBoolean active, Counters counters) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (active.get()) {
      Thread target = targets.get(random.nextInt(targets.size()));
      Thread.State state = target.getState();
      boolean waiting = state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
      if (waiting || random.nextInt(16) == 0) {
        target.interrupt();
        counters.injected.increment();
      }
      // Pacing, so that most operations complete undisturbed; nothing waits on it.
      LockSupport.parkNanos(1_000 + random.nextInt(50_000));
    }
  }

  // ---- Close against send and receive ---------------------------------------------------------

  /**
   * Two senders, a receiver and a close, started together: an element whose send returned is
   * received once (a sender already waiting at the close still delivers), an element whose send
   * threw ChannelClosedException is never received and stays with its sender, so the
   * undelivered-element callback sees nothing.
   */
  @Test
  void close_racesSendAndReceive_everyElementReceivedOrReportedUnsent() throws Exception {
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      CloseRace race = CloseRace.run(round);
      race.checkAccounted("round " + round);
    }
  }

  /**
   * Two senders, a receiver and a cancel, started together: every element is received, or handed
   * to the undelivered-element callback (buffered, or its sender was waiting, when cancel discarded
   * it), or kept by a sender whose send threw; never two of these, except that a waiting sender's
   * send throws after cancel discarded its element.
   */
  @Test
  void cancel_racesSendAndReceive_everyElementReceivedDiscardedOrKept() throws Exception {
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      CloseRace race = CloseRace.run(round, true);
      String where = "round " + round + ": " + race;
      assertEquals(race.received.size(), new HashSet<>(race.received).size(), where);
      for (int element = 0; element < 6; element++) {
        boolean received = race.received.contains(element);
        boolean discarded = race.undelivered.contains(element);
        boolean sent = race.sent.contains(element);
        boolean unsent = race.unsent.contains(element);
        assertTrue(sent != unsent, where);
        assertFalse(received && discarded, element + " received and discarded; " + where);
        assertFalse(received && unsent, element + " received but reported unsent; " + where);
        assertTrue(received || discarded || unsent, element + " lost; " + where);
      }
    }
  }

  /** The outcome of one round of two senders, a receiver and a close, started together. */
  private static final class CloseRace {
    final Set<Integer> sent = ConcurrentHashMap.newKeySet();
    final Set<Integer> unsent = ConcurrentHashMap.newKeySet();
    final Set<Integer> undelivered = ConcurrentHashMap.newKeySet();
    final List<Integer> received = Collections.synchronizedList(new ArrayList<>());

    static CloseRace run(int round) throws Exception {
      return run(round, false);
    }

    /** Two senders, a receiver and a close (or, if {@code cancel}, a cancel). */
    static CloseRace run(int round, boolean cancel) throws Exception {
      CloseRace race = new CloseRace();
      int capacity = round % 3 == 0 ? 0 : round % 3 == 1 ? 1 : 4;
      Channel<Integer> channel =
          Channel.create(capacity, BufferOverflow.WAIT, race.undelivered::add);
      CyclicBarrier start = new CyclicBarrier(4);
      List<Forked> threads = new ArrayList<>();
      for (int s = 0; s < 2; s++) {
        int first = 3 * s;
        boolean async = (round + s) % 2 == 0;
        threads.add(
            Forks.start(
                "sender-" + s,
                () -> {
                  start.await();
                  for (int element = first; element < first + 3; element++) {
                    if (sendReportingClose(channel, element, async)) {
                      race.sent.add(element);
                    } else {
                      race.unsent.add(element);
                    }
                  }
                }));
      }
      threads.add(
          Forks.start(
              "receiver",
              () -> {
                start.await();
                try {
                  for (Integer element : channel) {
                    race.received.add(element);
                  }
                } catch (ChannelClosedException e) {
                  assertTrue(cancel, "closed with a cause: " + e);
                }
              }));
      threads.add(
          Forks.start(
              "closer",
              () -> {
                start.await();
                if (cancel) {
                  channel.cancel();
                } else {
                  channel.close();
                }
              }));
      for (Forked thread : threads) {
        thread.join();
      }
      return race;
    }

    /** True if sent, false if the send reported the channel closed. */
    private static boolean sendReportingClose(Channel<Integer> channel, int element, boolean async)
        throws InterruptedException {
      try {
        if (async) {
          channel.sendAsync(element).join();
        } else {
          channel.send(element);
        }
        return true;
      } catch (ChannelClosedException e) {
        return false;
      } catch (CompletionException e) {
        assertInstanceOf(ChannelClosedException.class, e.getCause());
        return false;
      }
    }

    @Override
    public String toString() {
      return "sent " + sent + ", unsent " + unsent + ", received " + received
          + ", undelivered " + undelivered;
    }

    void checkAccounted(String round) {
      assertEquals(received.size(), new HashSet<>(received).size(), round + ": " + received);
      Set<Integer> all = new HashSet<>(sent);
      all.addAll(unsent);
      assertEquals(6, all.size(), round + ": sent " + sent + ", unsent " + unsent);
      assertEquals(sent, new HashSet<>(received), round + ": sent " + sent);
      assertEquals(Set.of(), undelivered, round + ": unsent " + unsent);
    }
  }

  // ---- Future cancellation against the other side ---------------------------------------------

  /**
   * Cancelling a pending receiveAsync while a sender sends: the element ends either in the future
   * (cancel returned false) or with the next receiver (cancel returned true), never lost.
   */
  @Test
  void receiveAsyncCancel_racesSend_elementInFutureOrWithNextReceiver() throws Exception {
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      Channel<Integer> channel = round % 2 == 0 ? Channel.rendezvous() : Channel.buffered(1);
      CompletableFuture<Integer> future = channel.receiveAsync();
      assertFalse(future.isDone());
      CyclicBarrier start = new CyclicBarrier(2);
      int element = round;
      Forked sender =
          Forks.start(
              "sender",
              () -> {
                start.await();
                channel.send(element);
              });
      start.await();
      boolean cancelled = future.cancel(true);
      assertEquals(cancelled, future.isCancelled(), "round " + round);
      if (cancelled) {
        assertEquals(element, channel.receive(), "round " + round);
      } else {
        assertEquals(element, future.join(), "round " + round);
      }
      sender.join();
      assertEmpty(channel, "round " + round);
    }
  }

  /**
   * Cancelling a pending sendAsync while a receiver receives: the element is received (cancel
   * returned false, the future completed) or never (cancel returned true), never twice or lost.
   */
  @Test
  void sendAsyncCancel_racesReceive_elementReceivedIffNotCancelled() throws Exception {
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      boolean rendezvous = round % 2 == 0;
      Channel<Integer> channel = rendezvous ? Channel.rendezvous() : Channel.buffered(1);
      int filler = 1_000_000 + round;
      if (!rendezvous) {
        assertTrue(channel.trySend(filler));
      }
      int element = round;
      CompletableFuture<Void> future = channel.sendAsync(element);
      assertFalse(future.isDone());
      CyclicBarrier start = new CyclicBarrier(2);
      AtomicReference<Integer> taken = new AtomicReference<>();
      Forked receiver =
          Forks.start(
              "receiver",
              () -> {
                start.await();
                taken.set(channel.receive());
              });
      start.await();
      boolean cancelled = future.cancel(true);
      assertEquals(cancelled, future.isCancelled(), "round " + round);
      if (!cancelled) {
        assertNull(future.join());
      }
      if (rendezvous) {
        CompletableFuture<Void> unblock = cancelled ? channel.sendAsync(SENTINEL) : null;
        try {
          receiver.join();
          assertEquals(cancelled ? SENTINEL : element, taken.get(), "round " + round);
          if (unblock != null) {
            unblock.join();
          }
        } finally {
          if (unblock != null) {
            unblock.cancel(true);
          }
        }
      } else {
        receiver.join();
        assertEquals(filler, taken.get(), "round " + round);
        ReceiveResult<Integer> next = channel.tryReceive();
        if (cancelled) {
          assertInstanceOf(ReceiveResult.Empty.class, next, "round " + round);
        } else {
          assertEquals(element, next.element(), "round " + round);
        }
      }
      assertEmpty(channel, "round " + round);
    }
  }

  /**
   * A pending receiveAsync whose future is completed by the caller ({@code orTimeout} expiring,
   * which calls {@code completeExceptionally(new TimeoutException())}) while a sender sends: the
   * element ends either in the future or with the next receiver.
   */
  @Test
  void receiveAsyncOrTimeout_expiryRacesSend_elementInFutureOrWithNextReceiver() throws Exception {
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      Channel<Integer> channel = round % 2 == 0 ? Channel.rendezvous() : Channel.buffered(1);
      CompletableFuture<Integer> future = channel.receiveAsync();
      CyclicBarrier start = new CyclicBarrier(2);
      int element = round;
      Forked sender =
          Forks.start(
              "sender",
              () -> {
                start.await();
                channel.send(element);
              });
      start.await();
      // What CompletableFuture.orTimeout does when its delay expires.
      boolean expired = future.completeExceptionally(new TimeoutException());
      CompletableFuture<Integer> next = channel.receiveAsync();
      try {
        sender.join();
        if (expired) {
          // The next receive got the element; its future completes on Fanin's executor.
          assertEquals(element, next.get(30, TimeUnit.SECONDS), "round " + round + ": lost");
        } else {
          assertEquals(element, future.join(), "round " + round);
          assertFalse(next.isDone(), "round " + round);
        }
      } finally {
        next.cancel(true);
      }
    }
  }

  /**
   * receiveAsync called, over and over, by a Fanin task whose job has been cancelled (its ambient
   * job is cancelled), while a sender sends: every element whose send returned ends in a future that
   * completed with it, none is lost.
   */
  @Test
  void receiveAsync_insideCancelledTaskRacingSends_noElementLost() throws Exception {
    // Fixed mode: one exchange; budget mode: exchanges repeated for the race's share.
    for (StressRace stress = StressBudget.race(1); stress.nextRound(); ) {
      Channel<Integer> channel = Channel.rendezvous();
      AtomicIntegerArray received = new AtomicIntegerArray(ELEMENTS);
      AtomicBoolean sending = new AtomicBoolean(true);
      CancelledTask task =
          CancelledTask.start(
              () -> {
                while (sending.get()) {
                  CompletableFuture<Integer> future = channel.receiveAsync();
                  if (future.isDone() || !future.cancel(true)) {
                    if (!future.isCancelled()) {
                      received.incrementAndGet(future.join());
                    }
                  }
                }
              });
      try {
        Forked sender =
            Forks.start(
                "sender",
                () -> {
                  for (int element = 0; element < ELEMENTS; element++) {
                    channel.send(element);
                  }
                });
        sender.join(HANG_GUARD);
      } finally {
        sending.set(false);
        task.awaitEnd();
      }
      assertEveryElementOnce(received, "sent, and so received");
    }
  }

  /**
   * sendAsync called by a Fanin task whose job has been cancelled, resending each element whose
   * future was cancelled (not sent), while a receiver drains: every element is received once.
   */
  @Test
  void sendAsync_insideCancelledTaskRacingReceives_noElementDuplicated() throws Exception {
    // Fixed mode: one exchange; budget mode: exchanges repeated for the race's share.
    for (StressRace stress = StressBudget.race(1); stress.nextRound(); ) {
      Channel<Integer> channel = Channel.rendezvous();
      AtomicIntegerArray received = new AtomicIntegerArray(ELEMENTS);
      Forked receiver =
          Forks.start(
              "receiver",
              () -> {
                for (Integer element : channel) {
                  received.incrementAndGet(element);
                }
              });
      CancelledTask task =
          CancelledTask.start(
              () -> {
                for (int element = 0; element < ELEMENTS; element++) {
                  while (true) {
                    CompletableFuture<Void> future = channel.sendAsync(element);
                    boolean sent = future.isDone() ? !future.isCancelled() : !future.cancel(true);
                    if (sent) {
                      break;
                    }
                  }
                }
                channel.close();
              });
      try {
        receiver.join(HANG_GUARD);
      } finally {
        channel.close();
        task.awaitEnd();
      }
      assertEveryElementOnce(received, "sent once");
    }
  }

  /**
   * A Fanin task (run by {@link Fanin#gather}) that is cancelled before its body runs {@code
   * body}: the body runs with a cancelled ambient job.
   */
  private static final class CancelledTask {
    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    static CancelledTask start(ThrowingRunnable body) throws InterruptedException {
      CancelledTask task = new CancelledTask();
      CountDownLatch running = new CountDownLatch(1);
      CompletableFuture<List<Object>> gathered =
          Fanin.gather(
              List.of(
                  () -> {
                    try {
                      running.countDown();
                      try {
                        new CountDownLatch(1).await(); // until the cancellation interrupts it
                      } catch (InterruptedException e) {
                        // the task's job is cancelled: its ambient job is now a cancelled job
                      }
                      body.run();
                    } catch (Throwable t) {
                      task.failure.set(t);
                    } finally {
                      task.ended.countDown();
                    }
                    return null;
                  }));
      running.await();
      assertTrue(gathered.cancel(true));
      return task;
    }

    /** Waits for the body to end and rethrows what it threw. */
    void awaitEnd() throws InterruptedException {
      assertTrue(ended.await(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS), "task hung");
      Throwable thrown = failure.get();
      if (thrown != null) {
        throw new AssertionError("the task's body failed", thrown);
      }
    }
  }

  // ---- Deadlines and interrupts against the other side ----------------------------------------

  /**
   * A timed tryReceive whose deadline races a send: the element is either returned by it or,
   * if it returned Empty, taken by the next receiver.
   */
  @Test
  void tryReceiveWithTimeout_expiryRacesSend_elementReturnedOrWithNextReceiver() throws Exception {
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      Channel<Integer> channel = round % 2 == 0 ? Channel.rendezvous() : Channel.buffered(1);
      Duration timeout = timeoutFor(round);
      CyclicBarrier start = new CyclicBarrier(2);
      AtomicReference<ReceiveResult<Integer>> result = new AtomicReference<>();
      Forked receiver =
          Forks.start(
              "receiver",
              () -> {
                start.await();
                result.set(channel.tryReceive(timeout));
              });
      int element = round;
      Forked sender =
          Forks.start(
              "sender",
              () -> {
                start.await();
                channel.send(element);
              });
      receiver.join();
      ReceiveResult<Integer> got = result.get();
      if (got.isReceived()) {
        assertEquals(element, got.element(), "round " + round);
      } else {
        assertInstanceOf(ReceiveResult.Empty.class, got, "round " + round);
        assertEquals(element, channel.receive(), "round " + round);
      }
      sender.join();
      assertEmpty(channel, "round " + round);
    }
  }

  /**
   * A timed trySend whose deadline races a receive: the receiver gets the element exactly when
   * trySend returned true.
   */
  @Test
  void trySendWithTimeout_expiryRacesReceive_receivedIffTrue() throws Exception {
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      TimedSendRace race = TimedSendRace.run(round, null);
      race.check("round " + round);
    }
  }

  /**
   * The same race on a channel with an undelivered-element callback: a trySend that returned false
   * kept its element, so the callback never sees it.
   */
  @Test
  void trySendWithTimeout_expiryOnChannelWithCallback_callbackNotCalledForUnsentElement()
      throws Exception {
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      Set<Integer> undelivered = ConcurrentHashMap.newKeySet();
      TimedSendRace race = TimedSendRace.run(round, undelivered);
      race.check("round " + round);
      assertEquals(Set.of(), undelivered, "round " + round + ": sent " + race.sent);
    }
  }

  /** One timed trySend against one receive. */
  private static final class TimedSendRace {
    boolean sent;
    Integer taken;
    int element;

    static TimedSendRace run(int round, Set<Integer> undelivered) throws Exception {
      TimedSendRace race = new TimedSendRace();
      boolean rendezvous = round % 2 == 0;
      Channel<Integer> channel =
          undelivered == null
              ? Channel.buffered(rendezvous ? 0 : 1)
              : Channel.create(rendezvous ? 0 : 1, BufferOverflow.WAIT, undelivered::add);
      int filler = 1_000_000 + round;
      if (!rendezvous) {
        assertTrue(channel.trySend(filler));
      }
      race.element = round;
      Duration timeout = timeoutFor(round);
      CyclicBarrier start = new CyclicBarrier(2);
      AtomicBoolean sent = new AtomicBoolean();
      AtomicReference<Integer> taken = new AtomicReference<>();
      Forked sender =
          Forks.start(
              "sender",
              () -> {
                start.await();
                sent.set(channel.trySend(race.element, timeout));
              });
      Forked receiver =
          Forks.start(
              "receiver",
              () -> {
                start.await();
                taken.set(channel.receive());
              });
      sender.join();
      race.sent = sent.get();
      if (rendezvous) {
        CompletableFuture<Void> unblock = race.sent ? null : channel.sendAsync(SENTINEL);
        try {
          receiver.join();
          race.taken = taken.get();
          if (unblock != null) {
            unblock.join();
          }
        } finally {
          if (unblock != null) {
            unblock.cancel(true);
          }
        }
      } else {
        receiver.join();
        assertEquals(filler, taken.get());
        ReceiveResult<Integer> next = channel.tryReceive();
        race.taken = next.isReceived() ? next.element() : SENTINEL;
      }
      assertEmpty(channel, "round " + round);
      return race;
    }

    void check(String round) {
      assertEquals(sent ? element : SENTINEL, taken, round + ": trySend returned " + sent);
    }
  }

  /**
   * Interrupting a sender blocked on a rendezvous while a receiver arrives: the send throws
   * InterruptedException and the element is not received, or it returns with the interrupt status
   * set and the element is received.
   */
  @Test
  void send_interruptRacesReceive_elementReceivedIffSendReturned() throws Exception {
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      Channel<Integer> channel = Channel.rendezvous();
      int element = round;
      CyclicBarrier start = new CyclicBarrier(3);
      AtomicReference<String> outcome = new AtomicReference<>();
      Forked sender =
          Forks.start(
              "sender",
              () -> {
                start.await();
                try {
                  channel.send(element);
                  outcome.set(Thread.interrupted() ? "sent, interrupted" : "sent");
                } catch (InterruptedException e) {
                  outcome.set(Thread.currentThread().isInterrupted() ? "status set" : "withdrawn");
                }
              });
      AtomicReference<Integer> taken = new AtomicReference<>();
      Forked receiver =
          Forks.start(
              "receiver",
              () -> {
                start.await();
                taken.set(channel.receive());
              });
      start.await();
      sender.thread().interrupt();
      sender.join();
      boolean withdrawn = outcome.get().equals("withdrawn");
      assertTrue(withdrawn || outcome.get().startsWith("sent"), "round " + round + ": " + outcome);
      CompletableFuture<Void> unblock = withdrawn ? channel.sendAsync(SENTINEL) : null;
      try {
        receiver.join();
        assertEquals(withdrawn ? SENTINEL : element, taken.get(), "round " + round);
        if (unblock != null) {
          unblock.join();
        }
      } finally {
        if (unblock != null) {
          unblock.cancel(true);
        }
      }
      assertEmpty(channel, "round " + round);
    }
  }

  /**
   * Interrupting a receiver blocked on a rendezvous while a sender arrives: the receive throws
   * InterruptedException and takes nothing (the element goes to the next receiver), or it returns
   * the element with the interrupt status set.
   */
  @Test
  void receive_interruptRacesSend_elementTakenIffReceiveReturned() throws Exception {
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      Channel<Integer> channel = round % 2 == 0 ? Channel.rendezvous() : Channel.buffered(1);
      int element = round;
      CyclicBarrier start = new CyclicBarrier(3);
      AtomicReference<Object> outcome = new AtomicReference<>();
      Forked receiver =
          Forks.start(
              "receiver",
              () -> {
                start.await();
                try {
                  outcome.set(channel.receive());
                } catch (InterruptedException e) {
                  outcome.set(Thread.currentThread().isInterrupted() ? "status set" : "withdrawn");
                }
              });
      Forked sender =
          Forks.start(
              "sender",
              () -> {
                start.await();
                channel.send(element);
              });
      start.await();
      receiver.thread().interrupt();
      receiver.join();
      if (outcome.get() instanceof Integer got) {
        assertEquals(element, got, "round " + round);
      } else {
        assertEquals("withdrawn", outcome.get(), "round " + round);
        assertEquals(element, channel.receive(), "round " + round);
      }
      sender.join();
      assertEmpty(channel, "round " + round);
    }
  }

  // ---- WorkQueue ------------------------------------------------------------------------------

  /**
   * Two workers marking items done while the producer joins: join returns only after every item
   * sent before it was marked done, and leaves nothing unfinished.
   */
  @Test
  void workQueueJoin_racesItemDone_returnsAfterEveryItemDone() throws Exception {
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      WorkQueue<Integer> queue =
          switch (round % 3) {
            case 0 -> WorkQueue.unbounded();
            case 1 -> WorkQueue.buffered(0);
            default -> WorkQueue.buffered(2);
          };
      int items = 1 + round % 8;
      AtomicInteger processed = new AtomicInteger();
      CyclicBarrier start = new CyclicBarrier(3);
      List<Forked> workers = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        workers.add(
            Forks.start(
                "worker-" + w,
                () -> {
                  start.await();
                  for (Integer item : queue) {
                    processed.incrementAndGet();
                    queue.itemDone();
                  }
                }));
      }
      start.await();
      for (int item = 0; item < items; item++) {
        queue.send(item);
      }
      queue.join();
      assertEquals(items, processed.get(), "round " + round);
      assertEquals(0, queue.unfinishedItems(), "round " + round);
      queue.close();
      for (Forked worker : workers) {
        worker.join();
      }
    }
  }

  /**
   * A WorkQueue send interrupted while a worker receives: a withdrawn send stops counting, so the
   * unfinished count is exactly the items received and not yet done, and join then returns.
   */
  @Test
  void workQueueSend_interruptRacesReceive_unfinishedCountsOnlyDeliveredItems() throws Exception {
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      WorkQueue<Integer> queue = WorkQueue.buffered(0);
      int element = round;
      CyclicBarrier start = new CyclicBarrier(3);
      AtomicBoolean withdrawn = new AtomicBoolean();
      Forked sender =
          Forks.start(
              "sender",
              () -> {
                start.await();
                try {
                  queue.send(element);
                  Thread.interrupted();
                } catch (InterruptedException e) {
                  withdrawn.set(true);
                }
              });
      AtomicReference<Integer> taken = new AtomicReference<>();
      Forked worker =
          Forks.start(
              "worker",
              () -> {
                start.await();
                taken.set(queue.receive());
              });
      start.await();
      sender.thread().interrupt();
      sender.join();
      CompletableFuture<Void> unblock = withdrawn.get() ? queue.sendAsync(SENTINEL) : null;
      try {
        worker.join();
        if (unblock != null) {
          unblock.join();
        }
      } finally {
        if (unblock != null) {
          unblock.cancel(true);
        }
      }
      assertEquals(withdrawn.get() ? SENTINEL : element, taken.get(), "round " + round);
      assertEquals(1, queue.unfinishedItems(), "round " + round + ", withdrawn " + withdrawn);
      queue.itemDone();
      queue.join();
      assertEmpty(queue, "round " + round);
    }
  }

  // ---- Helpers --------------------------------------------------------------------------------

  private static Forked start(ThreadKind kind, String name, ThrowingRunnable body) {
    return kind == ThreadKind.VIRTUAL ? Forks.startVirtual(name, body) : Forks.start(name, body);
  }

  /** Deadlines from 1 ns to 32 µs, so that some expire before the other side arrives and some after. */
  private static Duration timeoutFor(int round) {
    return Duration.ofNanos(1L << (round % 16));
  }

  private static void assertEveryElementOnce(AtomicIntegerArray received, String context) {
    int lost = 0;
    int duplicated = 0;
    int example = -1;
    for (int element = 0; element < received.length(); element++) {
      int times = received.get(element);
      if (times != 1) {
        lost += times == 0 ? 1 : 0;
        duplicated += times > 1 ? 1 : 0;
        example = example < 0 ? element : example;
      }
    }
    if (example >= 0) {
      fail(lost + " element(s) lost and " + duplicated + " received more than once, of "
          + received.length() + " (first: " + example + ", received " + received.get(example)
          + " times); " + context);
    }
  }

  private static void assertEmpty(Channel<Integer> channel, String message) {
    ReceiveResult<Integer> rest = channel.tryReceive();
    assertInstanceOf(ReceiveResult.Empty.class, rest, message + ": left " + rest);
  }

  /** What happened during the many-threads test, for failure messages; nothing asserts on it. */
  private static final class Counters {
    final LongAdder injected = new LongAdder();
    final LongAdder interrupted = new LongAdder();
    final LongAdder expired = new LongAdder();
    final LongAdder completedDespiteInterrupt = new LongAdder();

    @Override
    public String toString() {
      return "interrupts injected "
          + injected
          + ", operations withdrawn by interrupt "
          + interrupted
          + ", by deadline "
          + expired
          + ", completed despite an interrupt "
          + completedDespiteInterrupt;
    }
  }
}

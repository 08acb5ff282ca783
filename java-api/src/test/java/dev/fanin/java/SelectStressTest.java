package dev.fanin.java;

import static dev.fanin.java.ChannelThreads.fork;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.fanin.Completion;
import dev.fanin.Outcome;
import dev.fanin.testing.Forked;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.StressBudget;
import dev.fanin.testing.StressRace;
import dev.fanin.testing.OnEachThreadKind;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Races on {@link Select}: single races lined up with a {@link CyclicBarrier} and repeated {@code
 * fanin.stress.rounds} times (200 by default; under {@code -Pstress} for its share of a time budget, {@link StressBudget}), and selectors in a
 * loop over shared channels, interrupted at random. Every test checks that each element is either
 * the result of the one clause that fired or still where it was (in its channel, with its sender),
 * never both and never neither; that an interrupt is either turned into InterruptedException or
 * left in the interrupt status; that every future involved ends as the race allows. Each test runs
 * on platform threads and, on JDK 21 and later, on virtual threads; NoLeaksExtension checks that
 * no thread is left behind.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(600)
class SelectStressTest {
  private static final int ROUNDS = StressBudget.rounds();

  /** Elements through the many-selectors test: 10,000 by default, 10,000,000 at most. */
  private static final int ELEMENTS = (int) Math.min(50L * ROUNDS, 10_000_000L);

  /** A guard against a hung race, not a timing assumption. */
  private static final Duration HANG_GUARD = Duration.ofSeconds(30);

  /** A guard against a hung thread in the long many-selectors test. */
  private static final Duration LONG_HANG_GUARD = Duration.ofMinutes(9);

  // Results that are not elements (elements are never negative).
  private static final int SENTINEL = -1;
  private static final int SENT = -2;
  private static final int TIMED_OUT = -3;
  private static final int FUTURE = -4;
  private static final int DEFAULT = -5;
  private static final int OTHER = -6;

  // ---- Interrupt against two sends ------------------------------------------------------------

  /**
   * A blocking select over two channels interrupted while two senders send: it returns one element
   * (interrupt status then set) and the other stays in its channel, or throws InterruptedException
   * (status clear) and both stay.
   */
  @OnEachThreadKind
  void select_interruptRacesTwoSends_elementReturnedOrLeftInItsChannel() throws Exception {
    Tally tally = new Tally();
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      String where = "round " + round + " on " + Thread.currentThread() + ", so far " + tally;
      Channel<Integer> a = round % 2 == 0 ? Channel.rendezvous() : Channel.buffered(1);
      Channel<Integer> b = round % 4 < 2 ? Channel.rendezvous() : Channel.buffered(1);
      int elementA = 2 * round;
      int elementB = 2 * round + 1;
      Select<Integer> select = selectFor(round).onReceive(a, x -> x).onReceive(b, x -> x);
      CyclicBarrier start = new CyclicBarrier(4);
      AtomicBoolean interruptSent = new AtomicBoolean();
      AtomicReference<Integer> returned = new AtomicReference<>();
      AtomicBoolean threw = new AtomicBoolean();
      AtomicBoolean statusAfter = new AtomicBoolean();
      Forked selector =
          fork(
              "selector",
              () -> {
                start.await();
                try {
                  returned.set(select.select());
                } catch (InterruptedException e) {
                  threw.set(true);
                }
                // Once the one interrupt has certainly been sent, it is either the exception or
                // the status: never both, never neither.
                while (!interruptSent.get()) {
                  Thread.yield();
                }
                statusAfter.set(Thread.interrupted());
              });
      Forked senderA = fork("sender-a", () -> sendAfter(start, a, elementA));
      Forked senderB = fork("sender-b", () -> sendAfter(start, b, elementB));
      start.await();
      jitter(round);
      selector.thread().interrupt();
      interruptSent.set(true);
      selector.join();

      Integer got = returned.get();
      if (threw.get()) {
        tally.withdrawn.increment();
        assertNull(got, where);
        assertFalse(statusAfter.get(), where + ": InterruptedException left the status set");
      } else {
        tally.fired.increment();
        assertNotNull(got, where + ": select returned null");
        assertTrue(got == elementA || got == elementB, where + ": returned " + got);
        assertTrue(statusAfter.get(), where + ": returned " + got + " and lost the interrupt");
      }
      assertLeftUnlessTaken(a, elementA, got, where);
      assertLeftUnlessTaken(b, elementB, got, where);
      senderA.join();
      senderB.join();
      assertEmpty(a, where);
      assertEmpty(b, where);
    }
  }

  // ---- selectAsync completed from outside against two sends ----------------------------------

  /** The four ways a test completes a selectAsync future from outside. */
  private enum Completion {
    CANCEL,
    COMPLETE_EXCEPTIONALLY,
    COMPLETE,
    OR_TIMEOUT
  }

  /**
   * A selectAsync over two channels cancelled (or completed, completed exceptionally, timed out by
   * orTimeout) while two senders send: the future ends with one element, which left its channel,
   * or with the outside completion, and then both elements are still in their channels.
   */
  @OnEachThreadKind
  void selectAsync_outsideCompletionRacesTwoSends_elementsInResultOrChannels() throws Exception {
    Tally tally = new Tally();
    Completion[] completions = Completion.values();
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      Completion completion = completions[round % completions.length];
      String where =
          "round " + round + " (" + completion + ") on " + Thread.currentThread() + ", so far "
              + tally;
      Channel<Integer> a = (round / 4) % 2 == 0 ? Channel.rendezvous() : Channel.buffered(1);
      Channel<Integer> b = (round / 8) % 2 == 0 ? Channel.rendezvous() : Channel.buffered(1);
      int elementA = 2 * round;
      int elementB = 2 * round + 1;
      CompletableFuture<Integer> selected =
          selectFor(round / 4).onReceive(a, x -> x).onReceive(b, x -> x).selectAsync();
      assertFalse(selected.isDone(), where + ": nothing was ready");
      CyclicBarrier start = new CyclicBarrier(3);
      Forked senderA = fork("sender-a", () -> sendAfter(start, a, elementA));
      Forked senderB = fork("sender-b", () -> sendAfter(start, b, elementB));
      IOException failure = new IOException("outside");
      start.await();
      jitter(round);
      boolean outsideWon =
          switch (completion) {
            case CANCEL -> selected.cancel(true);
            case COMPLETE_EXCEPTIONALLY -> selected.completeExceptionally(failure);
            case COMPLETE -> selected.complete(OTHER);
            case OR_TIMEOUT -> {
              long nanos = 1 + ThreadLocalRandom.current().nextInt(20_000);
              selected.orTimeout(nanos, TimeUnit.NANOSECONDS);
              yield false; // known below, from the outcome
            }
          };
      if (completion != Completion.OR_TIMEOUT && outsideWon) {
        // When the select's own outcome won, the future completes just after, on Fanin's executor.
        assertTrue(selected.isDone(), where + ": not done after the outside completion won");
      }
      Integer got = elementOf(selected, where);
      if (got == null) {
        tally.withdrawn.increment();
        switch (completion) {
          case CANCEL -> {
            assertTrue(outsideWon, where);
            assertTrue(selected.isCancelled(), where);
          }
          case COMPLETE_EXCEPTIONALLY -> {
            assertTrue(outsideWon, where);
            assertSame(failure, causeOf(selected), where);
          }
          case COMPLETE -> {
            assertTrue(outsideWon, where);
            assertEquals(OTHER, selected.join(), where);
          }
          case OR_TIMEOUT -> assertInstanceOf(TimeoutException.class, causeOf(selected), where);
        }
      } else {
        tally.fired.increment();
        assertFalse(outsideWon, where + ": the outside completion won, yet " + got + " was taken");
        assertTrue(got == elementA || got == elementB, where + ": completed with " + got);
      }
      assertLeftUnlessTaken(a, elementA, got, where);
      assertLeftUnlessTaken(b, elementB, got, where);
      senderA.join();
      senderB.join();
      assertEmpty(a, where);
      assertEmpty(b, where);
    }
  }

  // ---- A send clause against a receiver and a competing receive clause -------------------------

  /**
   * A select with a send clause and a receive clause, biased or not, blocking (sometimes
   * interrupted) or async, racing a receiver on the send's channel and a sender on the receive's:
   * the element is sent if and only if the send clause fired, the other element taken if and only
   * if the receive clause fired. Every other group of rounds the send's channel has an
   * undelivered-element callback, which must see nothing: a clause that lost or was withdrawn kept
   * its element.
   */
  @OnEachThreadKind
  void onSend_racesReceiverAndCompetingReceiveClause_elementSentIffSendClauseFired()
      throws Exception {
    Tally tally = new Tally();
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      int form = round % 3; // 0 blocking, 1 async, 2 blocking and interrupted
      boolean bufferedOut = (round / 3) % 2 == 1;
      boolean bufferedIn = (round / 6) % 2 == 1;
      boolean withCallback = (round / 24) % 2 == 1;
      String where =
          "round " + round + " (form " + form + ", out " + (bufferedOut ? "buffered" : "rendezvous")
              + (withCallback ? " with a callback" : "")
              + ", in " + (bufferedIn ? "buffered" : "rendezvous") + ") on "
              + Thread.currentThread() + ", so far " + tally;
      List<Integer> undelivered = Collections.synchronizedList(new ArrayList<>());
      Channel<Integer> out =
          withCallback
              ? Channel.create(bufferedOut ? 1 : 0, BufferOverflow.WAIT, undelivered::add)
              : bufferedOut ? Channel.buffered(1) : Channel.rendezvous();
      Channel<Integer> in = bufferedIn ? Channel.buffered(1) : Channel.rendezvous();
      int filler = 1_000_000_000;
      if (bufferedOut) {
        assertTrue(out.trySend(filler), where); // full: the send clause waits for the receiver
      }
      int toSend = 2 * round;
      int toReceive = 2 * round + 1;
      Select<Integer> select =
          selectFor(round / 12).onSend(out, toSend, () -> SENT).onReceive(in, x -> x);
      CyclicBarrier start = new CyclicBarrier(form == 2 ? 4 : 3);
      AtomicBoolean interruptSent = new AtomicBoolean(form != 2);
      AtomicReference<Integer> returned = new AtomicReference<>();
      AtomicBoolean threw = new AtomicBoolean();
      AtomicBoolean statusAfter = new AtomicBoolean();
      Forked selector =
          fork(
              "selector",
              () -> {
                start.await();
                try {
                  returned.set(form == 1 ? select.selectAsync().get() : select.select());
                } catch (InterruptedException e) {
                  threw.set(true);
                }
                while (!interruptSent.get()) {
                  Thread.yield();
                }
                statusAfter.set(Thread.interrupted());
              });
      AtomicReference<Integer> taken = new AtomicReference<>();
      Forked receiver =
          fork(
              "receiver",
              () -> {
                start.await();
                taken.set(out.receive());
              });
      Forked sender = fork("sender", () -> sendAfter(start, in, toReceive));
      if (form == 2) {
        start.await();
        jitter(round);
        selector.thread().interrupt();
        interruptSent.set(true);
      }
      selector.join();

      Integer got = returned.get();
      if (threw.get()) {
        tally.withdrawn.increment();
        assertFalse(statusAfter.get(), where + ": InterruptedException left the status set");
      } else {
        tally.fired.increment();
        assertTrue(got != null && (got == SENT || got == toReceive), where + ": returned " + got);
        assertEquals(form == 2, statusAfter.get(), where + ": interrupt status after " + got);
      }
      boolean sendFired = got != null && got == SENT;
      // Unblock the receiver if nothing was sent to it, then account for every element of out.
      CompletableFuture<Void> unblock =
          bufferedOut || sendFired ? null : out.sendAsync(SENTINEL);
      List<Integer> fromOut = new ArrayList<>();
      try {
        receiver.join();
        fromOut.add(taken.get());
        if (unblock != null) {
          unblock.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
        }
      } finally {
        if (unblock != null) {
          unblock.cancel(true);
        }
      }
      drainInto(out, fromOut);
      assertEquals(
          sendFired ? 1 : 0,
          Collections.frequency(fromOut, toSend),
          where + ": select returned " + got + ", out delivered " + fromOut);
      assertEquals(bufferedOut ? 1 : 0, Collections.frequency(fromOut, filler), where);
      assertLeftUnlessTaken(in, toReceive, got, where);
      sender.join();
      assertEmpty(in, where);
      assertEquals(List.of(), undelivered, where + ": the callback saw an element nobody lost");
    }
  }

  // ---- A timer against a send -----------------------------------------------------------------

  /**
   * A select with a receive and a timer (zero, sub-millisecond or 1 ms) racing a send, blocking or
   * async: either the timer fired and the element is still in the channel, or the element was
   * received.
   */
  @OnEachThreadKind
  void onTimeout_racesSend_timerFiredAndElementLeftOrElementReceived() throws Exception {
    Tally tally = new Tally();
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      Duration timeout =
          switch (round % 3) {
            case 0 -> Duration.ZERO;
            case 1 -> Duration.ofNanos(1L << (round % 20));
            default -> Duration.ofMillis(1);
          };
      boolean async = (round / 3) % 2 == 1;
      boolean buffered = (round / 6) % 2 == 1;
      String where =
          "round " + round + " (" + timeout + (async ? ", async" : "") + ") on "
              + Thread.currentThread() + ", so far " + tally;
      Channel<Integer> in = buffered ? Channel.buffered(1) : Channel.rendezvous();
      int element = round;
      Select<Integer> select =
          selectFor(round / 12).onReceive(in, x -> x).onTimeout(timeout, () -> TIMED_OUT);
      CyclicBarrier start = new CyclicBarrier(2);
      boolean late = round % 5 == 4;
      Forked sender =
          fork(
              "sender",
              () -> {
                start.await();
                if (late) {
                  // Pacing, so that the 1 ms timer sometimes fires first; nothing waits on it.
                  LockSupport.parkNanos(ThreadLocalRandom.current().nextInt(1_500_000));
                }
                in.send(element);
              });
      start.await();
      jitter(round);
      int got = async ? select.selectAsync().get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS)
          : select.select();
      if (got == TIMED_OUT) {
        tally.withdrawn.increment();
        assertEquals(element, take(in, where), where + ": the timer fired");
      } else {
        tally.fired.increment();
        assertEquals(element, got, where);
      }
      sender.join();
      assertEmpty(in, where);
    }
  }

  // ---- A future clause against the future's completion and a send -------------------------------

  /**
   * A select with a future clause and a receive, racing the future's completion (with a value or a
   * failure) and a send, blocking, async, or async and cancelled: exactly one clause fires (or the
   * cancel withdraws both), the element is received only by the receive clause, and the future is
   * completed by its owner alone: never cancelled or completed by the select.
   */
  @OnEachThreadKind
  void onComplete_racesCompletionAndSend_neverBothAndFutureNotCancelled() throws Exception {
    Tally tally = new Tally();
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      int form = round % 3; // 0 blocking, 1 async, 2 async and cancelled
      boolean fails = (round / 3) % 2 == 1;
      boolean dependent = (round / 6) % 2 == 1;
      String where =
          "round " + round + " (form " + form + (fails ? ", fails" : "")
              + (dependent ? ", dependent stage" : "") + ") on " + Thread.currentThread()
              + ", so far " + tally;
      Channel<Integer> in = (round / 12) % 2 == 0 ? Channel.rendezvous() : Channel.buffered(1);
      CompletableFuture<String> future = new CompletableFuture<>();
      // A dependent stage fails with a CompletionException around the cause; the clause unwraps it.
      CompletableFuture<String> stage = dependent ? future.thenApply(value -> value) : future;
      IOException failure = new IOException("failed " + round);
      int element = round;
      AtomicReference<Outcome<String>> seen = new AtomicReference<>();
      Select<Integer> select =
          selectFor(round / 24)
              .onComplete(
                  stage,
                  outcome -> {
                    seen.set(outcome);
                    return FUTURE;
                  })
              .onReceive(in, x -> x);
      CompletableFuture<Integer> selected = form == 0 ? null : select.selectAsync();
      CyclicBarrier start = new CyclicBarrier(3);
      AtomicBoolean completedByOwner = new AtomicBoolean();
      Forked owner =
          fork(
              "owner",
              () -> {
                start.await();
                completedByOwner.set(
                    fails ? future.completeExceptionally(failure) : future.complete("value"));
              });
      Forked sender = fork("sender", () -> sendAfter(start, in, element));
      start.await();
      jitter(round);
      Integer got;
      if (form == 0) {
        got = select.select();
      } else {
        boolean cancelled = form == 2 && selected.cancel(true);
        got = cancelled ? null : selected.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
      }
      owner.join();
      assertTrue(completedByOwner.get(), where + ": someone else completed the future");
      assertFalse(future.isCancelled(), where);
      assertFalse(stage.isCancelled(), where);
      if (got == null) {
        tally.withdrawn.increment();
        assertNull(seen.get(), where + ": cancelled, yet the future clause fired");
      } else if (got == FUTURE) {
        tally.fired.increment();
        if (fails) {
          Throwable exception =
              assertInstanceOf(Outcome.Failure.class, seen.get(), where).exception();
          assertSame(failure, exception, where);
        } else {
          assertEquals(new Outcome.Success<>("value"), seen.get(), where);
        }
      } else {
        tally.fired.increment();
        assertEquals(element, got, where);
        assertNull(seen.get(), where + ": the receive fired, and so did the future clause");
      }
      assertLeftUnlessTaken(in, element, got, where);
      sender.join();
      assertEmpty(in, where);
      // Each run added one callback to the stage; its completion released it.
      assertEquals(0, stage.getNumberOfDependents(), where);
    }
  }

  // ---- Close against selectors ----------------------------------------------------------------

  /**
   * Two senders, a closer closing both channels and a selector looping over onReceiveCatching on
   * both (blocking or async, biased or not) until both are closed: every element whose send
   * returned is received exactly once, and none whose send threw ChannelClosedException.
   */
  @OnEachThreadKind
  void onReceiveCatching_closeRacesSendsAndSelectLoop_everySentElementReceivedOnce()
      throws Exception {
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      String where = "round " + round + " on " + Thread.currentThread();
      int capacity = round % 3 == 0 ? 0 : round % 3 == 1 ? 1 : 4;
      Channel<Integer> a = Channel.buffered(capacity);
      Channel<Integer> b = Channel.buffered(capacity);
      Set<Integer> sent = ConcurrentHashMap.newKeySet();
      Set<Integer> unsent = ConcurrentHashMap.newKeySet();
      List<Integer> received = Collections.synchronizedList(new ArrayList<>());
      CyclicBarrier start = new CyclicBarrier(4);
      List<Forked> threads = new ArrayList<>();
      for (int s = 0; s < 2; s++) {
        Channel<Integer> channel = s == 0 ? a : b;
        int first = 3 * s;
        threads.add(
            fork(
                "sender-" + s,
                () -> {
                  start.await();
                  for (int element = first; element < first + 3; element++) {
                    try {
                      channel.send(element);
                      sent.add(element);
                    } catch (ChannelClosedException e) {
                      unsent.add(element);
                    }
                  }
                }));
      }
      boolean biased = round % 2 == 0;
      boolean async = (round / 2) % 2 == 0;
      threads.add(
          fork(
              "selector",
              () -> {
                start.await();
                boolean openA = true;
                boolean openB = true;
                while (openA || openB) {
                  Select<Got> select = biased ? Select.biased() : Select.create();
                  if (openA) {
                    select.onReceiveCatching(a, r -> new Got(0, r));
                  }
                  if (openB) {
                    select.onReceiveCatching(b, r -> new Got(1, r));
                  }
                  Got got = async ? select.selectAsync().join() : select.select();
                  if (got.result().isClosed()) {
                    if (got.channel() == 0) {
                      openA = false;
                    } else {
                      openB = false;
                    }
                  } else {
                    received.add(got.result().element());
                  }
                }
              }));
      threads.add(
          fork(
              "closer",
              () -> {
                start.await();
                jitter(ThreadLocalRandom.current().nextInt(64));
                a.close();
                b.close();
              }));
      for (Forked thread : threads) {
        thread.join();
      }
      String outcome = where + ": sent " + sent + ", unsent " + unsent + ", received " + received;
      assertEquals(received.size(), new HashSet<>(received).size(), outcome);
      assertEquals(sent, new HashSet<>(received), outcome);
      assertEquals(6, sent.size() + unsent.size(), outcome);
    }
  }

  /**
   * A selector sending 0, 1, 2, ... (up to 32) through send clauses on two channels until a select
   * throws ChannelClosedException, a receiver draining both, and the test closing both: the
   * elements received are exactly those whose select returned, each once.
   */
  @OnEachThreadKind
  void onSend_closeRacesSelectSendsAndReceiver_receivedExactlyTheSentElements() throws Exception {
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      String where = "round " + round + " on " + Thread.currentThread();
      int capacity = round % 3 == 0 ? 0 : round % 3 == 1 ? 1 : 4;
      Channel<Integer> a = Channel.buffered(capacity);
      Channel<Integer> b = Channel.buffered(capacity);
      Set<Integer> sent = ConcurrentHashMap.newKeySet();
      AtomicInteger refused = new AtomicInteger(SENTINEL);
      List<Integer> received = Collections.synchronizedList(new ArrayList<>());
      boolean biased = round % 2 == 0;
      boolean async = (round / 2) % 2 == 0;
      CyclicBarrier start = new CyclicBarrier(3);
      List<Forked> threads = new ArrayList<>();
      threads.add(
          fork(
              "selector",
              () -> {
                start.await();
                for (int element = 0; element < MAX_SENDS; element++) {
                  int next = element;
                  Select<Integer> select = biased ? Select.biased() : Select.create();
                  select.onSend(a, next, () -> next).onSend(b, next, () -> next);
                  try {
                    assertEquals(next, async ? select.selectAsync().join() : select.select());
                  } catch (ChannelClosedException | CompletionException e) {
                    if (e instanceof CompletionException) {
                      assertInstanceOf(ChannelClosedException.class, e.getCause());
                    }
                    refused.set(next);
                    return;
                  }
                  sent.add(next);
                }
              }));
      threads.add(
          fork(
              "receiver",
              () -> {
                start.await();
                boolean openA = true;
                boolean openB = true;
                while (openA || openB) {
                  Select<Got> select = Select.create();
                  if (openA) {
                    select.onReceiveCatching(a, r -> new Got(0, r));
                  }
                  if (openB) {
                    select.onReceiveCatching(b, r -> new Got(1, r));
                  }
                  Got got = select.select();
                  if (!got.result().isClosed()) {
                    received.add(got.result().element());
                  } else if (got.channel() == 0) {
                    openA = false;
                  } else {
                    openB = false;
                  }
                }
              }));
      start.await();
      jitter(round);
      for (int spins = 0; spins < round % 8; spins++) {
        Thread.yield(); // lets a few sends through first, in some rounds
      }
      a.close();
      b.close();
      for (Forked thread : threads) {
        thread.join();
      }
      String outcome =
          where + ": sent " + sent + ", refused " + refused + ", received " + received;
      assertEquals(received.size(), new HashSet<>(received).size(), outcome);
      assertEquals(sent, new HashSet<>(received), outcome);
      assertEquals(refused.get() == SENTINEL ? MAX_SENDS : refused.get(), sent.size(), outcome);
    }
  }

  private static final int MAX_SENDS = 32;

  // ---- Select against select ------------------------------------------------------------------

  /**
   * Two selectors, each offering to send its next element on one channel and to receive on the
   * other (Go's classic exchange, where two blocking sends would deadlock), blocking or async,
   * biased or not: every element crosses exactly once and in order.
   */
  @OnEachThreadKind
  void select_twoSelectorsSendAndReceiveOppositeWays_everyElementCrossesOnceInOrder()
      throws Exception {
    // Fixed mode: one exchange; budget mode: exchanges repeated for the race's share.
    for (StressRace stress = StressBudget.race(1); stress.nextRound(); ) {
      int perSide = Math.max(100, 10 * ROUNDS);
      for (int capacity : new int[] {0, 1}) {
        Channel<Integer> ab = Channel.buffered(capacity);
        Channel<Integer> ba = Channel.buffered(capacity);
        List<Integer> receivedByA = new ArrayList<>();
        List<Integer> receivedByB = new ArrayList<>();
        CyclicBarrier start = new CyclicBarrier(2);
        Forked sideA = fork("side-a", () -> exchange(start, ab, ba, perSide, receivedByA));
        Forked sideB = fork("side-b", () -> exchange(start, ba, ab, perSide, receivedByB));
        sideA.join(LONG_HANG_GUARD);
        sideB.join(LONG_HANG_GUARD);
        List<Integer> expected = new ArrayList<>();
        for (int element = 0; element < perSide; element++) {
          expected.add(element);
        }
        assertEquals(expected, receivedByA, "capacity " + capacity);
        assertEquals(expected, receivedByB, "capacity " + capacity);
        assertEmpty(ab, "capacity " + capacity);
        assertEmpty(ba, "capacity " + capacity);
      }
    }
  }

  /** Sends 0 to {@code count - 1} on {@code out} while receiving {@code count} from {@code in}. */
  private static void exchange(
      CyclicBarrier start,
      Channel<Integer> out,
      Channel<Integer> in,
      int count,
      List<Integer> received)
      throws Exception {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    start.await();
    int next = 0;
    while (next < count || received.size() < count) {
      Select<Integer> select = random.nextBoolean() ? Select.biased() : Select.create();
      if (next < count) {
        select.onSend(out, next, () -> SENT);
      }
      if (received.size() < count) {
        select.onReceive(in, x -> x);
      }
      int got = random.nextInt(4) == 0 ? select.selectAsync().join() : select.select();
      if (got == SENT) {
        next++;
      } else {
        received.add(got);
      }
    }
  }

  // ---- A default against sends ----------------------------------------------------------------

  /**
   * A selector looping over a select with a default on two buffered channels while two senders
   * send: every element is received exactly once, and the default never fires while an element the
   * selector knows was sent is still waiting in a channel.
   */
  @OnEachThreadKind
  void onDefault_racesSends_everyElementOnceAndDefaultOnlyWhenNothingReady() throws Exception {
    int perSender = 8;
    Tally tally = new Tally();
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      String where = "round " + round + " on " + Thread.currentThread() + ", so far " + tally;
      int capacity = round % 2 == 0 ? 2 : Channel.UNBOUNDED;
      Channel<Integer> a = Channel.buffered(capacity);
      Channel<Integer> b = Channel.buffered(capacity);
      // Elements whose send returned: they are in a channel or already received.
      AtomicInteger published = new AtomicInteger();
      Select<Integer> select =
          selectFor(round / 2).onReceive(a, x -> x).onReceive(b, x -> x).onDefault(() -> DEFAULT);
      boolean async = (round / 4) % 2 == 1;
      AtomicIntegerArray received = new AtomicIntegerArray(2 * perSender);
      CyclicBarrier start = new CyclicBarrier(3);
      List<Forked> senders = new ArrayList<>();
      for (int s = 0; s < 2; s++) {
        Channel<Integer> channel = s == 0 ? a : b;
        int first = s * perSender;
        senders.add(
            fork(
                "sender-" + s,
                () -> {
                  start.await();
                  for (int element = first; element < first + perSender; element++) {
                    channel.send(element);
                    published.incrementAndGet();
                  }
                }));
      }
      start.await();
      int count = 0;
      while (count < 2 * perSender) {
        int known = published.get();
        Integer got = async ? select.selectAsync().getNow(null) : select.select();
        assertNotNull(got, where + ": a select with a default did not complete at once");
        if (got == DEFAULT) {
          tally.withdrawn.increment();
          assertFalse(
              known > count,
              where + ": the default fired while " + (known - count) + " element(s) were waiting");
          Thread.yield();
          continue;
        }
        tally.fired.increment();
        assertEquals(1, received.incrementAndGet(got), where + ": " + got + " received twice");
        count++;
      }
      for (Forked sender : senders) {
        sender.join();
      }
      assertEmpty(a, where);
      assertEmpty(b, where);
    }
  }

  // ---- Many selectors, interrupted at random ---------------------------------------------------

  /**
   * Four selectors, each looping over selects of every kind (biased or not, blocking or async, with
   * a timer or a default) on two channels that four producers feed, interrupted at random: every
   * element is received exactly once.
   */
  @OnEachThreadKind
  void select_fourSelectorsInterruptedAtRandom_everyElementReceivedOnce() throws Exception {
    // Fixed mode: one exchange; budget mode: exchanges repeated for the race's share.
    for (StressRace stress = StressBudget.race(1); stress.nextRound(); ) {
      Channel<Integer> a = Channel.rendezvous();
      Channel<Integer> b = Channel.buffered(8);
      AtomicIntegerArray received = new AtomicIntegerArray(ELEMENTS);
      Counters counters = new Counters();
      List<Forked> producers = new ArrayList<>();
      for (int p = 0; p < 4; p++) {
        int first = p;
        producers.add(
            fork(
                "producer-" + p,
                () -> {
                  ThreadLocalRandom random = ThreadLocalRandom.current();
                  for (int element = first; element < ELEMENTS; element += 4) {
                    (random.nextBoolean() ? a : b).send(element);
                  }
                }));
      }
      List<Forked> selectors = new ArrayList<>();
      for (int s = 0; s < 4; s++) {
        selectors.add(fork("selector-" + s, () -> selectLoop(a, b, received, counters)));
      }
      List<Thread> targets = new ArrayList<>();
      selectors.forEach(forked -> targets.add(forked.thread()));
      AtomicBoolean producing = new AtomicBoolean(true);
      Forked interrupter = fork("interrupter", () -> interruptAtRandom(targets, producing, counters));
      for (Forked producer : producers) {
        producer.join(LONG_HANG_GUARD);
      }
      producing.set(false);
      interrupter.join();
      a.close();
      b.close();
      for (Forked selector : selectors) {
        selector.join(LONG_HANG_GUARD);
      }
      assertEveryElementOnce(received, counters.toString());
    }
  }

  /** Selects until both channels are closed, recording each element received. */
  private static void selectLoop(
      Channel<Integer> a, Channel<Integer> b, AtomicIntegerArray received, Counters counters)
      throws Exception {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    boolean openA = true;
    boolean openB = true;
    while (openA || openB) {
      int variant = random.nextInt(5);
      Select<Got> select = variant == 1 ? Select.biased() : Select.create();
      if (openA) {
        select.onReceiveCatching(a, r -> new Got(0, r));
      }
      if (openB) {
        select.onReceiveCatching(b, r -> new Got(1, r));
      }
      if (variant == 2 || variant == 3) {
        select.onTimeout(Duration.ofMillis(variant - 2), () -> Got.TIMER);
      }
      if (variant == 4) {
        select.onDefault(() -> Got.DEFAULT);
      }
      Got got;
      try {
        got = random.nextInt(3) == 0 ? selectAsync(select, counters) : select.select();
      } catch (InterruptedException e) {
        counters.withdrawn.increment();
        continue;
      }
      if (Thread.interrupted()) {
        counters.firedDespiteInterrupt.increment();
      }
      if (got == Got.TIMER || got == Got.DEFAULT) {
        counters.idle.increment();
        Thread.yield();
      } else if (got.result().isClosed()) {
        if (got.channel() == 0) {
          openA = false;
        } else {
          openB = false;
        }
      } else {
        int element = got.result().element();
        int times = received.incrementAndGet(element);
        if (times != 1) {
          throw new AssertionError("element " + element + " received " + times + " times");
        }
      }
    }
    Thread.interrupted(); // an interrupt that came after the last select
  }

  /** Runs {@code select} as a future, cancelling it if interrupted while waiting for it. */
  private static Got selectAsync(Select<Got> select, Counters counters)
      throws InterruptedException, ExecutionException {
    CompletableFuture<Got> future = select.selectAsync();
    try {
      return future.get();
    } catch (InterruptedException e) {
      if (future.cancel(true)) {
        throw e;
      }
      counters.cancelLost.increment();
      Thread.currentThread().interrupt();
      return future.join(); // a clause fired before the cancel
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
      // Pacing, so that most selects complete undisturbed; nothing waits on it.
      LockSupport.parkNanos(1_000 + random.nextInt(50_000));
    }
  }

  // ---- Handlers that cancel each other --------------------------------------------------------

  /**
   * Two selectAsync futures whose handlers each cancel the other (first one wins), fired at the
   * same time by two senders: one keeps its element and the other is withdrawn or keeps its own,
   * and no thread hangs.
   */
  @OnEachThreadKind
  void selectAsync_handlersCancelEachOther_neitherHangs() throws Exception {
    for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
      int round = stress.round();
      String where = "round " + round + " on " + Thread.currentThread();
      Channel<Integer> a = Channel.rendezvous();
      Channel<Integer> b = Channel.rendezvous();
      AtomicReference<CompletableFuture<Integer>> first = new AtomicReference<>();
      AtomicReference<CompletableFuture<Integer>> second = new AtomicReference<>();
      first.set(
          Select.<Integer>create()
              .onReceive(
                  a,
                  x -> {
                    second.get().cancel(true);
                    return x;
                  })
              .selectAsync());
      second.set(
          Select.<Integer>create()
              .onReceive(
                  b,
                  x -> {
                    first.get().cancel(true);
                    return x;
                  })
              .selectAsync());
      CyclicBarrier start = new CyclicBarrier(2);
      Forked senderA = fork("sender-a", () -> sendOrKeep(start, a, 0, first.get()));
      Forked senderB = fork("sender-b", () -> sendOrKeep(start, b, 1, second.get()));
      try {
        senderA.join(HANG_GUARD);
        senderB.join(HANG_GUARD);
      } catch (AssertionError e) {
        throw new AssertionError(where + ": " + e.getMessage(), e);
      }
      // Handlers run on Fanin's executor: wait for both futures to settle, however they end.
      for (CompletableFuture<?> future : List.of(first.get(), second.get())) {
        try {
          future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.CancellationException settled) {
          // settled either way
        }
      }
      assertTrue(first.get().isDone() && second.get().isDone(), where);
      assertFalse(first.get().isCancelled() && second.get().isCancelled(), where);
    }
  }

  /** Offers {@code element} until {@code select} has settled, then withdraws the offer. */
  private static void sendOrKeep(
      CyclicBarrier start, Channel<Integer> channel, int element, CompletableFuture<Integer> select)
      throws Exception {
    start.await();
    CompletableFuture<Void> send = channel.sendAsync(element);
    try {
      select.handle((value, failure) -> null).get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
    } finally {
      send.cancel(true);
    }
  }


  // ---- Helpers --------------------------------------------------------------------------------

  /** What a selector's clause delivered: a result from channel 0 or 1, or a timer or default. */
  private record Got(int channel, ReceiveResult<Integer> result) {
    static final Got TIMER = new Got(-1, new ReceiveResult.Empty<>());
    static final Got DEFAULT = new Got(-2, new ReceiveResult.Empty<>());
  }

  /** Biased in even groups of rounds, unbiased in odd ones. */
  private static Select<Integer> selectFor(int group) {
    return group % 2 == 0 ? Select.biased() : Select.create();
  }

  /** Waits for {@code start}, spins a random while (up to some tens of microseconds), sends. */
  private static void sendAfter(CyclicBarrier start, Channel<Integer> channel, int element)
      throws Exception {
    start.await();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int spins = random.nextInt(1 << random.nextInt(12));
    for (int i = 0; i < spins; i++) {
      Thread.onSpinWait();
    }
    channel.send(element);
  }

  /** Up to a microsecond or so of spinning that varies with {@code seed}, to vary the race. */
  private static void jitter(int seed) {
    int spins = (seed * 31) % 97;
    for (int i = 0; i < spins; i++) {
      Thread.onSpinWait();
    }
  }

  /** The element a settled {@code future} completed with, or null if it did not get one. */
  private static Integer elementOf(CompletableFuture<Integer> future, String where)
      throws Exception {
    try {
      Integer value = future.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
      return value != null && value >= 0 ? value : null;
    } catch (CancellationException | ExecutionException e) {
      return null;
    } catch (TimeoutException e) {
      throw new AssertionError(where + ": the future never completed", e);
    }
  }

  private static Throwable causeOf(CompletableFuture<?> failed) {
    try {
      failed.join();
      throw new AssertionError("did not fail: " + failed);
    } catch (CompletionException e) {
      return e.getCause();
    }
  }

  /** Unless {@code taken} is {@code element}, {@code element} must still be in {@code channel}. */
  private static void assertLeftUnlessTaken(
      Channel<Integer> channel, int element, Integer taken, String where) throws Exception {
    if (taken == null || taken != element) {
      assertEquals(element, take(channel, where), where + ": select returned " + taken);
    }
  }

  /** The next element of {@code channel}, which must come. */
  private static int take(Channel<Integer> channel, String where) throws Exception {
    ReceiveResult<Integer> next = channel.tryReceive(HANG_GUARD);
    if (!next.isReceived()) {
      fail(where + ": an element went missing (" + next + ")");
    }
    return next.element();
  }

  private static void drainInto(Channel<Integer> channel, List<Integer> into) {
    for (ReceiveResult<Integer> next = channel.tryReceive();
        next.isReceived();
        next = channel.tryReceive()) {
      into.add(next.element());
    }
  }

  private static void assertEmpty(Channel<Integer> channel, String where) {
    ReceiveResult<Integer> rest = channel.tryReceive();
    assertInstanceOf(ReceiveResult.Empty.class, rest, where + ": left " + rest);
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

  /** How often each side of a race won, for failure messages; nothing asserts on it. */
  private static final class Tally {
    final LongAdder fired = new LongAdder();
    final LongAdder withdrawn = new LongAdder();

    @Override
    public String toString() {
      return "fired " + fired + ", withdrawn or idle " + withdrawn;
    }
  }

  /** What happened during the many-selectors test, for failure messages; nothing asserts on it. */
  private static final class Counters {
    final LongAdder injected = new LongAdder();
    final LongAdder withdrawn = new LongAdder();
    final LongAdder cancelLost = new LongAdder();
    final LongAdder firedDespiteInterrupt = new LongAdder();
    final LongAdder idle = new LongAdder();

    @Override
    public String toString() {
      return "interrupts injected " + injected + ", selects withdrawn " + withdrawn
          + ", cancels that lost to a clause " + cancelLost + ", fired despite an interrupt "
          + firedDespiteInterrupt + ", timers and defaults " + idle;
    }
  }
}

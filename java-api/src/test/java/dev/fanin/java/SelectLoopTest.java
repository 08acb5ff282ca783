package dev.fanin.java;

import static dev.fanin.java.ChannelThreads.awaitParkedInChannel;
import static dev.fanin.java.ChannelThreads.fork;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.Outcome;
import dev.fanin.testing.Forked;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The select loop: positional results, re-armed work, removal, interrupts, nothing lost. */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class SelectLoopTest {

  /** Sources ready together are all returned, once each, in the order they were added. */
  @Test
  void awaitFired_severalReady_allReturnedByIndex() throws Exception {
    Channel<String> a = Channel.buffered(4);
    Channel<String> b = Channel.buffered(4);
    try (SelectLoop loop = SelectLoop.open()) {
      SelectLoop.Source<String> first = loop.addReceive(a);
      SelectLoop.Source<String> second = loop.addReceive(b);
      SelectLoop.Source<Integer> done = loop.addFuture(CompletableFuture.completedFuture(7));
      b.send("b1");
      a.send("a1");
      a.send("a2");
      List<SelectLoop.Fired<?>> fired = loop.awaitFired();
      assertEquals(List.of(0, 1, 2), fired.stream().map(SelectLoop.Fired::index).toList());
      assertEquals(Optional.of("a1"), fired.get(0).valueIf(first));
      assertEquals(Optional.of("b1"), fired.get(1).valueIf(second));
      assertEquals(Optional.of(7), fired.get(2).valueIf(done));
      assertEquals(Optional.empty(), fired.get(0).valueIf(second));
      List<SelectLoop.Fired<?>> next = loop.awaitFired();
      assertEquals(1, next.size());
      assertEquals("a2", next.get(0).value());
    }
  }

  /** A work source runs again after each result is returned: its results come in order. */
  @Test
  void addWork_eachResultReturned_workRunsAgain() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    try (SelectLoop loop = SelectLoop.open()) {
      SelectLoop.Source<Integer> work = loop.addWork(runs::incrementAndGet);
      for (int expected = 1; expected <= 3; expected++) {
        List<SelectLoop.Fired<?>> fired = loop.awaitFired();
        assertEquals(1, fired.size());
        assertEquals(Optional.of(expected), fired.get(0).valueIf(work));
      }
    }
  }

  /** A failing work source is a failure in its turn; awaitFiredOrThrow throws it. */
  @Test
  void addWork_fails_failureFiredAndOrThrowThrows() throws Exception {
    IllegalStateException failure = new IllegalStateException("boom");
    try (SelectLoop loop = SelectLoop.open()) {
      loop.addWork(
          () -> {
            throw failure;
          });
      SelectLoop.Fired<?> fired = loop.awaitFired().get(0);
      assertSame(failure, assertInstanceOf(Outcome.Failure.class, fired.outcome()).exception());
      assertSame(failure, assertThrows(IllegalStateException.class, loop::awaitFiredOrThrow));
    }
  }

  /** A closed channel fires once with ChannelClosedException and its cause, then is removed. */
  @Test
  void addReceive_channelClosed_firesOnceWithCauseThenRemoved() throws Exception {
    Channel<String> channel = Channel.buffered(1);
    IOException cause = new IOException("producer failed");
    CompletableFuture<String> later = new CompletableFuture<>();
    try (SelectLoop loop = SelectLoop.open()) {
      loop.addReceive(channel);
      loop.addFuture(later);
      channel.close(cause);
      SelectLoop.Fired<?> fired = loop.awaitFired().get(0);
      Outcome.Failure<?> failure = assertInstanceOf(Outcome.Failure.class, fired.outcome());
      assertSame(cause, assertInstanceOf(ChannelClosedException.class, failure.exception()).getCause());
      later.complete("x");
      List<SelectLoop.Fired<?>> next = loop.awaitFired();
      assertEquals(List.of(1), next.stream().map(SelectLoop.Fired::index).toList());
    }
  }

  /** A source added while a wait is in progress is waited on by that wait. */
  @OnEachThreadKind
  void addReceive_duringWait_waitFiresIt() throws Exception {
    Channel<String> idle = Channel.rendezvous();
    Channel<String> added = Channel.buffered(1);
    added.send("x");
    try (SelectLoop loop = SelectLoop.open()) {
      loop.addReceive(idle);
      AtomicReference<List<SelectLoop.Fired<?>>> result = new AtomicReference<>();
      Forked waiter = fork("waiter", () -> result.set(loop.awaitFired()));
      awaitParkedInChannel(waiter.thread());
      loop.addReceive(added);
      waiter.join();
      assertEquals("x", result.get().get(0).value());
      assertEquals(1, result.get().get(0).index());
    }
  }

  /** Interrupting a wait throws InterruptedException and takes nothing: the next wait gets it. */
  @OnEachThreadKind
  void awaitFired_interrupted_throwsAndNothingLost() throws Exception {
    Channel<String> channel = Channel.buffered(1);
    try (SelectLoop loop = SelectLoop.open()) {
      loop.addReceive(channel);
      Forked waiter =
          fork("waiter", () -> assertThrows(InterruptedException.class, loop::awaitFired));
      awaitParkedInChannel(waiter.thread());
      waiter.thread().interrupt();
      waiter.join();
      channel.send("x");
      List<SelectLoop.Fired<?>> fired = loop.awaitFired();
      assertEquals("x", fired.get(0).value());
      assertTrue(loop.leftovers().isEmpty());
    }
  }

  /** Cancelling an awaitFiredAsync withdraws it; the element goes to the next wait. */
  @Test
  void awaitFiredAsync_cancelled_elementGoesToNextWait() throws Exception {
    Channel<String> channel = Channel.buffered(1);
    try (SelectLoop loop = SelectLoop.open()) {
      loop.addReceive(channel);
      CompletableFuture<List<SelectLoop.Fired<?>>> wait = loop.awaitFiredAsync();
      assertFalse(wait.isDone());
      wait.cancel(true);
      channel.send("x");
      assertEquals("x", loop.awaitFired().get(0).value());
    }
  }

  /** Removing a source stops its work; closing the loop interrupts work in flight. */
  @Test
  void removeAndClose_workInFlight_interrupted() throws Exception {
    CountDownLatch started = new CountDownLatch(2);
    CountDownLatch interrupted = new CountDownLatch(2);
    SelectLoop loop = SelectLoop.open();
    SelectLoop.Source<String> removed = loop.addWork(() -> block(started, interrupted));
    loop.addWork(() -> block(started, interrupted));
    started.await();
    assertTrue(loop.remove(removed));
    assertFalse(loop.remove(removed));
    loop.close();
    interrupted.await();
    assertThrows(IllegalStateException.class, loop::awaitFired);
  }

  /**
   * close() waits until the work in flight has stopped (as TaskGroup and Completions do): the work's
   * clean-up has run when it returns. Called from a work source, it does not wait for itself.
   */
  @Test
  void close_workInFlight_returnsOnlyOnceItStopped() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch cleanedUp = new CountDownLatch(1);
    SelectLoop loop = SelectLoop.open();
    loop.addWork(
        () -> {
          started.countDown();
          try {
            new CountDownLatch(1).await();
            return "unreachable";
          } finally {
            cleanedUp.countDown();
          }
        });
    started.await();
    loop.close();
    assertEquals(0, cleanedUp.getCount(), "the work's clean-up ran before close() returned");

    SelectLoop selfClosing = SelectLoop.open();
    CountDownLatch closedFromWork = new CountDownLatch(1);
    selfClosing.addWork(
        () -> {
          selfClosing.close(); // must not wait for this very work
          closedFromWork.countDown();
          return "closed itself";
        });
    assertTrue(closedFromWork.await(60, java.util.concurrent.TimeUnit.SECONDS));
    selfClosing.close();
  }

  /**
   * valueIf of a failed firing is empty, as for another source (the Kotlin valueIf gives null);
   * value() throws the failure.
   */
  @Test
  void valueIf_failedFiring_emptyAndValueThrows() throws Exception {
    Channel<String> channel = Channel.buffered(1);
    IOException cause = new IOException("producer failed");
    try (SelectLoop loop = SelectLoop.open()) {
      SelectLoop.Source<String> receive = loop.addReceive(channel);
      SelectLoop.Source<String> other = loop.addFuture(new CompletableFuture<String>());
      channel.close(cause);
      SelectLoop.Fired<?> fired = loop.awaitFired().get(0);
      assertEquals(Optional.empty(), fired.valueIf(receive));
      assertEquals(Optional.empty(), fired.valueIf(other));
      ChannelClosedException thrown = assertThrows(ChannelClosedException.class, fired::value);
      assertSame(cause, thrown.getCause());
    }
  }

  /** A second concurrent wait is rejected. */
  @Test
  void awaitFired_concurrentWait_throwsIllegalStateException() throws Exception {
    try (SelectLoop loop = SelectLoop.open()) {
      loop.addReceive(Channel.<String>rendezvous());
      CompletableFuture<List<SelectLoop.Fired<?>>> first = loop.awaitFiredAsync();
      assertThrows(IllegalStateException.class, loop::awaitFired);
      first.cancel(true);
    }
  }

  private static String block(CountDownLatch started, CountDownLatch interrupted)
      throws InterruptedException {
    started.countDown();
    try {
      new CountDownLatch(1).await();
      return "unreachable";
    } catch (InterruptedException e) {
      interrupted.countDown();
      throw e;
    }
  }

  /**
   * A channel or ticker already in the loop is rejected at add, named, as a select rejects a second
   * receive clause (before the fix both were accepted and every wait that had to block threw
   * kotlinx's IllegalStateException); the loop keeps working: a wait that has to block gets the
   * next element from the first source.
   */
  @OnEachThreadKind
  void addReceive_sameChannelOrTickerTwice_rejectedAndNamed() throws Exception {
    Channel<String> channel = Channel.buffered(1);
    try (SelectLoop loop = SelectLoop.open();
        Ticker ticker = Ticker.every(Duration.ofHours(1))) {
      SelectLoop.Source<String> receive = loop.addReceive(channel);
      loop.addTicker(ticker);
      assertTrue(
          assertThrows(IllegalArgumentException.class, () -> loop.addReceive(channel))
              .getMessage()
              .startsWith("channel already has a receive source in this loop (index 0)"));
      assertTrue(
          assertThrows(IllegalArgumentException.class, () -> loop.addTicker(ticker))
              .getMessage()
              .startsWith("ticker already has a receive source in this loop (index 1)"));
      assertTrue(
          assertThrows(IllegalArgumentException.class, () -> loop.addReceive(ticker.ticks()))
              .getMessage()
              .startsWith("channel already has a receive source in this loop (index 1)"));
      AtomicReference<List<SelectLoop.Fired<?>>> result = new AtomicReference<>();
      Forked waiter = fork("waiter", () -> result.set(loop.awaitFired()));
      awaitParkedInChannel(waiter.thread());
      channel.send("x");
      waiter.join();
      assertEquals(Optional.of("x"), result.get().get(0).valueIf(receive));
    }
  }

  /** The same future added twice: a wait that has to block returns, and each source fires once. */
  @OnEachThreadKind
  void addFuture_sameTwice_blockingWaitFiresBoth() throws Exception {
    CompletableFuture<String> future = new CompletableFuture<>();
    try (SelectLoop loop = SelectLoop.open()) {
      SelectLoop.Source<String> first = loop.addFuture(future);
      SelectLoop.Source<String> second = loop.addFuture(future);
      AtomicReference<List<SelectLoop.Fired<?>>> result = new AtomicReference<>();
      Forked waiter = fork("waiter", () -> result.set(loop.awaitFired()));
      awaitParkedInChannel(waiter.thread());
      future.complete("x");
      waiter.join();
      List<SelectLoop.Fired<?>> fired = new ArrayList<>(result.get());
      if (fired.size() < 2) { // each source watches the future on its own: one may fire first
        fired.addAll(loop.awaitFired());
      }
      fired.sort(Comparator.comparingInt(SelectLoop.Fired::index));
      assertEquals(List.of(0, 1), fired.stream().map(SelectLoop.Fired::index).toList());
      assertEquals(Optional.of("x"), fired.get(0).valueIf(first));
      assertEquals(Optional.of("x"), fired.get(1).valueIf(second));
    }
  }
}

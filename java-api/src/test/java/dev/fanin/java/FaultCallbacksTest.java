package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.Outcome;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fault injection: user code that Fanin calls back throws. Select handlers, select-loop work,
 * channels' {@code onUndeliveredElement} callbacks, stages attached to Fanin's futures, callbacks on
 * a task group's futures, and consumers of an as-completed iteration. In each case the exception
 * reaches the place the documentation names, the operation it happened in has taken effect exactly
 * once, and Fanin's own state (a channel, a loop, a group) is intact. NoLeaksExtension checks that
 * nothing reached an uncaught-exception handler and no task is left running.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class FaultCallbacksTest {
  private final IllegalStateException boom = new IllegalStateException("boom");

  /**
   * A handler that throws: select() throws its exception as it is, and its clause has fired: the
   * element was taken (and handed to the handler), the send was made.
   */
  @OnEachThreadKind
  void select_handlerThrows_selectThrowsItAndTheClauseHasFired() throws Exception {
    Channel<Integer> in = Channel.buffered(2);
    in.send(1);
    in.send(2);
    List<Integer> handled = new ArrayList<>();
    Select<String> receive =
        Select.<String>create()
            .onReceive(
                in,
                element -> {
                  handled.add(element);
                  throw boom;
                });
    assertSame(boom, assertThrows(IllegalStateException.class, receive::select));
    assertEquals(List.of(1), handled);
    assertEquals(2, in.receive(), "element 1 was taken once, by the failed select");

    Channel<Integer> out = Channel.buffered(1);
    Select<String> send =
        Select.<String>create()
            .onSend(
                out,
                7,
                () -> {
                  throw boom;
                });
    assertSame(boom, assertThrows(IllegalStateException.class, send::select));
    assertEquals(7, out.receive(), "the send fired before its handler threw");

    Select<String> timer =
        Select.<String>create()
            .onTimeout(
                Duration.ZERO,
                () -> {
                  throw boom;
                });
    assertSame(boom, assertThrows(IllegalStateException.class, timer::select));
  }

  /** selectAsync with a clause ready at once: the handler runs here, and its exception fails the future. */
  @Test
  void selectAsync_readyHandlerThrows_futureFailsSelectAsyncReturns() throws Exception {
    Channel<Integer> in = Channel.buffered(1);
    in.send(1);
    CompletableFuture<String> result =
        Select.<String>create()
            .onReceive(
                in,
                element -> {
                  throw boom;
                })
            .selectAsync();
    assertSame(boom, failureOf(result));
    assertEquals(new ReceiveResult.Empty<Integer>(), in.tryReceive(), "taken by the failed select");
  }

  /**
   * A work source that fails on every run keeps firing as a failure, once per wait, and the loop's
   * other sources are not held up: every element sent is received once.
   */
  @Test
  void selectLoop_workAlwaysThrows_failsEachTimeOtherSourcesUnaffected() throws Exception {
    Channel<Integer> channel = Channel.buffered(8);
    for (int i = 0; i < 5; i++) {
      channel.send(i);
    }
    channel.close();
    List<Integer> received = new ArrayList<>();
    int failures = 0;
    try (SelectLoop loop = SelectLoop.open()) {
      SelectLoop.Source<Integer> elements = loop.addReceive(channel);
      SelectLoop.Source<Object> failing =
          loop.addWork(
              () -> {
                throw boom;
              });
      boolean open = true;
      // Until the channel has ended and the work has failed at least once (it runs on its own).
      while (open || failures == 0) {
        for (SelectLoop.Fired<?> fired : loop.awaitFired()) {
          if (fired.source() == failing) {
            assertSame(boom, assertInstanceOf(Outcome.Failure.class, fired.outcome()).exception());
            failures++;
          } else if (fired.outcome() instanceof Outcome.Success<?>) {
            received.add(fired.valueIf(elements).orElseThrow());
          } else {
            assertInstanceOf(ChannelClosedException.class, assertFailure(fired));
            open = false;
          }
        }
      }
    }
    assertEquals(List.of(0, 1, 2, 3, 4), received);
  }

  /**
   * An onUndeliveredElement callback that throws during cancel(): the channel is still cancelled,
   * every buffered element was still offered to the callback once, and cancel() throws, carrying
   * every exception the callback threw.
   */
  @Test
  void cancel_undeliveredCallbackThrows_channelCancelledEveryElementOfferedOnce() throws Exception {
    List<Integer> offered = Collections.synchronizedList(new ArrayList<>());
    Channel<Integer> channel = Channel.create(4, BufferOverflow.WAIT, throwing(offered));
    channel.send(1);
    channel.send(2);
    channel.send(3);

    RuntimeException thrown = assertThrows(RuntimeException.class, channel::cancel);

    assertEquals(Set.of(1, 2, 3), new HashSet<>(offered));
    assertEquals(3, offered.size(), "each element offered once");
    assertTrue(
        messages(thrown).containsAll(Set.of("callback 1", "callback 2", "callback 3")),
        () -> "the callback's exceptions: " + messages(thrown));
    assertTrue(channel.isClosedForSend());
    assertTrue(channel.isClosedForReceive());
    assertThrows(ChannelClosedException.class, () -> channel.send(4));
  }

  /**
   * A DROP_OLDEST channel whose callback throws: the send that dropped the oldest element throws
   * the callback's exception, yet it took effect: its element is in the channel, the dropped one
   * went to the callback once.
   */
  @Test
  void send_dropOldestCallbackThrows_sendThrowsButItsElementIsSent() throws Exception {
    List<Integer> offered = Collections.synchronizedList(new ArrayList<>());
    Channel<Integer> channel = Channel.create(1, BufferOverflow.DROP_OLDEST, throwing(offered));
    channel.send(1);
    RuntimeException thrown = assertThrows(RuntimeException.class, () -> channel.send(2));
    assertTrue(messages(thrown).contains("callback 1"), () -> "got " + messages(thrown));
    assertThrows(RuntimeException.class, () -> channel.trySend(3));
    assertEquals(List.of(1, 2), offered);
    assertEquals(3, channel.receive(), "the sends took effect");
    assertEquals(new ReceiveResult.Empty<Integer>(), channel.tryReceive());
  }

  /**
   * A DROP_LATEST channel whose callback throws: the send whose element was dropped throws the
   * callback's exception; its element went to the callback, the buffered one stays.
   */
  @Test
  void send_dropLatestCallbackThrows_sendThrowsAndItsElementWentToTheCallback() throws Exception {
    List<Integer> offered = Collections.synchronizedList(new ArrayList<>());
    Channel<Integer> channel = Channel.create(1, BufferOverflow.DROP_LATEST, throwing(offered));
    channel.send(1);
    RuntimeException thrown = assertThrows(RuntimeException.class, () -> channel.send(2));
    assertTrue(messages(thrown).contains("callback 2"), () -> "got " + messages(thrown));
    assertEquals(List.of(2), offered);
    assertEquals(1, channel.receive());
    assertEquals(new ReceiveResult.Empty<Integer>(), channel.tryReceive());
  }

  /**
   * A stage attached to a returned future that throws fails only that stage: the future keeps its
   * result, other stages run, and whatever thread ran the stage is unharmed (no uncaught
   * exception, no task left running).
   */
  @Test
  void dependentStageThrows_onlyThatStageFails() throws Exception {
    CompletableFuture<List<String>> gathered = Fanin.gather(List.of(() -> "a"));
    CompletableFuture<List<String>> broken =
        gathered.whenComplete(
            (value, failure) -> {
              throw boom;
            });
    CompletableFuture<List<String>> brokenByError =
        gathered.whenComplete(
            (value, failure) -> {
              throw new AssertionError("callback");
            });
    CompletableFuture<String> other = gathered.thenApply(list -> list.get(0));

    assertEquals(List.of("a"), gathered.join());
    assertEquals("a", other.join());
    assertSame(boom, unwrapped(failureOf(broken)));
    assertInstanceOf(AssertionError.class, unwrapped(failureOf(brokenByError)));
  }

  /**
   * A channel future's stage runs inside the channel's code on the thread that completed the
   * operation; when it throws, that operation still returns normally and the channel still works.
   */
  @OnEachThreadKind
  void channelFutureStageThrows_operationCompletesAndChannelIntact() throws Exception {
    Channel<Integer> channel = Channel.rendezvous();
    CompletableFuture<Integer> received = channel.receiveAsync();
    CompletableFuture<Integer> broken =
        received.thenApply(
            element -> {
              throw boom;
            });
    channel.send(1); // completes the receive, and runs the stage, on this thread
    assertEquals(1, received.join());
    assertSame(boom, unwrapped(failureOf(broken)));

    CompletableFuture<Void> sent = channel.sendAsync(2);
    CompletableFuture<Void> brokenSend =
        sent.thenRun(
            () -> {
              throw boom;
            });
    assertEquals(2, channel.receive()); // completes the send, and runs the stage, on this thread
    sent.join();
    assertSame(boom, unwrapped(failureOf(brokenSend)));

    channel.sendAsync(3);
    assertEquals(3, channel.receive(), "the channel still works");
  }

  /** A callback on a forked task's future that throws is not a failure of the group. */
  @OnEachThreadKind
  void taskGroup_callbackOnForkedFutureThrows_notAFailureOfTheGroup() throws Exception {
    CompletableFuture<String> forked;
    CompletableFuture<String> broken;
    try (TaskGroup group = TaskGroup.open()) {
      forked = group.fork(() -> "a");
      broken =
          forked.whenComplete(
              (value, failure) -> {
                throw boom;
              });
      group.join();
    }
    assertEquals("a", forked.join());
    assertSame(boom, unwrapped(failureOf(broken)));
  }

  /**
   * A consumer of the iteration that throws: the exception reaches the caller, and closing the
   * iteration (try-with-resources) still cancels what is left.
   */
  @OnEachThreadKind
  void completions_consumerThrows_exceptionReachesCallerAndCloseCancelsTheRest() throws Exception {
    BlockedTask<Integer> slow = new BlockedTask<>();
    List<Callable<Integer>> tasks = List.of(() -> 0, slow);
    try (Completions<Integer, Callable<Integer>> results = FaninBlocking.asCompleted(tasks)) {
      slow.started.await();
      assertSame(
          boom,
          assertThrows(
              IllegalStateException.class,
              () ->
                  results.forEachRemaining(
                      completion -> {
                        throw boom;
                      })));
    }
    slow.stopped.await();
    assertTrue(slow.interrupted);
  }

  /** A callback that records the element and throws. */
  private static Consumer<Integer> throwing(List<Integer> offered) {
    return element -> {
      offered.add(element);
      throw new IllegalStateException("callback " + element);
    };
  }

  /** The messages of {@code thrown}, its causes, and everything suppressed in any of them. */
  private static Set<String> messages(Throwable thrown) {
    Set<String> messages = new HashSet<>();
    collect(thrown, messages);
    return messages;
  }

  private static void collect(Throwable thrown, Set<String> messages) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      messages.add(t.getMessage());
      for (Throwable suppressed : t.getSuppressed()) {
        collect(suppressed, messages);
      }
      if (t.getCause() == t) {
        break;
      }
    }
  }

  private static Throwable assertFailure(SelectLoop.Fired<?> fired) {
    return assertInstanceOf(Outcome.Failure.class, fired.outcome()).exception();
  }

  private static Throwable failureOf(CompletableFuture<?> future) {
    return future.handle((value, failure) -> failure).join();
  }

  /** Dependent stages hold an exception they did not make in a CompletionException. */
  private static Throwable unwrapped(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }
}

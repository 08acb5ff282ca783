package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.Completion;
import dev.fanin.OnFailure;
import dev.fanin.ReturnWhen;
import dev.fanin.TaskGroupException;
import dev.fanin.testing.HostileExceptions;
import dev.fanin.testing.NoLeaksExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every handle and every future Fanin returns says what it is and its state, and its toString never
 * calls user code: a failure or an element whose toString throws is named by its class, or not at
 * all.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class ToStringTest {

  /** A future of gather names the operation, its task count and CompletableFuture's state. */
  @Test
  void gatherFuture_namesOperationCountAndState() {
    GatedTask<String> a = GatedTask.returning("a");
    GatedTask<String> b = GatedTask.returning("b");
    CompletableFuture<List<String>> gathered = Fanin.gather(List.of(a, b));
    assertEquals("Fanin.gather[2 tasks, incomplete]", gathered.toString());
    a.open();
    b.open();
    gathered.join();
    assertEquals("Fanin.gather[2 tasks, completed normally]", gathered.toString());

    GatedTask<String> never = GatedTask.returning("never");
    CompletableFuture<List<String>> cancelled = Fanin.gather(List.of(never));
    cancelled.cancel(true);
    assertEquals("Fanin.gather[1 task, cancelled]", cancelled.toString());
  }

  /**
   * A future that failed with an exception whose methods throw (toString included, which the JDK's
   * CompletableFuture.toString calls) names the exception's class and does not throw.
   */
  @Test
  void failedFuture_hostileException_namedByClassWithoutCallingIt() {
    for (HostileExceptions.Kind kind : HostileExceptions.Kind.all()) {
      RuntimeException failure = HostileExceptions.unchecked(kind);
      CompletableFuture<List<Object>> gathered =
          Fanin.gather(
              List.<Callable<Object>>of(
                  () -> {
                    throw failure;
                  }));
      gathered.handle((value, error) -> null).join();
      assertEquals(
          "Fanin.gather[1 task, completed exceptionally: " + failure.getClass().getName() + "]",
          gathered.toString(),
          kind.name());
    }
    // A CompletionException is unwrapped to name its cause; one whose getCause throws is not.
    CompletionException wrapper =
        new CompletionException("wrapper", null) {
          private static final long serialVersionUID = 1L;

          @Override
          public synchronized Throwable getCause() {
            throw new IllegalStateException("hostile getCause");
          }
        };
    CompletableFuture<String> waited =
        Fanin.waitFor(
            () -> {
              throw wrapper;
            },
            Duration.ofMinutes(1));
    waited.handle((value, error) -> null).join();
    assertEquals("Fanin.waitFor[completed exceptionally]", waited.toString());
  }

  /** Each future-returning method names its future after itself. */
  @Test
  void everyReturnedFuture_namedAfterItsMethod() throws Exception {
    assertEquals(
        "Fanin.gatherSettled[1 task, completed normally]",
        done(Fanin.gatherSettled(List.<Callable<String>>of(() -> "a"))));
    CompletableFuture<String> pending = new CompletableFuture<>();
    CompletableFuture<List<String>> futures = Fanin.gatherFutures(List.of(pending, pending));
    assertEquals("Fanin.gatherFutures[2 futures, incomplete]", futures.toString());
    CompletableFuture<?> futuresSettled = Fanin.gatherFuturesSettled(List.of(pending));
    assertEquals("Fanin.gatherFuturesSettled[1 future, incomplete]", futuresSettled.toString());
    CompletableFuture<?> waitUntil = Fanin.waitUntil(ReturnWhen.ALL_COMPLETED, List.of(pending));
    assertEquals("Fanin.waitUntil[1 handle, incomplete]", waitUntil.toString());
    pending.complete("p");
    assertEquals("Fanin.gatherFutures[2 futures, completed normally]", done(futures));
    assertEquals("Fanin.waitUntil[1 handle, completed normally]", done(waitUntil));

    assertEquals(
        "Fanin.waitFor[completed normally]", done(Fanin.waitFor(() -> "a", Duration.ofMinutes(1))));
    assertEquals(
        "Fanin.timeoutScope[completed normally]",
        done(Fanin.timeoutScope(Duration.ofMinutes(1), scope -> "a")));
    assertEquals("Fanin.taskGroup[completed normally]", done(Fanin.taskGroup(group -> "a")));
    try (TaskGroup group = TaskGroup.open()) {
      assertEquals("TaskGroup.fork[completed normally]", done(group.fork(() -> "a")));
      group.join();
    }

    GatedTask<String> gated = GatedTask.returning("a");
    List<CompletableFuture<Completion<String, Callable<String>>>> completions =
        Fanin.asCompleted(List.of(gated));
    assertEquals("Fanin.asCompleted[incomplete]", completions.get(0).toString());
    gated.open();
    assertEquals("Fanin.asCompleted[completed normally]", done(completions.get(0)));
    CompletableFuture<String> stage = new CompletableFuture<>();
    List<CompletableFuture<Completion<String, CompletableFuture<String>>>> watched =
        Fanin.asCompletedFutures(List.of(stage));
    assertEquals("Fanin.asCompletedFutures[incomplete]", watched.get(0).toString());
    stage.complete("s");
    assertEquals("Fanin.asCompletedFutures[completed normally]", done(watched.get(0)));
  }

  /** The futures of channel operations, selects and select loops name their method. */
  @Test
  void channelAndSelectFutures_namedAfterTheirMethod() throws Exception {
    Channel<String> channel = Channel.rendezvous();
    CompletableFuture<String> received = channel.receiveAsync();
    assertEquals("Channel.receiveAsync[incomplete]", received.toString());
    CompletableFuture<Void> sent = channel.sendAsync("a");
    assertEquals("a", received.join());
    sent.join();
    assertEquals("Channel.receiveAsync[completed normally]", received.toString());
    CompletableFuture<Void> waitingSend = channel.sendAsync("b");
    assertEquals("Channel.sendAsync[incomplete]", waitingSend.toString());
    waitingSend.cancel(true);
    assertEquals("Channel.sendAsync[cancelled]", waitingSend.toString());

    CompletableFuture<String> selected =
        Select.<String>create().onReceive(channel, element -> element).selectAsync();
    assertEquals("Select.selectAsync[incomplete]", selected.toString());
    selected.cancel(true);
    assertEquals("Select.selectAsync[cancelled]", selected.toString());

    WorkQueue<String> queue = WorkQueue.unbounded();
    queue.send("item");
    CompletableFuture<Void> joined = queue.joinAsync();
    assertEquals("WorkQueue.joinAsync[incomplete]", joined.toString());
    queue.receive();
    queue.itemDone();
    assertEquals("WorkQueue.joinAsync[completed normally]", done(joined));

    try (SelectLoop loop = SelectLoop.open()) {
      Channel<String> pings = Channel.unbounded();
      loop.addReceive(pings);
      CompletableFuture<List<SelectLoop.Fired<?>>> fired = loop.awaitFiredAsync();
      assertEquals("SelectLoop.awaitFiredAsync[incomplete]", fired.toString());
      pings.send("ping");
      assertEquals("SelectLoop.awaitFiredAsync[completed normally]", done(fired));
    }

    Callable<String> task = () -> "a";
    String publisher = Fanin.asCompleted(List.of(task).iterator(), 1).toString();
    assertTrue(publisher.startsWith("Fanin.asCompleted[publisher, no subscriber, "), publisher);
    assertTrue(
        Fanin.asCompletedOrdered(List.of(task), 1, Runnable::run)
            .toString()
            .startsWith("Fanin.asCompletedOrdered[publisher, "));
  }

  /** A task group's toString gives its phase, running tasks and failures, from any thread. */
  @Test
  void taskGroup_phaseRunningAndFailures() throws Exception {
    GatedTask<String> slow = GatedTask.returning("slow");
    AtomicReference<String> fromOtherThread = new AtomicReference<>();
    try (TaskGroup group = TaskGroup.open(OnFailure.KEEP_RUNNING)) {
      assertEquals("TaskGroup[open, 0 running, 0 failed]", group.toString());
      group.fork(slow);
      CompletableFuture<Object> failing =
          group.fork(
              () -> {
                throw new IllegalStateException("boom");
              });
      failing.handle((value, error) -> null).join();
      assertEquals("TaskGroup[open, 1 running, 1 failed]", group.toString());
      // Any thread may read it: a task of the group, say.
      group.fork(() -> fromOtherThread.getAndSet(group.toString())).join();
      slow.open();
      assertThrows(TaskGroupException.class, group::join);
      assertEquals("TaskGroup[ended, 0 running, 1 failed]", group.toString());
    }
    assertTrue(fromOtherThread.get().startsWith("TaskGroup[open, "), fromOtherThread.get());

    TaskGroup cancelled = TaskGroup.open();
    cancelled.close();
    assertEquals("TaskGroup[cancelled, 0 running, 0 failed]", cancelled.toString());

    // The body is the group's first task.
    assertEquals(
        "TaskGroup.Forks[open, 1 running, 0 failed]",
        FaninBlocking.taskGroup(group -> group.toString()));
  }

  /** A channel gives its shape and state, never its elements. */
  @Test
  void channel_shapeAndStateWithoutElements() throws Exception {
    assertEquals("Channel[capacity 16, open]", Channel.buffered(16).toString());
    assertEquals("Channel[rendezvous, open]", Channel.rendezvous().toString());
    assertEquals("Channel[capacity 1, drops oldest, open]", Channel.conflated().toString());
    assertEquals(
        "Channel[open]",
        Channel.wrap(
                kotlinx.coroutines.channels.ChannelKt.<String>Channel(
                    4, kotlinx.coroutines.channels.BufferOverflow.SUSPEND, null))
            .toString());

    Channel<Object> channel = Channel.unbounded();
    // Its toString throws: kotlinx's own channel toString would call it (and throw).
    channel.send(HostileExceptions.unchecked(HostileExceptions.Kind.TO_STRING_THROWS));
    assertEquals("Channel[unbounded, open]", channel.toString());
    channel.close();
    assertEquals("Channel[unbounded, closed for send]", channel.toString());
    channel.receive();
    assertEquals("Channel[unbounded, closed]", channel.toString());

    WorkQueue<String> queue = WorkQueue.buffered(4);
    queue.send("a");
    assertEquals("WorkQueue[capacity 4, 1 unfinished, open]", queue.toString());
    queue.close();
    queue.receive();
    queue.itemDone();
    assertEquals("WorkQueue[capacity 4, 0 unfinished, closed]", queue.toString());
  }

  /** Select, SelectLoop, Ticker and Completions say what they are and their state. */
  @Test
  void otherHandles_sayWhatTheyAreAndTheirState() throws Exception {
    Channel<String> channel = Channel.buffered(1);
    assertEquals(
        "Select[1 clause, default, random order]",
        Select.<String>create().onReceive(channel, e -> e).onDefault(() -> "none").toString());
    assertEquals("Select[0 clauses, biased]", Select.<String>biased().toString());

    SelectLoop loop = SelectLoop.open();
    assertEquals("SelectLoop[0 sources, idle]", loop.toString());
    loop.addReceive(channel);
    CompletableFuture<List<SelectLoop.Fired<?>>> fired = loop.awaitFiredAsync();
    // A wait is in progress; toString does not wait for it.
    assertEquals("SelectLoop[1 source, waiting]", loop.toString());
    channel.send("a");
    fired.join();
    assertEquals("SelectLoop[1 source, idle]", loop.toString());
    loop.close();
    assertEquals("SelectLoop[1 source, closed]", loop.toString());

    Ticker ticker = Ticker.every(Duration.ofHours(1));
    assertEquals("Ticker[every PT1H, running]", ticker.toString());
    ticker.stop();
    assertEquals("Ticker[every PT1H, stopped]", ticker.toString());

    GatedTask<String> gated = GatedTask.returning("a");
    try (Completions<String, Callable<String>> completions =
        FaninBlocking.asCompleted(List.of(gated))) {
      assertEquals("Completions[1 started, 1 not taken, open]", completions.toString());
      gated.open();
      completions.take();
      assertEquals("Completions[1 started, 0 not taken, ended]", completions.toString());
    }
    GatedTask<String> never = GatedTask.returning("never");
    Completions<String, Callable<String>> closed = FaninBlocking.asCompleted(List.of(never));
    closed.close();
    assertEquals("Completions[1 started, 1 not taken, closed]", closed.toString());
  }

  /** {@code future}'s toString once it has completed, however. */
  private static String done(CompletableFuture<?> future) {
    future.handle((value, error) -> null).join();
    return future.toString();
  }
}

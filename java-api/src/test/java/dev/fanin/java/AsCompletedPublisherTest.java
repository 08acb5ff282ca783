package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.Completion;
import dev.fanin.testing.NoLeaksExtension;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** asCompleted and asCompletedOrdered over a lazy source as a Flow.Publisher. */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class AsCompletedPublisherTest {

  /**
   * A subscriber that requests one item at a time gets exactly one onNext per request, in
   * completion order, and onComplete once the source is exhausted.
   */
  @Test
  void publisher_requestOneAtATime_oneOnNextPerRequestThenOnComplete() throws Exception {
    int limit = 2;
    List<GatedTask<Integer>> gated = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      gated.add(GatedTask.returning(i));
    }
    Flow.Publisher<Completion<Integer, Callable<Integer>>> publisher =
        Fanin.asCompleted(new CountingSource<Callable<Integer>>(gated), limit);
    RecordingSubscriber<Completion<Integer, Callable<Integer>>> subscriber =
        new RecordingSubscriber<>();
    publisher.subscribe(subscriber);

    gated.get(1).open();
    gated.get(1).stopped.await();
    assertTrue(subscriber.noPendingSignal(), "no onNext before any demand");

    for (int index : new int[] {1, 0, 3, 2}) {
      gated.get(index).open();
      subscriber.request(1);
      Completion<Integer, Callable<Integer>> next = subscriber.awaitNext();
      assertEquals(index, next.index());
      assertSame(gated.get(index), next.handle());
      assertEquals(index, next.value());
    }
    assertEquals(4, subscriber.onNextCalls());
    subscriber.request(1);
    subscriber.awaitComplete();
    subscriber.assertNoViolations();
  }

  /** Results that finished while there was no demand wait for it, and the source is not pulled on. */
  @Test
  void publisher_noDemand_holdsResultsAndPullsNoFurther() throws Exception {
    int limit = 2;
    CountDownLatchTasks tasks = new CountDownLatchTasks(5, limit);
    CountingSource<Callable<Integer>> source = new CountingSource<>(tasks.tasks);
    Flow.Publisher<Completion<Integer, Callable<Integer>>> publisher =
        Fanin.asCompleted(source, limit);
    RecordingSubscriber<Completion<Integer, Callable<Integer>>> subscriber =
        new RecordingSubscriber<>();
    publisher.subscribe(subscriber);

    tasks.firstRan.await();
    assertEquals(limit, source.pulled());
    assertTrue(subscriber.noPendingSignal());

    subscriber.request(Long.MAX_VALUE);
    for (int i = 0; i < 5; i++) {
      subscriber.awaitNext();
    }
    subscriber.awaitComplete();
    subscriber.assertNoViolations();
  }

  /** A subscriber that requests from inside onNext gets every result once, never overlapping. */
  @Test
  void publisher_requestFromOnNext_everyResultOnceSerially() throws Exception {
    int n = 200;
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int value = i;
      tasks.add(() -> value);
    }
    RecordingSubscriber<Completion<Integer, Callable<Integer>>> subscriber =
        new RecordingSubscriber<>(self -> self.request(1));
    Fanin.asCompleted(tasks.iterator(), 4).subscribe(subscriber);

    subscriber.request(1);
    boolean[] seen = new boolean[n];
    for (int i = 0; i < n; i++) {
      Completion<Integer, Callable<Integer>> next = subscriber.awaitNext();
      assertFalse(seen[next.index()], "delivered twice: " + next.index());
      seen[next.index()] = true;
      assertEquals(next.index(), next.value());
    }
    subscriber.awaitComplete();
    subscriber.assertNoViolations();
  }

  /** Cancelling the subscription interrupts the running tasks and no further signal arrives. */
  @Test
  void publisher_cancel_cancelsRunningTasks() throws Exception {
    List<BlockedTask<String>> blocked = List.of(new BlockedTask<>(), new BlockedTask<>());
    RecordingSubscriber<Completion<String, Callable<String>>> subscriber =
        new RecordingSubscriber<>();
    Fanin.asCompleted(new CountingSource<Callable<String>>(blocked), 2).subscribe(subscriber);
    subscriber.request(1);
    for (BlockedTask<String> task : blocked) {
      task.started.await();
    }

    subscriber.cancel();

    for (BlockedTask<String> task : blocked) {
      task.stopped.await();
      assertTrue(task.interrupted);
    }
    subscriber.request(1); // a no-op after cancel
    assertTrue(subscriber.noPendingSignal(), "no signal after cancel");
    subscriber.assertNoViolations();
  }

  /** The publisher takes one subscriber: a second gets onSubscribe, then onError(IllegalStateException). */
  @Test
  void publisher_secondSubscriber_onErrorIllegalState() throws Exception {
    Flow.Publisher<Completion<String, Callable<String>>> publisher =
        Fanin.asCompleted(List.<Callable<String>>of(() -> "x").iterator(), 1);
    RecordingSubscriber<Completion<String, Callable<String>>> first = new RecordingSubscriber<>();
    RecordingSubscriber<Completion<String, Callable<String>>> second = new RecordingSubscriber<>();
    publisher.subscribe(first);

    publisher.subscribe(second);

    assertInstanceOf(IllegalStateException.class, second.awaitError());
    second.assertNoViolations();
    first.request(2);
    assertEquals("x", first.awaitNext().value());
    first.awaitComplete();
    first.assertNoViolations();
  }

  /**
   * request(n) with n <= 0 signals onError(IllegalArgumentException) and cancels the running tasks
   * (Reactive Streams 3.9).
   */
  @ParameterizedTest
  @ValueSource(longs = {0, -1, Long.MIN_VALUE})
  void publisher_requestNotPositive_onErrorIllegalArgumentAndTasksCancelled(long n)
      throws Exception {
    BlockedTask<String> blocked = new BlockedTask<>();
    RecordingSubscriber<Completion<String, Callable<String>>> subscriber =
        new RecordingSubscriber<>();
    Fanin.asCompleted(List.<Callable<String>>of(blocked).iterator(), 1).subscribe(subscriber);
    blocked.started.await();

    subscriber.request(n);

    assertInstanceOf(IllegalArgumentException.class, subscriber.awaitError());
    blocked.stopped.await();
    assertTrue(blocked.interrupted);
    subscriber.assertNoViolations();
  }

  /**
   * After onComplete, or after cancel, request(0) is a no-op: no onError follows (Reactive Streams
   * 1.7 and 3.6).
   */
  @Test
  void publisher_requestZeroAfterTermination_isNoOp() throws Exception {
    RecordingSubscriber<Completion<String, Callable<String>>> completed =
        new RecordingSubscriber<>();
    Fanin.asCompleted(List.<Callable<String>>of().iterator(), 1).subscribe(completed);
    completed.request(1);
    completed.awaitComplete();

    completed.request(0);

    assertTrue(completed.noPendingSignal(), "no signal after onComplete");
    completed.assertNoViolations();

    RecordingSubscriber<Completion<String, Callable<String>>> cancelled =
        new RecordingSubscriber<>();
    Fanin.asCompleted(List.<Callable<String>>of(() -> "x").iterator(), 1).subscribe(cancelled);
    cancelled.cancel();

    cancelled.request(0);

    assertTrue(cancelled.noPendingSignal(), "no signal after cancel");
    cancelled.assertNoViolations();
  }

  /** A source that throws gives onError with its exception and cancels the running tasks. */
  @Test
  void publisher_sourceThrows_onErrorWithItsExceptionAndTasksCancelled() throws Exception {
    BlockedTask<String> blocked = new BlockedTask<>();
    IllegalStateException broken = new IllegalStateException("source broke");
    AtomicInteger pulls = new AtomicInteger();
    Iterator<Callable<String>> source =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return true;
          }

          @Override
          public Callable<String> next() {
            if (pulls.getAndIncrement() == 0) {
              return blocked;
            }
            try {
              blocked.started.await();
            } catch (InterruptedException e) {
              throw new AssertionError(e);
            }
            throw broken;
          }
        };
    RecordingSubscriber<Completion<String, Callable<String>>> subscriber =
        new RecordingSubscriber<>();
    Fanin.asCompleted(source, 2).subscribe(subscriber);

    subscriber.request(1);

    assertSame(broken, subscriber.awaitError());
    blocked.stopped.await();
    assertTrue(blocked.interrupted);
    subscriber.assertNoViolations();
  }

  /**
   * A source that already failed is reported with onError without waiting for demand (Reactive
   * Streams 1.4; the TCK's optional_spec104_mustSignalOnErrorWhenFails requests nothing).
   */
  @Disabled(
      "NOT DONE: a failure or the end is signalled at the next request, not without demand"
          + " (Reactive Streams §1.4 as the TCK's optional test reads it); see the closing note")
  @Test
  void publisher_sourceFailedBeforeDemand_onErrorWithoutRequest() throws Exception {
    IllegalStateException broken = new IllegalStateException("source broke");
    Iterator<Callable<String>> source =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return true;
          }

          @Override
          public Callable<String> next() {
            throw broken;
          }
        };
    RecordingSubscriber<Completion<String, Callable<String>>> subscriber =
        new RecordingSubscriber<>();

    Fanin.asCompleted(source, 1).subscribe(subscriber);

    assertSame(broken, subscriber.awaitError());
    subscriber.assertNoViolations();
  }

  /** asCompletedOrdered publishes in source order although the tasks finish in reverse. */
  @Test
  void publisherOrdered_tasksFinishInReverse_sourceOrder() throws Exception {
    int n = 4;
    List<GatedTask<Integer>> gated = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      gated.add(GatedTask.returning(i));
    }
    RecordingSubscriber<Completion<Integer, Callable<Integer>>> subscriber =
        new RecordingSubscriber<>();
    Fanin.asCompletedOrdered(new CountingSource<Callable<Integer>>(gated), n)
        .subscribe(subscriber);
    subscriber.request(Long.MAX_VALUE);
    for (int i = n - 1; i >= 0; i--) {
      gated.get(i).open();
      gated.get(i).stopped.await();
    }

    for (int i = 0; i < n; i++) {
      Completion<Integer, Callable<Integer>> next = subscriber.awaitNext();
      assertEquals(i, next.index());
      assertSame(gated.get(i), next.handle());
    }
    subscriber.awaitComplete();
    subscriber.assertNoViolations();
  }

  /** An empty source completes the subscriber once it requests. */
  @Test
  void publisher_emptySource_onCompleteOnRequest() throws Exception {
    RecordingSubscriber<Completion<String, Callable<String>>> subscriber =
        new RecordingSubscriber<>();
    Fanin.asCompleted(List.<Callable<String>>of().iterator(), 3).subscribe(subscriber);

    subscriber.request(1);

    subscriber.awaitComplete();
    subscriber.assertNoViolations();
  }

  /**
   * A subscriber whose onNext throws has its subscription considered cancelled (Reactive Streams
   * 2.13): the running tasks are cancelled instead of left running with nobody to receive them.
   */
  @Test
  void publisher_onNextThrows_subscriptionCancelledAndTasksStopped() throws Exception {
    GatedTask<String> quick = GatedTask.returning("quick");
    BlockedTask<String> blocked = new BlockedTask<>();
    CountDownLatch delivered = new CountDownLatch(1);
    AtomicReference<Flow.Subscription> subscription =
        new AtomicReference<>();
    Flow.Subscriber<Completion<String, Callable<String>>> throwing =
        new Flow.Subscriber<>() {
          @Override
          public void onSubscribe(Flow.Subscription s) {
            subscription.set(s);
          }

          @Override
          public void onNext(Completion<String, Callable<String>> item) {
            delivered.countDown();
            throw new IllegalStateException("subscriber broke");
          }

          @Override
          public void onError(Throwable failure) {}

          @Override
          public void onComplete() {}
        };
    Fanin.asCompleted(List.<Callable<String>>of(quick, blocked).iterator(), 2).subscribe(throwing);
    blocked.started.await();
    quick.open();
    try {
      try {
        subscription.get().request(1);
      } catch (IllegalStateException e) {
        // A synchronous delivery may throw the subscriber's exception back at the requester.
      }
      delivered.await();

      assertTrue(
          blocked.stopped.await(10, TimeUnit.SECONDS),
          "the running task was never cancelled");
      assertTrue(blocked.interrupted);
    } finally {
      subscription.get().cancel();
      blocked.stopped.await();
    }
  }

  /** A null subscriber throws NullPointerException (Reactive Streams 1.9). */
  @Test
  void publisher_nullSubscriber_throwsNullPointerException() {
    Flow.Publisher<Completion<String, Callable<String>>> publisher =
        Fanin.asCompleted(List.<Callable<String>>of().iterator(), 1);
    assertThrows(NullPointerException.class, () -> publisher.subscribe(null));
  }

  /** Tasks whose first {@code limit} members count down a latch when they run. */
  private static final class CountDownLatchTasks {
    final CountDownLatch firstRan;
    final List<Callable<Integer>> tasks = new ArrayList<>();

    CountDownLatchTasks(int n, int first) {
      firstRan = new CountDownLatch(first);
      for (int i = 0; i < n; i++) {
        int value = i;
        tasks.add(
            () -> {
              firstRan.countDown();
              return value;
            });
      }
    }
  }
}

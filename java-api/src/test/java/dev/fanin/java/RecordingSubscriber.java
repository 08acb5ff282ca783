package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A {@link Flow.Subscriber} that records every signal in arrival order and checks the Reactive
 * Streams rules a test can see: one onSubscribe first, no onNext without outstanding demand, no
 * overlapping onNext calls, nothing after a terminal signal. Violations are recorded (they may
 * happen on an engine thread) and reported by {@link #assertNoViolations()}.
 *
 * <p>The test requests through {@link #request(long)}, which counts the demand before passing it
 * on, so an onNext that arrives inside the request call is not mistaken for one without demand.
 */
final class RecordingSubscriber<T> implements Flow.Subscriber<T> {
  /** How long an await waits for a signal: a guard against hangs, not a timing assumption. */
  private static final long HANG_GUARD_SECONDS = 30;

  /** An onComplete signal. */
  record Complete() {}

  /** An onError signal. */
  record Error(Throwable failure) {}

  /** An onNext signal. */
  record Next<T>(T item) {}

  private final BlockingQueue<Object> signals = new LinkedBlockingQueue<>();
  private final AtomicLong outstanding = new AtomicLong();
  private final AtomicBoolean inOnNext = new AtomicBoolean();
  private final AtomicBoolean terminated = new AtomicBoolean();
  private final AtomicInteger onSubscribeCalls = new AtomicInteger();
  private final AtomicInteger onNextCalls = new AtomicInteger();
  private final Queue<AssertionError> violations = new ConcurrentLinkedQueue<>();
  private final Consumer<RecordingSubscriber<T>> onNextHook;
  private volatile Flow.Subscription subscription;

  /** A subscriber that only records. */
  RecordingSubscriber() {
    this(self -> {});
  }

  /** A subscriber that also runs {@code onNextHook} at the end of each onNext (to request more). */
  RecordingSubscriber(Consumer<RecordingSubscriber<T>> onNextHook) {
    this.onNextHook = onNextHook;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    if (onSubscribeCalls.incrementAndGet() != 1) {
      violation("onSubscribe called more than once");
    }
    if (subscription == null) {
      violation("onSubscribe(null)");
    }
    this.subscription = subscription;
  }

  @Override
  public void onNext(T item) {
    if (!inOnNext.compareAndSet(false, true)) {
      violation("onNext called while another onNext was running");
    }
    try {
      if (subscription == null) {
        violation("onNext before onSubscribe");
      }
      if (terminated.get()) {
        violation("onNext after a terminal signal");
      }
      if (outstanding.getAndUpdate(n -> n == Long.MAX_VALUE ? n : n - 1) <= 0) {
        violation("onNext without outstanding demand: " + item);
      }
      onNextCalls.incrementAndGet();
      signals.add(new Next<>(item));
    } finally {
      inOnNext.set(false);
    }
    onNextHook.accept(this);
  }

  @Override
  public void onError(Throwable failure) {
    terminal(new Error(failure));
  }

  @Override
  public void onComplete() {
    terminal(new Complete());
  }

  private void terminal(Object signal) {
    if (subscription == null) {
      violation("terminal signal before onSubscribe: " + signal);
    }
    if (!terminated.compareAndSet(false, true)) {
      violation("second terminal signal: " + signal);
    }
    signals.add(signal);
  }

  /** Adds {@code n} (when positive) to the counted demand, then requests it. */
  void request(long n) {
    if (n > 0) {
      outstanding.getAndUpdate(current -> Long.MAX_VALUE - current < n ? Long.MAX_VALUE : current + n);
    }
    subscription().request(n);
  }

  /** Cancels the subscription. */
  void cancel() {
    subscription().cancel();
  }

  /** {@return the subscription} Fails if onSubscribe has not been called. */
  Flow.Subscription subscription() {
    Flow.Subscription current = subscription;
    if (current == null) {
      fail("onSubscribe has not been called");
    }
    return current;
  }

  /** Waits for the next signal and asserts that it is an onNext; returns its item. */
  @SuppressWarnings("unchecked")
  T awaitNext() throws InterruptedException {
    Object signal = awaitSignal();
    return ((Next<T>) assertInstanceOf(Next.class, signal, "expected onNext")).item();
  }

  /** Waits for the next signal and asserts that it is onComplete. */
  void awaitComplete() throws InterruptedException {
    assertInstanceOf(Complete.class, awaitSignal(), "expected onComplete");
  }

  /** Waits for the next signal and asserts that it is onError; returns its exception. */
  Throwable awaitError() throws InterruptedException {
    return assertInstanceOf(Error.class, awaitSignal(), "expected onError").failure();
  }

  private Object awaitSignal() throws InterruptedException {
    Object signal = signals.poll(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
    if (signal == null) {
      fail("no signal within " + HANG_GUARD_SECONDS + " s");
    }
    return signal;
  }

  /** {@return whether no signal is waiting to be read} */
  boolean noPendingSignal() {
    return signals.isEmpty();
  }

  /** {@return how many onNext calls arrived} */
  int onNextCalls() {
    return onNextCalls.get();
  }

  /** Fails if any Reactive Streams rule this subscriber checks was broken. */
  void assertNoViolations() {
    AssertionError first = violations.peek();
    if (first != null) {
      AssertionError error = new AssertionError(first.getMessage(), first);
      violations.stream().skip(1).forEach(error::addSuppressed);
      throw error;
    }
  }

  private void violation(String what) {
    violations.add(new AssertionError(what + " [thread \"" + Thread.currentThread().getName() + "\"]"));
  }
}

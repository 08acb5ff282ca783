package dev.fanin.java;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * A lazy source over a fixed list that counts how far it has been pulled and records a violation
 * whenever a pull goes past the allowance the test gives it (for instance "takes so far + limit").
 * A pull past the allowance also throws, so the iteration fails loudly as well.
 */
final class CountingSource<E> implements Iterator<E> {
  private final List<E> items;
  private final IntSupplier allowance;
  private final AtomicInteger pulled = new AtomicInteger();
  private final Queue<AssertionError> violations = new ConcurrentLinkedQueue<>();

  CountingSource(List<? extends E> items, IntSupplier allowance) {
    this.items = List.copyOf(items);
    this.allowance = allowance;
  }

  /** A source that may be pulled to its end. */
  CountingSource(List<? extends E> items) {
    this(items, () -> Integer.MAX_VALUE);
  }

  @Override
  public boolean hasNext() {
    return pulled.get() < items.size();
  }

  @Override
  public E next() {
    int index = pulled.get();
    if (index >= items.size()) {
      throw new NoSuchElementException();
    }
    int allowed = allowance.getAsInt();
    if (index + 1 > allowed) {
      AssertionError violation =
          new AssertionError("pulled item " + index + " while only " + allowed + " were allowed");
      violations.add(violation);
      throw violation;
    }
    pulled.incrementAndGet();
    synchronized (this) {
      notifyAll();
    }
    return items.get(index);
  }

  /**
   * Waits until at least {@code count} items have been pulled: a window refills a freed slot on a
   * thread of its own choosing, so a test that needs the refill waits for it (no sleep).
   */
  synchronized void awaitPulled(int count) throws InterruptedException {
    while (pulled.get() < count) {
      wait();
    }
  }

  /** {@return how many items have been pulled} */
  int pulled() {
    return pulled.get();
  }

  /** Fails if any pull went past the allowance. */
  void assertNoViolations() {
    AssertionError first = violations.peek();
    if (first != null) {
      throw new AssertionError(violations.size() + " pull(s) past the allowance", first);
    }
  }
}

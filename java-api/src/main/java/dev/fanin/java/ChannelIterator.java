package dev.fanin.java;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;

/**
 * A blocking iterator over a channel's elements: {@link #hasNext()} waits for the next element and
 * keeps it until {@link #next()}.
 */
final class ChannelIterator<E> implements Iterator<E> {
  private final Channel<E> channel;
  private @Nullable E next;
  private boolean ended;

  ChannelIterator(Channel<E> channel) {
    this.channel = channel;
  }

  @Override
  public boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (ended) {
      return false;
    }
    ReceiveResult<E> result;
    try {
      result = channel.receiveCatching();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      CancellationException cancelled = new CancellationException("interrupted while waiting");
      cancelled.initCause(e);
      throw cancelled;
    }
    if (result instanceof ReceiveResult.Received<E> received) {
      next = received.element();
      return true;
    }
    ended = true;
    Throwable cause = ((ReceiveResult.Closed<E>) result).cause().orElse(null);
    if (cause != null) {
      throw new ChannelClosedException(cause);
    }
    return false;
  }

  @Override
  public E next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the channel is closed and drained");
    }
    E element = next;
    next = null;
    return element;
  }
}

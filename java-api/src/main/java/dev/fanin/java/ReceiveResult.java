package dev.fanin.java;

import java.util.Objects;
import java.util.Optional;

/**
 * What a non-throwing receive from a {@link Channel} got (Go's {@code v, ok := <-c}, with the
 * reason when it is not ok): an element, nothing yet, or the end of the channel.
 *
 * <pre>{@code
 * ReceiveResult<String> result = channel.tryReceive();
 * if (result instanceof ReceiveResult.Received<String> r) {
 *   System.out.println(r.element());
 * } else if (result instanceof ReceiveResult.Closed<String> c) {
 *   System.out.println("done, cause " + c.cause());
 * } else {
 *   System.out.println("nothing ready");
 * }
 * }</pre>
 *
 * <p>On Java 21 and later, a pattern {@code switch} over the three cases is exhaustive.
 *
 * @param <E> the type of the channel's elements
 */
public sealed interface ReceiveResult<E> {
  /**
   * An element was received.
   *
   * @param element the element, never null
   * @param <E> the type of the channel's elements
   */
  record Received<E>(E element) implements ReceiveResult<E> {
    /**
     * A received element.
     *
     * @param element the element
     * @throws NullPointerException if {@code element} is null
     */
    public Received {
      Objects.requireNonNull(element, "element");
    }
  }

  /**
   * Nothing was received: the channel had no element ready ({@link Channel#tryReceive()}) or none
   * came before the deadline. The channel is still open.
   *
   * @param <E> the type of the channel's elements
   */
  record Empty<E>() implements ReceiveResult<E> {}

  /**
   * The channel is closed and every element has been received.
   *
   * @param cause the cause the channel was closed with, empty after a normal close
   * @param <E> the type of the channel's elements
   */
  record Closed<E>(Optional<Throwable> cause) implements ReceiveResult<E> {
    /**
     * The end of a channel.
     *
     * @param cause the close cause, or empty
     * @throws NullPointerException if {@code cause} is null (use {@link Optional#empty()})
     */
    public Closed {
      Objects.requireNonNull(cause, "cause");
    }
  }

  /** {@return whether an element was received} */
  default boolean isReceived() {
    return this instanceof Received;
  }

  /** {@return whether the channel is closed and drained} */
  default boolean isClosed() {
    return this instanceof Closed;
  }

  /**
   * {@return the element received}
   *
   * @throws java.util.NoSuchElementException if nothing was received
   */
  default E element() {
    if (this instanceof Received<E> received) {
      return received.element();
    }
    throw new java.util.NoSuchElementException("nothing was received: " + this);
  }
}

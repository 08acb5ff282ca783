package dev.fanin.java;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by a {@link Channel} operation that cannot happen because the channel is closed: a send
 * after {@link Channel#close()}, or a receive from a closed channel with nothing left in it. A
 * {@link Select} throws it too once every {@link Select#onReceiveUntilClosed} channel of it is
 * closed, if it has no {@link Select#onAllClosed} clause (then the cause is null).
 *
 * <p>{@link #getCause()} is the cause the channel was closed with ({@link Channel#close(Throwable)}),
 * a {@link java.util.concurrent.CancellationException} after {@link Channel#cancel()}, or null
 * after a normal {@link Channel#close()}.
 *
 * <pre>{@code
 * try {
 *   handle(channel.receive());
 * } catch (ChannelClosedException e) {
 *   // no more elements; e.getCause() says why, if the producer gave a reason
 * }
 * }</pre>
 */
public final class ChannelClosedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception for a channel closed with {@code cause}.
   *
   * @param cause the close cause, or null for a normal close
   */
  public ChannelClosedException(@Nullable Throwable cause) {
    super(cause == null ? "the channel is closed" : "the channel is closed: " + cause, cause);
  }

  /** An exception saying {@code message}, for a close with {@code cause} (null: a normal close). */
  ChannelClosedException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}

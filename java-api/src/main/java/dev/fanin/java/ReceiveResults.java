package dev.fanin.java;

import dev.fanin.interop.ChannelEndpoint;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Makes the engine's receive outcomes into {@link ReceiveResult}s. */
final class ReceiveResults<E> implements ChannelEndpoint.Receipts<E, ReceiveResult<E>> {
  private static final ReceiveResults<?> INSTANCE = new ReceiveResults<>();
  private static final ReceiveResult.Empty<?> EMPTY = new ReceiveResult.Empty<>();

  private ReceiveResults() {}

  @SuppressWarnings("unchecked")
  static <E> ReceiveResults<E> instance() {
    return (ReceiveResults<E>) INSTANCE;
  }

  @Override
  public ReceiveResult<E> received(E element) {
    return new ReceiveResult.Received<>(element);
  }

  @Override
  @SuppressWarnings("unchecked")
  public ReceiveResult<E> empty() {
    return (ReceiveResult<E>) EMPTY;
  }

  @Override
  public ReceiveResult<E> closed(@Nullable Throwable cause) {
    return new ReceiveResult.Closed<>(Optional.ofNullable(cause));
  }
}

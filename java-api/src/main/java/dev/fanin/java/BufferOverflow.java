package dev.fanin.java;

/**
 * What a buffered {@link Channel} does with a send when its buffer is full: kotlinx's {@code
 * BufferOverflow}, with {@link #WAIT} for its {@code SUSPEND}.
 */
public enum BufferOverflow {
  /** The sender waits for room: a blocking send blocks, a future completes later. */
  WAIT,
  /** The send succeeds at once and the oldest buffered element is dropped. */
  DROP_OLDEST,
  /** The send succeeds at once and its own element is dropped. */
  DROP_LATEST;

  kotlinx.coroutines.channels.BufferOverflow toKotlin() {
    return switch (this) {
      case WAIT -> kotlinx.coroutines.channels.BufferOverflow.SUSPEND;
      case DROP_OLDEST -> kotlinx.coroutines.channels.BufferOverflow.DROP_OLDEST;
      case DROP_LATEST -> kotlinx.coroutines.channels.BufferOverflow.DROP_LATEST;
    };
  }
}

package dev.fanin.java;

import dev.fanin.interop.TimeoutBridge;
import java.time.Duration;
import java.util.Objects;

/** The Java view of the engine's timeout scope. */
final class TimeoutScopeHandle implements TimeoutScope {
  private final dev.fanin.TimeoutScope scope;

  TimeoutScopeHandle(dev.fanin.TimeoutScope scope) {
    this.scope = scope;
  }

  @Override
  public boolean isExpired() {
    return scope.isExpired();
  }

  @Override
  public void reschedule(Duration timeout) {
    TimeoutBridge.reschedule(scope, Objects.requireNonNull(timeout, "timeout"));
  }

  @Override
  public String toString() {
    return "TimeoutScope[expired=" + isExpired() + "]";
  }
}

package dev.fanin.java.internal;

import dev.fanin.interop.OutcomeFactory;
import dev.fanin.java.Outcome;
import java.util.concurrent.CancellationException;

/** Builds the Java {@link Outcome}s of settled operations inside the engine. */
public final class JavaOutcomes implements OutcomeFactory<Object, Outcome<Object>> {
  private static final JavaOutcomes INSTANCE = new JavaOutcomes();

  private JavaOutcomes() {}

  /** {@return the factory, typed for the caller's value type} */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static <T> OutcomeFactory<T, Outcome<T>> factory() {
    return (OutcomeFactory) INSTANCE;
  }

  @Override
  public Outcome<Object> success(Object value) {
    return new Outcome.Success<>(value);
  }

  @Override
  public Outcome<Object> failure(Throwable exception) {
    return new Outcome.Failure<>(exception);
  }

  @Override
  public Outcome<Object> cancelled(CancellationException exception) {
    return new Outcome.Cancelled<>(exception);
  }

  /**
   * {@return the outcome of an input that ended with {@code value}, or with {@code exception} when
   * it is not null}
   */
  @SuppressWarnings("unchecked")
  public static <T> Outcome<T> of(Object value, Throwable exception) {
    if (exception == null) {
      return new Outcome.Success<>((T) value);
    }
    if (exception instanceof CancellationException cancelled) {
      return new Outcome.Cancelled<>(cancelled);
    }
    return new Outcome.Failure<>(exception);
  }
}

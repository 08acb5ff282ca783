package dev.fanin.samples.fetch;

import dev.fanin.Outcome;
import java.net.URI;
import java.util.concurrent.TimeoutException;

/**
 * How the fetch of one page ended, as the sample reports it.
 *
 * @param url the page
 * @param status how it ended
 * @param detail the body, or what went wrong
 */
public record PageResult(URI url, Status status, String detail) {
  /** How a fetch ended. */
  public enum Status {
    /** The page answered 200. */
    SUCCEEDED,
    /** The page answered an error, or the request failed. */
    FAILED,
    /** No answer within the per-request timeout. */
    TIMED_OUT
  }

  /**
   * Reads the outcome of a task that fetched {@code url} under a timeout.
   *
   * @param url the page
   * @param outcome the task's outcome
   * @return the page's result
   */
  public static PageResult of(URI url, Outcome<String> outcome) {
    if (outcome instanceof Outcome.Success<String> success) {
      return new PageResult(url, Status.SUCCEEDED, success.value());
    }
    if (outcome instanceof Outcome.Failure<String> failure) {
      // The task's own exception: the request's IOException, or the TimeoutException of its
      // deadline, as it is (the waitFor inside the task wraps neither for the outcome).
      Throwable cause = failure.exception();
      if (cause instanceof TimeoutException) {
        return new PageResult(url, Status.TIMED_OUT, "no answer in time");
      }
      return new PageResult(url, Status.FAILED, String.valueOf(cause.getMessage()));
    }
    // Only closing the iteration or cancelling the gather cancels a task, and the sample does
    // neither before every result is in.
    return new PageResult(url, Status.FAILED, "cancelled");
  }

  /** {@return the line the sample prints for this page} */
  public String describe() {
    String label =
        switch (status) {
          case SUCCEEDED -> "ok";
          case FAILED -> "failed";
          case TIMED_OUT -> "timed out";
        };
    return String.format("%-9s %s (%s)", label, url, detail);
  }
}

package dev.fanin.samples.fetch;

import java.util.Collection;

/**
 * How a run ended: how many pages came back, failed (HTTP error or I/O), or timed out.
 *
 * @param succeeded pages that answered 200 in time
 * @param failed pages that answered an error or whose request failed
 * @param timedOut pages with no answer within the per-request timeout
 */
public record FetchSummary(int succeeded, int failed, int timedOut) {
  /**
   * Counts {@code results} by status.
   *
   * @param results the pages' results
   * @return the counts
   */
  public static FetchSummary of(Collection<PageResult> results) {
    int succeeded = 0;
    int failed = 0;
    int timedOut = 0;
    for (PageResult result : results) {
      switch (result.status()) {
        case SUCCEEDED -> succeeded++;
        case FAILED -> failed++;
        case TIMED_OUT -> timedOut++;
      }
    }
    return new FetchSummary(succeeded, failed, timedOut);
  }

  /** {@return the number of pages} */
  public int total() {
    return succeeded + failed + timedOut;
  }

  /** {@return the summary line the sample prints} */
  public String describe() {
    return total()
        + " pages: "
        + succeeded
        + " succeeded, "
        + failed
        + " failed, "
        + timedOut
        + " timed out";
  }
}

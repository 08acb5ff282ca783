package dev.fanin.samples.fetch;

/**
 * What {@link PageServer} does for each page, fixed in advance so that a run's summary is known
 * before it starts: every 25th page (from page 12) never answers, every 8th (from page 5) answers
 * HTTP 500, the others answer 200. Pages that answer wait a delay from a fixed formula first.
 *
 * @param pages how many pages, numbered from 0
 * @param maxDelayMs the longest delay before an answer
 */
public record PagePlan(int pages, int maxDelayMs) {
  /** What one page does. */
  public enum Kind {
    /** Answers 200 with a body. */
    OK,
    /** Answers 500. */
    FAILS,
    /** Never answers while the server runs. */
    HANGS
  }

  /**
   * Checks the arguments.
   *
   * @param pages how many pages, numbered from 0
   * @param maxDelayMs the longest delay before an answer
   * @throws IllegalArgumentException if {@code pages < 1} or {@code maxDelayMs < 0}
   */
  public PagePlan {
    if (pages < 1) {
      throw new IllegalArgumentException("pages < 1: " + pages);
    }
    if (maxDelayMs < 0) {
      throw new IllegalArgumentException("maxDelayMs < 0: " + maxDelayMs);
    }
  }

  /**
   * {@return what page {@code page} does}
   *
   * @param page the page number
   */
  public Kind kind(int page) {
    if (page % 25 == 12) {
      return Kind.HANGS;
    }
    return page % 8 == 5 ? Kind.FAILS : Kind.OK;
  }

  /**
   * {@return how long page {@code page} waits before answering}
   *
   * @param page the page number
   */
  public long delayMs(int page) {
    // 37 is prime, so consecutive pages get scattered delays rather than a ramp.
    return (page * 37L) % (maxDelayMs + 1L);
  }

  /** {@return the summary a run must end with if only the hanging pages time out} */
  public FetchSummary expected() {
    int ok = 0;
    int fails = 0;
    int hangs = 0;
    for (int page = 0; page < pages; page++) {
      switch (kind(page)) {
        case OK -> ok++;
        case FAILS -> fails++;
        case HANGS -> hangs++;
      }
    }
    return new FetchSummary(ok, fails, hangs);
  }
}

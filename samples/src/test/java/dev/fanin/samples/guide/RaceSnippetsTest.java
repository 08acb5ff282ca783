package dev.fanin.samples.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.testing.NoLeaksExtension;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The guide's race and firstCompleted examples do what the guide says. */
@ExtendWith(NoLeaksExtension.class)
@Timeout(30) // a guard against hangs only
class RaceSnippetsTest {
  /**
   * A primary that never answers is joined by the mirror, which wins; the primary is interrupted.
   * The mirror answers only once the primary has started, so that the primary surely ran.
   */
  @Test
  void quote_slowPrimary_mirrorWinsPrimaryInterrupted() throws Exception {
    CountDownLatch primaryStarted = new CountDownLatch(1);
    CountDownLatch primaryStopped = new CountDownLatch(1);
    Callable<String> primary =
        () -> {
          primaryStarted.countDown();
          try {
            new CountDownLatch(1).await(); // never answers; waits for the interrupt
            return "primary";
          } finally {
            primaryStopped.countDown();
          }
        };
    Callable<String> mirror =
        () -> {
          primaryStarted.await();
          return "mirror";
        };
    assertEquals("mirror", RaceSnippets.quote(primary, mirror));
    assertEquals(0, primaryStopped.getCount(), "the primary had stopped when race returned");
  }

  /** A primary that answers wins, and the mirror is never asked (it could only start in 200 ms). */
  @Test
  void quote_primaryAnswers_mirrorNeverAsked() throws Exception {
    CountDownLatch mirrorAsked = new CountDownLatch(1);
    assertEquals(
        "primary",
        RaceSnippets.quote(
            () -> "primary",
            () -> {
              mirrorAsked.countDown();
              return "mirror";
            }));
    assertEquals(1, mirrorAsked.getCount());
  }

  /** Both failing gives the note, counting both failures. */
  @Test
  void quote_bothFail_unavailable() throws Exception {
    Callable<String> failing =
        () -> {
          throw new IOException("down");
        };
    assertEquals("unavailable (2 failures)", RaceSnippets.quote(failing, failing));
  }

  /** firstCompleted names the lookup that finished first and leaves the other running. */
  @Test
  void whichFirst_namesTheFirst_leavesTheOtherRunning() throws Exception {
    CompletableFuture<String> fromCache = new CompletableFuture<>();
    CompletableFuture<String> fromServer = CompletableFuture.completedFuture("fresh");
    assertEquals("server: Success(value=fresh)", RaceSnippets.whichFirst(fromCache, fromServer));
    assertFalse(fromCache.isDone());
    fromCache.complete("cached");
    assertTrue(fromCache.isDone());
  }
}

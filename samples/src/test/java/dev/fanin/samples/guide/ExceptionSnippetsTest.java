package dev.fanin.samples.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.UncheckedTaskException;
import dev.fanin.testing.NoLeaksExtension;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The guide's "Exceptions" examples do what the guide says. */
@ExtendWith(NoLeaksExtension.class)
@Timeout(30) // a guard against hangs only
class ExceptionSnippetsTest {
  @TempDir Path dir;

  /** A text, a missing file, a read that outlives its deadline, and another checked exception. */
  @Test
  void readOrExplain_explainsEachFailure() throws Exception {
    Path notes = Files.writeString(dir.resolve("notes.txt"), "hello");
    assertEquals("hello", ExceptionSnippets.readOrExplain(() -> Files.readString(notes), Duration.ofSeconds(10)));
    Path missing = dir.resolve("missing.txt");
    assertEquals(
        "(missing)",
        ExceptionSnippets.readOrExplain(() -> Files.readString(missing), Duration.ofSeconds(10)));

    CountDownLatch stopped = new CountDownLatch(1);
    String slow = ExceptionSnippets.readOrExplain(neverEnds(stopped), Duration.ofMillis(50));
    assertEquals("(too slow)", slow);
    assertEquals(0, stopped.getCount(), "the read had stopped when waitFor threw");

    AccessDeniedException denied = new AccessDeniedException("secret.txt");
    UncheckedTaskException wrapped =
        assertThrows(
            UncheckedTaskException.class,
            () -> ExceptionSnippets.readOrExplain(() -> { throw denied; }, Duration.ofSeconds(10)));
    assertSame(denied, wrapped.getCause(), "the task's own exception object");
  }

  /**
   * A deadline per read: a text, a missing file, a read that outlives its own deadline and one that
   * fails otherwise, each reported from the task's own exception, which is never wrapped.
   */
  @Test
  void readEachOrExplain_explainsEachTasksOwnFailure() throws Exception {
    Path notes = Files.writeString(dir.resolve("notes.txt"), "hello");
    Path missing = dir.resolve("missing.txt");
    CountDownLatch stopped = new CountDownLatch(1);
    List<String> texts =
        ExceptionSnippets.readEachOrExplain(
            List.of(
                () -> Files.readString(notes),
                () -> Files.readString(missing),
                neverEnds(stopped),
                () -> {
                  throw new AccessDeniedException("secret.txt");
                }),
            // Long beside a file read, so a loaded machine does not make one too slow; only the
            // read that never ends reaches it.
            Duration.ofSeconds(2));
    assertEquals(List.of("hello", "(missing)", "(too slow)", "(unreadable)"), texts);
    assertEquals(0, stopped.getCount(), "the slow read had stopped when gatherSettled returned");
  }

  /** Every unreadable file is reported, even when only one is. */
  @Test
  void unreadable_listsEveryFailure() throws Exception {
    Path a = Files.writeString(dir.resolve("a.txt"), "a");
    Path gone1 = dir.resolve("gone1.txt");
    Path gone2 = dir.resolve("gone2.txt");

    assertEquals(List.of(), ExceptionSnippets.unreadable(List.of(a)));
    assertEquals(List.of(gone1.toString()), ExceptionSnippets.unreadable(List.of(a, gone1)));
    List<String> both = ExceptionSnippets.unreadable(List.of(gone1, a, gone2));
    assertEquals(
        List.of(gone1.toString(), gone2.toString()),
        both.stream().sorted().toList(),
        "both failures; their order is the order they happened in");
  }

  /** The future form's exceptionally stage sees the task's exception itself. */
  @Test
  void readLater_missingFile_readsAsEmpty() throws IOException {
    Path notes = Files.writeString(dir.resolve("notes.txt"), "hello");
    assertEquals("hello", ExceptionSnippets.readLater(notes).join());
    assertEquals("", ExceptionSnippets.readLater(dir.resolve("missing.txt")).join());
    String directory = ExceptionSnippets.readLater(dir).join(); // reading a directory fails
    assertTrue(directory.startsWith("unreadable: java.io.IOException"), directory);
  }

  /** A read that waits on a latch nobody counts down until it is interrupted; counts down {@code stopped}. */
  private static Callable<String> neverEnds(CountDownLatch stopped) {
    return () -> {
      try {
        new CountDownLatch(1).await();
        return "unreachable";
      } finally {
        stopped.countDown();
      }
    };
  }
}

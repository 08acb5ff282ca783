package dev.fanin.samples.guide;

import dev.fanin.java.Fanin;
import dev.fanin.java.FaninBlocking;
import dev.fanin.OnFailure;
import dev.fanin.Outcome;
import dev.fanin.TaskGroupException;
import dev.fanin.UncheckedTaskException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/** The guide's "Exceptions" examples (docs/guide.md), run by {@code ExceptionSnippetsTest}. */
public final class ExceptionSnippets {
  private ExceptionSnippets() {}

  /**
   * Runs {@code read} with a deadline and says what went wrong instead of throwing.
   *
   * @param read reads a text
   * @param timeout how long it may take
   * @return the text, {@code "(too slow)"} or {@code "(missing)"}
   * @throws InterruptedException if interrupted; {@code read} is then cancelled and has stopped
   */
  public static String readOrExplain(Callable<String> read, Duration timeout)
      throws InterruptedException {
    try {
      return FaninBlocking.waitFor(read, timeout);
    } catch (TimeoutException e) {
      // Checked and thrown as it is; the task was interrupted and has stopped.
      return "(too slow)";
    } catch (UncheckedTaskException e) {
      // A task's checked exception arrives wrapped; getCause() is the task's own exception.
      if (e.getCause() instanceof NoSuchFileException) {
        return "(missing)";
      }
      throw e;
    }
  }

  /**
   * Runs every read with a deadline of its own and says, for each, what went wrong.
   *
   * @param reads the reads, each of which may fail with an {@code IOException}
   * @param perRead how long each read may take
   * @return the texts, each replaced by {@code "(too slow)"}, {@code "(missing)"} or {@code
   *     "(unreadable)"} if its read failed, in the order of {@code reads}
   * @throws InterruptedException if interrupted; every read is then cancelled and has stopped
   */
  public static List<String> readEachOrExplain(List<Callable<String>> reads, Duration perRead)
      throws InterruptedException {
    List<Callable<String>> withDeadlines = new ArrayList<>();
    for (Callable<String> read : reads) {
      // A deadline per task: waitFor inside the task. The task fails with what waitFor threw,
      // the read's own exception or the TimeoutException, as if it had thrown it itself.
      withDeadlines.add(() -> FaninBlocking.waitFor(read, perRead));
    }
    List<String> texts = new ArrayList<>();
    for (Outcome<String> outcome : FaninBlocking.gatherSettled(withDeadlines)) {
      if (outcome instanceof Outcome.Failure<String> failure) {
        // The task's own exception, never an UncheckedTaskException: nothing to unwrap.
        Throwable e = failure.exception();
        texts.add(
            e instanceof TimeoutException
                ? "(too slow)"
                : e instanceof NoSuchFileException ? "(missing)" : "(unreadable)");
      } else {
        texts.add(outcome.getOrThrow());
      }
    }
    return texts;
  }

  /**
   * Reads every file and reports those that could not be read.
   *
   * @param paths the files
   * @return the messages of the failures, in the order they happened
   * @throws InterruptedException if interrupted; every read is then cancelled and has stopped
   */
  public static List<String> unreadable(List<Path> paths) throws InterruptedException {
    try {
      FaninBlocking.taskGroup(
          OnFailure.KEEP_RUNNING,
          group -> {
            for (Path path : paths) {
              group.fork(() -> Files.readString(path));
            }
            return null;
          });
      return List.of();
    } catch (TaskGroupException e) {
      // Every failure, in the order they happened, even a single one; the tasks' own exceptions.
      return e.failures(IOException.class).stream().map(Throwable::getMessage).toList();
    }
  }

  /**
   * Reads a file without blocking; a missing file reads as empty.
   *
   * @param path the file
   * @return a future of its text
   */
  public static CompletableFuture<String> readLater(Path path) {
    return Fanin.waitFor(() -> Files.readString(path), Duration.ofSeconds(5))
        // The future fails with the task's own exception: no CompletionException to unwrap here.
        .exceptionally(e -> e instanceof NoSuchFileException ? "" : "unreadable: " + e);
  }
}

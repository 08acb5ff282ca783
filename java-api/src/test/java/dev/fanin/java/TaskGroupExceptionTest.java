package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.testing.NoLeaksExtension;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** TaskGroupException: its constructor's checks and the failures it lists. */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class TaskGroupExceptionTest {

  /** The failures are kept in order, the first is the cause, and the message names them all. */
  @Test
  void constructor_failures_keptInOrderWithFirstAsCause() {
    IOException io = new IOException("disk");
    IllegalStateException state = new IllegalStateException("state");
    TaskGroupException e = new TaskGroupException(List.of(io, state));
    assertEquals(List.of(io, state), e.failures());
    assertSame(io, e.getCause());
    assertTrue(e.getMessage().startsWith("2 task(s) failed: "), e.getMessage());
    assertTrue(e.getMessage().contains("disk") && e.getMessage().contains("state"), e.getMessage());
  }

  /** The list is copied: changing the caller's list later does not change the exception. */
  @Test
  void constructor_copiesTheList() {
    IOException io = new IOException("disk");
    List<Throwable> failures = new ArrayList<>(List.of(io));
    TaskGroupException e = new TaskGroupException(failures);
    failures.add(new IllegalStateException("later"));
    assertEquals(List.of(io), e.failures());
    assertThrows(UnsupportedOperationException.class, () -> e.failures().add(io));
  }

  /** An empty list is rejected with IllegalArgumentException. */
  @Test
  void constructor_empty_throwsIllegalArgumentException() {
    assertThrows(IllegalArgumentException.class, () -> new TaskGroupException(List.of()));
  }

  /** A null list is rejected with NullPointerException naming it. */
  @Test
  void constructor_null_throwsNpeNamingIt() {
    NullPointerException thrown =
        assertThrows(NullPointerException.class, () -> new TaskGroupException(null));
    assertEquals("failures", thrown.getMessage());
  }

  /** A null element is rejected with NullPointerException, first or not. */
  @Test
  void constructor_nullElement_throwsNpe() {
    assertThrows(
        NullPointerException.class,
        () -> new TaskGroupException(Arrays.asList(new IOException("a"), null)));
    assertThrows(
        NullPointerException.class,
        () -> new TaskGroupException(Arrays.asList(null, new IOException("a"))));
  }

  /** failures(Class) keeps the instances of the type, subclasses included, in order. */
  @Test
  void failuresOfType_filtersInOrder() {
    IOException io = new IOException("io");
    IllegalStateException state = new IllegalStateException("state");
    FileNotFoundException missing = new FileNotFoundException("missing");
    AssertionError error = new AssertionError("error");
    TaskGroupException e = new TaskGroupException(List.of(io, state, missing, error));

    List<IOException> ios = e.failures(IOException.class);
    assertEquals(List.of(io, missing), ios);
    assertEquals(List.of(missing), e.failures(FileNotFoundException.class));
    assertEquals(List.of(state), e.failures(RuntimeException.class));
    assertEquals(List.of(error), e.failures(Error.class));
    assertEquals(List.of(), e.failures(InterruptedException.class));
    assertEquals(List.of(io, state, missing, error), e.failures(Throwable.class));
  }

  /** failures(Class) rejects null, naming the argument. */
  @Test
  void failuresOfType_null_throwsNpeNamingIt() {
    TaskGroupException e = new TaskGroupException(List.of(new IOException("io")));
    assertEquals(
        "type", assertThrows(NullPointerException.class, () -> e.failures(null)).getMessage());
  }

  /** failures(Class) filters what a real group reported. */
  @Test
  void failuresOfType_fromAGroup_filtersItsFailures() throws Exception {
    IOException io = new IOException("io");
    IllegalStateException state = new IllegalStateException("state");
    TaskGroupRunExecutor ioRun = new TaskGroupRunExecutor("io");
    TaskGroupRunExecutor stateRun = new TaskGroupRunExecutor("state");
    TaskGroupException thrown;
    try (TaskGroup group = TaskGroup.open(OnFailure.KEEP_RUNNING)) {
      group.fork(
          () -> {
            throw io;
          },
          ioRun);
      group.fork(
          () -> {
            ioRun.ran.await();
            throw state;
          },
          stateRun);
      // Joined once both failures have happened, so their order is the runs' order.
      stateRun.ran.await();
      thrown = assertThrows(TaskGroupException.class, group::join);
    } finally {
      ioRun.joinAll();
      stateRun.joinAll();
    }
    assertEquals(List.of(io), thrown.failures(IOException.class));
    assertEquals(List.of(state), thrown.failures(IllegalStateException.class));
    assertEquals(List.of(io, state), thrown.failures(Exception.class));
  }
}

package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.OnFailure;
import dev.fanin.TaskGroupException;
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
    assertTrue(thrown.getMessage().endsWith("parameter failures"), thrown.getMessage());
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
    String message = assertThrows(NullPointerException.class, () -> e.failures(null)).getMessage();
    assertTrue(message.endsWith("parameter type"), message);
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

  /** After Java serialization the failures are all there, in order (they were transient once). */
  @Test
  void serialization_keepsEveryFailure() throws Exception {
    IOException io = new IOException("io");
    IllegalStateException state = new IllegalStateException("state");
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(new TaskGroupException(List.of(io, state)));
    }
    TaskGroupException copy;
    try (java.io.ObjectInputStream in =
        new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (TaskGroupException) in.readObject();
    }
    assertEquals(List.of("io", "state"), copy.failures().stream().map(Throwable::getMessage).toList());
    assertEquals(1, copy.failures(IOException.class).size());
  }

  /**
   * A failure whose toString throws does not break the message: it is named by its class. The
   * message names at most ten failures and counts the rest.
   */
  @Test
  void message_failureToStringThrows_namedByClassAndBounded() {
    RuntimeException hostile =
        new RuntimeException() {
          @Override
          public String toString() {
            throw new NullPointerException("a field was null");
          }
        };
    java.util.List<Throwable> failures = new java.util.ArrayList<>();
    failures.add(hostile);
    for (int i = 0; i < 20; i++) {
      failures.add(new IllegalStateException("f" + i));
    }
    String message = new TaskGroupException(failures).getMessage();
    assertTrue(message.startsWith("21 task(s) failed: "), message);
    assertTrue(message.contains(hostile.getClass().getName() + " (toString threw"), message);
    assertTrue(message.endsWith("; and 11 more"), message);
  }
}

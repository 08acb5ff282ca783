package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A Java caller catches {@link TimeoutException} only where a deadline exists: every public method
 * of {@code dev.fanin.java} that declares it either takes the deadline (a {@link Duration}) or
 * belongs to a handle made with one (a nested {@code Timed} type); and the handles made without a
 * deadline do not declare it (adr/0019).
 */
class TimeoutDeclarationsTest {
  /** No method without a deadline declares TimeoutException. */
  @Test
  void publicMethods_declareTimeoutOnlyWhereADeadlineExists() throws Exception {
    List<String> undue = new ArrayList<>();
    for (Class<?> type : apiClasses()) {
      for (Method method : type.getDeclaredMethods()) {
        if (!Modifier.isPublic(method.getModifiers())
            || !Arrays.asList(method.getExceptionTypes()).contains(TimeoutException.class)) {
          continue;
        }
        boolean takesDeadline = Arrays.asList(method.getParameterTypes()).contains(Duration.class);
        boolean onTimedHandle = type.getSimpleName().equals("Timed");
        if (!takesDeadline && !onTimedHandle) {
          undue.add(type.getName() + "." + method.getName());
        }
      }
    }
    assertEquals(List.of(), undue, "methods that declare TimeoutException but have no deadline");
  }

  /** The handles made without a deadline: take() and join() declare only InterruptedException. */
  @Test
  void untimedHandles_takeAndJoin_declareOnlyInterruptedException() throws Exception {
    assertEquals(
        List.of(InterruptedException.class),
        List.of(Completions.class.getMethod("take").getExceptionTypes()));
    assertEquals(
        List.of(InterruptedException.class),
        List.of(TaskGroup.class.getMethod("join").getExceptionTypes()));
  }

  /**
   * The forms with a deadline return handles whose take() and join() do declare it, so that the
   * compiler still makes a caller handle the timeout where one can happen.
   */
  @Test
  void timedForms_returnHandlesWhoseWaitDeclaresTimeout() throws Exception {
    List<Method> timedForms =
        List.of(
            FaninBlocking.class.getMethod("asCompleted", List.class, Duration.class),
            FaninBlocking.class.getMethod("asCompletedFutures", List.class, Duration.class),
            TaskGroup.class.getMethod("open", dev.fanin.OnFailure.class, Duration.class));
    for (Method form : timedForms) {
      Class<?> handle = form.getReturnType();
      assertEquals("Timed", handle.getSimpleName(), form.toString());
      Method wait = handle.getMethod(handle.getEnclosingClass() == TaskGroup.class ? "join" : "take");
      assertTrue(
          Arrays.asList(wait.getExceptionTypes()).contains(TimeoutException.class), wait::toString);
    }
  }

  /** The public classes of dev.fanin.java, nested ones included, read from the compiled classes. */
  private static List<Class<?>> apiClasses() throws IOException, URISyntaxException {
    Path root = Path.of(Fanin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path dir = root.resolve("dev/fanin/java");
    List<Class<?>> classes = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (!name.endsWith(".class") || name.equals("package-info.class")) {
          continue;
        }
        try {
          Class<?> type =
              Class.forName(
                  "dev.fanin.java." + name.substring(0, name.length() - ".class".length()),
                  false,
                  Fanin.class.getClassLoader());
          if (Modifier.isPublic(type.getModifiers())) {
            classes.add(type);
          }
        } catch (ClassNotFoundException e) {
          throw new IllegalStateException(name, e);
        }
      }
    }
    assertTrue(classes.contains(FaninBlocking.class), classes::toString);
    return classes;
  }
}

package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fanin.OnFailure;
import dev.fanin.TaskGroupException;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a group lists when a task awaits a failed sibling (adr/0007, adr/0015): the failure coming
 * back (the same object, or the CompletionException of {@code join()}) is an echo and is not
 * listed again; an exception of the task's own, with the sibling's failure as its cause, is a
 * failure of its own and is listed after it, with its type and message. (Before adr/0015 the own
 * exception was dropped as an echo.)
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class TaskGroupEchoTest {
  private final IllegalStateException boom = new IllegalStateException("boom");

  /** TaskGroup.open, KEEP_RUNNING: the sibling's failure, then the task's own exception. */
  @OnEachThreadKind
  void join_taskThrowsOwnExceptionCausedBySiblingFailure_bothListed() throws Exception {
    IOException own = new IOException("could not save: the load failed");
    TaskGroupException thrown;
    try (TaskGroup group = TaskGroup.open(OnFailure.KEEP_RUNNING)) {
      CompletableFuture<Object> failing = group.fork(() -> {
        throw boom;
      });
      group.fork(
          () -> {
            try {
              return failing.join();
            } catch (CompletionException e) {
              own.initCause(e.getCause());
              throw own;
            }
          });
      thrown = assertThrows(TaskGroupException.class, group::join);
    }
    assertEquals(List.of(boom, own), thrown.failures());
    assertSame(boom, own.getCause());
  }

  /** The body form, both policies: a body that rethrows what join() threw adds nothing. */
  @OnEachThreadKind
  void taskGroup_bodyRethrowsJoinFailure_listedOnce() throws Exception {
    for (OnFailure policy : OnFailure.values()) {
      TaskGroupException thrown =
          assertThrows(
              TaskGroupException.class,
              () ->
                  FaninBlocking.taskGroup(
                      policy,
                      group ->
                          group
                              .fork(
                                  () -> {
                                    throw boom;
                                  })
                              .join()));
      assertEquals(List.of(boom), thrown.failures(), policy.name());
    }
  }

  /** The body form, KEEP_RUNNING: a body that wraps the failure in its own exception lists both. */
  @OnEachThreadKind
  void taskGroup_bodyWrapsFailureInOwnException_bothListed() throws Exception {
    TaskGroupException thrown =
        assertThrows(
            TaskGroupException.class,
            () ->
                FaninBlocking.taskGroup(
                    OnFailure.KEEP_RUNNING,
                    group -> {
                      CompletableFuture<Object> failing =
                          group.fork(
                              () -> {
                                throw boom;
                              });
                      try {
                        return failing.join();
                      } catch (CompletionException e) {
                        throw new IllegalArgumentException("bad input", e.getCause());
                      }
                    }));
    assertEquals(2, thrown.failures().size());
    assertSame(boom, thrown.failures().get(0));
    assertEquals("bad input", thrown.failures().get(1).getMessage());
  }
}

package dev.fanin.java;

import dev.fanin.interop.TaskGroupBridge;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/** The fork-only view of a group that a {@link TaskGroup.Body} gets. */
final class GroupForks implements TaskGroup.Forks {
  private final TaskGroupBridge.Group group;

  GroupForks(TaskGroupBridge.Group group) {
    this.group = group;
  }

  @Override
  public <T extends @Nullable Object> CompletableFuture<T> fork(Callable<? extends T> task) {
    return group.fork(Objects.requireNonNull(task, "task"), null);
  }

  @Override
  public <T extends @Nullable Object> CompletableFuture<T> fork(
      Callable<? extends T> task, Executor executor) {
    Objects.requireNonNull(task, "task");
    return group.fork(task, Objects.requireNonNull(executor, "executor"));
  }

  @Override
  public CompletableFuture<@Nullable Void> fork(Runnable task) {
    Objects.requireNonNull(task, "task");
    return group.fork(
        () -> {
          task.run();
          return null;
        },
        null);
  }

  /** {@return {@code TaskGroup.Forks[open, 3 running, 1 failed]}, as {@link TaskGroup#toString()}} */
  @Override
  public String toString() {
    return "TaskGroup.Forks[" + group.describe() + "]";
  }
}

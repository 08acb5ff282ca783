package dev.fanin.java;

import dev.fanin.interop.ConfigBridge;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;

/**
 * Process-wide settings of the tasks Fanin starts for Java code: the executor of the calls that
 * name none, and a task decorator that carries the caller's context (a logging MDC, a tracing span,
 * a {@link ThreadLocal}) into every task.
 *
 * <p><b>Set once, first.</b> Each setting may be set once per JVM, before Fanin starts its first
 * task: at the start of {@code main}, before anything uses Fanin. A second call, or a call once a
 * task has started, throws {@link IllegalStateException}, so that every task of the process runs
 * under the same settings: none is left undecorated by a decorator that came late. Safe to call
 * from any thread.
 *
 * <p><b>Which tasks.</b> Every {@link Callable} that Fanin starts on an executor: the tasks of
 * {@code gather}, {@code gatherSettled}, {@code waitFor} and {@code asCompleted}, the tasks {@link
 * TaskGroup#fork forked} into a group, the bodies of {@link Fanin#taskGroup(TaskGroup.Body)} and
 * {@link Fanin#timeoutScope(java.time.Duration, dev.fanin.TimeoutScope.Body)}, and {@link
 * SelectLoop#addWork} work, on the default executor or on one the call names. Not the bodies that
 * {@link FaninBlocking} runs on the calling thread: their context is already there. Not Kotlin
 * coroutines either, which carry their context in their {@code CoroutineContext} (a {@code
 * ThreadContextElement}, such as {@code ThreadLocal.asContextElement()} or
 * kotlinx-coroutines-slf4j's {@code MDCContext}).
 *
 * <p><b>What stays Fanin's own.</b> Fanin's own short hand-offs (completing a future off
 * kotlinx.coroutines' threads, a {@code selectAsync} handler, a deadline's expiry) keep running on
 * Fanin's built-in executor, which never runs out of threads: a bounded default executor whose
 * every thread is busy must not hold up a deadline.
 *
 * <p>The examples below are copies of {@code ContextSnippets} in the {@code samples} module, which
 * its test runs; the guide's "Threads and executors" section shows them at work.
 */
public final class FaninConfig {
  private FaninConfig() {}

  /**
   * Sets the executor of the tasks of every call that names none, in place of a new virtual thread
   * per task (JDK 21 and later) or Fanin's cached pool of daemon threads (JDK 17 to 20; {@code
   * adr/0001}). A call that names an executor still uses that one.
   *
   * <p>It is used as an executor passed to a call is: whatever its {@code execute} throws (a {@link
   * java.util.concurrent.RejectedExecutionException} after {@code shutdown}, say) is that task's
   * failure, never thrown from the call ({@code adr/0015}), and a task that blocks on a nested
   * Fanin call holds one of its threads meanwhile. A bounded executor can therefore deadlock when
   * tasks wait for tasks that need a thread of it; an executor that starts a thread (a virtual one)
   * per task cannot. Fanin never shuts it down.
   *
   * <pre>{@code
   * // In main, before anything uses Fanin: tasks on the service's own executor.
   * FaninConfig.setDefaultExecutor(serviceExecutor);
   * }</pre>
   *
   * @param executor where tasks run when their call names no executor
   * @throws IllegalStateException if the default executor has already been set, or Fanin has
   *     already started a task in this JVM
   */
  public static void setDefaultExecutor(Executor executor) {
    ConfigBridge.setDefaultExecutor(Objects.requireNonNull(executor, "executor"));
  }

  /**
   * Sets the task decorator: every task Fanin starts (see the class documentation for which) is
   * passed to {@code decorator} when it starts, and the {@link Callable} it returns runs in the
   * task's place.
   *
   * <p><b>Threads.</b> The decorator runs once per task, on the thread that starts it, so that it
   * can capture that thread's context: the thread that calls {@code gather}, {@code waitFor},
   * {@code timeoutScope}, {@code taskGroup} or {@code asCompleted} with a list, the thread that
   * calls {@code fork} (a body's, or a task's that forks more), and for {@link SelectLoop#addWork}
   * the thread that adds the work (each run of the work then calls what the decorator returned).
   * An {@code asCompleted} over a lazy source starts later tasks on the thread that takes a result
   * or whose task's result a waiting taker receives; a decorator that restores the context inside
   * the task therefore hands the same context on. The returned {@code Callable} runs on the task's
   * executor, once, unless the task is cancelled before it starts; cancelling the task interrupts
   * that thread, as for any task.
   *
   * <p><b>Failure.</b> A decorator that throws, or returns {@code null} (a {@link
   * NullPointerException}), fails that task with that exception, never the call that started it,
   * as an executor that refuses a task does ({@code adr/0015}); for {@code addWork}, every run of
   * the work fails with it. The returned {@code Callable} must call the task once and return its
   * result or throw its exception: what it returns or throws is the task's outcome.
   *
   * <p><b>Memory consistency.</b> Actions of the starting thread before the start happen-before the
   * decorator runs, and the decorator's actions happen-before the returned {@code Callable} runs.
   *
   * <p>One decorator per process: to apply several, set one that applies each in turn.
   *
   * <pre>{@code
   * FaninConfig.setTaskDecorator(
   *     task -> {
   *       String id = REQUEST_ID.get(); // on the thread that starts the task
   *       return () -> {
   *         String previous = REQUEST_ID.get(); // on the task's thread
   *         REQUEST_ID.set(id);
   *         try {
   *           return task.call();
   *         } finally {
   *           REQUEST_ID.set(previous); // a pool thread must not keep it
   *         }
   *       };
   *     });
   * }</pre>
   *
   * @param decorator turns each task into the {@code Callable} to run in its place
   * @throws IllegalStateException if the task decorator has already been set, or Fanin has already
   *     started a task in this JVM
   */
  public static void setTaskDecorator(UnaryOperator<Callable<?>> decorator) {
    ConfigBridge.setTaskDecorator(Objects.requireNonNull(decorator, "decorator"));
  }
}

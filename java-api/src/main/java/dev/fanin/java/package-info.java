/**
 * Fanin's Java API.
 *
 * <p>Every operation comes in two forms with the same method list: {@link dev.fanin.java.Fanin}
 * returns a {@link java.util.concurrent.CompletableFuture} and never blocks, and {@link
 * dev.fanin.java.FaninBlocking} blocks the calling thread (platform or virtual), throws {@link
 * java.lang.InterruptedException}, and throws failures unwrapped.
 *
 * <p>Unless otherwise specified, passing a {@code null} argument, or a collection with a {@code
 * null} element, to a method in this package throws {@link java.lang.NullPointerException} whose
 * message names the argument (for example {@code tasks[3]}).
 *
 * <h2>Nullness</h2>
 *
 * <p>This package is {@link org.jspecify.annotations.NullMarked NullMarked} (JSpecify): a type in a
 * signature here excludes {@code null} unless it is annotated {@link
 * org.jspecify.annotations.Nullable Nullable}. Where a task's result may be {@code null}, the type
 * parameter is declared {@code <T extends @Nullable Object>}, so that results are as nullable as the
 * caller's tasks: {@code Callable<String>} tasks give a {@code List<String>}, tasks that may return
 * {@code null} a list that may hold {@code null}s. Channel elements are never {@code null}. Kotlin
 * reads these annotations, so a Kotlin caller sees {@code String} or {@code String?} instead of a
 * platform type. The annotations are not needed at run time, nor to compile against this package.
 *
 * <h2>Exceptions</h2>
 *
 * <ul>
 *   <li>A returned future completes exceptionally with the task's own exception object.
 *   <li>A blocking form throws a task's unchecked exception or {@link java.lang.Error} as it is, and
 *       a checked one wrapped in {@link dev.fanin.UncheckedTaskException}, never a {@link
 *       java.util.concurrent.CompletionException} or {@link java.util.concurrent.ExecutionException}.
 *       The task's exception, thrown as it is or wrapped, gets a suppressed {@code AwaitedAt}
 *       exception whose stack trace shows where the caller waited.
 *   <li>A task that lets an {@link dev.fanin.UncheckedTaskException} escape (from a blocking call
 *       it made, a per-task deadline for one) fails with the exception inside it, as if it had
 *       thrown that itself: the wrapper is never a task's failure, and never wraps another.
 *   <li>Only a call or handle with a deadline declares {@link java.util.concurrent.TimeoutException}.
 * </ul>
 *
 * <h2>Cancellation</h2>
 *
 * <p>Cancelling a future Fanin returned stops the work behind it: tasks Fanin started are cancelled
 * and a task blocked in I/O or {@code sleep} is interrupted, whatever {@code mayInterruptIfRunning}
 * says. This differs from {@link java.util.concurrent.CompletableFuture#cancel}, where that flag
 * "has no effect". Completing such a future any other way ({@code complete}, {@code orTimeout},
 * ...) counts as cancelling it. Interrupting a thread blocked in a {@code FaninBlocking} call cancels what it
 * waits on, waits until that work has stopped, and throws {@link java.lang.InterruptedException}
 * with the thread's interrupt status cleared, as JDK blocking methods do.
 *
 * <h2>Threads</h2>
 *
 * <p>Tasks given as {@link java.util.concurrent.Callable}s run on the {@link
 * java.util.concurrent.Executor} the caller passes or, by default, on a new virtual thread each
 * (JDK 21 and later) or a cached pool of daemon threads (JDK 17 to 20), unless {@link
 * dev.fanin.java.FaninConfig} sets another default; a task decorator set there carries the
 * starting thread's context into every task. The bodies of the blocking {@code taskGroup} and
 * {@code timeoutScope} run on the calling thread. A Fanin call made inside a task Fanin runs, or
 * inside such a body, belongs to that task or body: cancelling it cancels the call, and it does
 * not complete before the call does.
 */
@NullMarked
package dev.fanin.java;

import org.jspecify.annotations.NullMarked;

package dev.fanin.samples.guide;

import dev.fanin.OnFailure;
import dev.fanin.TaskGroupException;
import dev.fanin.java.FaninBlocking;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The examples of "Using Fanin in a service" (docs/service.md), run by {@code ServiceSnippetsTest}.
 */
public final class ServiceSnippets {
  private ServiceSnippets() {}

  /** Sends one notification. */
  @FunctionalInterface
  public interface Notifier {
    /**
     * Sends {@code user} a notification.
     *
     * @param user who to notify
     * @throws IOException if it could not be sent
     */
    void send(String user) throws IOException;
  }

  /**
   * Serves a page within the request's time budget, or a fallback once it has passed.
   *
   * @param backend the service
   * @param userId the user
   * @param budget how long the request may take
   * @return the page, or the fallback
   * @throws InterruptedException if interrupted; the loads are then cancelled and have stopped
   */
  public static String pageWithinBudget(ThreadSnippets.Backend backend, String userId, Duration budget)
      throws InterruptedException {
    try {
      // One budget for the whole request: the body runs on this thread, and everything it starts
      // (here the two loads of ThreadSnippets.page) is cancelled when the budget has passed.
      return FaninBlocking.timeoutScope(budget, scope -> ThreadSnippets.page(backend, userId));
    } catch (TimeoutException e) {
      // Both loads have stopped by now: nothing of this request runs on.
      return userId + ": unavailable, try again";
    }
  }

  /**
   * Notifies every user, each on its own task, and logs every failure.
   *
   * @param users who to notify
   * @param notifier how
   * @param log where failures go
   * @return how many were notified
   * @throws InterruptedException if interrupted; the sends are then cancelled and have stopped
   */
  public static int notifyAll(List<String> users, Notifier notifier, Consumer<Throwable> log)
      throws InterruptedException {
    try {
      FaninBlocking.taskGroup(
          OnFailure.KEEP_RUNNING, // one failed send must not cancel the others
          group -> {
            for (String user : users) {
              group.fork(() -> {
                notifier.send(user);
                return null;
              });
            }
            return null;
          });
      return users.size();
    } catch (TaskGroupException e) {
      // Every failure, in the order they happened: each the task's own exception, with its own
      // stack trace (the first is also the cause). Nothing else reports them.
      e.failures().forEach(log);
      return users.size() - e.failures().size();
    }
  }
}

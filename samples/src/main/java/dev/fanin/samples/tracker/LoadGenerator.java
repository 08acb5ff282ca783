package dev.fanin.samples.tracker;

import dev.fanin.OnFailure;
import dev.fanin.java.TaskGroup;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * The demo's simulated users: each sends its pings one after another, pausing a little between
 * them, and all users run at once as tasks of one {@link TaskGroup} whose deadline bounds the run.
 */
public final class LoadGenerator {
  private LoadGenerator() {}

  /**
   * How much load to send.
   *
   * @param users how many users send at once
   * @param pingsPerUser how many pings each user sends
   * @param pause the mean pause between two pings of one user
   * @param deadline how long the whole run may take
   */
  public record Plan(int users, int pingsPerUser, Duration pause, Duration deadline) {
    /**
     * A plan.
     *
     * @throws IllegalArgumentException if a count or duration is negative
     */
    public Plan {
      if (users < 0 || pingsPerUser < 0 || pause.isNegative() || deadline.isNegative()) {
        throw new IllegalArgumentException("negative plan: " + users + ", " + pingsPerUser);
      }
    }
  }

  /**
   * Sends the plan's pings to {@code server} and returns, for each user, the time of the last ping
   * the server accepted: what the tracker must have stored when it has shut down.
   *
   * @param client the HTTP client
   * @param server the tracker's base address
   * @param plan how much to send
   * @return user id to the time of their last accepted ping
   * @throws InterruptedException if interrupted; the users are cancelled
   * @throws TimeoutException if the deadline passed first; the users are cancelled
   * @throws dev.fanin.TaskGroupException if a ping failed or was refused; the users are
   *     cancelled
   */
  public static SortedMap<String, Instant> run(HttpClient client, URI server, Plan plan)
      throws InterruptedException, TimeoutException {
    Map<String, Instant> lastAccepted = new ConcurrentHashMap<>();
    try (TaskGroup.Timed users = TaskGroup.open(OnFailure.CANCEL_ALL, plan.deadline())) {
      for (int u = 0; u < plan.users(); u++) {
        String user = String.format("user-%03d", u);
        Random pauses = new Random(u); // varied but repeatable interleaving
        users.fork(() -> sendPings(client, server, user, plan, pauses, lastAccepted));
      }
      users.join();
    }
    return new TreeMap<>(lastAccepted);
  }

  private static Void sendPings(
      HttpClient client,
      URI server,
      String user,
      Plan plan,
      Random pauses,
      Map<String, Instant> lastAccepted)
      throws IOException, InterruptedException {
    Instant previous = Instant.EPOCH;
    for (int i = 0; i < plan.pingsPerUser(); i++) {
      // Strictly increasing per user, so "the last ping" and "the latest time" are the same ping.
      Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      Instant at = now.isAfter(previous) ? now : previous.plusMillis(1);
      HttpRequest ping =
          HttpRequest.newBuilder(server.resolve("ping?user=" + user + "&at=" + at.toEpochMilli()))
              .POST(HttpRequest.BodyPublishers.noBody())
              .build();
      int status = client.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status != 204) {
        throw new IOException("ping " + i + " of " + user + " refused: HTTP " + status);
      }
      lastAccepted.put(user, at);
      previous = at;
      long pauseMillis = plan.pause().toMillis();
      if (pauseMillis > 0) {
        Thread.sleep(pauseMillis / 2 + pauses.nextInt((int) pauseMillis + 1)); // the user "reads"
      }
    }
    return null;
  }
}

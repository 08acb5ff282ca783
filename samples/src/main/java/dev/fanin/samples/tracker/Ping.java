package dev.fanin.samples.tracker;

import java.time.Instant;
import java.util.Objects;

/**
 * One activity ping: user {@code user} was active at {@code at}.
 *
 * @param user the user's id
 * @param at when the user was active
 */
public record Ping(String user, Instant at) {
  /**
   * A ping.
   *
   * @param user the user's id
   * @param at when the user was active
   * @throws NullPointerException if an argument is null
   */
  public Ping {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(at, "at");
  }
}

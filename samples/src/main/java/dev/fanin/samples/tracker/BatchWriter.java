package dev.fanin.samples.tracker;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;

/** Where a tracker writes each batch of last activity times; {@link ActivityTable#write} in the app. */
@FunctionalInterface
public interface BatchWriter {
  /**
   * Writes one batch.
   *
   * @param batch user id to the time of their last activity; never empty
   * @throws SQLException if the write fails, which ends the tracker with that exception
   */
  void write(Map<String, Instant> batch) throws SQLException;
}

package dev.fanin.samples.tracker;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code user_last_active} table: one row per user with the time of their last activity.
 *
 * <p>It holds one JDBC connection, used by one thread at a time: the tracker's loop while it runs,
 * the caller afterwards.
 */
public final class ActivityTable implements AutoCloseable {
  private final Connection connection;

  private ActivityTable(Connection connection) {
    this.connection = connection;
  }

  /**
   * Connects to {@code jdbcUrl} and creates the table if it does not exist.
   *
   * @param jdbcUrl e.g. {@code jdbc:h2:mem:activity;DB_CLOSE_DELAY=-1}
   * @return the table
   * @throws SQLException if the database cannot be reached or the table cannot be created
   */
  public static ActivityTable open(String jdbcUrl) throws SQLException {
    Connection connection = DriverManager.getConnection(jdbcUrl);
    try (Statement create = connection.createStatement()) {
      create.execute(
          "CREATE TABLE IF NOT EXISTS user_last_active ("
              + " user_id VARCHAR(64) PRIMARY KEY,"
              + " last_active_time TIMESTAMP(3) WITH TIME ZONE NOT NULL)");
      connection.setAutoCommit(false);
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return new ActivityTable(connection);
  }

  /**
   * Writes the last activity of each user in {@code batch} in one JDBC batch and one transaction:
   * all rows or none.
   *
   * @param batch user id to the time of their last activity
   * @throws SQLException if the write fails; the transaction is then rolled back
   */
  public void write(Map<String, Instant> batch) throws SQLException {
    try (PreparedStatement merge =
        connection.prepareStatement(
            "MERGE INTO user_last_active (user_id, last_active_time) KEY (user_id) VALUES (?, ?)")) {
      for (Map.Entry<String, Instant> row : batch.entrySet()) {
        merge.setString(1, row.getKey());
        merge.setObject(2, OffsetDateTime.ofInstant(row.getValue(), ZoneOffset.UTC));
        merge.addBatch();
      }
      merge.executeBatch();
      connection.commit();
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    }
  }

  /**
   * {@return every row, by user id}
   *
   * @throws SQLException if the read fails
   */
  public Map<String, Instant> readAll() throws SQLException {
    Map<String, Instant> rows = new TreeMap<>();
    try (Statement select = connection.createStatement();
        ResultSet result =
            select.executeQuery("SELECT user_id, last_active_time FROM user_last_active")) {
      while (result.next()) {
        rows.put(result.getString(1), result.getObject(2, OffsetDateTime.class).toInstant());
      }
    }
    connection.commit();
    return rows;
  }

  /** Closes the connection. */
  @Override
  public void close() throws SQLException {
    connection.close();
  }
}

package dev.fanin.samples.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.TaskGroupException;
import dev.fanin.testing.NoLeaksExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The queue-workers sample with instant jobs: every job runs exactly once, the producer's join waits
 * for all of them, and a failing worker cancels the rest instead of leaving the producer waiting.
 * Nothing here depends on timing; the timeout is only a guard against hangs.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class QueueWorkersTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  /** Each job runs once, join returns after the last one, and the queue and the group close. */
  @Test
  void run_instantJobs_eachJobOnceAndJoinWaitsForAll() throws Exception {
    QueueWorkers.Report report = QueueWorkers.run(out, 200, 4, 8, Duration.ZERO);

    assertEquals(ids(200), allJobs(report), "each job ran exactly once");
    assertEquals(200, report.finishedAtJoin(), "join returned before every job was finished");
    assertTrue(report.queueClosed(), "the queue is closed and drained");
    assertEquals(List.of("worker-1", "worker-2", "worker-3", "worker-4"), List.copyOf(report.jobsByWorker().keySet()));

    List<String> lines = lines();
    assertEquals(200, lines.stream().filter(line -> line.matches("worker-[1-4] finished job \\d+ \\(0 ms\\)")).count());
    assertTrue(lines.contains("producer: sent 200 jobs, waiting until they are done"), lines::toString);
    assertTrue(lines.contains("producer: join returned with 200 of 200 jobs finished; closing the queue"), lines::toString);
    int separator = lines.indexOf("====");
    assertEquals(lines.size() - 3, separator, "the summary comes last, after the group has closed");
    assertTrue(lines.get(separator + 1).startsWith("200 jobs processed by 4 workers (worker-1: "), lines::toString);
    assertTrue(lines.get(separator + 2).startsWith("4 workers took "), lines::toString);
  }

  /** More workers than jobs: the idle workers' loops end when the queue closes, with no jobs. */
  @Test
  void run_moreWorkersThanJobs_idleWorkersEndToo() throws Exception {
    QueueWorkers.Report report = QueueWorkers.run(out, 2, 5, 1, Duration.ZERO);

    assertEquals(ids(2), allJobs(report));
    assertEquals(5, report.jobsByWorker().size());
    assertEquals(2, report.finishedAtJoin());
    assertTrue(report.queueClosed());
  }

  /** The seeded durations are the same on every run and lie between a tenth of the maximum and it. */
  @Test
  void jobs_sameSeed_sameDurationsWithinBounds() {
    List<Duration> first = Producer.jobs(50, 8, Duration.ofMillis(400)).stream().map(Job::getWork).toList();
    List<Duration> again = Producer.jobs(50, 8, Duration.ofMillis(400)).stream().map(Job::getWork).toList();
    assertEquals(first, again);
    assertTrue(first.stream().allMatch(d -> d.toMillis() >= 40 && d.toMillis() <= 400), first::toString);
  }

  /**
   * A worker fails on job 3: the group cancels the other workers and the producer, which was
   * waiting in join() for job 3 and would otherwise wait forever, and run throws the failure.
   */
  @Test
  void run_workerFails_groupCancelsProducerAndWorkers() {
    IOException diskFull = new IOException("job 3: disk full");

    TaskGroupException thrown =
        assertThrows(
            TaskGroupException.class,
            () ->
                QueueWorkers.run(
                    out,
                    10,
                    3,
                    8,
                    Duration.ZERO,
                    job -> {
                      if (job.getId() == 3) {
                        throw diskFull;
                      }
                    }));

    assertEquals(List.of(diskFull), thrown.failures(), "the only failure is the worker's");
    List<String> lines = lines();
    assertTrue(lines.contains("producer: cancelled; closing the queue"), lines::toString);
    assertFalse(lines.stream().anyMatch(line -> line.contains("finished job 3 ")), lines::toString);
    assertFalse(lines.contains("===="), "no summary after a failure");
  }

  /** A job finished twice is reported, so the exactly-once check above cannot pass by accident. */
  @Test
  void job_finishedTwice_throws() {
    Job job = new Job(1, Duration.ZERO);
    job.finish("worker-1");
    IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> job.finish("worker-2"));
    assertEquals("job 1 finished twice: by worker-1 and worker-2", thrown.getMessage());
    assertEquals("worker-1", job.getWorker());
  }

  private static List<Integer> ids(int count) {
    return IntStream.rangeClosed(1, count).boxed().toList();
  }

  private static List<Integer> allJobs(QueueWorkers.Report report) {
    return report.jobsByWorker().values().stream()
        .flatMap(List::stream)
        .sorted()
        .collect(Collectors.toList());
  }

  private List<String> lines() {
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }
}

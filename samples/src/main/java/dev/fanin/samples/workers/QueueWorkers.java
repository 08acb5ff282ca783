package dev.fanin.samples.workers;

import dev.fanin.java.TaskGroup;
import dev.fanin.TaskGroupException;
import dev.fanin.java.WorkQueue;
import dev.fanin.samples.cli.SampleCommandLine;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Queue workers, the asyncio course's pattern with a Kotlin producer and Java workers: a producer
 * coroutine ({@code Producer.kt}) and Java worker threads owned by a {@link TaskGroup} share one
 * {@link WorkQueue}. The producer sends the jobs, waits in {@code join()} until every job has been
 * processed, and closes the queue; the workers' loops then end and the group closes.
 *
 * <p>Each job simulates its work by sleeping for a duration drawn from a seeded {@code Random}.
 * Every worker prints the jobs it finishes, and the summary compares the time the jobs take one
 * after another with the time the workers took in parallel.
 *
 * <p>Run it with {@code mvn -q -pl samples -am -DskipTests -Prun verify
 * -Dsample=dev.fanin.samples.workers.QueueWorkers}.
 */
public final class QueueWorkers {
  /** The command line, printed by {@code --help} and when the command line is wrong. */
  public static final String USAGE =
      "usage: QueueWorkers\n"
          + "  20 jobs of up to 400 ms each on 3 Java worker threads, fed by a Kotlin producer;"
          + " takes no options";

  private QueueWorkers() {}

  /**
   * Runs 20 jobs of up to 400 ms each on 3 workers.
   *
   * @param args none; {@code --help} prints the usage
   * @throws Exception if a task of the group fails
   */
  public static void main(String[] args) throws Exception {
    SampleCommandLine.noOptionsOrExit(USAGE, args);
    run(System.out, 20, 3, 8, Duration.ofMillis(400));
  }

  /**
   * Runs {@code jobs} jobs on {@code workers} worker threads and prints what each worker did.
   *
   * @param out where to print
   * @param jobs how many jobs the producer sends
   * @param workers how many worker threads take jobs from the queue
   * @param seed the seed of the job durations
   * @param maxWork the longest a job takes; {@link Duration#ZERO} makes every job instant
   * @return what the run did
   * @throws TaskGroupException if a worker or the producer failed
   * @throws InterruptedException if this thread is interrupted; every task has then stopped
   */
  public static Report run(PrintStream out, int jobs, int workers, long seed, Duration maxWork)
      throws InterruptedException {
    return run(out, jobs, workers, seed, maxWork, job -> Thread.sleep(job.getWork().toMillis()));
  }

  /** {@link #run(PrintStream, int, int, long, Duration)} with the work a job does given by {@code work}. */
  static Report run(PrintStream out, int jobs, int workers, long seed, Duration maxWork, Work work)
      throws InterruptedException {
    List<Job> toDo = Producer.jobs(jobs, seed, maxWork);
    // Bounded, so the producer goes at the workers' pace instead of queueing everything up front.
    WorkQueue<Job> queue = WorkQueue.buffered(workers);
    // The same queue as the Kotlin API sees it, with its suspending send and join.
    dev.fanin.CoroutineWorkQueue<Job> kotlinQueue = queue.asKotlinChannel();

    long started = System.nanoTime();
    List<CompletableFuture<List<Job>>> done = new ArrayList<>();
    CompletableFuture<Integer> finishedAtJoin;
    try (TaskGroup group = TaskGroup.open()) {
      for (int w = 1; w <= workers; w++) {
        String name = "worker-" + w;
        done.add(group.fork(() -> work(name, queue, work, out)));
      }
      // The producer is a task of the group, not code of this thread: if a worker fails, the job
      // it held is never marked done, so a producer outside the group would wait in join()
      // forever. Inside, the group's first failure cancels it with the other workers.
      finishedAtJoin = group.fork(() -> Producer.produceBlocking(kotlinQueue, toDo, out));
      group.join();
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

    Map<String, List<Integer>> jobsByWorker = new LinkedHashMap<>();
    for (int w = 0; w < workers; w++) {
      jobsByWorker.put(
          "worker-" + (w + 1),
          done.get(w).join().stream().map(Job::getId).collect(Collectors.toUnmodifiableList()));
    }
    Duration totalWork = toDo.stream().map(Job::getWork).reduce(Duration.ZERO, Duration::plus);
    Report report =
        new Report(
            Collections.unmodifiableMap(jobsByWorker),
            finishedAtJoin.join(),
            queue.isClosedForReceive(),
            totalWork,
            elapsed);
    out.println("====");
    out.println(report.summary());
    out.printf(
        "%d workers took %.2f s for jobs that take %.2f s one after another%n",
        workers, seconds(elapsed), seconds(totalWork));
    return report;
  }

  /** A worker: runs jobs until the producer closes the queue, and returns the jobs it ran. */
  private static List<Job> work(String name, WorkQueue<Job> queue, Work work, PrintStream out)
      throws Exception {
    List<Job> mine = new ArrayList<>();
    for (Job job : queue) { // ends when the queue is closed and drained
      work.perform(job);
      job.finish(name);
      mine.add(job);
      out.printf("%s finished job %d (%d ms)%n", name, job.getId(), job.getWork().toMillis());
      // Last: the producer's join() may return as soon as the last job is marked done.
      queue.itemDone();
    }
    return mine;
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }

  /** What a worker does with a job; the sample sleeps, a test may fail instead. */
  @FunctionalInterface
  interface Work {
    void perform(Job job) throws Exception;
  }

  /**
   * What a run did.
   *
   * @param jobsByWorker the ids of the jobs each worker ran, in the order it ran them
   * @param finishedAtJoin how many jobs were finished when the producer's {@code join()} returned
   * @param queueClosed whether the queue was closed and drained when the group had closed
   * @param totalWork how long the jobs take one after another
   * @param elapsed how long the run took
   */
  public record Report(
      Map<String, List<Integer>> jobsByWorker,
      int finishedAtJoin,
      boolean queueClosed,
      Duration totalWork,
      Duration elapsed) {
    /** {@return the summary line, such as "20 jobs processed by 3 workers (worker-1: 7, ...)"} */
    public String summary() {
      int jobs = jobsByWorker.values().stream().mapToInt(List::size).sum();
      return jobs
          + " jobs processed by "
          + jobsByWorker.size()
          + " workers ("
          + jobsByWorker.entrySet().stream()
              .map(entry -> entry.getKey() + ": " + entry.getValue().size())
              .collect(Collectors.joining(", "))
          + ")";
    }
  }
}

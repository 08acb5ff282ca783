package dev.fanin.samples.tour;

import dev.fanin.java.Channel;
import dev.fanin.java.TaskGroup;
import dev.fanin.java.WorkQueue;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code Channel}: Go's channels for Java threads (and Kotlin coroutines on the same channel), and
 * {@code WorkQueue}: asyncio's {@code Queue} with {@code task_done()} and {@code join()}.
 */
final class ChannelTour {
  private ChannelTour() {}

  static void run(PrintStream out) throws Exception {
    pipeline(out);
    workQueue(out);
    interrupted(out);
  }

  /** A producer thread sends into a buffered channel and closes it; this thread reads to the end. */
  private static void pipeline(PrintStream out) throws Exception {
    Channel<String> words = Channel.buffered(2);
    Thread producer =
        new Thread(
            () -> {
              try {
                for (String word : List.of("alpha", "beta", "gamma")) {
                  words.send(word); // waits while two words are buffered
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                words.close(); // the buffered words are still delivered
              }
            });
    producer.start();
    for (String word : words) { // ends when the channel is closed and drained
      out.println("received " + word);
    }
    producer.join();
    out.println("closed and drained: " + words.isClosedForReceive());
  }

  /** Three workers owned by a task group share a work queue; the producer waits for every item. */
  private static void workQueue(PrintStream out) throws Exception {
    WorkQueue<Integer> queue = WorkQueue.unbounded();
    AtomicInteger total = new AtomicInteger();
    try (TaskGroup workers = TaskGroup.open()) {
      for (int w = 0; w < 3; w++) {
        workers.fork(
            () -> {
              for (int item : queue) {
                total.addAndGet(item);
                queue.itemDone();
              }
              return null;
            });
      }
      for (int item = 1; item <= 10; item++) {
        queue.send(item);
      }
      queue.join(); // every item sent so far is done
      out.println("join returned: total " + total.get() + ", unfinished " + queue.unfinishedItems());
      queue.close(); // the workers' loops end
      workers.join();
    }
    out.println("the workers ended when the queue closed");
  }

  /** A receiver waiting on an empty channel is interrupted: it takes nothing and says so. */
  private static void interrupted(PrintStream out) throws Exception {
    Channel<String> channel = Channel.rendezvous();
    CompletableFuture<String> outcome = new CompletableFuture<>();
    Thread receiver =
        new Thread(
            () -> {
              try {
                outcome.complete("received " + channel.receive());
              } catch (InterruptedException e) {
                outcome.complete(
                    "receiver interrupted, status cleared: "
                        + !Thread.currentThread().isInterrupted());
              }
            });
    receiver.start();
    receiver.interrupt(); // before or while it waits: the same result
    out.println(outcome.join());
    receiver.join();
    out.println("nobody receives now, so trySend returns " + channel.trySend("late"));
  }
}

package dev.fanin.samples.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.TaskGroupException;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import dev.fanin.testing.VirtualThreads;
import java.io.IOException;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The guide's "Threads and executors" and "Virtual threads" examples do what the guide says. */
@ExtendWith(NoLeaksExtension.class)
@Timeout(30) // a guard against hangs only
class ThreadSnippetsTest {
  /** The task threads' names, per JDK: virtual threads on 21+, the daemon pool before. */
  private static final String DEFAULT_PREFIX =
      VirtualThreads.available() ? "fanin-virtual" : "fanin-worker-";

  /** Tasks on a pool of one's own give results in argument order. */
  @Test
  void wordCounts_onAFixedPool() throws Exception {
    assertEquals(List.of(3, 1, 2), ThreadSnippets.wordCounts(List.of("a b c", "one", "x  y")));
  }

  /** The thenApplyAsync stage runs on the executor it names. */
  @Test
  void totalLength_sumsOnTheGivenExecutor() throws Exception {
    AtomicReference<String> sumThread = new AtomicReference<>();
    ExecutorService summer = Executors.newSingleThreadExecutor(r -> new Thread(r, "summer"));
    try {
      List<Callable<String>> fetches = List.of(() -> "abc", () -> "de");
      int total =
          ThreadSnippets.totalLength(fetches, command -> summer.execute(() -> {
                sumThread.set(Thread.currentThread().getName());
                command.run();
              }))
              .join();
      assertEquals(5, total);
      assertEquals("summer", sumThread.get());
    } finally {
      summer.shutdown();
      assertTrue(summer.awaitTermination(10, TimeUnit.SECONDS));
    }
  }

  /** adr/0001: a virtual thread per task on JDK 21+, a daemon worker thread on JDK 17-20. */
  @Test
  void defaultTaskThread_isVirtualOnJdk21_aDaemonWorkerBefore() throws Exception {
    String name = ThreadSnippets.defaultTaskThread();
    assertTrue(name.startsWith(DEFAULT_PREFIX), name);
  }

  /** The handler works from a platform thread and from a virtual thread, and reports failures. */
  @OnEachThreadKind
  void page_loadsBothConcurrently_onEitherKindOfThread() throws Exception {
    Queue<String> taskThreads = new ConcurrentLinkedQueue<>();
    ThreadSnippets.Backend backend =
        new ThreadSnippets.Backend() {
          @Override
          public String user(String id) {
            taskThreads.add(Thread.currentThread().getName());
            return "ada";
          }

          @Override
          public List<String> orders(String id) {
            taskThreads.add(Thread.currentThread().getName());
            return List.of("o1", "o2", "o3", "o4", "o5");
          }
        };

    assertEquals("ada: 5 orders", ThreadSnippets.page(backend, "u1"));
    assertEquals(2, taskThreads.size());
    taskThreads.forEach(name -> assertTrue(name.startsWith(DEFAULT_PREFIX), name));
  }

  /** A failed load is reported by the group, once, as the service's own exception. */
  @OnEachThreadKind
  void page_failedLoad_isOneFailureOfTheGroup() {
    IOException down = new IOException("orders service down");
    ThreadSnippets.Backend backend =
        new ThreadSnippets.Backend() {
          @Override
          public String user(String id) {
            return "ada";
          }

          @Override
          public List<String> orders(String id) throws IOException {
            throw down;
          }
        };

    TaskGroupException failed =
        assertThrows(TaskGroupException.class, () -> ThreadSnippets.page(backend, "u1"));
    assertEquals(List.of(down), failed.failures());
    assertSame(down, failed.getCause());
  }
}

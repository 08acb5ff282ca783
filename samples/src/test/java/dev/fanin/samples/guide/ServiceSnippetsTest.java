package dev.fanin.samples.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The service page's examples do what docs/service.md says. */
@ExtendWith(NoLeaksExtension.class)
@Timeout(30) // a guard against hangs only
class ServiceSnippetsTest {
  /** Within the budget: the page. */
  @OnEachThreadKind
  void pageWithinBudget_fastBackend_page() throws Exception {
    assertEquals("ada: 2 orders", ServiceSnippets.pageWithinBudget(backend(null), "ada", Duration.ofMinutes(1)));
  }

  /**
   * A load that never answers: the budget passes, the fallback is returned, and the load was
   * interrupted and has stopped (NoLeaksExtension checks that no task is left running).
   */
  @OnEachThreadKind
  void pageWithinBudget_stuckBackend_fallbackAndLoadsStopped() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    assertEquals(
        "ada: unavailable, try again",
        ServiceSnippets.pageWithinBudget(backend(never), "ada", Duration.ofMillis(50)));
  }

  /** Every failure is logged, as the task's own exception; the other sends went on. */
  @OnEachThreadKind
  void notifyAll_twoFail_bothLoggedOthersSent() throws Exception {
    Map<String, IOException> failures =
        Map.of("bob", new IOException("bob unreachable"), "eve", new IOException("eve unreachable"));
    List<String> sent = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Throwable> logged = java.util.Collections.synchronizedList(new ArrayList<>());
    int notified =
        ServiceSnippets.notifyAll(
            List.of("ada", "bob", "cy", "eve"),
            user -> {
              IOException failure = failures.get(user);
              if (failure != null) {
                throw failure;
              }
              sent.add(user);
            },
            logged::add);
    assertEquals(2, notified);
    assertEquals(List.of("ada", "cy"), sent.stream().sorted().toList());
    assertEquals(2, logged.size());
    for (Throwable each : logged) {
      assertSame(failures.get(each.getMessage().split(" ")[0]), each);
    }
    assertTrue(logged.containsAll(failures.values()));
  }

  /** A backend whose loads wait on {@code gate} first when it is not null. */
  private static ThreadSnippets.Backend backend(CountDownLatch gate) {
    return new ThreadSnippets.Backend() {
      @Override
      public String user(String id) throws IOException {
        await(gate);
        return id;
      }

      @Override
      public List<String> orders(String id) throws IOException {
        await(gate);
        return List.of("o1", "o2");
      }
    };
  }

  private static void await(CountDownLatch gate) throws IOException {
    if (gate == null) {
      return;
    }
    try {
      gate.await();
    } catch (InterruptedException e) {
      throw new java.io.InterruptedIOException("cancelled");
    }
  }
}

package dev.fanin.samples.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The guide's context examples do what the guide says. FaninConfig's settings are per JVM and
 * sealed by the first task, so this class runs in a JVM of its own (samples/pom.xml, execution
 * {@code fresh-jvm}), where it applies them before anything uses Fanin.
 */
@EnabledIfSystemProperty(named = "fanin.freshJvm", matches = "true") // not in a shared JVM
@ExtendWith(NoLeaksExtension.class)
@Timeout(30) // a guard against hangs only
class ContextSnippetsTest {
  private static final AtomicInteger ON_SERVICE_EXECUTOR = new AtomicInteger();

  @BeforeAll
  static void configure() {
    // A thread per task, named for the service; daemon, so nothing has to shut it down.
    Executor service =
        command -> {
          ON_SERVICE_EXECUTOR.incrementAndGet();
          Thread thread = new Thread(command, "service-task");
          thread.setDaemon(true);
          thread.start();
        };
    ContextSnippets.runTasksOn(service);
    ContextSnippets.propagateRequestId();
  }

  @AfterEach
  void clear() {
    ContextSnippets.REQUEST_ID.remove();
  }

  /** Each task sees the request id of the thread that started it, on the service's executor. */
  @OnEachThreadKind
  void lookUpAll_tasksSeeTheCallersRequestId() throws Exception {
    ContextSnippets.REQUEST_ID.set("req-42");
    int before = ON_SERVICE_EXECUTOR.get();
    assertEquals(
        List.of("req-42 looked up a", "req-42 looked up b"), ContextSnippets.lookUpAll(List.of("a", "b")));
    assertTrue(ON_SERVICE_EXECUTOR.get() - before >= 2, "the tasks ran elsewhere");
    assertEquals("req-42", ContextSnippets.REQUEST_ID.get(), "the caller's own context is untouched");
  }

  /** The bodies run on the caller's thread, and a forked task gets the id through the decorator. */
  @OnEachThreadKind
  void page_bodiesOnTheCallersThreadForkCarriesTheId() throws Exception {
    ContextSnippets.REQUEST_ID.set("req-7");
    assertEquals("req-7 page for ada with req-7 orders", ContextSnippets.page("ada"));
  }

  /** A task started without a request id sees none: the decorator carries what the starter has. */
  @OnEachThreadKind
  void lookUpAll_noRequestId_tasksSeeNone() throws Exception {
    assertNull(ContextSnippets.REQUEST_ID.get());
    assertEquals(List.of("null looked up a"), ContextSnippets.lookUpAll(List.of("a")));
  }
}

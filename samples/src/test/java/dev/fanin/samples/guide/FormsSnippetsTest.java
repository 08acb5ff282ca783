package dev.fanin.samples.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fanin.testing.NoLeaksExtension;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The guide's two Java forms give the same answer, and fail differently. */
@ExtendWith(NoLeaksExtension.class)
@Timeout(30) // a guard against hangs only
class FormsSnippetsTest {
  private static final List<Callable<Integer>> COUNTS = List.of(() -> 1, () -> 2, () -> 39);

  /** Blocking and future forms sum the same results. */
  @Test
  void total_andTotalLater_agree() throws Exception {
    assertEquals(42, FormsSnippets.total(COUNTS));
    assertEquals(42, FormsSnippets.totalLater(COUNTS).join());
  }

  /** The blocking form throws the task's exception as it is; join() wraps it, as it does for any future. */
  @Test
  void failure_blockingThrowsItAsItIs_futureWrapsItOnJoin() {
    IllegalStateException boom = new IllegalStateException("boom");
    List<Callable<Integer>> failing = List.of(() -> 1, () -> { throw boom; });

    assertEquals(boom, assertThrows(IllegalStateException.class, () -> FormsSnippets.total(failing)));
    CompletionException joined =
        assertThrows(CompletionException.class, () -> FormsSnippets.totalLater(failing).join());
    assertEquals(boom, joined.getCause());
  }
}

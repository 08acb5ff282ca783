package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.fanin.TaskGroupException;
import dev.fanin.testing.Forked;
import dev.fanin.testing.Forks;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import dev.fanin.testing.StressBudget;
import dev.fanin.testing.StressRace;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A blocking call's body runs on its caller's thread (CallerThread): races between its return and
 * what interrupts it, lined up at a barrier and repeated thousands of times. Whoever wins, an
 * interrupt that Fanin sent never stays on the caller's thread, and one from outside is never lost.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(600)
class CallerThreadBodyStressTest {
  private static final long HANG_GUARD_SECONDS = 30;

  private static int rounds() {
    return StressBudget.rounds() * 10;
  }

  /**
   * The deadline passes (moved to now from another thread) as the body returns: the call returns
   * the value or throws TimeoutException, never InterruptedException, and no interrupt is left.
   */
  @OnEachThreadKind
  void timeoutScope_deadlineRacesBodyReturn_noInterruptLeft() throws Exception {
    try (StressRace race = StressBudget.race(rounds())) {
      while (race.nextRound()) {
        CyclicBarrier barrier = new CyclicBarrier(2);
        AtomicReference<Forked> expirer = new AtomicReference<>();
        try {
          String value =
              FaninBlocking.timeoutScope(
                  Duration.ofMinutes(10),
                  scope -> {
                    expirer.set(
                        Forks.start(
                            "expirer",
                            () -> {
                              barrier.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
                              scope.reschedule(Duration.ZERO);
                            }));
                    barrier.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
                    return "v";
                  });
          assertEquals("v", value);
        } catch (TimeoutException expected) {
          // The deadline won.
        } catch (InterruptedException e) {
          fail("round " + race.round() + ": nobody interrupted the caller", e);
        }
        assertFalse(Thread.interrupted(), "round " + race.round() + ": the deadline's interrupt stayed");
        expirer.get().join();
      }
    }
  }

  /**
   * A task fails, cancelling the group, as the body returns: the call throws the group's failure,
   * never InterruptedException, and no interrupt is left.
   */
  @OnEachThreadKind
  void taskGroup_failureRacesBodyReturn_noInterruptLeft() throws Exception {
    try (StressRace race = StressBudget.race(rounds())) {
      while (race.nextRound()) {
        CyclicBarrier barrier = new CyclicBarrier(2);
        IllegalStateException boom = new IllegalStateException("boom");
        try {
          FaninBlocking.taskGroup(
              group -> {
                group.fork(
                    () -> {
                      barrier.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
                      throw boom;
                    });
                barrier.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
                return "v";
              });
          fail("round " + race.round() + ": the group's failure was lost");
        } catch (TaskGroupException e) {
          assertEquals(List.of(boom), e.failures(), "round " + race.round());
        } catch (InterruptedException e) {
          fail("round " + race.round() + ": nobody interrupted the caller", e);
        }
        assertFalse(Thread.interrupted(), "round " + race.round() + ": the group's interrupt stayed");
      }
    }
  }

  /**
   * The caller's thread is interrupted from outside as the body returns: the interrupt is never
   * lost. Either the call throws InterruptedException (status clear), or it returned first and the
   * status is still set.
   */
  @OnEachThreadKind
  void taskGroup_outsideInterruptRacesBodyReturn_neverLost() throws Exception {
    Thread caller = Thread.currentThread();
    try (StressRace race = StressBudget.race(rounds())) {
      while (race.nextRound()) {
        CyclicBarrier barrier = new CyclicBarrier(2);
        CompletableFuture<Void> interruptSent = new CompletableFuture<>();
        Forked interrupter =
            Forks.start(
                "interrupter",
                () -> {
                  barrier.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
                  caller.interrupt();
                  interruptSent.complete(null);
                });
        boolean threw = false;
        try {
          FaninBlocking.taskGroup(
              group -> {
                barrier.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
                return "v";
              });
        } catch (InterruptedException e) {
          threw = true;
        }
        interruptSent.join(); // ignores the interrupt and keeps it in the status
        boolean pending = Thread.interrupted();
        interrupter.join();
        assertTrue(threw != pending, "round " + race.round() + ": threw " + threw + ", status " + pending);
      }
    }
  }
}

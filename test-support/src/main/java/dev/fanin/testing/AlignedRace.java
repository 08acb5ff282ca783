package dev.fanin.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/**
 * One round of a race whose actions start at the same moment: each action runs on a platform
 * thread of its own ({@link Forks#start}), and all wait at one {@link CyclicBarrier} before they
 * run, so that an interrupt, a deadline, a cancel and a close meet as closely as threads can be
 * lined up. {@link #run} returns when every action has ended and throws what they threw: the first
 * failure, the others suppressed. Repeat it with a {@link StressBudget} race:
 *
 * <pre>{@code
 * for (StressRace stress = StressBudget.race(); stress.nextRound(); ) {
 *   AlignedRace.run(HANG_GUARD, () -> caller.interrupt(), () -> future.cancel(true));
 *   // check the invariants of the round
 * }
 * }</pre>
 *
 * <p>The barrier and the joins wait at most {@code hangGuard}: a guard against a hung test, not a
 * timing assumption.
 */
public final class AlignedRace {
    private AlignedRace() {
    }

    /**
     * Runs {@code actions} together, each on a new thread, released at one barrier; returns once
     * every one has ended.
     *
     * @param hangGuard the longest wait at the barrier and for each thread's end
     * @param actions what the racers do once released; at least one
     * @throws AssertionError if an action threw (the first one's throwable is the cause, the others
     *     are suppressed), or if a racer did not reach the barrier or end within {@code hangGuard}
     * @throws IllegalArgumentException if {@code actions} is empty
     * @throws NullPointerException if an argument or an action is null
     */
    public static void run(Duration hangGuard, ThrowingRunnable... actions) {
        Objects.requireNonNull(hangGuard, "hangGuard");
        Objects.requireNonNull(actions, "actions");
        if (actions.length == 0) {
            throw new IllegalArgumentException("actions is empty");
        }
        CyclicBarrier start = new CyclicBarrier(actions.length);
        List<Forked> racers = new ArrayList<>(actions.length);
        for (int i = 0; i < actions.length; i++) {
            ThrowingRunnable action = Objects.requireNonNull(actions[i], "actions[" + i + "]");
            racers.add(Forks.start("racer-" + i, () -> {
                start.await(hangGuard.toNanos(), TimeUnit.NANOSECONDS);
                action.run();
            }));
        }
        AssertionError failure = null;
        for (Forked racer : racers) {
            try {
                racer.join(hangGuard);
            } catch (AssertionError e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}

package dev.fanin.testing;

import java.util.function.LongSupplier;

/**
 * One stress race of a {@link StressBudget}: its rounds, counted as they are run, until its fixed
 * count is reached or its share of the budget has passed. Used by one thread. It reports the rounds
 * reached when {@link #nextRound()} says no, or when it is closed (a try-with-resources block), or,
 * if its test failed before either, when the next race starts.
 */
public final class StressRace implements AutoCloseable {
    private final StressBudget budget;
    private final String name;
    private final int fixedRounds;
    private final long shareNanos;
    private final LongSupplier clock;
    private final long startNanos;
    private int round = -1;
    private boolean completed;
    private boolean closed;

    StressRace(StressBudget budget, String name, int fixedRounds, long shareNanos, LongSupplier clock) {
        this.budget = budget;
        this.name = name;
        this.fixedRounds = fixedRounds;
        this.shareNanos = shareNanos;
        this.clock = clock;
        this.startNanos = clock.getAsLong();
    }

    /**
     * Starts the next round, if the race has one left: the first round always runs; then another
     * while the fixed count is not reached and the race's share of the budget has not passed.
     *
     * @return whether to run another round; once false, the race is complete
     */
    public boolean nextRound() {
        if (completed) {
            return false;
        }
        boolean more = round < 0
                || (round + 1 < fixedRounds && clock.getAsLong() - startNanos < shareNanos);
        if (more) {
            round++;
        } else {
            completed = true;
            close();
        }
        return more;
    }

    /** {@return the number of the round in progress, from 0} */
    public int round() {
        return round;
    }

    /** {@return the rounds started so far (all of them complete once {@link #nextRound()} said no)} */
    public int roundsReached() {
        return round + 1;
    }

    /** {@return the name the race reports under: its test's class and method} */
    public String name() {
        return name;
    }

    /** {@return this race's share of the budget, in nanoseconds; {@link Long#MAX_VALUE} in fixed mode} */
    long shareNanos() {
        return shareNanos;
    }

    /**
     * Ends the race and, in budget mode, reports the rounds it reached; a race closed before
     * {@link #nextRound()} said no is reported as stopped in its round (its test failed).
     * Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        budget.ended(this, clock.getAsLong() - startNanos, completed);
    }
}

package dev.fanin.testing;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A thread started by {@link Forks}, whose failure surfaces on the thread that joins it.
 *
 * <p>Every fork must be joined before the test returns: a failure of a fork nobody joins is lost.
 */
public final class Forked {
    /** How long {@link #join()} waits: a guard against hangs, not a timing assumption. */
    static final Duration DEFAULT_JOIN_TIMEOUT = Duration.ofSeconds(30);

    private final Thread thread;
    private final AtomicReference<Throwable> failure;

    Forked(Thread thread, AtomicReference<Throwable> failure) {
        this.thread = thread;
        this.failure = failure;
    }

    /**
     * Returns the forked thread, for example to interrupt it or to assert its state.
     *
     * @return the thread running the body
     */
    public Thread thread() {
        return thread;
    }

    /**
     * Waits up to 30 seconds for the body to end, then rethrows its failure.
     *
     * <p>The 30 seconds only guard against a hung test; same contract as {@link #join(Duration)}.
     *
     * @throws AssertionError if the body threw, or if the thread is still alive after the timeout
     */
    public void join() {
        join(DEFAULT_JOIN_TIMEOUT);
    }

    /**
     * Waits up to {@code timeout} for the body to end, then rethrows its failure.
     *
     * <p>When this method returns normally the body has completed normally, and everything the body
     * did happens-before the return.
     *
     * @param timeout the longest time to wait; a guard against hangs, not a timing assumption
     * @throws AssertionError if the body threw anything (the throwable is the cause); if the thread is
     *     still alive after {@code timeout} (its current stack is the cause); or if the calling thread
     *     is interrupted while waiting (its interrupt status is set again)
     * @throws NullPointerException if {@code timeout} is null
     */
    public void join(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        try {
            TimeUnit.NANOSECONDS.timedJoin(thread, timeout.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            AssertionError error = new AssertionError("interrupted while joining thread \"" + thread.getName() + "\"", e);
            error.addSuppressed(ThreadDumps.stackOf(thread));
            throw error;
        }
        if (thread.isAlive()) {
            throw new AssertionError("thread \"" + thread.getName() + "\" is still alive after " + timeout.toMillis() + " ms",
                    ThreadDumps.stackOf(thread));
        }
        Throwable thrown = failure.get();
        if (thrown != null) {
            throw new AssertionError("thread \"" + thread.getName() + "\" failed: " + thrown, thrown);
        }
    }
}

package dev.fanin.testing;

/**
 * A body of code that may throw anything, for {@link Forks}.
 */
@FunctionalInterface
public interface ThrowingRunnable {
    /**
     * Runs the body.
     *
     * @throws Throwable whatever the body throws
     */
    void run() throws Throwable;
}

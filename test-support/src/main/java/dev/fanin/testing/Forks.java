package dev.fanin.testing;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.opentest4j.TestAbortedException;

/**
 * Starts threads from tests so that what they throw fails the test on the thread that joins them.
 *
 * <pre>{@code
 * CountDownLatch never = new CountDownLatch(1);
 * Forked waiter = Forks.start("waiter", () -> assertThrows(InterruptedException.class, never::await));
 * waiter.thread().interrupt();
 * waiter.join();
 * }</pre>
 *
 * <p>The body's throwable is caught and kept for {@link Forked#join()}; it does not reach the thread's
 * uncaught-exception handler. Every fork must therefore be joined before the test returns.
 */
public final class Forks {
    private Forks() {
    }

    /**
     * Starts a new daemon platform thread named {@code name} that runs {@code body}.
     *
     * @param name the thread's name
     * @param body what the thread runs
     * @return a handle to join the thread and collect its failure
     * @throws NullPointerException if an argument is null
     */
    public static Forked start(String name, ThrowingRunnable body) {
        Objects.requireNonNull(name, "name");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(catching(body, failure), name);
        thread.setDaemon(true);
        thread.start();
        return new Forked(thread, failure);
    }

    /**
     * Starts a new virtual thread named {@code name} that runs {@code body}, or skips the test when
     * this JVM has no virtual threads.
     *
     * @param name the thread's name
     * @param body what the thread runs
     * @return a handle to join the thread and collect its failure
     * @throws TestAbortedException if {@link VirtualThreads#available()} is {@code false}; JUnit reports
     *     the test as skipped, as for a failed assumption
     * @throws NullPointerException if an argument is null
     */
    public static Forked startVirtual(String name, ThrowingRunnable body) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
        if (!VirtualThreads.available()) {
            throw new TestAbortedException("virtual threads are not available on Java " + Runtime.version().feature());
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = VirtualThreads.start(name, catching(body, failure));
        return new Forked(thread, failure);
    }

    private static Runnable catching(ThrowingRunnable body, AtomicReference<Throwable> failure) {
        Objects.requireNonNull(body, "body");
        return () -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        };
    }
}

package dev.fanin.testing;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Checks that the numbered steps of a test run in order, in the style of kotlinx.coroutines'
 * {@code TestBase}: each step calls {@link #expect(int)} with its number, the last one calls
 * {@link #finish(int)}, and the test ends with {@link #check()}.
 *
 * <p>Steps are numbered from 1 and must be strictly consecutive. Any thread may call the methods of
 * one checker. A violation is both thrown to the caller and recorded, so that a violation in another
 * thread (whose exception may be swallowed by an executor or a coroutine) still fails the test when
 * the test thread calls {@link #check()}. Only the first violation is kept in full; later ones are
 * attached to it as suppressed exceptions.
 *
 * <pre>{@code
 * OrderChecker order = new OrderChecker();
 * order.expect(1);
 * CompletableFuture<Void> f = new CompletableFuture<>();
 * f.thenRun(() -> order.expect(3));
 * order.expect(2);
 * f.complete(null);
 * order.finish(4);
 * order.check();
 * }</pre>
 *
 * <p>From Kotlin: {@code val order = OrderChecker(); order.expect(1); ...; order.finish(2); order.check()}.
 */
public final class OrderChecker {
    private final AtomicInteger step = new AtomicInteger();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicReference<AssertionError> firstViolation = new AtomicReference<>();
    private final Queue<AssertionError> laterViolations = new ConcurrentLinkedQueue<>();

    /** Creates a checker at step 0: the next expected step is 1. */
    public OrderChecker() {
    }

    /**
     * Asserts that the caller is step {@code n}: that exactly {@code n - 1} steps ran before it.
     *
     * <p>The step counter advances even when the assertion fails, so one step out of order does not
     * make every later step fail as well.
     *
     * @param n the number of this step, starting at 1
     * @throws AssertionError if this is not step {@code n}; the violation, with both numbers and the
     *     caller's thread name, is also recorded for {@link #check()}
     */
    public void expect(int n) {
        int actual = step.incrementAndGet();
        if (actual != n) {
            throw violation("expected step " + n + " but it is step " + actual);
        }
    }

    /**
     * Asserts that the caller is step {@code n}, as {@link #expect(int)}, and marks the sequence as
     * finished.
     *
     * @param n the number of the last step
     * @throws AssertionError if this is not step {@code n}, or if {@code finish} was called before;
     *     the violation is also recorded for {@link #check()}
     */
    public void finish(int n) {
        expect(n);
        if (finished.getAndSet(true)) {
            throw violation("finish(" + n + ") called after the sequence had already finished");
        }
    }

    /**
     * Records that code which must not run has run, and throws.
     *
     * @throws AssertionError always, with the message "should not be reached" and the caller's thread
     *     name; it is also recorded for {@link #check()}
     */
    public void expectUnreached() {
        throw violation("should not be reached (after step " + step.get() + ")");
    }

    /**
     * Fails if any step ran out of order or if the sequence never finished; call it on the test
     * thread at the end of the test.
     *
     * <p>The method does not change the checker, so calling it twice gives the same result.
     *
     * @throws AssertionError a new error carrying the first recorded violation's message, with that
     *     violation (and its stack in the thread where it happened) as its cause and any later
     *     violations suppressed; or, when there was no violation but {@link #finish(int)} was never
     *     called, an error naming the last step reached
     */
    public void check() {
        AssertionError first = firstViolation.get();
        if (first != null) {
            AssertionError rethrown = new AssertionError(first.getMessage(), first);
            for (AssertionError later : laterViolations) {
                rethrown.addSuppressed(later);
            }
            throw rethrown;
        }
        if (!finished.get()) {
            throw new AssertionError("finish(...) was never called; the last step reached is " + step.get());
        }
    }

    private AssertionError violation(String what) {
        AssertionError error = new AssertionError(what + " [thread \"" + Thread.currentThread().getName() + "\"]");
        if (!firstViolation.compareAndSet(null, error)) {
            laterViolations.add(error);
        }
        return error;
    }
}

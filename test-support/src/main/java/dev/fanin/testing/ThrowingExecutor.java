package dev.fanin.testing;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * An {@link Executor} that throws from {@code execute}: every time, or from its n-th call on,
 * passing the earlier commands to a delegate. It stands for the executors that break their
 * contract in the field: a {@code ThreadPoolExecutor} that cannot start a thread ({@code
 * OutOfMemoryError: unable to create native thread}), a wrapper that throws {@code
 * IllegalStateException} once shut down, code that throws a checked exception sneakily.
 *
 * <pre>{@code
 * for (ThrowingExecutor.Fault fault : ThrowingExecutor.Fault.values()) {
 *     Throwable thrown = fault.create();
 *     CompletableFuture<List<Integer>> result = Fanin.gather(tasks, ThrowingExecutor.always(thrown));
 *     // result fails with thrown
 * }
 * }</pre>
 *
 * <p>Thread-safe. A command it throws for is never run.
 */
public final class ThrowingExecutor implements Executor {
    /** What an executor may throw from {@code execute}, one kind each. */
    public enum Fault {
        /** The contract's own refusal. */
        REJECTED(() -> new RejectedExecutionException("fault: rejected")),
        /** A wrapping executor's unchecked exception. */
        ILLEGAL_STATE(() -> new IllegalStateException("fault: executor shut down")),
        /** What a ThreadPoolExecutor throws when it cannot start a thread. */
        OUT_OF_MEMORY(() -> new OutOfMemoryError("fault: unable to create native thread")),
        /** A VirtualMachineError of the other kind. */
        STACK_OVERFLOW(() -> new StackOverflowError("fault: stack overflow")),
        /** An Error that is not a VirtualMachineError. */
        ERROR(() -> new LinkageError("fault: linkage error")),
        /** A checked exception, thrown sneakily (Java's compiler does not see it). */
        CHECKED(() -> new IOException("fault: checked"));

        private final Supplier<Throwable> factory;

        Fault(Supplier<Throwable> factory) {
            this.factory = factory;
        }

        /**
         * Makes a new throwable of this kind.
         *
         * @return a new throwable, never shared
         */
        public Throwable create() {
            return factory.get();
        }

        /**
         * Every kind, for loops over them.
         *
         * @return {@link #values()} as a list
         */
        public static List<Fault> all() {
            return List.of(values());
        }
    }

    private final Throwable thrown;
    private final int firstFailingCall;
    private final Executor delegate;
    private final AtomicInteger calls = new AtomicInteger();

    private ThrowingExecutor(Throwable thrown, int firstFailingCall, Executor delegate) {
        this.thrown = Objects.requireNonNull(thrown, "thrown");
        this.firstFailingCall = firstFailingCall;
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * An executor whose every {@code execute} throws {@code thrown} (the same object each time).
     *
     * @param thrown what {@code execute} throws
     * @return the executor
     */
    public static ThrowingExecutor always(Throwable thrown) {
        return new ThrowingExecutor(thrown, 1, command -> {
            throw new AssertionError("unreachable");
        });
    }

    /**
     * An executor that passes its first {@code n - 1} commands to {@code delegate}, then throws
     * {@code thrown} from every later {@code execute}.
     *
     * @param n the first call that throws, counted from 1
     * @param thrown what {@code execute} throws
     * @param delegate where the earlier commands go
     * @return the executor
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static ThrowingExecutor from(int n, Throwable thrown, Executor delegate) {
        if (n < 1) {
            throw new IllegalArgumentException("n < 1: " + n);
        }
        return new ThrowingExecutor(thrown, n, delegate);
    }

    /**
     * How many times {@code execute} was called, throwing or not.
     *
     * @return the number of calls so far
     */
    public int calls() {
        return calls.get();
    }

    @Override
    public void execute(Runnable command) {
        Objects.requireNonNull(command, "command");
        if (calls.incrementAndGet() >= firstFailingCall) {
            throw ThrowingExecutor.<RuntimeException>sneaky(thrown);
        }
        delegate.execute(command);
    }

    /**
     * Throws {@code t} whatever its type: the compiler takes it for an unchecked {@code T}.
     *
     * @param t what to throw
     * @param <T> the type the compiler assumes
     * @return never returns; declared so that callers can write {@code throw sneaky(t)}
     * @throws T always, {@code t} itself
     */
    @SuppressWarnings("unchecked")
    public static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }
}

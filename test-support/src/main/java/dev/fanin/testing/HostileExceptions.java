package dev.fanin.testing;

import java.util.List;
import java.util.Objects;

/**
 * Exceptions whose own methods fight back, for tests that a library's bookkeeping never depends on
 * a user exception's {@code getMessage}, {@code toString}, {@code getCause} or stack trace, and
 * stays correct when the message is huge or the cause chain loops.
 *
 * <pre>{@code
 * for (HostileExceptions.Kind kind : HostileExceptions.Kind.values()) {
 *     RuntimeException failure = HostileExceptions.unchecked(kind);
 *     // a task throws failure; assert that the caller gets that very object back
 * }
 * }</pre>
 *
 * <p>Each method that a {@link Kind} makes hostile throws {@link HostileMethodException}, so a test
 * can tell that error from the exception under test. {@link Throwable#addSuppressed} and {@link
 * Throwable#getSuppressed} are final, so they cannot be made to throw; {@link Kind#NO_SUPPRESSION}
 * disables suppression instead, so added exceptions are silently dropped.
 */
public final class HostileExceptions {
    private HostileExceptions() {
    }

    /** One way for an exception to be hostile. */
    public enum Kind {
        /** {@code getMessage} and {@code getLocalizedMessage} throw. */
        MESSAGE_THROWS,
        /** {@code toString} throws. */
        TO_STRING_THROWS,
        /** {@code getCause} throws. */
        CAUSE_THROWS,
        /** {@code getStackTrace} throws. */
        STACK_TRACE_THROWS,
        /** Every overridable accessor throws: message, string, cause and stack trace. */
        EVERYTHING_THROWS,
        /** A message of one million characters. */
        HUGE_MESSAGE,
        /** {@code getCause} returns the exception itself. */
        SELF_CAUSE,
        /** The cause chain is a loop of two: this exception's cause's cause is this exception. */
        CYCLIC_CAUSE,
        /** Suppression disabled: {@code addSuppressed} drops what it is given. */
        NO_SUPPRESSION;

        /**
         * Every kind, for loops over them.
         *
         * @return {@link #values()} as a list
         */
        public static List<Kind> all() {
            return List.of(values());
        }
    }

    /** What a hostile method throws. */
    public static final class HostileMethodException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /**
         * Creates the exception.
         *
         * @param method the method that threw it
         */
        public HostileMethodException(String method) {
            super("hostile " + method, null, false, true);
        }
    }

    /** The length of {@link Kind#HUGE_MESSAGE}'s message. */
    public static final int HUGE_LENGTH = 1_000_000;

    /**
     * A new unchecked exception of {@code kind}.
     *
     * @param kind how it is hostile
     * @return the exception
     */
    public static RuntimeException unchecked(Kind kind) {
        Objects.requireNonNull(kind, "kind");
        HostileUnchecked e = new HostileUnchecked(kind);
        if (kind == Kind.CYCLIC_CAUSE) {
            HostileUnchecked other = new HostileUnchecked(kind);
            e.partner = other;
            other.partner = e;
        }
        return e;
    }

    /**
     * A new checked exception of {@code kind}.
     *
     * @param kind how it is hostile
     * @return the exception
     */
    public static Exception checked(Kind kind) {
        Objects.requireNonNull(kind, "kind");
        HostileChecked e = new HostileChecked(kind);
        if (kind == Kind.CYCLIC_CAUSE) {
            HostileChecked other = new HostileChecked(kind);
            e.partner = other;
            other.partner = e;
        }
        return e;
    }

    private static String message(Kind kind) {
        return kind == Kind.HUGE_MESSAGE ? "x".repeat(HUGE_LENGTH) : "hostile " + kind;
    }

    private static boolean throwsFrom(Kind kind, Kind method) {
        return kind == method || kind == Kind.EVERYTHING_THROWS;
    }

    /** The unchecked form; the hostile methods are the same in both forms. */
    private static final class HostileUnchecked extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final Kind kind;
        /** The other exception of a {@link Kind#CYCLIC_CAUSE} pair: each is the other's cause. */
        private Throwable partner;

        HostileUnchecked(Kind kind) {
            super(message(kind), null, kind != Kind.NO_SUPPRESSION, true);
            this.kind = kind;
        }

        @Override
        public String getMessage() {
            if (throwsFrom(kind, Kind.MESSAGE_THROWS)) {
                throw new HostileMethodException("getMessage");
            }
            return super.getMessage();
        }

        @Override
        public String getLocalizedMessage() {
            return getMessage();
        }

        @Override
        public String toString() {
            if (throwsFrom(kind, Kind.TO_STRING_THROWS)) {
                throw new HostileMethodException("toString");
            }
            return super.toString();
        }

        @Override
        public synchronized Throwable getCause() {
            if (throwsFrom(kind, Kind.CAUSE_THROWS)) {
                throw new HostileMethodException("getCause");
            }
            if (kind == Kind.SELF_CAUSE) {
                return this;
            }
            return partner != null ? partner : super.getCause();
        }

        @Override
        public StackTraceElement[] getStackTrace() {
            if (throwsFrom(kind, Kind.STACK_TRACE_THROWS)) {
                throw new HostileMethodException("getStackTrace");
            }
            return super.getStackTrace();
        }
    }

    /** The checked form. */
    private static final class HostileChecked extends Exception {
        private static final long serialVersionUID = 1L;
        private final Kind kind;
        /** The other exception of a {@link Kind#CYCLIC_CAUSE} pair: each is the other's cause. */
        private Throwable partner;

        HostileChecked(Kind kind) {
            super(message(kind), null, kind != Kind.NO_SUPPRESSION, true);
            this.kind = kind;
        }

        @Override
        public String getMessage() {
            if (throwsFrom(kind, Kind.MESSAGE_THROWS)) {
                throw new HostileMethodException("getMessage");
            }
            return super.getMessage();
        }

        @Override
        public String getLocalizedMessage() {
            return getMessage();
        }

        @Override
        public String toString() {
            if (throwsFrom(kind, Kind.TO_STRING_THROWS)) {
                throw new HostileMethodException("toString");
            }
            return super.toString();
        }

        @Override
        public synchronized Throwable getCause() {
            if (throwsFrom(kind, Kind.CAUSE_THROWS)) {
                throw new HostileMethodException("getCause");
            }
            if (kind == Kind.SELF_CAUSE) {
                return this;
            }
            return partner != null ? partner : super.getCause();
        }

        @Override
        public StackTraceElement[] getStackTrace() {
            if (throwsFrom(kind, Kind.STACK_TRACE_THROWS)) {
                throw new HostileMethodException("getStackTrace");
            }
            return super.getStackTrace();
        }
    }
}

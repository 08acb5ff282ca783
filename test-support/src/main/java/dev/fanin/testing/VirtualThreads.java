package dev.fanin.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Objects;

/**
 * Starts virtual threads from code compiled for Java 17, where {@code Thread.ofVirtual()} does not
 * exist at compile time, by reflection.
 *
 * <p>Virtual threads are available on JDK 21 and later (and on 19 and 20 with
 * {@code --enable-preview}). The reflective lookups are done once, when this class initialises.
 */
public final class VirtualThreads {
    private static final Method OF_VIRTUAL;
    private static final Method NAME;
    private static final Method START;
    private static final Method IS_VIRTUAL;
    private static final boolean AVAILABLE;

    static {
        Method ofVirtual = null;
        Method name = null;
        Method start = null;
        Method isVirtual = null;
        boolean available = false;
        try {
            isVirtual = Thread.class.getMethod("isVirtual");
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            ofVirtual = Thread.class.getMethod("ofVirtual");
            name = builder.getMethod("name", String.class);
            start = builder.getMethod("start", Runnable.class);
            // On 19 and 20 without --enable-preview this throws UnsupportedOperationException.
            ofVirtual.invoke(null);
            available = true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Before JDK 19, or preview features disabled: no virtual threads.
        }
        OF_VIRTUAL = ofVirtual;
        NAME = name;
        START = start;
        IS_VIRTUAL = isVirtual;
        AVAILABLE = available;
    }

    private VirtualThreads() {
    }

    /**
     * Returns whether this JVM can start virtual threads.
     *
     * @return {@code true} on JDK 21 and later, and on 19 and 20 with preview features enabled
     */
    public static boolean available() {
        return AVAILABLE;
    }

    /**
     * Starts a new virtual thread named {@code name} that runs {@code task}.
     *
     * @param name the thread's name
     * @param task what the thread runs
     * @return the started thread
     * @throws UnsupportedOperationException if {@link #available()} is {@code false}
     * @throws NullPointerException if an argument is null
     */
    public static Thread start(String name, Runnable task) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(task, "task");
        if (!AVAILABLE) {
            throw new UnsupportedOperationException(
                    "virtual threads are not available on Java " + Runtime.version().feature());
        }
        try {
            return (Thread) START.invoke(NAME.invoke(OF_VIRTUAL.invoke(null), name), task);
        } catch (InvocationTargetException e) {
            throw rethrow(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot start a virtual thread", e);
        }
    }

    /**
     * Returns whether {@code thread} is a virtual thread.
     *
     * @param thread the thread to look at
     * @return {@code true} if it is virtual; always {@code false} before JDK 19
     * @throws NullPointerException if {@code thread} is null
     */
    public static boolean isVirtual(Thread thread) {
        Objects.requireNonNull(thread, "thread");
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (Boolean) IS_VIRTUAL.invoke(thread);
        } catch (InvocationTargetException e) {
            throw rethrow(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call Thread.isVirtual()", e);
        }
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException) {
            throw (RuntimeException) cause;
        }
        if (cause instanceof Error) {
            throw (Error) cause;
        }
        throw new IllegalStateException(cause);
    }
}

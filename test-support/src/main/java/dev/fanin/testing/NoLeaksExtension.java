package dev.fanin.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves something behind: an uncaught exception in any thread, a Fanin task still
 * running, or a thread it started still alive.
 *
 * <p>Before each test the extension records the live threads and installs a default
 * {@link Thread.UncaughtExceptionHandler} that records what it receives. After each test it restores
 * the previous handler and fails the test, in this order of importance, if:
 * <ol>
 *   <li>any uncaught exception was recorded (the first is the cause, the others are suppressed);</li>
 *   <li>{@code dev.fanin.interop.EngineDiagnostics.runningTasks()} is still non-zero after up to 10
 *       seconds. The method is called by reflection and the check is skipped when that class is not
 *       on the class path, so this module does not depend on the engine;</li>
 *   <li>a platform thread that did not exist before the test is still alive after up to 10 seconds
 *       of joining. Threads of shared pools and of the JVM are ignored: those whose names start with
 *       one of {@link #SHARED_THREAD_PREFIXES}, and JDK-internal threads such as virtual-thread
 *       carriers. The failure lists each thread's name, state and stack.</li>
 * </ol>
 * When several checks fail, the first failure is thrown with the others suppressed. The 10-second
 * waits are guards against hangs, not synchronisation: a test that joins what it starts passes
 * without waiting.
 *
 * <p>Enable it on one class with {@code @ExtendWith(NoLeaksExtension.class)}, or on a whole module:
 * this jar lists the extension in {@code META-INF/services/org.junit.jupiter.api.extension.Extension},
 * so putting
 * <pre>{@code
 * junit.jupiter.extensions.autodetection.enabled=true
 * }</pre>
 * in the module's {@code src/test/resources/junit-platform.properties} (or passing it as a system
 * property to Surefire) applies it to every test of the module.
 *
 * <p>Limitations: virtual threads are not visible to {@link Thread#getAllStackTraces()}, so only
 * platform threads are checked for leaks (Fanin's own tasks are still counted by check 2). The
 * default uncaught-exception handler is global, so the extension assumes that tests do not run in
 * parallel within one JVM.
 */
public final class NoLeaksExtension implements BeforeEachCallback, AfterEachCallback {
    /**
     * Name prefixes of the shared pool and JVM threads that may outlive a test: Fanin's and
     * kotlinx.coroutines' worker pools, the common pool, JUnit, Surefire and JVM service threads.
     */
    public static final List<String> SHARED_THREAD_PREFIXES = List.of(
            "fanin-worker-",
            "DefaultDispatcher-worker-",
            "kotlinx.coroutines.DefaultExecutor",
            "ForkJoinPool.commonPool-worker-",
            "ForkJoinPool.commonPool-delayScheduler",
            "CompletableFutureDelayScheduler",
            "junit-",
            "surefire",
            "process reaper",
            "Attach Listener",
            "Common-Cleaner",
            "Notification Thread",
            "Signal Dispatcher",
            "Reference Handler",
            "Finalizer");

    private static final String ENGINE_DIAGNOSTICS = "dev.fanin.interop.EngineDiagnostics";
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NoLeaksExtension.class);

    private final Duration hangGuard;

    /** Creates the extension with 10-second hang guards; JUnit calls this. */
    public NoLeaksExtension() {
        this(DEFAULT_WAIT);
    }

    /** Creates the extension with {@code hangGuard} as each bounded wait; for this module's own tests. */
    NoLeaksExtension(Duration hangGuard) {
        this.hangGuard = Objects.requireNonNull(hangGuard, "hangGuard");
    }

    /**
     * Records the live threads and installs the recording uncaught-exception handler.
     *
     * @param context the test's context, where the record is kept until {@link #afterEach}
     */
    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put(Snapshot.class, before());
    }

    /**
     * Restores the previous uncaught-exception handler and runs the three checks of the class comment.
     *
     * @param context the test's context
     * @throws AssertionError if a check fails
     */
    @Override
    public void afterEach(ExtensionContext context) {
        Snapshot snapshot = context.getStore(NAMESPACE).remove(Snapshot.class, Snapshot.class);
        if (snapshot != null) {
            after(snapshot);
        }
    }

    /** Takes the snapshot and installs the recorder; the caller must pass the result to {@link #after}. */
    Snapshot before() {
        Set<Thread> threads = Collections.newSetFromMap(new IdentityHashMap<>());
        threads.addAll(Thread.getAllStackTraces().keySet());
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        UncaughtRecorder recorder = new UncaughtRecorder();
        Thread.setDefaultUncaughtExceptionHandler(recorder);
        return new Snapshot(threads, previous, recorder);
    }

    /** Runs the checks against {@code snapshot}, restoring the previous handler in every case. */
    void after(Snapshot snapshot) {
        List<AssertionError> failures = new ArrayList<>();
        try {
            // The recorder stays installed while we wait, so threads that fail as they end are caught.
            AssertionError tasks;
            try {
                tasks = checkRunningTasks();
            } catch (AssertionError e) {
                tasks = e;
            }
            AssertionError threads = checkNewThreads(snapshot.threads);
            AssertionError uncaught = snapshot.recorder.failure();
            for (AssertionError failure : new AssertionError[] {uncaught, tasks, threads}) {
                if (failure != null) {
                    failures.add(failure);
                }
            }
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(snapshot.previous);
        }
        if (!failures.isEmpty()) {
            AssertionError first = failures.get(0);
            for (AssertionError other : failures.subList(1, failures.size())) {
                first.addSuppressed(other);
            }
            throw first;
        }
    }

    private AssertionError checkRunningTasks() {
        Method runningTasks = findRunningTasks();
        if (runningTasks == null) {
            return null;
        }
        long deadline = System.nanoTime() + hangGuard.toNanos();
        int running = call(runningTasks);
        while (running != 0 && deadline - System.nanoTime() > 0 && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(POLL_NANOS);
            running = call(runningTasks);
        }
        if (running != 0) {
            return new AssertionError("Fanin is still running " + running + " task(s) "
                    + hangGuard.toMillis() + " ms after the test ended");
        }
        return null;
    }

    private static Method findRunningTasks() {
        List<ClassLoader> loaders = new ArrayList<>(2);
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            loaders.add(context);
        }
        loaders.add(NoLeaksExtension.class.getClassLoader());
        for (ClassLoader loader : loaders) {
            Class<?> diagnostics;
            try {
                diagnostics = Class.forName(ENGINE_DIAGNOSTICS, true, loader);
            } catch (ClassNotFoundException e) {
                continue;
            } catch (LinkageError e) {
                throw new AssertionError("cannot load " + ENGINE_DIAGNOSTICS, e);
            }
            try {
                Method method = diagnostics.getMethod("runningTasks");
                if (Modifier.isStatic(method.getModifiers()) && method.getReturnType() == int.class) {
                    return method;
                }
            } catch (NoSuchMethodException e) {
                // Reported below.
            }
            throw new AssertionError(ENGINE_DIAGNOSTICS + " has no public static int runningTasks()");
        }
        return null;
    }

    private static int call(Method runningTasks) {
        try {
            return (Integer) runningTasks.invoke(null);
        } catch (InvocationTargetException e) {
            throw new AssertionError(ENGINE_DIAGNOSTICS + ".runningTasks() threw", e.getCause());
        } catch (IllegalAccessException e) {
            throw new AssertionError("cannot call " + ENGINE_DIAGNOSTICS + ".runningTasks()", e);
        }
    }

    private AssertionError checkNewThreads(Set<Thread> before) {
        Thread self = Thread.currentThread();
        List<Thread> suspects = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (!before.contains(thread) && thread != self && thread.isAlive() && !isShared(thread)) {
                suspects.add(thread);
            }
        }
        if (suspects.isEmpty()) {
            return null;
        }
        suspects.sort(Comparator.comparing(Thread::getName));
        long deadline = System.nanoTime() + hangGuard.toNanos();
        try {
            for (Thread thread : suspects) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedJoin(thread, remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        StringBuilder message = new StringBuilder();
        int alive = 0;
        for (Thread thread : suspects) {
            if (thread.isAlive()) {
                alive++;
                message.append('\n').append(ThreadDumps.describe(thread));
            }
        }
        if (alive == 0) {
            return null;
        }
        return new AssertionError(alive + " thread(s) started during the test still alive "
                + hangGuard.toMillis() + " ms after it ended:" + message);
    }

    /** Returns whether {@code thread} belongs to a shared pool or to the JVM and may outlive a test. */
    static boolean isShared(Thread thread) {
        String name = thread.getName();
        for (String prefix : SHARED_THREAD_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        // JDK-internal threads: virtual-thread carriers (jdk.internal.misc.CarrierThread), the
        // virtual-thread unparker/unblocker and I/O pollers (InnocuousThread), and the per-pool delay
        // scheduler that JDK 25 starts for the virtual-thread scheduler.
        String type = thread.getClass().getName();
        return type.startsWith("jdk.internal.") || type.equals("java.util.concurrent.DelayScheduler");
    }

    /** What {@link #before()} saw, for {@link #after}. */
    static final class Snapshot {
        final Set<Thread> threads;
        final Thread.UncaughtExceptionHandler previous;
        final UncaughtRecorder recorder;

        Snapshot(Set<Thread> threads, Thread.UncaughtExceptionHandler previous, UncaughtRecorder recorder) {
            this.threads = threads;
            this.previous = previous;
            this.recorder = recorder;
        }
    }

    /** The default uncaught-exception handler while a test runs: records, in arrival order. */
    static final class UncaughtRecorder implements Thread.UncaughtExceptionHandler {
        private final ConcurrentLinkedQueue<Uncaught> recorded = new ConcurrentLinkedQueue<>();

        @Override
        public void uncaughtException(Thread thread, Throwable throwable) {
            recorded.add(new Uncaught(thread.getName(), throwable));
        }

        /** Returns the failure for what was recorded, or null if nothing was. */
        AssertionError failure() {
            List<Uncaught> all = new ArrayList<>(recorded);
            if (all.isEmpty()) {
                return null;
            }
            List<String> threadNames = new ArrayList<>();
            for (Uncaught uncaught : all) {
                threadNames.add(uncaught.threadName());
            }
            Throwable first = all.get(0).throwable();
            AssertionError error = new AssertionError(all.size() + " uncaught exception(s) during the test, in thread(s) "
                    + threadNames + "; the first: " + first, first);
            for (Uncaught other : all.subList(1, all.size())) {
                error.addSuppressed(other.throwable());
            }
            return error;
        }
    }

    /** One uncaught exception and the name of the thread it ended. */
    private record Uncaught(String threadName, Throwable throwable) {
    }
}

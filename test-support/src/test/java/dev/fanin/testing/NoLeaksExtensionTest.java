package dev.fanin.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.interop.EngineDiagnostics;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class NoLeaksExtensionTest {
    private final NoLeaksExtension extension = new NoLeaksExtension(Duration.ofMillis(50));

    /** junit-platform.properties enables autodetection, so the service file applies the extension here. */
    @Test
    void autodetection_serviceFile_installsRecorderAroundEachTest() {
        assertTrue(Thread.getDefaultUncaughtExceptionHandler() instanceof NoLeaksExtension.UncaughtRecorder,
                String.valueOf(Thread.getDefaultUncaughtExceptionHandler()));
    }

    /** A test that joins what it starts passes, and the previous handler is restored. */
    @Test
    void after_everythingJoined_passesAndRestoresHandler() throws InterruptedException {
        Thread.UncaughtExceptionHandler outer = Thread.getDefaultUncaughtExceptionHandler();
        NoLeaksExtension.Snapshot snapshot = extension.before();
        Thread thread = new Thread(() -> { }, "joined");
        thread.start();
        thread.join();
        extension.after(snapshot);
        assertSame(outer, Thread.getDefaultUncaughtExceptionHandler());
    }

    /** An exception that ends another thread fails the test, as the cause. */
    @Test
    void after_uncaughtException_fails() throws InterruptedException {
        NoLeaksExtension.Snapshot snapshot = extension.before();
        IllegalStateException boom = new IllegalStateException("boom");
        Thread thread = new Thread(() -> {
            throw boom;
        }, "thrower");
        thread.start();
        thread.join();
        AssertionError error = assertThrows(AssertionError.class, () -> extension.after(snapshot));
        assertSame(boom, error.getCause());
        assertTrue(error.getMessage().contains("thrower"), error.getMessage());
    }

    /** A thread started by the test and still alive fails the test, named with its state and stack. */
    @Test
    void after_threadLeft_failsListingIt() throws InterruptedException {
        NoLeaksExtension.Snapshot snapshot = extension.before();
        CountDownLatch release = new CountDownLatch(1);
        Forked leaked = Forks.start("leaky", release::await);
        try {
            AssertionError error = assertThrows(AssertionError.class, () -> extension.after(snapshot));
            assertTrue(error.getMessage().contains("\"leaky\" state=WAITING"), error.getMessage());
            assertTrue(error.getMessage().contains("CountDownLatch.await"), error.getMessage());
        } finally {
            release.countDown();
            leaked.join();
        }
    }

    /** Threads of shared pools are not leaks. */
    @Test
    void isShared_poolThreadNames() {
        assertTrue(NoLeaksExtension.isShared(new Thread(() -> { }, "fanin-worker-7")));
        assertTrue(NoLeaksExtension.isShared(new Thread(() -> { }, "DefaultDispatcher-worker-1")));
        assertFalse(NoLeaksExtension.isShared(new Thread(() -> { }, "my-thread")));
    }

    /** Fanin tasks still running after the test fail it, with their number. */
    @Test
    void after_engineStillRunsTasks_fails() {
        NoLeaksExtension.Snapshot snapshot = extension.before();
        EngineDiagnostics.running = 2;
        try {
            AssertionError error = assertThrows(AssertionError.class, () -> extension.after(snapshot));
            assertTrue(error.getMessage().contains("still running 2 task(s)"), error.getMessage());
        } finally {
            EngineDiagnostics.running = 0;
        }
    }

    /** Several failures: the uncaught exception first, the others suppressed. */
    @Test
    void after_severalFailures_firstWithOthersSuppressed() throws InterruptedException {
        NoLeaksExtension.Snapshot snapshot = extension.before();
        EngineDiagnostics.running = 1;
        Thread thread = new Thread(() -> {
            throw new IllegalStateException("boom");
        }, "thrower");
        thread.start();
        thread.join();
        try {
            AssertionError error = assertThrows(AssertionError.class, () -> extension.after(snapshot));
            assertTrue(error.getMessage().contains("uncaught"), error.getMessage());
            assertEquals(1, error.getSuppressed().length);
        } finally {
            EngineDiagnostics.running = 0;
        }
    }
}

package dev.fanin.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class ForksTest {
    /** A body that throws makes join throw an AssertionError caused by the body's throwable. */
    @Test
    void join_bodyThrows_rethrowsAsAssertionError() {
        Exception boom = new Exception("boom");
        Forked fork = Forks.start("thrower", () -> {
            throw boom;
        });
        AssertionError error = assertThrows(AssertionError.class, fork::join);
        assertSame(boom, error.getCause());
        assertTrue(error.getMessage().contains("thrower"), error.getMessage());
    }

    /** A failed assertion in the body is reported the same way. */
    @Test
    void join_bodyAssertionFails_rethrows() {
        Forked fork = Forks.start("asserter", () -> assertEquals(1, 2));
        AssertionError error = assertThrows(AssertionError.class, fork::join);
        assertTrue(error.getCause() instanceof AssertionError);
    }

    /** A body that completes makes join return, and its effects are visible after join. */
    @Test
    void join_bodyCompletes_returnsWithEffectsVisible() {
        AtomicReference<String> seen = new AtomicReference<>();
        Forked fork = Forks.start("worker", () -> seen.set(Thread.currentThread().getName()));
        fork.join();
        assertEquals("worker", seen.get());
        assertFalse(fork.thread().isAlive());
    }

    /** A body that cannot finish makes join fail after its timeout, with the thread's stack. */
    @Test
    void join_threadStillAlive_failsWithStack() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        Forked fork = Forks.start("blocked", release::await);
        AssertionError error = assertThrows(AssertionError.class, () -> fork.join(Duration.ofMillis(20)));
        assertTrue(error.getMessage().contains("still alive"), error.getMessage());
        release.countDown();
        fork.join();
    }

    /** startVirtual runs the body on a virtual thread, or aborts the test without virtual threads. */
    @Test
    void startVirtual_runsOnVirtualThreadOrAborts() {
        AtomicReference<ThreadKind> kind = new AtomicReference<>();
        if (!VirtualThreads.available()) {
            assertThrows(TestAbortedException.class, () -> Forks.startVirtual("v", () -> kind.set(ThreadKind.current())));
            return;
        }
        Forked fork = Forks.startVirtual("v", () -> kind.set(ThreadKind.current()));
        fork.join();
        assertEquals(ThreadKind.VIRTUAL, kind.get());
        assertEquals("v", fork.thread().getName());
    }
}

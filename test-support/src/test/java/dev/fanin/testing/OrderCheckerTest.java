package dev.fanin.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class OrderCheckerTest {
    /** Steps in order, then finish: check passes. */
    @Test
    void check_stepsInOrderAndFinished_passes() {
        OrderChecker order = new OrderChecker();
        order.expect(1);
        CompletableFuture<Void> future = new CompletableFuture<>();
        future.thenRun(() -> order.expect(3));
        order.expect(2);
        future.complete(null);
        order.finish(4);
        order.check();
        order.check();
    }

    /** A step out of order throws at once and check reports it again with both numbers. */
    @Test
    void expect_outOfOrder_throwsAndCheckFails() {
        OrderChecker order = new OrderChecker();
        order.expect(1);
        AssertionError thrown = assertThrows(AssertionError.class, () -> order.expect(3));
        assertTrue(thrown.getMessage().contains("expected step 3 but it is step 2"), thrown.getMessage());
        order.finish(3);
        AssertionError checked = assertThrows(AssertionError.class, order::check);
        assertEquals(thrown, checked.getCause());
        assertTrue(checked.getMessage().contains("expected step 3 but it is step 2"), checked.getMessage());
    }

    /** Without finish, check fails even though every step was in order. */
    @Test
    void check_finishNeverCalled_fails() {
        OrderChecker order = new OrderChecker();
        order.expect(1);
        order.expect(2);
        AssertionError checked = assertThrows(AssertionError.class, order::check);
        assertTrue(checked.getMessage().contains("finish"), checked.getMessage());
        assertTrue(checked.getMessage().contains("2"), checked.getMessage());
    }

    /** A violation in another thread is recorded, so check on the test thread names that thread. */
    @Test
    void check_violationInOtherThread_reportsItWithThreadName() {
        OrderChecker order = new OrderChecker();
        order.expect(1);
        Forked fork = Forks.start("order-violator", () -> order.expect(5));
        assertThrows(AssertionError.class, fork::join);
        order.finish(3);
        AssertionError checked = assertThrows(AssertionError.class, order::check);
        assertTrue(checked.getMessage().contains("expected step 5 but it is step 2"), checked.getMessage());
        assertTrue(checked.getMessage().contains("order-violator"), checked.getMessage());
    }

    /** expectUnreached throws, and check reports it even if the throw was swallowed. */
    @Test
    void expectUnreached_swallowed_checkFails() {
        OrderChecker order = new OrderChecker();
        CompletableFuture<Void> future = new CompletableFuture<>();
        CompletableFuture<Void> swallowed = future.thenRun(order::expectUnreached);
        future.complete(null);
        assertTrue(swallowed.isCompletedExceptionally());
        order.finish(1);
        AssertionError checked = assertThrows(AssertionError.class, order::check);
        assertTrue(checked.getMessage().contains("should not be reached"), checked.getMessage());
    }

    /** Later violations are attached to the first as suppressed. */
    @Test
    void check_twoViolations_secondSuppressed() {
        OrderChecker order = new OrderChecker();
        assertThrows(AssertionError.class, () -> order.expect(2));
        assertThrows(AssertionError.class, order::expectUnreached);
        AssertionError checked = assertThrows(AssertionError.class, order::check);
        assertEquals(1, checked.getSuppressed().length);
        assertNotNull(checked.getCause());
    }

    /** Calling finish twice is a violation. */
    @Test
    void finish_calledTwice_fails() {
        OrderChecker order = new OrderChecker();
        order.finish(1);
        assertThrows(AssertionError.class, () -> order.finish(2));
        assertThrows(AssertionError.class, order::check);
    }
}

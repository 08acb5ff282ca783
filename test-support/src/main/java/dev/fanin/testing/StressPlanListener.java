package dev.fanin.testing;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Counts the stress races of a test run for {@link StressBudget}: the test methods (tests and
 * templates) of classes named {@code *StressTest} in JUnit's test plan, less those that have
 * finished. Registered with the JUnit Platform through {@code META-INF/services}, so every test
 * run that has test-support on its class path counts its races; with {@code -Dtest=...} only the
 * selected ones. Not for use by tests.
 */
public final class StressPlanListener implements TestExecutionListener {
    /** Unique ids of the race methods of the running plan that have not finished. */
    private static final Set<String> UNFINISHED = ConcurrentHashMap.newKeySet();

    /** Creates the listener; the JUnit Platform does. */
    public StressPlanListener() {
    }

    /** {@return the races of the running test plan that have not finished (the current one included)} */
    static int unfinishedRaces() {
        return UNFINISHED.size();
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        UNFINISHED.clear();
        for (TestIdentifier root : testPlan.getRoots()) {
            for (TestIdentifier each : testPlan.getDescendants(root)) {
                if (isRace(each)) {
                    UNFINISHED.add(each.getUniqueId());
                }
            }
        }
    }

    @Override
    public void executionSkipped(TestIdentifier testIdentifier, String reason) {
        UNFINISHED.remove(testIdentifier.getUniqueId());
    }

    @Override
    public void executionFinished(TestIdentifier testIdentifier,
            org.junit.platform.engine.TestExecutionResult testExecutionResult) {
        UNFINISHED.remove(testIdentifier.getUniqueId());
    }

    /** A method of a {@code *StressTest} class, as written (not one dynamic invocation of it). */
    private static boolean isRace(TestIdentifier identifier) {
        TestSource source = identifier.getSource().orElse(null);
        return source instanceof MethodSource method && method.getClassName().endsWith("StressTest");
    }
}

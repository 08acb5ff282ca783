package dev.fanin.interop;

/**
 * Test double of kotlin-impl's bridge object, so that NoLeaksExtension's task check runs in this
 * module's tests. It exists only on this module's test class path.
 */
public final class EngineDiagnostics {
    /** What {@link #runningTasks()} reports; tests set it and reset it to 0. */
    public static volatile int running;

    private EngineDiagnostics() {
    }

    /** Returns {@link #running}. */
    public static int runningTasks() {
        return running;
    }
}

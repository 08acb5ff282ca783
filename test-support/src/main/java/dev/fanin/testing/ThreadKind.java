package dev.fanin.testing;

/**
 * The kinds of thread a test can run on; see {@link OnEachThreadKind}.
 */
public enum ThreadKind {
    /** An ordinary platform (operating-system) thread. */
    PLATFORM,
    /** A virtual thread (JDK 21 and later). */
    VIRTUAL;

    /**
     * Returns the kind of the calling thread.
     *
     * @return {@link #VIRTUAL} if the calling thread is virtual, {@link #PLATFORM} otherwise
     *     (always {@link #PLATFORM} before JDK 19)
     */
    public static ThreadKind current() {
        return VirtualThreads.isVirtual(Thread.currentThread()) ? VIRTUAL : PLATFORM;
    }
}

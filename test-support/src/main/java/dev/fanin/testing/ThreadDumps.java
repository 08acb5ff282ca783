package dev.fanin.testing;

/** Text and stack traces of live threads, for failure messages. */
final class ThreadDumps {
    private ThreadDumps() {
    }

    /** Returns the thread's name, state and daemon flag, then its stack, one frame a line. */
    static String describe(Thread thread) {
        StringBuilder text = new StringBuilder()
                .append('"').append(thread.getName()).append('"')
                .append(" state=").append(thread.getState())
                .append(thread.isDaemon() ? " daemon" : "");
        for (StackTraceElement frame : thread.getStackTrace()) {
            text.append("\n\tat ").append(frame);
        }
        return text.toString();
    }

    /** Returns a throwable whose stack trace is the thread's current stack, to attach as a cause. */
    static Throwable stackOf(Thread thread) {
        Throwable where = new Throwable("stack of thread \"" + thread.getName() + "\" (" + thread.getState() + ")");
        where.setStackTrace(thread.getStackTrace());
        return where;
    }
}

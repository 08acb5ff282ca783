package dev.fanin.testing;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit extension behind {@link OnEachThreadKind}: one invocation per available
 * {@link ThreadKind}, each running the test method's body on a fresh thread of that kind.
 *
 * <p>JUnit creates this class itself; tests use the annotation, not this class.
 */
public final class ThreadKindInvocationProvider implements TestTemplateInvocationContextProvider {
    /** How long an invocation may run before it is failed: a guard against hangs only. */
    static final Duration HANG_GUARD = Duration.ofSeconds(60);

    /** Creates the provider; JUnit calls this. */
    public ThreadKindInvocationProvider() {
    }

    /**
     * Returns whether the test method is annotated, directly or through a meta-annotation, with
     * {@link OnEachThreadKind}.
     *
     * @param context the test template's context
     * @return {@code true} if this provider handles the method
     */
    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod()
                .map(method -> AnnotationSupport.isAnnotated(method, OnEachThreadKind.class))
                .orElse(false);
    }

    /**
     * Returns the invocations: "platform thread" and, when {@link VirtualThreads#available()},
     * "virtual thread".
     *
     * @param context the test template's context
     * @return one invocation context per available thread kind, platform first
     */
    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        return VirtualThreads.available()
                ? Stream.of(new KindContext(ThreadKind.PLATFORM), new KindContext(ThreadKind.VIRTUAL))
                : Stream.of(new KindContext(ThreadKind.PLATFORM));
    }

    /** One invocation: its display name and the interceptor that moves the body to a fresh thread. */
    private static final class KindContext implements TestTemplateInvocationContext {
        private final ThreadKind kind;

        KindContext(ThreadKind kind) {
            this.kind = kind;
        }

        @Override
        public String getDisplayName(int invocationIndex) {
            return kind == ThreadKind.VIRTUAL ? "virtual thread" : "platform thread";
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new OnFreshThread(kind));
        }
    }

    /** Runs the test method's body on a fresh thread of one kind and rethrows what it threw. */
    private static final class OnFreshThread implements InvocationInterceptor {
        private final ThreadKind kind;

        OnFreshThread(ThreadKind kind) {
            this.kind = kind;
        }

        @Override
        public void interceptTestTemplateMethod(Invocation<Void> invocation,
                ReflectiveInvocationContext<Method> invocationContext,
                ExtensionContext extensionContext) throws Throwable {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Runnable body = () -> {
                try {
                    invocation.proceed();
                } catch (Throwable t) {
                    thrown.set(t);
                }
            };
            String name = "OnEachThreadKind-" + kind.name().toLowerCase(Locale.ROOT)
                    + "-" + invocationContext.getExecutable().getName();
            Thread thread;
            if (kind == ThreadKind.VIRTUAL) {
                thread = VirtualThreads.start(name, body);
            } else {
                thread = new Thread(body, name);
                thread.setDaemon(true);
                thread.start();
            }
            // A stress test in budget mode runs for its races' shares, which may add up to more
            // than the guard: it is not hung while it uses them.
            Duration guard = HANG_GUARD.plus(StressBudget.allowance());
            try {
                TimeUnit.NANOSECONDS.timedJoin(thread, guard.toNanos());
            } catch (InterruptedException e) {
                // JUnit (e.g. a preemptive @Timeout) interrupted us: pass it on to the body.
                thread.interrupt();
                throw e;
            }
            if (thread.isAlive()) {
                throw new AssertionError("test body on " + kind + " thread \"" + name + "\" still running after "
                        + guard.toMillis() + " ms", ThreadDumps.stackOf(thread));
            }
            Throwable failure = thrown.get();
            if (failure != null) {
                throw failure;
            }
        }
    }
}

package dev.fanin.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;

class ThreadKindTest {
    private static final Set<ThreadKind> SEEN = ConcurrentHashMap.newKeySet();

    /** Each invocation runs on a fresh thread of its kind; afterwards every available kind was seen. */
    @OnEachThreadKind
    void onEachThreadKind_runsOnFreshThreadOfEachKind() {
        SEEN.add(ThreadKind.current());
        assertTrue(Thread.currentThread().getName().startsWith("OnEachThreadKind-"), Thread.currentThread().getName());
    }

    @AfterAll
    static void everyAvailableKindWasSeen() {
        Set<ThreadKind> expected = VirtualThreads.available()
                ? EnumSet.allOf(ThreadKind.class) : EnumSet.of(ThreadKind.PLATFORM);
        assertEquals(expected, SEEN);
    }

    /** The test thread JUnit gives a plain test is a platform thread. */
    @Test
    void current_onJUnitThread_isPlatform() {
        assertEquals(ThreadKind.PLATFORM, ThreadKind.current());
    }

    /** Invocations are named by thread kind, platform first. */
    @Test
    void provider_namesInvocationsByKind() {
        List<String> names = new ThreadKindInvocationProvider().provideTestTemplateInvocationContexts(null)
                .map(c -> c.getDisplayName(1))
                .collect(Collectors.toList());
        assertEquals(VirtualThreads.available() ? List.of("platform thread", "virtual thread") : List.of("platform thread"),
                names);
    }

    /** What the body throws is rethrown as the same instance, on every kind. */
    @Test
    void interceptor_bodyThrows_rethrowsSameInstance() throws Exception {
        Method method = ThreadKindTest.class.getDeclaredMethod("onEachThreadKind_runsOnFreshThreadOfEachKind");
        @SuppressWarnings("unchecked")
        ReflectiveInvocationContext<Method> invocationContext = (ReflectiveInvocationContext<Method>) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {ReflectiveInvocationContext.class},
                (proxy, m, args) -> {
                    if (m.getName().equals("getExecutable")) {
                        return method;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        List<TestTemplateInvocationContext> contexts = new ThreadKindInvocationProvider()
                .provideTestTemplateInvocationContexts(null).collect(Collectors.toList());
        for (TestTemplateInvocationContext context : contexts) {
            InvocationInterceptor interceptor = (InvocationInterceptor) context.getAdditionalExtensions().get(0);
            AssertionError failure = new AssertionError("from the body");
            AssertionError thrown = assertThrows(AssertionError.class,
                    () -> interceptor.interceptTestTemplateMethod(() -> {
                        throw failure;
                    }, invocationContext, null));
            assertSame(failure, thrown);
        }
    }
}

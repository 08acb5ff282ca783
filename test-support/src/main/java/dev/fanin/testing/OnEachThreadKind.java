package dev.fanin.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test method once on a fresh platform thread and, when
 * {@link VirtualThreads#available()}, once more on a fresh virtual thread. Use it instead of
 * {@code @Test}.
 *
 * <p>The invocations are named "platform thread" and "virtual thread". Only the test method's body
 * runs on the fresh thread; {@code @BeforeEach} and {@code @AfterEach} methods and extensions run on
 * JUnit's thread, before the fresh thread starts and after it has ended. Whatever the body throws is
 * rethrown unchanged on JUnit's thread. {@link ThreadKind#current()} tells the body which kind it is
 * running on.
 *
 * <pre>{@code
 * @OnEachThreadKind
 * void gather_twoTasks_returnsBoth() throws Exception { ... }
 * }</pre>
 *
 * <p>The annotation may also be used as a meta-annotation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@TestTemplate
@ExtendWith(ThreadKindInvocationProvider.class)
public @interface OnEachThreadKind {
}

package dev.fanin.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.testing.fixture.Fixture;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

class ApiDumpTest {
    @TempDir
    Path temp;

    private static Path classesOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** The dump of this module's classes is the same twice and lists the public classes only. */
    @Test
    void dump_ownClasses_deterministicAndPublicOnly() {
        Path classes = classesOf(OrderChecker.class);
        String first = ApiDump.dump(classes);
        assertEquals(first, ApiDump.dump(classes));
        assertTrue(first.contains("public final class dev.fanin.testing.OrderChecker\n"), first);
        assertTrue(first.contains("\n  public void expect(int)\n"), first);
        assertTrue(first.contains("public annotation dev.fanin.testing.OnEachThreadKind\n"), first);
        assertFalse(first.contains("ThreadDumps"), first);
        assertFalse(first.contains("KindContext"), first);
        assertTrue(first.endsWith("\n"));
        assertFalse(first.contains("\r"));
    }

    /** Every declaration shape is written the same way on every JDK. */
    @Test
    void dump_fixture_exactText() {
        String dump = ApiDump.dump(classesOf(Fixture.class), c -> c.getPackageName().endsWith(".fixture"));
        String expected = ""
                + "public abstract class dev.fanin.testing.fixture.Fixture<T extends java.lang.Comparable<? super T>>"
                + " implements java.io.Serializable, java.util.concurrent.Callable<java.util.List<T>>\n"
                + "  protected <init>()\n"
                + "  protected abstract T pick(java.util.List<T>)\n"
                + "  protected java.util.Map$Entry<java.lang.String, T>[] entries\n"
                + "  public <init>(java.lang.String...)\n"
                + "  public final void lock()\n"
                + "  public static <E extends java.lang.Number & java.lang.Comparable<E>>"
                + " java.util.Map<? extends E, java.util.List<? super E>> convert(java.util.List<E>[], int[][],"
                + " java.util.concurrent.Callable<?>) throws java.io.IOException, java.lang.InterruptedException\n"
                + "  public static final int LIMIT\n"
                + "\n"
                + "public record dev.fanin.testing.fixture.Fixture$Circle implements dev.fanin.testing.fixture.Fixture$Shape\n"
                + "  public <init>(double)\n"
                + "  public double area()\n"
                + "  public double radius()\n"
                + "  public final boolean equals(java.lang.Object)\n"
                + "  public final int hashCode()\n"
                + "  public final java.lang.String toString()\n"
                + "\n"
                + "protected class dev.fanin.testing.fixture.Fixture$Inner\n"
                + "  protected <init>(dev.fanin.testing.fixture.Fixture)\n"
                + "  public dev.fanin.testing.fixture.Fixture<T>$Inner self()\n"
                + "\n"
                + "public annotation dev.fanin.testing.fixture.Fixture$Marker\n"
                + "  public java.lang.String value()\n"
                + "\n"
                + "public enum dev.fanin.testing.fixture.Fixture$Mode\n"
                + "  public static dev.fanin.testing.fixture.Fixture$Mode valueOf(java.lang.String)\n"
                + "  public static dev.fanin.testing.fixture.Fixture$Mode[] values()\n"
                + "  public static final dev.fanin.testing.fixture.Fixture$Mode A\n"
                + "  public static final dev.fanin.testing.fixture.Fixture$Mode B\n"
                + "\n"
                + "public sealed interface dev.fanin.testing.fixture.Fixture$Shape permits"
                + " dev.fanin.testing.fixture.Fixture$Circle, dev.fanin.testing.fixture.Fixture$Square\n"
                + "  public default java.lang.String describe()\n"
                + "  public double area()\n"
                + "\n"
                + "public static final class dev.fanin.testing.fixture.Fixture$Square implements dev.fanin.testing.fixture.Fixture$Shape\n"
                + "  public <init>()\n"
                + "  public double area()\n";
        assertEquals(expected, dump);
    }

    /** Without the file and without the update property, check fails and says how to create it. */
    @Test
    void check_fileMissing_failsWithHint() {
        Path api = temp.resolve("missing.api");
        AssertionError error = assertThrows(AssertionError.class, () -> ApiDump.check(classesOf(OrderChecker.class), api));
        assertTrue(error.getMessage().contains("-Dfanin.api.update=true"), error.getMessage());
        assertFalse(Files.exists(api));
    }

    /** With the update property, check writes the file; without it, the same API then passes. */
    @Test
    void check_updateThenCheck_passes() throws IOException {
        Path api = temp.resolve("api").resolve("test-support.api");
        Path classes = classesOf(OrderChecker.class);
        String previous = System.getProperty(ApiDump.UPDATE_PROPERTY);
        System.setProperty(ApiDump.UPDATE_PROPERTY, "true");
        try {
            ApiDump.check(classes, api);
        } finally {
            if (previous == null) {
                System.clearProperty(ApiDump.UPDATE_PROPERTY);
            } else {
                System.setProperty(ApiDump.UPDATE_PROPERTY, previous);
            }
        }
        assertEquals(ApiDump.dump(classes), Files.readString(api, StandardCharsets.UTF_8));
        ApiDump.check(classes, api);
        Files.writeString(api, ApiDump.dump(classes).replace("\n", "\r\n"), StandardCharsets.UTF_8);
        ApiDump.check(classes, api);
    }

    /** A changed API fails with the removed and added lines under their class, and the hint. */
    @Test
    void check_apiChanged_listsRemovedAndAddedLines() throws IOException {
        Path classes = classesOf(OrderChecker.class);
        String current = ApiDump.dump(classes);
        String committed = current.replace("  public void expect(int)\n", "  public void bogus()\n");
        Path api = temp.resolve("test-support.api");
        Files.writeString(api, committed, StandardCharsets.UTF_8);
        AssertionFailedError error = assertThrows(AssertionFailedError.class, () -> ApiDump.check(classes, api));
        String message = error.getMessage();
        assertTrue(message.contains("\n public final class dev.fanin.testing.OrderChecker\n"
                + "-  public void bogus()\n"
                + "+  public void expect(int)\n"), message);
        assertTrue(message.contains("-Dfanin.api.update=true"), message);
        assertEquals(committed, error.getExpected().getValue());
        assertEquals(current, error.getActual().getValue());
    }
}

/**
 * Helpers shared by the tests of every Fanin module; never a runtime dependency.
 *
 * <ul>
 *   <li>{@link dev.fanin.testing.OrderChecker}: assert that steps run in order, from any thread.</li>
 *   <li>{@link dev.fanin.testing.NoLeaksExtension}: fail a test that leaves threads, running tasks or
 *       uncaught exceptions behind.</li>
 *   <li>{@link dev.fanin.testing.Forks}: start threads whose failures surface on the test thread.</li>
 *   <li>{@link dev.fanin.testing.OnEachThreadKind}: run a test on a platform and on a virtual thread.</li>
 *   <li>{@link dev.fanin.testing.ApiDump}: compare the public API with a committed snapshot.</li>
 * </ul>
 *
 * <p>This module depends on JUnit Jupiter only, never on another Fanin module, so that every module
 * may use it in its tests. Unless otherwise specified, passing {@code null} to a method of this
 * package throws {@link java.lang.NullPointerException}.
 */
package dev.fanin.testing;

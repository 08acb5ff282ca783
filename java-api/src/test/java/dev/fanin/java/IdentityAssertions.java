package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;

/** Assertions on lists that must hold the very objects given, in order. */
final class IdentityAssertions {
  private IdentityAssertions() {}

  /** Asserts that {@code actual} holds exactly the objects of {@code expected}, by identity, in order. */
  static void assertSameElements(List<?> expected, List<?> actual) {
    assertEquals(expected.size(), actual.size(), () -> "expected " + expected + " but was " + actual);
    for (int i = 0; i < expected.size(); i++) {
      assertSame(expected.get(i), actual.get(i), "element " + i);
    }
  }
}

package dev.fanin.java.internal;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Argument checks of the public classes that take lists. */
public final class Arguments {
  private Arguments() {}

  /**
   * {@return an immutable snapshot of {@code list}} A null list or element throws {@link
   * NullPointerException} naming it ({@code failures[2]}), as the package documentation promises;
   * snapshotting first means a list changed meanwhile cannot slip a null past the check.
   *
   * @param list the caller's list
   * @param name the argument's name, for the message
   * @param <T> the type of the elements
   */
  public static <T> List<T> copyOfNonNull(List<? extends @Nullable T> list, String name) {
    Object[] elements = Objects.requireNonNull(list, name).toArray();
    for (int i = 0; i < elements.length; i++) {
      if (elements[i] == null) {
        throw new NullPointerException(name + "[" + i + "]");
      }
    }
    @SuppressWarnings("unchecked")
    List<T> copy = (List<T>) List.of(elements);
    return copy;
  }
}

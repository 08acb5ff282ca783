package dev.fanin.consumer;

import dev.fanin.java.FaninBlocking;
import java.util.List;

/** A Java call into Fanin from a project that depends on it like any user's. */
public final class JavaCall {
  private JavaCall() {}

  /**
   * Gathers two tasks and checks the result.
   *
   * @param args ignored
   * @throws Exception if the call fails or gives the wrong result
   */
  public static void main(String[] args) throws Exception {
    List<String> pages = FaninBlocking.gather(List.of(() -> "page a", () -> "page b"));
    if (!pages.equals(List.of("page a", "page b"))) {
      throw new AssertionError("Java gather: " + pages);
    }
    System.out.println("Java gather: " + pages);
  }
}

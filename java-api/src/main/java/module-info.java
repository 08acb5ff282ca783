/**
 * Fanin for Java: asyncio's and Go's ways of waiting on many concurrent things, as
 * {@code CompletableFuture}-returning calls ({@link dev.fanin.java.Fanin}) and blocking calls
 * ({@link dev.fanin.java.FaninBlocking}).
 */
module dev.fanin.java {
  requires transitive dev.fanin.kotlin;
  // The nullness annotations (JSpecify): needed to compile this module, not to run it or to compile
  // against it. Not transitive: "requires static transitive" would make javac demand the jar from
  // every module that reads this one (see the compiler configuration in java-api/pom.xml).
  requires static org.jspecify;

  exports dev.fanin.java;
}

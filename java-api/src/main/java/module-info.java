/**
 * Fanin for Java: asyncio's and Go's ways of waiting on many concurrent things, as
 * {@code CompletableFuture}-returning calls ({@link dev.fanin.java.Fanin}) and blocking calls
 * ({@link dev.fanin.java.FaninBlocking}).
 */
module dev.fanin.java {
  requires transitive dev.fanin.kotlin;

  exports dev.fanin.java;
}

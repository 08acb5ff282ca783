/**
 * Fanin's engine and Kotlin API.
 *
 * <p>{@code dev.fanin} is the Kotlin API. {@code dev.fanin.interop} is the bridge the Java facade
 * uses; it is exported to that module only and is not API.
 */
module dev.fanin.kotlin {
  requires transitive kotlin.stdlib;
  requires transitive kotlinx.coroutines.core;

  exports dev.fanin;
  exports dev.fanin.interop to dev.fanin.java;
}

package dev.fanin.java;

import dev.fanin.testing.ApiDump;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The public Java API matches the committed dump; update it with -Dfanin.api.update=true. */
class ApiDumpTest {
  /** Every change to public signatures is deliberate. */
  @Test
  void publicApi_matchesCommittedDump() throws Exception {
    ApiDump.check(
        Path.of(System.getProperty("fanin.api.classes")),
        Path.of(System.getProperty("fanin.api.dump")));
  }
}

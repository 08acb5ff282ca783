package dev.fanin.samples.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.testing.NoLeaksExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's examples run, and every code block in README.md and docs/ is in a compiled file. */
@ExtendWith(NoLeaksExtension.class)
class QuickStartTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final String EXPECTED =
      "[page a, page b]\ntrue\npage slow\n[task 0: page a, task 1: page b]\nhandled order 1\n";

  /** The Java examples print what the README promises. */
  @Test
  void javaQuickStart_printsResults() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    QuickStart.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertEquals(EXPECTED, bytes.toString(StandardCharsets.UTF_8));
  }

  /** Each java or kotlin code block of README.md and docs/*.md appears verbatim in samples sources. */
  @Test
  void docs_codeBlocks_areCopiesOfCompiledCode() throws IOException {
    String sources = normalizedSources();
    List<String> missing = new ArrayList<>();
    for (Path doc : docs()) {
      Matcher block =
          Pattern.compile("```(java|kotlin)\\n(.*?)```", Pattern.DOTALL)
              .matcher(Files.readString(doc));
      while (block.find()) {
        if (!sources.contains(normalize(block.group(2)))) {
          missing.add(ROOT.relativize(doc) + ":\n" + block.group(2));
        }
      }
    }
    assertTrue(missing.isEmpty(), () -> "code blocks with no compiled twin:\n" + missing);
  }

  private static List<Path> docs() throws IOException {
    List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
      files.filter(p -> p.toString().endsWith(".md")).forEach(docs::add);
    }
    return docs;
  }

  private static String normalizedSources() throws IOException {
    try (Stream<Path> files = Files.walk(ROOT.resolve("samples/src"))) {
      return files
          .filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".kt"))
          .map(QuickStartTest::read)
          .map(QuickStartTest::normalize)
          .collect(Collectors.joining("\n"));
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Compares code by its lines' text, ignoring indentation and blank lines. */
  private static String normalize(String code) {
    return code.lines()
        .map(String::strip)
        .filter(line -> !line.isEmpty())
        .collect(Collectors.joining("\n"));
  }
}

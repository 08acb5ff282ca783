package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.Outcome;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Fanin is one library to a Java user: the two API packages a Java program imports ({@code
 * dev.fanin.java.*} and the shared {@code dev.fanin.*}) hold no two public types with the same simple
 * name, and every class that is public in the Kotlin module's API package is in its committed API
 * dump (no Kotlin implementation class is public to Java). Read from the committed dumps and the
 * compiled classes, so a change that breaks either rule fails here, not in a user's IDE.
 */
class OneLibraryApiTest {
  private static final Pattern TOP_LEVEL =
      Pattern.compile("^public (?:final |abstract |sealed |non-sealed )*(?:class|interface|enum|record|@interface) (dev\\.fanin(?:\\.java)?)\\.([A-Za-z][\\w]*)[<\\s]", Pattern.MULTILINE);

  /** No simple type name is public in both dev.fanin and dev.fanin.java. */
  @Test
  void apiPackages_noSimpleNameTwice() throws IOException {
    Map<String, List<String>> packagesByName = new TreeMap<>();
    for (Path dump : List.of(kotlinDump(), javaDump())) {
      Matcher m = TOP_LEVEL.matcher(Files.readString(dump));
      while (m.find()) {
        packagesByName.computeIfAbsent(m.group(2), k -> new ArrayList<>()).add(m.group(1));
      }
    }
    assertTrue(packagesByName.containsKey("Outcome"), "the dumps were not read: " + packagesByName);
    Map<String, List<String>> twice = new TreeMap<>();
    packagesByName.forEach((name, packages) -> {
      if (packages.size() > 1) {
        twice.put(name, packages);
      }
    });
    assertEquals(Map.of(), twice, "simple names public in two Fanin packages");
  }

  /** Every public top-level class of the package dev.fanin is API: no Kotlin implementation class is public. */
  @Test
  void kotlinApiPackage_everyPublicClassIsInTheDump() throws IOException, ReflectiveOperationException, URISyntaxException {
    TreeSet<String> dumped = new TreeSet<>();
    Matcher m = TOP_LEVEL.matcher(Files.readString(kotlinDump()));
    while (m.find()) {
      dumped.add(m.group(1) + "." + m.group(2));
    }
    TreeSet<String> publicClasses = new TreeSet<>();
    Path dir = Path.of(Outcome.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (Stream<String> names = classNamesIn(dir, "dev/fanin/")) {
      for (String name : (Iterable<String>) names::iterator) {
        Class<?> type = Class.forName(name, false, Outcome.class.getClassLoader());
        if (Modifier.isPublic(type.getModifiers()) && !type.getSimpleName().startsWith("-")) {
          publicClasses.add(name);
        }
      }
    }
    publicClasses.removeIf(name -> name.substring(name.lastIndexOf('.') + 1).startsWith("-"));
    publicClasses.removeAll(dumped);
    assertEquals(new TreeSet<>(), publicClasses, "public classes of dev.fanin that are not API");
  }

  private static Stream<String> classNamesIn(Path root, String packagePath) throws IOException {
    if (Files.isDirectory(root)) {
      Path dir = root.resolve(packagePath);
      return Files.list(dir)
          .map(p -> p.getFileName().toString())
          .filter(f -> f.endsWith(".class") && !f.contains("$"))
          .map(f -> packagePath.replace('/', '.') + f.substring(0, f.length() - ".class".length()));
    }
    java.util.jar.JarFile jar = new java.util.jar.JarFile(root.toFile());
    return jar.stream()
        .map(java.util.jar.JarEntry::getName)
        .filter(n -> n.startsWith(packagePath) && n.endsWith(".class") && !n.contains("$"))
        .filter(n -> n.indexOf('/', packagePath.length()) < 0)
        .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
        .onClose(() -> {
          try {
            jar.close();
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  private static Path javaDump() {
    return Path.of(System.getProperty("fanin.api.dump"));
  }

  private static Path kotlinDump() {
    return javaDump().getParent().getParent().getParent().resolve("kotlin-impl/api/fanin-kotlin.api");
  }
}

package dev.fanin.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.opentest4j.AssertionFailedError;

/**
 * The committed-API snapshot check: writes a module's public API as text and compares it with a file
 * committed beside the module, so that every API change is committed on purpose.
 *
 * <p>A module's test calls, with Surefire's working directory being the module's directory:
 * <pre>{@code
 * @Test
 * void publicApi_matchesCommittedDump() {
 *     ApiDump.check(Path.of("target/classes"), Path.of("api/java-api.api"));
 * }
 * }</pre>
 * After an intended change, run that module's tests with {@code -Dfanin.api.update=true}, review the
 * rewritten file and commit it with the change.
 *
 * <p>Format: one block per API class, sorted by binary class name and separated by an empty line. A
 * block is the class header (modifiers, kind, name with type parameters, superclass, interfaces and,
 * for a sealed class, its permitted subclasses), then one line per member, indented by two spaces and
 * sorted: constructors (named {@code <init>}), methods and fields, each with its modifiers, generic
 * types and {@code throws} clause. The text is built from the class files alone, not from
 * {@code toGenericString()}, so it is the same on every JDK from 17 on. Lines end with {@code '\n'}.
 *
 * <p>API classes are the public top-level classes and the public or protected member classes of API
 * classes, except synthetic, anonymous and local classes and those whose binary name contains
 * {@code "$$"}. Kotlin file facades hidden from Java by a leading {@code '-'} are included: they hold
 * the Kotlin API's top-level functions. When the
 * directory holds a {@code module-info.class}, only packages it exports to everyone are included.
 * Members are the declared public and protected constructors, methods and fields that are neither
 * synthetic nor bridges.
 *
 * <p>Kotlin {@code internal} declarations are public in the class files and therefore appear; exclude
 * them with the overloads taking a filter (for example by package).
 */
public final class ApiDump {
    /** The system property that, when {@code "true"}, makes {@link #check} rewrite the API file. */
    public static final String UPDATE_PROPERTY = "fanin.api.update";

    private static final String HINT = "If the change is intended, run this module's tests with -D" + UPDATE_PROPERTY
            + "=true (for example: mvn -pl <module> test -D" + UPDATE_PROPERTY + "=true), review the file and commit it.";

    /** Above this many cells the diff falls back from a longest-common-subsequence to a set difference. */
    private static final long MAX_DIFF_CELLS = 4_000_000L;

    private ApiDump() {
    }

    /**
     * Returns the public API of the classes under {@code classesDir} as text, in the format of the
     * class comment.
     *
     * <p>Classes are loaded, without being initialised, by a class loader over {@code classesDir}
     * whose parent is the calling thread's context class loader, so the module's dependencies must be
     * on that class path.
     *
     * @param classesDir a directory of compiled classes, such as {@code target/classes}
     * @return the dump; empty if there is no API class, otherwise ending with {@code '\n'}
     * @throws IllegalArgumentException if {@code classesDir} is not a directory
     * @throws UncheckedIOException if the directory cannot be read
     * @throws IllegalStateException if a class cannot be loaded or inspected
     * @throws NullPointerException if {@code classesDir} is null
     */
    public static String dump(Path classesDir) {
        return dump(classesDir, c -> true);
    }

    /**
     * Returns the public API of those classes under {@code classesDir} that {@code include} accepts;
     * otherwise the same as {@link #dump(Path)}.
     *
     * @param classesDir a directory of compiled classes, such as {@code target/classes}
     * @param include accepts the API classes to dump, e.g. {@code c -> !c.getPackageName().endsWith(".internal")}
     * @return the dump; empty if there is no API class, otherwise ending with {@code '\n'}
     * @throws IllegalArgumentException if {@code classesDir} is not a directory
     * @throws UncheckedIOException if the directory cannot be read
     * @throws IllegalStateException if a class cannot be loaded or inspected
     * @throws NullPointerException if an argument is null
     */
    public static String dump(Path classesDir, Predicate<? super Class<?>> include) {
        Objects.requireNonNull(classesDir, "classesDir");
        Objects.requireNonNull(include, "include");
        if (!Files.isDirectory(classesDir)) {
            throw new IllegalArgumentException("not a directory: " + classesDir);
        }
        Set<String> exported = exportedPackages(classesDir);
        Map<String, String> blocks = new TreeMap<>();
        ClassLoader parent = Thread.currentThread().getContextClassLoader();
        if (parent == null) {
            parent = ApiDump.class.getClassLoader();
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classesDir.toUri().toURL()}, parent)) {
            for (String name : classNames(classesDir)) {
                if (hiddenName(name) || (exported != null && !exported.contains(packageOf(name)))) {
                    continue;
                }
                try {
                    Class<?> type = Class.forName(name, false, loader);
                    if (isApi(type) && include.test(type)) {
                        blocks.put(type.getName(), block(type));
                    }
                } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
                    throw new IllegalStateException("cannot inspect class " + name, e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return String.join("\n", blocks.values());
    }

    /**
     * Checks that the public API under {@code classesDir} equals the committed dump in
     * {@code apiFile}, or rewrites {@code apiFile} when the system property {@value #UPDATE_PROPERTY}
     * is {@code "true"}.
     *
     * <p>Line endings in {@code apiFile} are normalised to {@code '\n'} before comparing, so a checkout
     * with CRLF line endings still matches. The file is written in UTF-8 with {@code '\n'} line endings;
     * missing parent directories are created.
     *
     * @param classesDir a directory of compiled classes, such as {@code target/classes}
     * @param apiFile the committed dump, such as {@code api/java-api.api}
     * @throws AssertionFailedError if the property is not {@code "true"} and {@code apiFile} is missing,
     *     or differs from the current dump; the message lists the removed ({@code -}) and added
     *     ({@code +}) lines and says how to update the file, and the expected and actual values are
     *     the two texts, for an IDE's comparison view
     * @throws IllegalArgumentException if {@code classesDir} is not a directory
     * @throws UncheckedIOException if a file cannot be read or written
     * @throws IllegalStateException if a class cannot be loaded or inspected
     * @throws NullPointerException if an argument is null
     */
    public static void check(Path classesDir, Path apiFile) {
        check(classesDir, apiFile, c -> true);
    }

    /**
     * Checks the API of those classes under {@code classesDir} that {@code include} accepts; otherwise
     * the same as {@link #check(Path, Path)}.
     *
     * @param classesDir a directory of compiled classes, such as {@code target/classes}
     * @param apiFile the committed dump, such as {@code api/kotlin-impl.api}
     * @param include accepts the API classes to dump
     * @throws AssertionFailedError if {@code apiFile} is missing or differs, as for {@link #check(Path, Path)}
     * @throws IllegalArgumentException if {@code classesDir} is not a directory
     * @throws UncheckedIOException if a file cannot be read or written
     * @throws IllegalStateException if a class cannot be loaded or inspected
     * @throws NullPointerException if an argument is null
     */
    public static void check(Path classesDir, Path apiFile, Predicate<? super Class<?>> include) {
        Objects.requireNonNull(apiFile, "apiFile");
        String actual = dump(classesDir, include);
        try {
            if ("true".equals(System.getProperty(UPDATE_PROPERTY))) {
                Path directory = apiFile.toAbsolutePath().getParent();
                if (directory != null) {
                    Files.createDirectories(directory);
                }
                Files.writeString(apiFile, actual, StandardCharsets.UTF_8);
                return;
            }
            if (!Files.exists(apiFile)) {
                throw new AssertionFailedError("The API dump " + apiFile + " does not exist. Run this module's tests"
                        + " with -D" + UPDATE_PROPERTY + "=true to create it, review it and commit it.");
            }
            String expected = Files.readString(apiFile, StandardCharsets.UTF_8).replace("\r\n", "\n");
            if (!expected.equals(actual)) {
                throw new AssertionFailedError("The public API in " + classesDir + " differs from " + apiFile
                        + " (- committed, + current):\n" + diff(lines(expected), lines(actual)) + HINT,
                        expected, actual);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- Which classes -------------------------------------------------------------------------

    private static List<String> classNames(Path classesDir) throws IOException {
        try (Stream<Path> files = Files.walk(classesDir)) {
            return files.filter(Files::isRegularFile)
                    .map(classesDir::relativize)
                    .filter(p -> p.getFileName().toString().endsWith(".class"))
                    .filter(p -> !p.getName(0).toString().equals("META-INF"))
                    .filter(p -> !p.getFileName().toString().equals("module-info.class"))
                    .filter(p -> !p.getFileName().toString().equals("package-info.class"))
                    .map(ApiDump::binaryName)
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private static String binaryName(Path relative) {
        StringJoiner name = new StringJoiner(".");
        for (Path part : relative) {
            name.add(part.toString());
        }
        String file = name.toString();
        return file.substring(0, file.length() - ".class".length());
    }

    /** Returns the packages exported without qualification, or null when there is no module-info. */
    private static Set<String> exportedPackages(Path classesDir) {
        Path moduleInfo = classesDir.resolve("module-info.class");
        if (!Files.isRegularFile(moduleInfo)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(moduleInfo)) {
            return ModuleDescriptor.read(in).exports().stream()
                    .filter(e -> !e.isQualified())
                    .map(ModuleDescriptor.Exports::source)
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String packageOf(String binaryName) {
        int dot = binaryName.lastIndexOf('.');
        return dot < 0 ? "" : binaryName.substring(0, dot);
    }

    private static boolean hiddenName(String binaryName) {
        return binaryName.contains("$$");
    }

    private static boolean isApi(Class<?> type) {
        if (type.isSynthetic() || type.isAnonymousClass() || type.isLocalClass()) {
            return false;
        }
        int modifiers = type.getModifiers();
        Class<?> outer = type.getDeclaringClass();
        if (outer == null) {
            return Modifier.isPublic(modifiers);
        }
        return (Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers)) && isApi(outer);
    }

    // ---- One block -----------------------------------------------------------------------------

    private static String block(Class<?> type) {
        List<String> members = new ArrayList<>();
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            if (isApiMember(constructor.getModifiers()) && !constructor.isSynthetic()) {
                members.add(executable(constructor, visibility(constructor.getModifiers()), "<init>"));
            }
        }
        for (Method method : type.getDeclaredMethods()) {
            if (isApiMember(method.getModifiers()) && !method.isSynthetic() && !method.isBridge()) {
                members.add(executable(method, methodModifiers(type, method),
                        typeName(method.getGenericReturnType()) + " " + method.getName()));
            }
        }
        for (Field field : type.getDeclaredFields()) {
            if (isApiMember(field.getModifiers()) && !field.isSynthetic()) {
                int m = field.getModifiers();
                String modifiers = visibility(m) + (Modifier.isStatic(m) ? " static" : "") + (Modifier.isFinal(m) ? " final" : "");
                members.add(modifiers + " " + typeName(field.getGenericType()) + " " + field.getName());
            }
        }
        Collections.sort(members);
        StringBuilder text = new StringBuilder(header(type)).append('\n');
        for (String member : members) {
            text.append("  ").append(member).append('\n');
        }
        return text.toString();
    }

    private static String header(Class<?> type) {
        int m = type.getModifiers();
        List<String> words = new ArrayList<>();
        words.add(visibility(m));
        String kind;
        if (type.isAnnotation()) {
            kind = "annotation";
        } else if (type.isInterface()) {
            kind = "interface";
        } else if (type.isEnum()) {
            kind = "enum";
        } else if (type.isRecord()) {
            kind = "record";
        } else {
            kind = "class";
        }
        boolean plainClass = kind.equals("class");
        if (plainClass && type.getDeclaringClass() != null && Modifier.isStatic(m)) {
            words.add("static");
        }
        if (plainClass && Modifier.isAbstract(m)) {
            words.add("abstract");
        }
        if (plainClass && Modifier.isFinal(m)) {
            words.add("final");
        }
        // An enum with constant bodies is implicitly sealed, permitting its anonymous body classes.
        boolean sealed = type.isSealed() && !type.isEnum();
        if (sealed) {
            words.add("sealed");
        }
        words.add(kind);
        words.add(type.getName() + typeParameters(type.getTypeParameters()));
        Type superclass = type.getGenericSuperclass();
        if (plainClass && superclass != null && superclass != Object.class) {
            words.add("extends " + typeName(superclass));
        }
        List<String> interfaces = new ArrayList<>();
        for (Type implemented : type.getGenericInterfaces()) {
            if (!(type.isAnnotation() && implemented == java.lang.annotation.Annotation.class)) {
                interfaces.add(typeName(implemented));
            }
        }
        if (!interfaces.isEmpty()) {
            words.add((type.isInterface() ? "extends " : "implements ") + String.join(", ", interfaces));
        }
        if (sealed) {
            Class<?>[] permitted = type.getPermittedSubclasses();
            if (permitted != null && permitted.length > 0) {
                words.add("permits " + Arrays.stream(permitted).map(Class::getName).sorted().collect(Collectors.joining(", ")));
            }
        }
        return String.join(" ", words);
    }

    private static boolean isApiMember(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static String visibility(int modifiers) {
        return Modifier.isPublic(modifiers) ? "public" : Modifier.isProtected(modifiers) ? "protected" : "";
    }

    private static String methodModifiers(Class<?> owner, Method method) {
        int m = method.getModifiers();
        StringBuilder text = new StringBuilder(visibility(m));
        if (method.isDefault()) {
            text.append(" default");
        }
        if (Modifier.isStatic(m)) {
            text.append(" static");
        }
        if (Modifier.isAbstract(m) && !owner.isInterface()) {
            text.append(" abstract");
        }
        if (Modifier.isFinal(m)) {
            text.append(" final");
        }
        return text.toString();
    }

    /** Returns "modifiers [typeParameters] nameAndReturn(parameters) [throws ...]". */
    private static String executable(Executable executable, String modifiers, String returnAndName) {
        StringBuilder text = new StringBuilder(modifiers).append(' ');
        String typeParameters = typeParameters(executable.getTypeParameters());
        if (!typeParameters.isEmpty()) {
            text.append(typeParameters).append(' ');
        }
        text.append(returnAndName).append('(');
        Type[] parameters = executable.getGenericParameterTypes();
        // Inner-class constructors and some compiler-generated ones have no generic signature for
        // every parameter; fall back to the erased types so the count always matches.
        if (parameters.length != executable.getParameterCount()) {
            parameters = executable.getParameterTypes();
        }
        for (int i = 0; i < parameters.length; i++) {
            if (i > 0) {
                text.append(", ");
            }
            String name = typeName(parameters[i]);
            if (executable.isVarArgs() && i == parameters.length - 1 && name.endsWith("[]")) {
                name = name.substring(0, name.length() - 2) + "...";
            }
            text.append(name);
        }
        text.append(')');
        Type[] exceptions = executable.getGenericExceptionTypes();
        if (exceptions.length > 0) {
            text.append(" throws ").append(Arrays.stream(exceptions).map(ApiDump::typeName).collect(Collectors.joining(", ")));
        }
        return text.toString();
    }

    private static String typeParameters(TypeVariable<?>[] variables) {
        if (variables.length == 0) {
            return "";
        }
        StringJoiner text = new StringJoiner(", ", "<", ">");
        for (TypeVariable<?> variable : variables) {
            Type[] bounds = variable.getBounds();
            if (bounds.length == 0 || (bounds.length == 1 && bounds[0] == Object.class)) {
                text.add(variable.getName());
            } else {
                text.add(variable.getName() + " extends "
                        + Arrays.stream(bounds).map(ApiDump::typeName).collect(Collectors.joining(" & ")));
            }
        }
        return text.toString();
    }

    /** Names a type the same way on every JDK: binary class names, "[]" for arrays, full wildcards. */
    static String typeName(Type type) {
        if (type instanceof Class<?>) {
            Class<?> c = (Class<?>) type;
            return c.isArray() ? typeName(c.getComponentType()) + "[]" : c.getName();
        }
        if (type instanceof ParameterizedType) {
            ParameterizedType p = (ParameterizedType) type;
            Class<?> raw = (Class<?>) p.getRawType();
            String name;
            if (p.getOwnerType() instanceof ParameterizedType) {
                String simple = raw.getName().substring(raw.getName().lastIndexOf('$') + 1);
                name = typeName(p.getOwnerType()) + "$" + simple;
            } else {
                name = raw.getName();
            }
            Type[] arguments = p.getActualTypeArguments();
            if (arguments.length == 0) {
                return name;
            }
            return name + Arrays.stream(arguments).map(ApiDump::typeName).collect(Collectors.joining(", ", "<", ">"));
        }
        if (type instanceof WildcardType) {
            WildcardType w = (WildcardType) type;
            if (w.getLowerBounds().length > 0) {
                return "? super " + Arrays.stream(w.getLowerBounds()).map(ApiDump::typeName).collect(Collectors.joining(" & "));
            }
            Type[] upper = w.getUpperBounds();
            if (upper.length == 0 || (upper.length == 1 && upper[0] == Object.class)) {
                return "?";
            }
            return "? extends " + Arrays.stream(upper).map(ApiDump::typeName).collect(Collectors.joining(" & "));
        }
        if (type instanceof TypeVariable<?>) {
            return ((TypeVariable<?>) type).getName();
        }
        if (type instanceof GenericArrayType) {
            return typeName(((GenericArrayType) type).getGenericComponentType()) + "[]";
        }
        return type.getTypeName();
    }

    // ---- Diff ----------------------------------------------------------------------------------

    private static List<String> lines(String text) {
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n", -1));
    }

    /**
     * Returns the removed ("-") and added ("+") lines between two dumps, each change preceded once by
     * its unchanged class header (" "). Empty separator lines are left out.
     */
    static String diff(List<String> before, List<String> after) {
        int prefix = 0;
        while (prefix < before.size() && prefix < after.size() && before.get(prefix).equals(after.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < before.size() - prefix && suffix < after.size() - prefix
                && before.get(before.size() - 1 - suffix).equals(after.get(after.size() - 1 - suffix))) {
            suffix++;
        }
        List<String> a = before.subList(prefix, before.size() - suffix);
        List<String> b = after.subList(prefix, after.size() - suffix);
        List<String> edits = (long) a.size() * b.size() <= MAX_DIFF_CELLS ? lcsEdits(a, b) : setEdits(a, b);

        StringBuilder out = new StringBuilder();
        String header = null;
        boolean headerShown = false;
        for (String line : before.subList(0, prefix)) {
            if (isHeader(line)) {
                header = line;
            }
        }
        for (String edit : edits) {
            char op = edit.charAt(0);
            String line = edit.substring(1);
            if (line.isEmpty()) {
                continue;
            }
            if (isHeader(line)) {
                header = line;
                headerShown = op != ' ';
            }
            if (op == ' ') {
                continue;
            }
            if (!headerShown && header != null) {
                out.append(' ').append(header).append('\n');
                headerShown = true;
            }
            out.append(op).append(line).append('\n');
        }
        return out.toString();
    }

    private static boolean isHeader(String line) {
        return !line.isEmpty() && line.charAt(0) != ' ';
    }

    /** Edits as " line", "-line" or "+line", from a longest common subsequence of a and b. */
    private static List<String> lcsEdits(List<String> a, List<String> b) {
        int[][] common = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                common[i][j] = a.get(i).equals(b.get(j))
                        ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<String> edits = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                edits.add(" " + a.get(i++));
                j++;
            } else if (i < a.size() && (j == b.size() || common[i + 1][j] >= common[i][j + 1])) {
                edits.add("-" + a.get(i++));
            } else {
                edits.add("+" + b.get(j++));
            }
        }
        return edits;
    }

    /** Edits for very large inputs: lines only in a, then lines only in b, counting duplicates. */
    private static List<String> setEdits(List<String> a, List<String> b) {
        Map<String, Integer> inB = new HashMap<>();
        for (String line : b) {
            inB.merge(line, 1, Integer::sum);
        }
        Map<String, Integer> inA = new HashMap<>();
        for (String line : a) {
            inA.merge(line, 1, Integer::sum);
        }
        List<String> edits = new ArrayList<>();
        for (String line : a) {
            if (inB.merge(line, -1, Integer::sum) < 0) {
                edits.add("-" + line);
            }
        }
        for (String line : b) {
            if (inA.merge(line, -1, Integer::sum) < 0) {
                edits.add("+" + line);
            }
        }
        return edits;
    }
}

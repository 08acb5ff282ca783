package dev.fanin.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.fanin.Completion;
import dev.fanin.OnFailure;
import dev.fanin.Outcome;
import dev.fanin.TaskGroupException;
import dev.fanin.TimeoutScope;
import dev.fanin.WaitResult;
import dev.fanin.testing.NoLeaksExtension;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every public constructor and method of {@code dev.fanin.java}, found by reflection, called with
 * one bad argument at a time and valid ones elsewhere: null, a list with a null element, -1 and 0,
 * a negative and a zero duration, an empty collection, a closed channel. Every channel method is
 * also called on a closed channel.
 *
 * <p>The classes are read from where {@link Fanin} was loaded, so a new public class, method or
 * parameter is exercised without touching this test. What the test cannot decide by itself fails it
 * with what to add: a default for a new parameter type, an instance of a new class, and the
 * documented behaviour of a zero, an empty collection or a closed channel in the tables below, each
 * taken from the Javadoc.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class ReflectiveArgumentsTest {
  private static final String PACKAGE = Fanin.class.getPackageName();

  /** Long enough never to pass during a call: the valid duration. */
  private static final Duration LONG = Duration.ofHours(1);

  private static final Duration NEGATIVE = Duration.ofSeconds(-1);

  /** What a zero or an empty argument does, from the Javadoc. */
  enum Documented {
    /** The call returns normally. */
    RETURNS,
    /** IllegalArgumentException naming the parameter. */
    REJECTED,
    /** A deadline that has passed: returns, or throws TimeoutException (blocking forms). */
    EXPIRES_AT_ONCE
  }

  /** Parameters documented as accepting null, with where the Javadoc says so. */
  private static final Map<String, String> ACCEPTS_NULL =
      Map.of(
          "Channel.create.onUndeliveredElement", "@param: \"or null\": no callback",
          "WorkQueue.create.onUndeliveredElement", "@param: \"or null\": no callback",
          "ChannelClosedException.new.cause", "@param: \"or null for a normal close\"");

  private static final String EQUALS_ACCEPTS_NULL = "Object.equals: x.equals(null) is false";

  /** What 0 does for each int or long parameter. */
  private static final Map<String, Documented> ZERO_NUMBERS =
      table(
          Map.of(
              "Channel.buffered.capacity", Documented.RETURNS, // a rendezvous channel
              "Channel.create.capacity", Documented.RETURNS,
              "WorkQueue.buffered.capacity", Documented.RETURNS, // a send waits for a worker
              "WorkQueue.create.capacity", Documented.RETURNS),
          bothFacades(
              Map.of(
                  "asCompleted.limit", Documented.REJECTED, // "at least 1"
                  "asCompletedOrdered.limit", Documented.REJECTED)));

  /** What {@link Duration#ZERO} does for each duration parameter. */
  private static final Map<String, Documented> ZERO_DURATIONS =
      table(
          Map.of(
              "Channel.trySend.timeout", Documented.RETURNS, // is trySend(E)
              "Channel.tryReceive.timeout", Documented.RETURNS, // is tryReceive()
              "Select.onTimeout.timeout", Documented.RETURNS, // fires at once
              "Ticker.every.period", Documented.REJECTED, // "zero or negative"
              "TaskGroup.open.timeout", Documented.RETURNS), // a group that expired at once
          bothFacades(
              Map.of(
                  "waitFor.timeout", Documented.EXPIRES_AT_ONCE,
                  "timeoutScope.timeout", Documented.EXPIRES_AT_ONCE,
                  "taskGroup.timeout", Documented.EXPIRES_AT_ONCE,
                  "waitUntil.timeout", Documented.RETURNS, // the current split
                  "asCompleted.timeout", Documented.RETURNS, // results ready, then the timeout
                  "asCompletedFutures.timeout", Documented.RETURNS)),
          bothFacades(Map.of("race.stagger", Documented.RETURNS))); // every task at once

  /** What an empty list, iterable, iterator or stream does. */
  private static final Map<String, Documented> EMPTY =
      table(
          Map.of(),
          bothFacades(
              Map.of(
                  "gather.tasks", Documented.RETURNS, // an empty list of results
                  "gatherSettled.tasks", Documented.RETURNS,
                  "gatherFutures.futures", Documented.RETURNS,
                  "gatherFuturesSettled.futures", Documented.RETURNS,
                  "waitUntil.handles", Documented.REJECTED, // asyncio raises ValueError
                  "asCompleted.tasks", Documented.RETURNS, // no results
                  "asCompleted.source", Documented.RETURNS,
                  "asCompletedOrdered.source", Documented.RETURNS,
                  "asCompletedFutures.futures", Documented.RETURNS)),
          bothFacades(
              Map.of(
                  "race.tasks", Documented.REJECTED, // no task can win
                  "firstCompleted.futures", Documented.REJECTED)));

  /**
   * A closed (and drained) channel or a stopped ticker as an argument: registering it succeeds, and
   * then it behaves as the class documentation says.
   */
  private static final Map<String, ClosedArgumentCheck> CLOSED_ARGUMENTS =
      Map.of(
          "Select.onReceive.channel",
          (target, select) -> assertSelectThrowsClosed((Select<?>) select),
          "Select.onReceiveCatching.channel",
          (target, select) ->
              assertInstanceOf(ReceiveResult.Closed.class, ((Select<?>) select).select()),
          "Select.onReceiveUntilClosed.channel", // the only one, so every one has left: the end
          (target, select) -> assertSelectThrowsClosed((Select<?>) select),
          "Select.onSend.channel",
          (target, select) -> assertSelectThrowsClosed((Select<?>) select),
          "SelectLoop.addReceiveUntilClosed.channel", // a normal close fires nothing: the end
          (loop, source) -> assertEquals(List.of(), ((SelectLoop) loop).awaitFired()),
          "SelectLoop.addReceive.channel",
          (loop, source) -> assertFiresClosed((SelectLoop) loop, (SelectLoop.Source<?>) source),
          "SelectLoop.addTicker.ticker",
          (loop, source) -> assertFiresClosed((SelectLoop) loop, (SelectLoop.Source<?>) source));

  /** Each public method of a channel (and work queue) called on a closed, drained one. */
  private static final Map<String, ResultCheck> CLOSED_CHANNEL_CALLS =
      Map.ofEntries(
          Map.entry("Channel.send", throwing(ChannelClosedException.class)),
          Map.entry("Channel.trySend", throwing(ChannelClosedException.class)),
          Map.entry("Channel.sendAsync", failedFuture(ChannelClosedException.class)),
          Map.entry("Channel.receive", throwing(ChannelClosedException.class)),
          Map.entry("Channel.receiveCatching", returning(ReceiveResult.Closed.class::isInstance)),
          Map.entry("Channel.tryReceive", returning(ReceiveResult.Closed.class::isInstance)),
          Map.entry("Channel.receiveAsync", failedFuture(ChannelClosedException.class)),
          Map.entry("Channel.iterator", returning(it -> !((Iterator<?>) it).hasNext())),
          Map.entry("Channel.stream", returning(stream -> ((Stream<?>) stream).count() == 0)),
          Map.entry("Channel.close", returning(Boolean.FALSE::equals)), // already closed
          Map.entry("Channel.cancel", returning(nothing -> true)),
          Map.entry("Channel.isClosedForSend", returning(Boolean.TRUE::equals)),
          Map.entry("Channel.isClosedForReceive", returning(Boolean.TRUE::equals)),
          Map.entry("Channel.asKotlinChannel", returning(ReflectiveArgumentsTest::closedForSend)),
          Map.entry("Channel.toString", returning(s -> ((String) s).endsWith(", closed]"))),
          Map.entry("WorkQueue.asKotlinChannel", returning(ReflectiveArgumentsTest::closedForSend)),
          Map.entry("WorkQueue.itemDone", throwing(IllegalStateException.class)), // none unfinished
          Map.entry("WorkQueue.unfinishedItems", returning(Long.valueOf(0)::equals)),
          Map.entry("WorkQueue.join", returning(nothing -> true)),
          Map.entry("WorkQueue.joinAsync", returning(f -> ((CompletableFuture<?>) f).isDone())),
          Map.entry("WorkQueue.toString", returning(s -> ((String) s).endsWith(", closed]"))));

  /** Interfaces users implement and Fanin calls: their methods are not Fanin calls. */
  private static final Set<Class<?>> USER_IMPLEMENTED =
      Set.of(TaskGroup.Body.class, TimeoutScope.Body.class);

  /** A fresh instance of each class whose instance methods take arguments; records are built. */
  private static final Map<Class<?>, InstanceSource> INSTANCES =
      Map.of(
          Channel.class, (resources, use) -> use.accept(openChannel()),
          WorkQueue.class, (resources, use) -> use.accept(openWorkQueue()),
          Select.class, (resources, use) -> use.accept(Select.create()),
          SelectLoop.class, (resources, use) -> use.accept(resources.add(SelectLoop.open())),
          TaskGroup.class, (resources, use) -> use.accept(resources.add(TaskGroup.open())),
          TaskGroup.Timed.class,
          (resources, use) ->
              use.accept(resources.add(TaskGroup.open(OnFailure.CANCEL_ALL, LONG))),
          TaskGroup.Forks.class,
          (resources, use) ->
              FaninBlocking.taskGroup(
                  group -> {
                    use.accept(group);
                    return null;
                  }),
          TimeoutScope.class,
          (resources, use) -> {
            try {
              FaninBlocking.timeoutScope(
                  LONG,
                  scope -> {
                    use.accept(scope);
                    return null;
                  });
            } catch (TimeoutException expected) {
              // reschedule(ZERO), the call under test, expires the scope.
            }
          },
          TaskGroupException.class,
          (resources, use) ->
              use.accept(new TaskGroupException(List.of(new IllegalStateException("test")))));

  /** A valid argument of each parameter type; generic containers hold one valid element. */
  private static final Map<Class<?>, Function<Resources, Object>> DEFAULTS = defaults();

  private static Map<Class<?>, Function<Resources, Object>> defaults() {
    Map<Class<?>, Function<Resources, Object>> defaults = new HashMap<>();
    defaults.put(Object.class, r -> "v");
    defaults.put(int.class, r -> 1);
    defaults.put(long.class, r -> 1L);
    defaults.put(Duration.class, r -> LONG);
    defaults.put(Callable.class, r -> (Callable<String>) () -> "v");
    defaults.put(Runnable.class, r -> (Runnable) () -> {});
    defaults.put(Executor.class, r -> (Executor) Runnable::run);
    defaults.put(CompletionStage.class, r -> CompletableFuture.completedFuture("v"));
    defaults.put(Function.class, r -> Function.identity());
    defaults.put(UnaryOperator.class, r -> UnaryOperator.identity());
    defaults.put(Supplier.class, r -> (Supplier<String>) () -> "v");
    defaults.put(Consumer.class, r -> (Consumer<Object>) element -> {});
    defaults.put(Throwable.class, r -> new IllegalStateException("test"));
    defaults.put(TimeoutException.class, r -> new TimeoutException("test"));
    defaults.put(CancellationException.class, r -> new CancellationException("test"));
    defaults.put(Random.class, r -> new Random(0));
    defaults.put(Class.class, r -> Throwable.class);
    defaults.put(Optional.class, r -> Optional.empty());
    defaults.put(Outcome.class, r -> new Outcome.Success<>("v"));
    defaults.put(Channel.class, r -> openChannel());
    defaults.put(kotlinx.coroutines.channels.Channel.class, r -> openChannel().asKotlinChannel());
    defaults.put(dev.fanin.CoroutineWorkQueue.class, r -> openWorkQueue().asKotlinChannel());
    defaults.put(Ticker.class, r -> r.add(Ticker.every(LONG)));
    defaults.put(
        SelectLoop.Source.class,
        r -> r.add(SelectLoop.open()).addFuture(CompletableFuture.completedFuture("v")));
    defaults.put(TimeoutScope.Body.class, r -> (TimeoutScope.Body<String>) scope -> "v");
    defaults.put(TaskGroup.Body.class, r -> (TaskGroup.Body<String>) group -> "v");
    return defaults;
  }

  /** Generic containers, made from a list of elements (empty, or with one valid element). */
  private static final Map<Class<?>, Function<List<Object>, Object>> CONTAINERS =
      Map.of(
          List.class, elements -> elements,
          Iterable.class, elements -> elements,
          Iterator.class, List::iterator,
          Stream.class, List::stream);

  // ---- The cases ----------------------------------------------------------------------------

  /** Null in each reference parameter: NullPointerException naming it, unless documented. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("referenceParameters")
  void nullArgument_throwsNullPointerExceptionNamingIt(Case c) throws Exception {
    try (Resources resources = new Resources()) {
      Object[] args = c.validArguments(resources);
      args[c.index()] = null;
      Result result = c.call(args, resources);
      String reason = c.acceptsNull();
      if (reason != null) {
        assertNull(result.thrown(), () -> c + " accepts null (" + reason + ") but " + result);
      } else {
        assertNames(c, NullPointerException.class, c.parameterName(), result);
      }
    }
  }

  /** A null element of a list parameter: NullPointerException naming it with its index. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("listParameters")
  void nullElement_throwsNullPointerExceptionNamingItsIndex(Case c) throws Exception {
    try (Resources resources = new Resources()) {
      Object[] args = c.validArguments(resources);
      args[c.index()] = Arrays.asList(c.validElement(resources), null);
      Result result = c.call(args, resources);
      assertInstanceOf(NullPointerException.class, result.thrown(), () -> c + " " + result);
      assertEquals(c.parameterName() + "[1]", result.thrown().getMessage(), c::toString);
    }
  }

  /** -1 in each int or long parameter: IllegalArgumentException naming it. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("numberParameters")
  void negativeNumber_throwsIllegalArgumentExceptionNamingIt(Case c) throws Exception {
    try (Resources resources = new Resources()) {
      Object[] args = c.validArguments(resources);
      args[c.index()] = number(c.parameter(), -1);
      assertNames(c, IllegalArgumentException.class, c.parameterName(), c.call(args, resources));
    }
  }

  /** 0 in each int or long parameter: what the Javadoc says, from {@link #ZERO_NUMBERS}. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("numberParameters")
  void zeroNumber_behavesAsDocumented(Case c) throws Exception {
    try (Resources resources = new Resources()) {
      Documented documented = c.lookUp(ZERO_NUMBERS, "ZERO_NUMBERS", "what 0 does");
      Object[] args = c.validArguments(resources);
      args[c.index()] = number(c.parameter(), 0);
      assertDocumented(c, documented, c.call(args, resources));
    }
  }

  /** A negative duration, everywhere: IllegalArgumentException naming it (adr/0010). */
  @ParameterizedTest(name = "{0}")
  @MethodSource("durationParameters")
  void negativeDuration_throwsIllegalArgumentExceptionNamingIt(Case c) throws Exception {
    try (Resources resources = new Resources()) {
      Object[] args = c.validArguments(resources);
      args[c.index()] = NEGATIVE;
      Result result = c.call(args, resources);
      assertNames(c, IllegalArgumentException.class, c.parameterName(), result);
      assertTrue(result.thrown().getMessage().contains(NEGATIVE.toString()), c::toString);
    }
  }

  /** A zero duration: what the Javadoc says, from {@link #ZERO_DURATIONS}. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("durationParameters")
  void zeroDuration_behavesAsDocumented(Case c) throws Exception {
    try (Resources resources = new Resources()) {
      Documented documented =
          c.lookUp(ZERO_DURATIONS, "ZERO_DURATIONS", "what a zero duration does");
      Object[] args = c.validArguments(resources);
      args[c.index()] = Duration.ZERO;
      assertDocumented(c, documented, c.call(args, resources));
    }
  }

  /** An empty list, iterable, iterator or stream: what the Javadoc says, from {@link #EMPTY}. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("containerParameters")
  void emptyCollection_behavesAsDocumented(Case c) throws Exception {
    try (Resources resources = new Resources()) {
      Documented documented = c.lookUp(EMPTY, "EMPTY", "what an empty collection does");
      Object[] args = c.validArguments(resources);
      args[c.index()] = CONTAINERS.get(c.parameter().getType()).apply(List.of());
      assertDocumented(c, documented, c.call(args, resources));
    }
  }

  /** A closed channel or stopped ticker as an argument: from {@link #CLOSED_ARGUMENTS}. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("channelParameters")
  void closedChannelArgument_behavesAsDocumented(Case c) throws Exception {
    try (Resources resources = new Resources()) {
      ClosedArgumentCheck check =
          c.lookUp(CLOSED_ARGUMENTS, "CLOSED_ARGUMENTS", "what a closed channel does");
      Object[] args = c.validArguments(resources);
      args[c.index()] = closed(c.parameter().getType(), resources);
      c.withTarget(
          resources,
          target -> {
            Result result = invoke(c.executable(), target, args);
            resources.adopt(result.value());
            assertNull(result.thrown(), () -> c + " rejected a closed channel at registration");
            check.check(target, result.value());
          });
    }
  }

  /** Each channel and work queue method on a closed channel: from {@link #CLOSED_CHANNEL_CALLS}. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("channelMethods")
  void closedChannelCall_behavesAsDocumented(Case c) throws Exception {
    try (Resources resources = new Resources()) {
      ResultCheck check =
          c.lookUp(CLOSED_CHANNEL_CALLS, "CLOSED_CHANNEL_CALLS", "what it does when closed");
      Channel<Object> channel = c.owner() == WorkQueue.class ? openWorkQueue() : openChannel();
      channel.receive(); // drained: receivers see the end, not an element
      channel.close();
      Result result = invoke(c.executable(), channel, c.validArguments(resources));
      resources.adopt(result.value());
      check.check(c, result);
    }
  }

  /** Every public class whose instance methods take arguments can be instantiated here. */
  @Test
  void everyClassWithArguments_hasAnInstance() {
    List<String> missing = new ArrayList<>();
    for (Case c : calls()) {
      Class<?> owner = c.owner();
      boolean instanceCall =
          c.executable() instanceof Method m && !Modifier.isStatic(m.getModifiers());
      if (instanceCall
          && c.executable().getParameterCount() > 0
          && !INSTANCES.containsKey(owner)
          && !owner.isRecord()
          && !missing.contains(name(owner))) {
        missing.add(name(owner));
      }
    }
    assertTrue(
        missing.isEmpty(),
        () ->
            "add a fresh instance of each to INSTANCES (or the class to USER_IMPLEMENTED if users"
                + " implement it): "
                + missing);
  }

  /** Parameter names are in the class files (javac -parameters): messages are checked by name. */
  @Test
  void parameterNames_arePresent() {
    for (Case c : calls()) {
      assertEquals(
          c.executable().getParameterCount(),
          parameterNames(c.executable()).size(),
          () -> c + ": compile java-api with <parameters>true</parameters>");
    }
  }

  /** Every table entry names a parameter or method that exists: no stale entries. */
  @Test
  void tables_nameExistingMembers() {
    Set<String> parameters = new HashSet<>();
    Set<String> methods = new HashSet<>();
    for (Case c : calls()) {
      methods.add(key(c.executable()));
      for (String name : parameterNames(c.executable())) {
        parameters.add(key(c.executable()) + "." + name);
      }
    }
    List<String> stale = new ArrayList<>();
    for (Set<String> table :
        List.of(
            ACCEPTS_NULL.keySet(),
            ZERO_NUMBERS.keySet(),
            ZERO_DURATIONS.keySet(),
            EMPTY.keySet(),
            CLOSED_ARGUMENTS.keySet())) {
      table.stream().filter(k -> !parameters.contains(k)).forEach(stale::add);
    }
    CLOSED_CHANNEL_CALLS.keySet().stream().filter(k -> !methods.contains(k)).forEach(stale::add);
    assertTrue(stale.isEmpty(), () -> "table entries that match nothing: " + stale);
    assertTrue(calls().size() > 100, () -> "only " + calls().size() + " calls: " + Fanin.class);
  }

  // ---- Sources of cases ---------------------------------------------------------------------

  private static List<Case> calls;

  private static final Map<Class<?>, Map<String, List<String>>> METHOD_PARAMETERS =
      new ConcurrentHashMap<>();

  static List<Case> referenceParameters() {
    return parameters(p -> !p.getType().isPrimitive());
  }

  static List<Case> listParameters() {
    return parameters(p -> p.getType() == List.class);
  }

  static List<Case> numberParameters() {
    return parameters(p -> p.getType() == int.class || p.getType() == long.class);
  }

  static List<Case> durationParameters() {
    return parameters(p -> p.getType() == Duration.class);
  }

  static List<Case> containerParameters() {
    return parameters(p -> CONTAINERS.containsKey(p.getType()));
  }

  static List<Case> channelParameters() {
    return parameters(
        p -> Channel.class.isAssignableFrom(p.getType()) || p.getType() == Ticker.class);
  }

  static List<Case> channelMethods() {
    return calls().stream()
        .filter(c -> c.owner() == Channel.class || c.owner() == WorkQueue.class)
        .filter(c -> c.executable() instanceof Method m && !Modifier.isStatic(m.getModifiers()))
        .toList();
  }

  private static List<Case> parameters(Predicate<Parameter> which) {
    List<Case> cases = new ArrayList<>();
    for (Case call : calls()) {
      Parameter[] parameters = call.executable().getParameters();
      for (int i = 0; i < parameters.length; i++) {
        if (which.test(parameters[i])) {
          cases.add(new Case(call.owner(), call.executable(), i));
        }
      }
    }
    return cases;
  }

  /**
   * Every public constructor and method of every public class: static methods on the class that
   * declares them, instance methods on each public class that has them (so a {@link WorkQueue} runs
   * the {@link Channel} methods too). Methods the JDK declares (Object, Enum, Throwable, Iterable)
   * are not Fanin's.
   */
  private static List<Case> calls() {
    if (calls == null) {
      calls = discoverCalls();
    }
    return calls;
  }

  private static List<Case> discoverCalls() {
    List<Case> calls = new ArrayList<>();
    for (Class<?> type : publicClasses()) {
      if (USER_IMPLEMENTED.contains(type)) {
        continue;
      }
      if (!type.isInterface() && !Modifier.isAbstract(type.getModifiers())) {
        for (Constructor<?> constructor : type.getConstructors()) {
          calls.add(new Case(type, constructor, -1));
        }
      }
      for (Method method : type.getMethods()) {
        boolean ours = method.getDeclaringClass().getPackageName().equals(PACKAGE);
        boolean isStatic = Modifier.isStatic(method.getModifiers());
        if (ours
            && !method.isSynthetic()
            && !method.isBridge()
            && (!isStatic || method.getDeclaringClass() == type)) {
          calls.add(new Case(type, method, -1));
        }
      }
    }
    calls.sort(Comparator.comparing(Case::toString));
    return calls;
  }

  /** The public classes of the package, nested ones included, from Fanin's class files. */
  private static List<Class<?>> publicClasses() {
    try {
      Path root = Path.of(Fanin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isDirectory(root)) {
        return publicClasses(root.resolve(PACKAGE.replace('.', '/')));
      }
      try (FileSystem jar = FileSystems.newFileSystem(root)) {
        return publicClasses(jar.getPath(PACKAGE.replace('.', '/')));
      }
    } catch (IOException | URISyntaxException e) {
      throw new AssertionError("cannot list the classes next to " + Fanin.class, e);
    }
  }

  private static List<Class<?>> publicClasses(Path directory) throws IOException {
    List<Class<?>> classes = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.sorted().toList()) {
        String fileName = file.getFileName().toString();
        if (!fileName.endsWith(".class") || fileName.equals("package-info.class")) {
          continue; // the internal package is a directory, and not public API
        }
        String binaryName = PACKAGE + "." + fileName.substring(0, fileName.length() - 6);
        Class<?> type;
        try {
          type = Class.forName(binaryName, false, Fanin.class.getClassLoader());
        } catch (ClassNotFoundException e) {
          throw new AssertionError(e);
        }
        if (isPublicApi(type)) {
          classes.add(type);
        }
      }
    }
    return classes;
  }

  /** Public, and so is every class it is nested in; anonymous and local classes are not. */
  private static boolean isPublicApi(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getDeclaringClass()) {
      if (!Modifier.isPublic(c.getModifiers()) || c.isAnonymousClass() || c.isLocalClass()) {
        return false;
      }
    }
    return !type.isSynthetic();
  }

  // ---- One call -----------------------------------------------------------------------------

  /**
   * A constructor or method called on (an instance of) {@code owner}, with a bad argument at {@code
   * index} (-1 when the case is the call itself).
   */
  record Case(Class<?> owner, Executable executable, int index) {
    Parameter parameter() {
      return executable.getParameters()[index];
    }

    String parameterName() {
      List<String> names = parameterNames(executable);
      if (names.size() <= index) {
        fail(this + ": compile java-api with <parameters>true</parameters>");
      }
      return names.get(index);
    }

    /** The table key: declaring class, member ("new" for a constructor) and parameter. */
    String parameterKey() {
      return key(executable) + "." + parameterName();
    }

    String acceptsNull() {
      if (executable.getName().equals("equals")
          && executable.getParameterCount() == 1
          && executable.getParameterTypes()[0] == Object.class) {
        return EQUALS_ACCEPTS_NULL;
      }
      return ACCEPTS_NULL.get(parameterKey());
    }

    <V> V lookUp(Map<String, V> table, String tableName, String what) {
      String key = index < 0 ? key(executable) : parameterKey();
      V value = table.get(key);
      if (value == null) {
        fail("add \"" + key + "\" to " + tableName + " with " + what + ", from the Javadoc");
      }
      return value;
    }

    Object[] validArguments(Resources resources) {
      Parameter[] parameters = executable.getParameters();
      Object[] args = new Object[parameters.length];
      for (int i = 0; i < parameters.length; i++) {
        args[i] = valid(parameters[i], resources);
      }
      return args;
    }

    Object validElement(Resources resources) {
      return valid(elementType(parameter().getParameterizedType()), resources);
    }

    private Object valid(Parameter parameter, Resources resources) {
      if (parameter.getType() == String.class && isEnumValueOf()) {
        return ((Enum<?>) executable.getDeclaringClass().getEnumConstants()[0]).name();
      }
      Function<List<Object>, Object> container = CONTAINERS.get(parameter.getType());
      if (container != null) {
        Class<?> element = elementType(parameter.getParameterizedType());
        return container.apply(List.of(valid(element, resources)));
      }
      return valid(parameter.getType(), resources);
    }

    private Object valid(Class<?> type, Resources resources) {
      if (type.isEnum()) {
        return type.getEnumConstants()[0];
      }
      Function<Resources, Object> valid = DEFAULTS.get(type);
      if (valid == null) {
        fail(this + ": add a valid " + type.getName() + " to DEFAULTS (one that returns at once)");
      }
      return valid.apply(resources);
    }

    private boolean isEnumValueOf() {
      return executable.getName().equals("valueOf") && executable.getDeclaringClass().isEnum();
    }

    /** Calls it with {@code args}; an instance method on a fresh instance of {@code owner}. */
    Result call(Object[] args, Resources resources) throws Exception {
      Result[] result = new Result[1];
      withTarget(resources, target -> result[0] = invoke(executable, target, args));
      resources.adopt(result[0].value());
      return result[0];
    }

    void withTarget(Resources resources, Use use) throws Exception {
      if (executable instanceof Constructor<?> || Modifier.isStatic(executable.getModifiers())) {
        use.accept(null);
        return;
      }
      InstanceSource source = INSTANCES.get(owner);
      if (source != null) {
        source.with(resources, use);
      } else if (owner.isRecord()) {
        use.accept(invoke(canonicalConstructor(owner), null, validComponents(resources)).value());
      } else {
        fail("add a fresh instance of " + name(owner) + " to INSTANCES");
      }
    }

    private Object[] validComponents(Resources resources) {
      Case constructor = new Case(owner, canonicalConstructor(owner), -1);
      return constructor.validArguments(resources);
    }

    @Override
    public String toString() {
      StringBuilder text = new StringBuilder(name(owner)).append('.');
      text.append(executable instanceof Constructor<?> ? "new" : executable.getName()).append('(');
      Class<?>[] types = executable.getParameterTypes();
      List<String> names = parameterNames(executable);
      for (int i = 0; i < types.length; i++) {
        text.append(i == 0 ? "" : ", ");
        Class<?> type = types[i];
        text.append(type.getPackageName().equals(PACKAGE) ? name(type) : type.getSimpleName());
        text.append(i < names.size() ? " " + names.get(i) : "");
      }
      text.append(')');
      boolean named = index >= 0 && index < names.size();
      return named ? text + " [" + names.get(index) + "]" : text.toString();
    }
  }

  private static Constructor<?> canonicalConstructor(Class<?> record) {
    try {
      return record.getDeclaredConstructor(
          Arrays.stream(record.getRecordComponents())
              .map(RecordComponent::getType)
              .toArray(Class<?>[]::new));
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e);
    }
  }

  /** What a call returned or threw. */
  record Result(Object value, Throwable thrown) {
    @Override
    public String toString() {
      return thrown != null ? "threw " + thrown : "returned " + value;
    }
  }

  private static Result invoke(Executable executable, Object target, Object[] args) {
    try {
      Object value =
          executable instanceof Constructor<?> constructor
              ? constructor.newInstance(args)
              : ((Method) executable).invoke(target, args);
      return new Result(value, null);
    } catch (InvocationTargetException e) {
      return new Result(null, e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @FunctionalInterface
  interface Use {
    void accept(Object target) throws Exception;
  }

  /** Gives {@code use} a fresh instance, and ends whatever holds it once {@code use} returns. */
  @FunctionalInterface
  interface InstanceSource {
    void with(Resources resources, Use use) throws Exception;
  }

  @FunctionalInterface
  interface ResultCheck {
    void check(Case c, Result result) throws Exception;
  }

  @FunctionalInterface
  interface ClosedArgumentCheck {
    void check(Object target, Object returned) throws Exception;
  }

  /**
   * What a case started, stopped when it ends so that nothing outlives it: loops, tickers and
   * groups are closed, unfinished futures cancelled, publishers subscribed and cancelled.
   */
  static final class Resources implements AutoCloseable {
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    <T extends AutoCloseable> T add(T resource) {
      opened.push(resource);
      return resource;
    }

    void adopt(Object value) {
      if (value instanceof AutoCloseable closeable) {
        add(closeable);
      } else if (value instanceof CompletableFuture<?> future) {
        add(() -> future.cancel(true));
      } else if (value instanceof Flow.Publisher<?> publisher) {
        add(() -> publisher.subscribe(new CancellingSubscriber()));
      } else if (value instanceof List<?> list) {
        list.forEach(this::adopt);
      }
    }

    @Override
    public void close() {
      while (!opened.isEmpty()) {
        try {
          opened.pop().close();
        } catch (Exception e) {
          throw new AssertionError("closing what a case started", e);
        }
      }
    }
  }

  private static final class CancellingSubscriber implements Flow.Subscriber<Object> {
    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.cancel();
    }

    @Override
    public void onNext(Object item) {}

    @Override
    public void onError(Throwable throwable) {}

    @Override
    public void onComplete() {}
  }

  // ---- Helpers ------------------------------------------------------------------------------

  /** Room for more and an element ready: every operation on it completes at once. */
  private static Channel<Object> openChannel() {
    Channel<Object> channel = Channel.buffered(2);
    assertTrue(channel.trySend("v"));
    return channel;
  }

  /**
   * As {@link #openChannel()}, with no unfinished item: the element is marked done before it is
   * received, so that {@link WorkQueue#join()} returns at once too.
   */
  private static WorkQueue<Object> openWorkQueue() {
    WorkQueue<Object> queue = WorkQueue.buffered(2);
    assertTrue(queue.trySend("v"));
    queue.itemDone();
    return queue;
  }

  private static Object number(Parameter parameter, int value) {
    if (parameter.getType() == long.class) {
      return (long) value;
    }
    return value;
  }

  private static Object closed(Class<?> type, Resources resources) {
    if (type == Ticker.class) {
      Ticker ticker = resources.add(Ticker.every(LONG));
      ticker.stop();
      return ticker;
    }
    Channel<Object> channel = Channel.buffered(2);
    channel.close();
    return channel;
  }

  private static void assertSelectThrowsClosed(Select<?> select) {
    assertThrows(ChannelClosedException.class, select::select);
  }

  private static void assertFiresClosed(SelectLoop loop, SelectLoop.Source<?> source)
      throws InterruptedException {
    List<SelectLoop.Fired<?>> fired = loop.awaitFired();
    assertEquals(1, fired.size(), fired::toString);
    assertSame(source, fired.get(0).source());
    Outcome.Failure<?> failure = assertInstanceOf(Outcome.Failure.class, fired.get(0).outcome());
    assertInstanceOf(ChannelClosedException.class, failure.exception());
  }

  private static boolean closedForSend(Object kotlinChannel) {
    return ((kotlinx.coroutines.channels.Channel<?>) kotlinChannel).isClosedForSend();
  }

  private static ResultCheck throwing(Class<? extends Throwable> type) {
    return (c, result) -> assertInstanceOf(type, result.thrown(), () -> c + " " + result);
  }

  private static ResultCheck returning(Predicate<Object> expected) {
    return (c, result) -> {
      assertNull(result.thrown(), () -> c + " " + result);
      assertTrue(expected.test(result.value()), () -> c + " returned " + result.value());
    };
  }

  private static ResultCheck failedFuture(Class<? extends Throwable> type) {
    return (c, result) -> {
      assertNull(result.thrown(), () -> c + " " + result);
      CompletableFuture<?> future = (CompletableFuture<?>) result.value();
      Throwable failure = future.handle((value, thrown) -> thrown).join();
      if (failure instanceof CompletionException wrapped) {
        failure = wrapped.getCause();
      }
      assertInstanceOf(type, failure, c::toString);
    };
  }

  private static void assertNames(
      Case c, Class<? extends Throwable> type, String name, Result result) {
    assertInstanceOf(type, result.thrown(), () -> c + " " + result);
    String message = result.thrown().getMessage();
    assertTrue(
        message != null
            && Pattern.compile("\\b" + Pattern.quote(name) + "\\b", Pattern.CASE_INSENSITIVE)
                .matcher(message)
                .find(),
        () -> c + ": the message does not name " + name + ": " + message);
  }

  private static void assertDocumented(Case c, Documented documented, Result result) {
    switch (documented) {
      case RETURNS -> assertNull(result.thrown(), () -> c + " " + result);
      case REJECTED -> assertNames(c, IllegalArgumentException.class, c.parameterName(), result);
      case EXPIRES_AT_ONCE -> {
        if (result.thrown() != null) {
          assertInstanceOf(TimeoutException.class, result.thrown(), () -> c + " " + result);
        }
      }
    }
  }

  /**
   * The parameter names javac -parameters wrote in the class file, empty if it wrote none. They are
   * read from the file, not by reflection: an agent that retransforms loaded classes (Lincheck, in
   * this module's other tests) drops the MethodParameters attribute from them.
   */
  private static List<String> parameterNames(Executable executable) {
    Class<?> returned = executable instanceof Method method ? method.getReturnType() : void.class;
    String name = executable instanceof Constructor<?> ? "<init>" : executable.getName();
    String descriptor =
        MethodType.methodType(returned, executable.getParameterTypes()).toMethodDescriptorString();
    return METHOD_PARAMETERS
        .computeIfAbsent(
            executable.getDeclaringClass(), ReflectiveArgumentsTest::readMethodParameters)
        .getOrDefault(name + descriptor, List.of());
  }


  /** Each method's (name + descriptor) MethodParameters attribute, from the class file (JVMS 4). */
  private static Map<String, List<String>> readMethodParameters(Class<?> type) {
    String resource = "/" + type.getName().replace('.', '/') + ".class";
    try (InputStream file = type.getResourceAsStream(resource)) {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(file.readAllBytes()));
      in.skipBytes(8); // magic, version
      String[] utf8 = new String[in.readUnsignedShort()];
      for (int i = 1; i < utf8.length; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> utf8[i] = in.readUTF();
          case 7, 8, 16, 19, 20 -> in.skipBytes(2);
          case 15 -> in.skipBytes(3);
          case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
          case 5, 6 -> {
            in.skipBytes(8);
            i++; // a long or a double takes two entries
          }
          default -> throw new AssertionError("constant pool tag " + tag + " in " + resource);
        }
      }
      in.skipBytes(6); // access flags, this class, superclass
      in.skipBytes(2 * in.readUnsignedShort()); // interfaces
      for (int fields = in.readUnsignedShort(); fields > 0; fields--) {
        in.skipBytes(6); // access flags, name, descriptor
        skipAttributes(in);
      }
      Map<String, List<String>> methods = new HashMap<>();
      for (int count = in.readUnsignedShort(); count > 0; count--) {
        in.skipBytes(2); // access flags
        String method = utf8[in.readUnsignedShort()] + utf8[in.readUnsignedShort()];
        for (int attributes = in.readUnsignedShort(); attributes > 0; attributes--) {
          String attribute = utf8[in.readUnsignedShort()];
          int length = in.readInt();
          if (!attribute.equals("MethodParameters")) {
            in.skipBytes(length);
            continue;
          }
          List<String> names = new ArrayList<>();
          for (int parameters = in.readUnsignedByte(); parameters > 0; parameters--) {
            names.add(utf8[in.readUnsignedShort()]);
            in.skipBytes(2); // access flags
          }
          methods.put(method, names);
        }
      }
      return methods;
    } catch (IOException e) {
      throw new AssertionError("cannot read " + resource, e);
    }
  }

  private static void skipAttributes(DataInputStream in) throws IOException {
    for (int attributes = in.readUnsignedShort(); attributes > 0; attributes--) {
      in.skipBytes(2);
      in.skipBytes(in.readInt());
    }
  }

  /** The erased element type of a generic container type: {@code List<? extends Callable<T>>}. */
  private static Class<?> elementType(Type container) {
    if (!(container instanceof ParameterizedType parameterized)) {
      throw new AssertionError("a raw container has no element type: " + container);
    }
    return erased(parameterized.getActualTypeArguments()[0]);
  }

  private static Class<?> erased(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    } else if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    } else if (type instanceof WildcardType w) {
      return erased(w.getUpperBounds()[0]);
    } else if (type instanceof TypeVariable<?> v) {
      return erased(v.getBounds()[0]);
    }
    throw new AssertionError("add erasure of " + type);
  }

  /** The table key of a member: {@code Fanin.waitFor}, {@code Outcome.Success.new}. */
  private static String key(Executable executable) {
    return name(executable.getDeclaringClass())
        + "."
        + (executable instanceof Constructor<?> ? "new" : executable.getName());
  }

  /** The name of a class within the package: {@code SelectLoop.Source}. */
  private static String name(Class<?> type) {
    return type.getName().substring(PACKAGE.length() + 1).replace('$', '.');
  }

  /** The entries, and the Fanin and FaninBlocking twins of the facade entries. */
  @SafeVarargs
  private static <V> Map<String, V> table(Map<String, V>... parts) {
    Map<String, V> table = new HashMap<>();
    for (Map<String, V> part : parts) {
      table.putAll(part);
    }
    return Map.copyOf(table);
  }

  private static <V> Map<String, V> bothFacades(Map<String, V> entries) {
    Map<String, V> both = new HashMap<>();
    entries.forEach(
        (key, value) -> {
          both.put("Fanin." + key, value);
          both.put("FaninBlocking." + key, value);
        });
    return both;
  }
}

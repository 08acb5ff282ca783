package dev.fanin.java;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import kotlin.Unit;
import kotlin.jvm.functions.Function1;
import kotlin.reflect.KFunction;
import kotlin.reflect.jvm.ReflectJvmMapping;
import org.jetbrains.lincheck.Lincheck;
import org.jetbrains.lincheck.datastructures.DSLParallelScenario;
import org.jetbrains.lincheck.datastructures.DSLScenarioBuilder;
import org.jetbrains.lincheck.datastructures.DSLThreadScenario;

/**
 * Small concurrent programs for Lincheck's model checker ({@link Lincheck#runConcurrentTest}): the
 * checker runs each program again and again, switching threads at every point it controls (park
 * and unpark, atomics, monitors), and reports the first interleaving whose program throws or hangs.
 * A program must end in every interleaving; it checks its invariants with {@link #require}.
 *
 * <p>Threads a program needs are started with {@link #fork} or by a {@link ThreadExecutor}, and
 * joined before it ends, so that the checker sees and controls them all. {@link #scenario} builds
 * the fixed scenarios of a data-structure check (as {@code ChannelLincheckTest} does).
 */
final class LincheckPrograms {
  private LincheckPrograms() {}

  /** A program body: may throw; fails with AssertionError. */
  @FunctionalInterface
  interface Program {
    void run() throws Exception;
  }

  /** Explores {@code invocations} interleavings of {@code program}. */
  static void check(int invocations, Program program) {
    Lincheck.runConcurrentTest(
        invocations,
        () -> {
          try {
            program.run();
          } catch (RuntimeException | Error e) {
            throw e;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  static Fork fork(Program body) {
    return new Fork(body);
  }

  static void require(boolean condition, String message) {
    if (!condition) {
      throw new AssertionError(message);
    }
  }

  /** A thread of a program; {@link #join} rethrows what its body threw. */
  static final class Fork {
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;

    Fork(Program body) {
      thread =
          new Thread(
              () -> {
                try {
                  body.run();
                } catch (Throwable t) {
                  failure.set(t);
                }
              });
      thread.start();
    }

    void interrupt() {
      thread.interrupt();
    }

    void join() throws InterruptedException {
      thread.join();
      Throwable thrown = failure.get();
      if (thrown != null) {
        throw new AssertionError("a program thread failed", thrown);
      }
    }
  }

  /**
   * An executor that runs each command on a new plain thread, which the model checker controls
   * (Fanin's default executor would start threads it does not know). {@link #joinAll} waits for
   * them.
   */
  static final class ThreadExecutor implements Executor {
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    @Override
    public void execute(Runnable command) {
      Thread thread = new Thread(command);
      threads.add(thread);
      thread.start();
    }

    void joinAll() throws InterruptedException {
      for (Thread thread : threads) {
        thread.join();
      }
    }
  }

  /** One operation of a fixed scenario: a method of the tested class and its arguments. */
  record Op(String name, Object... arguments) {}

  static Op op(String name, Object... arguments) {
    return new Op(name, arguments);
  }

  static List<Op> thread(Op... ops) {
    return Arrays.asList(ops);
  }

  /** A scenario of {@code operations}' methods: the threads run in parallel, nothing before. */
  @SafeVarargs
  static Function1<DSLScenarioBuilder, Unit> scenario(Class<?> operations, List<Op>... threads) {
    return scenarioAfter(operations, List.of(), threads);
  }

  /** A scenario of {@code operations}' methods: {@code initial} first, then the threads in parallel. */
  @SafeVarargs
  static Function1<DSLScenarioBuilder, Unit> scenarioAfter(
      Class<?> operations, List<Op> initial, List<Op>... threads) {
    return builder -> {
      if (!initial.isEmpty()) {
        builder.initial(
            (DSLThreadScenario thread) -> {
              for (Op op : initial) {
                thread.actor(function(operations, op), op.arguments());
              }
              return Unit.INSTANCE;
            });
      }
      builder.parallel(
          (DSLParallelScenario parallel) -> {
            for (List<Op> ops : threads) {
              parallel.thread(
                  (DSLThreadScenario thread) -> {
                    for (Op op : ops) {
                      thread.actor(function(operations, op), op.arguments());
                    }
                    return Unit.INSTANCE;
                  });
            }
            return Unit.INSTANCE;
          });
      return Unit.INSTANCE;
    };
  }

  private static KFunction<?> function(Class<?> operations, Op op) {
    for (Method method : operations.getMethods()) {
      if (method.getName().equals(op.name())
          && method.getParameterCount() == op.arguments().length) {
        KFunction<?> function = ReflectJvmMapping.getKotlinFunction(method);
        if (function != null) {
          return function;
        }
      }
    }
    throw new IllegalArgumentException("no operation " + op.name());
  }
}

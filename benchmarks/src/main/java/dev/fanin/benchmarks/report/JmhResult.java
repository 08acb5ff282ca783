package dev.fanin.benchmarks.report;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * One JMH result: a benchmark method with its parameters, its score and error, and the bytes it
 * allocated per operation when the run had {@code -prof gc}.
 *
 * @param benchmark {@code SimpleClassName.method}
 * @param params the JMH parameters of this result
 * @param score the primary score
 * @param error the score's 99.9% error, NaN when JMH could not compute one
 * @param unit the score's unit, e.g. {@code ns/op}
 * @param allocBytesPerOp {@code gc.alloc.rate.norm}, when measured
 * @param jdk the JDK that ran it
 */
record JmhResult(
    String benchmark,
    Map<String, String> params,
    double score,
    double error,
    String unit,
    OptionalDouble allocBytesPerOp,
    String jdk) {

  /** {@return the benchmark class's simple name} */
  String className() {
    return benchmark.substring(0, benchmark.indexOf('.'));
  }

  /** {@return the benchmark method's name} */
  String method() {
    return benchmark.substring(benchmark.indexOf('.') + 1);
  }

  /** {@return whether this is {@code benchmark} run with every one of {@code params}} */
  boolean matches(String benchmark, Map<String, String> params) {
    return this.benchmark.equals(benchmark) && this.params.entrySet().containsAll(params.entrySet());
  }
}

package dev.fanin.benchmarks;

import static dev.fanin.benchmarks.ChannelShapes.TRANSFERS;

/**
 * The shape the select benchmarks share ({@code SelectJavaBenchmark}, {@code SelectKotlinBenchmark}
 * and, with {@code -Pjdk25}, {@code JoxSelectBenchmark}), on the sizes and elements of {@link
 * ChannelShapes}.
 *
 * <p><b>Two producers, one selecting consumer.</b> Producer A sends elements {@code 0 ..
 * HALF-1} into channel A, producer B sends {@code HALF .. TRANSFERS-1} into channel B, each on a
 * thread (or coroutine) of its own; the consumer runs a two-clause select, a receive from A and a
 * receive from B, {@link ChannelShapes#TRANSFERS} times, and sums what it gets. It knows how many
 * elements come, so no channel is closed and the same channels serve every call (they are empty
 * again at its end). The channels are {@code buffered(16)} (the main shape) or rendezvous.
 *
 * <p>An <i>element</i>, the unit of every score, is one select that received one element, with
 * the send that put it there ({@code @OperationsPerInvocation(TRANSFERS)}): ns and bytes per
 * element are ns and bytes per select.
 */
final class SelectShapes {
  /** Elements each producer sends: half of {@link ChannelShapes#TRANSFERS}. */
  static final int HALF = TRANSFERS / 2;

  private SelectShapes() {}
}

package dev.fanin.benchmarks;

/**
 * The sizes and elements the channel benchmarks share ({@code ChannelJavaBenchmark}, {@code
 * ChannelKotlinBenchmark} and, with {@code -Pjdk25}, {@code JoxChannelBenchmark}), so that every
 * implementation moves the same elements in the same shapes.
 *
 * <p>An <i>element</i>, the unit of every score, is one element handed from one thread (or
 * coroutine) to another: one send matched by one receive. Every benchmark call moves {@link
 * #TRANSFERS} of them, declared with {@code @OperationsPerInvocation(TRANSFERS)}, so JMH reports
 * ns and bytes per element.
 *
 * <ul>
 *   <li><b>Rendezvous ping-pong</b>: {@link #ROUND_TRIPS} round trips. The pinger sends element
 *       {@code i} on the ping channel and waits for it back on the pong channel; the ponger receives
 *       each element and sends it back. A round trip is two elements.
 *   <li><b>Buffered producer-consumer</b>: the producer sends {@link #TRANSFERS} elements into one
 *       channel (capacity 16 unless the reference has none), the consumer receives them.
 * </ul>
 *
 * <p>The elements are {@code Integer}s boxed once, here, so that no benchmark allocates them; the
 * receiving side sums them and the sum is checked.
 */
final class ChannelShapes {
  /** Elements handed over per benchmark call, in either shape. */
  static final int TRANSFERS = 8192;

  /** Round trips per ping-pong call: two elements each. */
  static final int ROUND_TRIPS = TRANSFERS / 2;

  /** The buffer of the buffered shape, as the issue sets it. */
  static final int CAPACITY = 16;

  /** {@code 0 .. TRANSFERS-1}, boxed once. */
  static final Integer[] ELEMENTS = new Integer[TRANSFERS];

  /** The sum of the elements a ping-pong pinger gets back. */
  static final long PING_PONG_SUM = (long) ROUND_TRIPS * (ROUND_TRIPS - 1) / 2;

  /** The sum of the elements a producer-consumer consumer receives. */
  static final long PRODUCER_CONSUMER_SUM = (long) TRANSFERS * (TRANSFERS - 1) / 2;

  static {
    for (int i = 0; i < TRANSFERS; i++) {
      ELEMENTS[i] = i;
    }
  }

  private ChannelShapes() {}

  /** Returns {@code sum}, or throws if it is not {@code expected} (an element lost or doubled). */
  static long checked(long sum, long expected) {
    if (sum != expected) {
      throw new IllegalStateException("checksum " + sum + ", expected " + expected);
    }
    return sum;
  }
}

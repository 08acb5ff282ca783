package dev.fanin.java;

import static dev.fanin.java.ChannelThreads.fork;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanin.testing.Forked;
import dev.fanin.testing.NoLeaksExtension;
import dev.fanin.testing.OnEachThreadKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A select that both receives from and sends to one channel, as Go allows: exactly one of the two
 * happens, whichever is possible, and the other leaves no trace. The timeout guards against hangs.
 */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class SelectSameChannelTest {
  private static Select<String> both(Select<String> select, Channel<String> channel) {
    return select.onReceive(channel, x -> "received " + x).onSend(channel, "mine", () -> "sent");
  }

  /** On an empty buffered channel only the send is possible: it fires. */
  @Test
  void emptyBuffer_sendFires() throws Exception {
    Channel<String> channel = Channel.buffered(1);
    assertEquals("sent", both(Select.create(), channel).select());
    assertEquals(new ReceiveResult.Received<>("mine"), channel.tryReceive());
  }

  /** On a full buffered channel only the receive is possible: it fires and nothing is sent. */
  @Test
  void fullBuffer_receiveFires() throws Exception {
    Channel<String> channel = Channel.buffered(1);
    channel.send("theirs");
    assertEquals("received theirs", both(Select.create(), channel).select());
    assertEquals(new ReceiveResult.Empty<String>(), channel.tryReceive());
  }

  /**
   * With room and an element both are possible: a biased select takes the first listed, an
   * unbiased one either, and in every case exactly one happened.
   */
  @Test
  void bothPossible_exactlyOneHappens_biasedFirstUnbiasedBoth() throws Exception {
    Channel<String> channel = Channel.buffered(2);
    channel.send("theirs");
    assertEquals("received theirs", both(Select.biased(), channel).select());
    channel.send("theirs");
    assertEquals(
        "sent",
        Select.<String>biased()
            .onSend(channel, "mine", () -> "sent")
            .onReceive(channel, x -> "received " + x)
            .select());
    assertEquals(List.of("theirs", "mine"), drain(channel));

    Random seeded = new Random(42);
    int sends = 0;
    for (int round = 0; round < 400; round++) {
      channel.send("theirs");
      String fired = both(Select.create(seeded), channel).select();
      List<String> left = drain(channel);
      if (fired.equals("sent")) {
        sends++;
        assertEquals(List.of("theirs", "mine"), left);
      } else {
        assertEquals("received theirs", fired);
        assertEquals(List.of(), left);
      }
    }
    assertTrue(sends > 150 && sends < 250, "sends " + sends + " of 400: not uniform");
  }

  /** On a rendezvous channel the select waits until a receiver comes, then its send fires. */
  @OnEachThreadKind
  void rendezvous_receiverArrives_sendFires() throws Exception {
    Channel<String> channel = Channel.rendezvous();
    CompletableFuture<String> fired = new CompletableFuture<>();
    Forked selector = fork("selector", () -> fired.complete(both(Select.create(), channel).select()));
    assertEquals("mine", channel.receive());
    selector.join();
    assertEquals("sent", fired.get(10, TimeUnit.SECONDS));
  }

  /** On a rendezvous channel the select waits until a sender comes, then its receive fires. */
  @OnEachThreadKind
  void rendezvous_senderArrives_receiveFires() throws Exception {
    Channel<String> channel = Channel.rendezvous();
    CompletableFuture<String> fired = new CompletableFuture<>();
    Forked selector = fork("selector", () -> fired.complete(both(Select.create(), channel).select()));
    channel.send("theirs");
    selector.join();
    assertEquals("received theirs", fired.get(10, TimeUnit.SECONDS));
  }

  /**
   * Two threads selecting send-or-receive on one rendezvous channel pair up: in every round one
   * sends and the other receives (Go's classic symmetric exchange). Nothing is lost or doubled.
   */
  @Test
  void rendezvous_twoSymmetricSelectors_pairUpEveryRound() throws Exception {
    int rounds = Integer.getInteger("fanin.stress.rounds", 200);
    Channel<String> channel = Channel.rendezvous();
    List<String> outcomes = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger sent = new AtomicInteger();
    List<Forked> peers = new ArrayList<>();
    for (String peer : List.of("a", "b")) {
      peers.add(
          fork(
              peer,
              () -> {
                for (int i = 0; i < rounds; i++) {
                  String fired =
                      Select.<String>create()
                          .onReceive(channel, x -> "received " + x)
                          .onSend(channel, peer + i, () -> "sent")
                          .select();
                  if (fired.equals("sent")) {
                    sent.incrementAndGet();
                  } else {
                    outcomes.add(fired);
                  }
                }
              }));
    }
    for (Forked peer : peers) {
      peer.join();
    }
    assertEquals(rounds, sent.get(), "each round is one send and one receive");
    assertEquals(rounds, outcomes.size());
  }

  /** A closed channel: the receive fires with the end; the send, reached first, throws. */
  @Test
  void closedChannel_receiveFiresClosed_sendThrows() throws Exception {
    Channel<String> channel = Channel.buffered(1);
    channel.close();
    assertEquals(
        "closed",
        Select.<String>biased()
            .onReceiveCatching(channel, result -> result.isClosed() ? "closed" : "element")
            .onSend(channel, "mine", () -> "sent")
            .select());
    assertThrows(
        ChannelClosedException.class,
        () ->
            Select.<String>biased()
                .onSend(channel, "mine", () -> "sent")
                .onReceiveCatching(channel, result -> "closed")
                .select());
  }

  /** The future form: cancelling a waiting select on a rendezvous pair withdraws both clauses. */
  @Test
  void selectAsync_rendezvousCancelled_neitherHappens() throws Exception {
    Channel<String> channel = Channel.rendezvous();
    CompletableFuture<String> fired = both(Select.create(), channel).selectAsync();
    assertTrue(fired.cancel(true));
    assertTrue(channel.trySend("theirs") == false, "no receiver may be left waiting");
    assertEquals(new ReceiveResult.Empty<String>(), channel.tryReceive());
  }

  /** One receive and one send per channel: a second receive (or send) is still rejected. */
  @Test
  void secondReceiveOrSend_rejectedAndNamed() {
    Channel<String> channel = Channel.buffered(1);
    Select<String> select = both(Select.create(), channel);
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> select.onReceive(channel, x -> x))
            .getMessage()
            .startsWith("channel already has a receive clause"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class, () -> select.onSend(channel, "x", () -> "sent"))
            .getMessage()
            .startsWith("channel already has a send clause"));
  }

  private static List<String> drain(Channel<String> channel) {
    List<String> left = new ArrayList<>();
    for (ReceiveResult<String> next = channel.tryReceive();
        next instanceof ReceiveResult.Received<String> received;
        next = channel.tryReceive()) {
      left.add(received.element());
    }
    return left;
  }
}

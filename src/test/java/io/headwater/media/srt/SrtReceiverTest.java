package io.headwater.media.srt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.headwater.media.srt.codec.Ack;
import io.headwater.media.srt.codec.ControlBody;
import io.headwater.media.srt.codec.DataPacket;
import io.headwater.media.srt.codec.KeyFlags;
import io.headwater.media.srt.codec.Nak;
import io.headwater.media.srt.codec.SequenceNumbers;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The receiver algorithms of srt.md 8 on a fake clock: what a sender would see (ACKs, NAKs) and what the
 * demuxer would get (payloads in order, at their TSBPD time).
 */
class SrtReceiverTest {
  private static final int ISN = 294647250; // near the loss capture's sequence numbers
  private static final long LATENCY_US = 120_000;
  private static final long START_US = 5_000_000;
  /** The caller's clock reads 1000 us when its conclusion arrives at START_US. */
  private static final int CONCLUSION_TS = 1_000;

  private final List<ControlBody> sent = new ArrayList<>();
  private final List<Integer> delivered = new ArrayList<>();
  private long now = START_US;
  private SrtReceiver receiver = receiver(ISN);

  private SrtReceiver receiver(int isn) {
    return new SrtReceiver(isn, 8192, LATENCY_US, START_US, CONCLUSION_TS, new SrtReceiver.Output() {
      @Override
      public void send(ControlBody body) {
        sent.add(body);
      }

      @Override
      public void deliver(int sequenceNumber, KeyFlags key, byte[] payload) {
        delivered.add(sequenceNumber);
      }
    });
  }

  /** Packet {@code i} after the ISN, sent 1 ms apart starting 10 ms after the conclusion. */
  private static DataPacket packet(int isn, int i, boolean retransmitted) {
    return new DataPacket(SequenceNumbers.add(isn, i), DataPacket.Position.SOLO, true, KeyFlags.CLEAR, retransmitted,
        i + 1, CONCLUSION_TS + 10_000 + i * 1_000, 0x1234, new byte[188]);
  }

  private void arrive(int... indexes) {
    for (int i : indexes) receiver.onData(packet(ISN, i, false), now);
  }

  private void retransmit(int... indexes) {
    for (int i : indexes) receiver.onData(packet(ISN, i, true), now);
  }

  /** Moves the clock in 10 ms ticks, as the server does. */
  private void advanceMs(long ms) {
    long until = now + ms * 1000;
    while (now < until) {
      now = Math.min(until, now + 10_000);
      receiver.tick(now);
    }
  }

  /** When packet {@code i} is due: its send time on our clock plus the latency. */
  private static long dueUs(int i) {
    return START_US + 10_000 + i * 1_000L + LATENCY_US;
  }

  private <T> List<T> sentOf(Class<T> kind) {
    return sent.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  private static int seq(int i) {
    return SequenceNumbers.add(ISN, i);
  }

  @Test
  void packetsAreDeliveredInOrderWhenTheirLatencyHasPassed() {
    now = START_US + 10_000;
    arrive(0, 1, 2);
    assertEquals(List.of(), delivered, "nothing before its TSBPD time");
    now = dueUs(1) - 1;
    receiver.tick(now);
    assertEquals(List.of(seq(0)), delivered);
    now = dueUs(2);
    receiver.tick(now);
    assertEquals(List.of(seq(0), seq(1), seq(2)), delivered);
  }

  @Test
  void aGapIsNakedAtOnceWithJustThatRangeAsTheCaptureShows() {
    arrive(0, 1);
    arrive(5);
    Nak first = sentOf(Nak.class).get(0);
    assertEquals(List.of(new Nak.Range(seq(2), seq(4))), first.ranges());
    arrive(6, 8);
    Nak second = sentOf(Nak.class).get(1);
    assertEquals(List.of(Nak.Range.single(seq(7))), second.ranges());
    assertEquals(List.of(new Nak.Range(seq(2), seq(4)), Nak.Range.single(seq(7))), receiver.losses());
    assertEquals(4, receiver.stats(0, 0, 0).packetsLost());
    // loss-nak-retransmit frame 191: a range of three is a start word with the top bit set, then the end.
    Nak captured = Nak.of(new Nak.Range(294647302, 294647304));
    assertEquals("918ff606118ff608", HexFormat.of().formatHex(captured.encodeCif()));
  }

  @Test
  void retransmissionsFillTheGapsAndDeliveryStaysInOrder() {
    now = START_US + 10_000;
    arrive(0, 1, 5, 6, 8);
    retransmit(3, 2, 7, 4);
    assertEquals(List.of(), receiver.losses());
    assertEquals(seq(9), receiver.ackPoint(), "the ack point passes every filled packet");
    now = dueUs(8);
    receiver.tick(now);
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i <= 8; i++) expected.add(seq(i));
    assertEquals(expected, delivered);
    SrtStats stats = receiver.stats(0, 0, 0);
    assertEquals(4, stats.packetsRetransmitted());
    assertEquals(0, stats.packetsDroppedTooLate());
  }

  @Test
  void reorderedAndDuplicatePacketsAreCountedAndDeliveredOnce() {
    now = START_US + 10_000;
    arrive(0, 2, 1, 2, 3);
    assertEquals(1, receiver.stats(0, 0, 0).packetsReordered());
    assertEquals(1, receiver.stats(0, 0, 0).packetsDuplicate());
    assertEquals(List.of(), receiver.losses());
    now = dueUs(3);
    receiver.tick(now);
    arrive(1);
    retransmit(2);
    assertEquals(List.of(seq(0), seq(1), seq(2), seq(3)), delivered);
    assertEquals(3, receiver.stats(0, 0, 0).packetsDuplicate(), "packets already delivered are duplicates too");
  }

  @Test
  void aMissingPacketIsDroppedWhenItsSuccessorIsDueAndTheAckMovesPastIt() {
    now = START_US + 10_000;
    arrive(0, 2, 3);
    now = dueUs(1);
    receiver.tick(now);
    assertEquals(List.of(seq(0)), delivered, "packet 1 still has until packet 2 is due");
    now = dueUs(2);
    receiver.tick(now);
    assertEquals(List.of(seq(0), seq(2)), delivered);
    assertEquals(1, receiver.stats(0, 0, 0).packetsDroppedTooLate());
    assertEquals(List.of(), receiver.losses(), "no more NAKs for a dropped packet");
    assertEquals(seq(4), receiver.ackPoint());
    retransmit(1);
    assertEquals(1, receiver.stats(0, 0, 0).packetsDuplicate(), "a retransmission after the drop is discarded");
    assertEquals(List.of(seq(0), seq(2)), delivered);
  }

  @Test
  void thePeriodicNakRepeatsUnrepairedLossesEveryInterval() {
    arrive(0);
    advanceMs(10);
    receiver.onAckAck(1, 0, now + 4_000); // RTT 4 ms: the interval is its 20 ms floor
    arrive(2);
    assertEquals(1, sentOf(Nak.class).size(), "the immediate NAK");
    advanceMs(10);
    assertEquals(1, sentOf(Nak.class).size(), "not again within 20 ms");
    advanceMs(10);
    assertEquals(2, sentOf(Nak.class).size());
    assertEquals(List.of(Nak.Range.single(seq(1))), sentOf(Nak.class).get(1).ranges());
    advanceMs(20);
    assertEquals(3, sentOf(Nak.class).size());
    retransmit(1);
    advanceMs(60);
    assertEquals(3, sentOf(Nak.class).size(), "nothing left to report");
  }

  @Test
  void theNakIntervalFollowsTheRoundTrip() {
    arrive(0, 200); // packet 200 is due only after 330 ms: the loss is still worth reporting
    advanceMs(140);
    assertEquals(1, sentOf(Nak.class).size(), "(100 ms + 4 x 50 ms) / 2 before any ACKACK");
    advanceMs(10);
    assertEquals(2, sentOf(Nak.class).size());
  }

  @Test
  void fullAcksComeEvery10MsOnlyWhileTheAckPointAdvances() {
    advanceMs(50);
    assertEquals(List.of(), sentOf(Ack.class), "an idle connection carries no ACKs");
    arrive(0);
    advanceMs(10);
    Ack.Full first = (Ack.Full) sentOf(Ack.class).get(0);
    assertEquals(1, first.ackNumber());
    assertEquals(seq(1), first.nextSequence());
    assertEquals(SrtReceiver.INITIAL_RTT_US, first.rttUs(), "srt.md 3.1: the first ACK carries the initial RTT");
    assertEquals(SrtReceiver.INITIAL_RTT_VARIANCE_US, first.rttVarianceUs());
    assertTrue(first.linkCapacityPacketsPerSecond() > 0);

    advanceMs(10);
    assertEquals(1, sentOf(Ack.class).size(), "an unchanged, unconfirmed ack point waits RTT + 4 RTTVar");
    advanceMs(290);
    assertEquals(2, sentOf(Ack.class).size(), "then it is sent again (the ACK may have been lost)");
    receiver.onAckAck(2, 0, now);
    advanceMs(500);
    assertEquals(2, sentOf(Ack.class).size(), "a confirmed ack point is not repeated");

    arrive(1);
    advanceMs(10);
    arrive(2);
    advanceMs(10);
    assertEquals(4, sentOf(Ack.class).size(), "one full ACK per 10 ms tick while data flows");
  }

  @Test
  void sixtyFourPacketsBetweenTimerAcksBringALightAck() {
    for (int i = 0; i < 130; i++) arrive(i);
    List<Ack.Light> light = sentOf(Ack.Light.class);
    assertEquals(2, light.size());
    assertEquals(seq(64), light.get(0).nextSequence());
    assertEquals(seq(128), light.get(1).nextSequence());
  }

  @Test
  void ackAcksMeasureTheRoundTrip() {
    arrive(0);
    advanceMs(10);
    long ackSent = now;
    now += 30_000;
    receiver.onAckAck(1, 0, now);
    assertEquals(30_000, receiver.rttUs());
    arrive(1);
    advanceMs(10);
    Ack.Full second = sentOf(Ack.Full.class).get(1);
    assertEquals(30_000, second.rttUs());
    assertEquals(15_000, second.rttVarianceUs());
    now += 10_000;
    receiver.onAckAck(second.ackNumber(), 0, now);
    Ack.Full afterSecond = nextFullAck(2);
    assertEquals((7 * 30_000 + 10_000) / 8, afterSecond.rttUs());
    assertEquals((3 * 15_000 + 20_000) / 4, afterSecond.rttVarianceUs());
    receiver.onAckAck(99, 0, now);
    assertEquals(afterSecond.rttUs(), receiver.rttUs(), "an ACKACK for an unknown ACK is ignored");
    assertTrue(ackSent > START_US);
  }

  private Ack.Full nextFullAck(int i) {
    arrive(i);
    advanceMs(10);
    List<Ack.Full> full = sentOf(Ack.Full.class);
    return full.get(full.size() - 1);
  }

  @Test
  void aDropRequestStopsTheNaksForItsRange() {
    arrive(0, 4);
    receiver.onDropRequest(seq(1), seq(2));
    assertEquals(List.of(Nak.Range.single(seq(3))), receiver.losses());
    receiver.onDropRequest(seq(5), seq(9));
    arrive(10);
    assertEquals(List.of(Nak.Range.single(seq(3))), receiver.losses(), "dropped packets past the highest are no new loss");
  }

  @Test
  void sequenceNumbersWrapAt2To31() {
    int isn = SequenceNumbers.MAX - 2;
    receiver = receiver(isn);
    for (int i : new int[] {0, 1, 4, 5}) receiver.onData(packet(isn, i, false), now);
    Nak nak = sentOf(Nak.class).get(0);
    assertEquals(List.of(new Nak.Range(SequenceNumbers.MAX, 0)), nak.ranges(), "the gap spans the wrap");
    receiver.onData(packet(isn, 3, true), now);
    receiver.onData(packet(isn, 2, true), now);
    now = START_US + 10_000 + 5_000 + LATENCY_US;
    receiver.tick(now);
    assertEquals(List.of(isn, isn + 1, SequenceNumbers.MAX, 0, 1, 2), delivered);
  }

  @Test
  void timestampsWrapAt2To32Microseconds() {
    int nearWrap = (int) ((1L << 32) - 2_000);
    receiver = new SrtReceiver(ISN, 8192, LATENCY_US, START_US, nearWrap, new SrtReceiver.Output() {
      @Override
      public void send(ControlBody body) {}

      @Override
      public void deliver(int sequenceNumber, KeyFlags key, byte[] payload) {
        delivered.add(sequenceNumber);
      }
    });
    for (int i = 0; i < 4; i++) {
      receiver.onData(new DataPacket(seq(i), DataPacket.Position.SOLO, true, KeyFlags.CLEAR, false, i + 1,
          nearWrap + 1_000 * (i + 1), 1, new byte[10]), now);
    }
    now = START_US + 3_000 + LATENCY_US;
    receiver.tick(now);
    assertEquals(List.of(seq(0), seq(1), seq(2)), delivered, "packets past the wrap are later, not 71 minutes earlier");
  }

  @Test
  void driftBeyondFiveMillisecondsMovesTheTsbpdBase() {
    long before = receiver.deliveryTimeUs(20_000);
    long base = START_US - CONCLUSION_TS;
    for (int n = 0; n < SrtReceiver.DRIFT_SAMPLES; n++) {
      now = START_US + 20_000 + n * 10_000L;
      arrive(n);
      receiver.tick(now); // a full ACK, number n + 1
      // Its ACKACK comes back after a steady 1 ms, 8 ms later than the caller's clock says.
      long arrival = now + 1_000;
      receiver.onAckAck(n + 1, (int) (arrival - base - 8_000), arrival);
    }
    assertEquals(before + 8_000, receiver.deliveryTimeUs(20_000), "5 ms into the base, 3 ms as drift");
  }

  @Test
  void drainHandsOnEverythingBufferedSkippingGaps() {
    arrive(0, 1, 3);
    receiver.drain();
    assertEquals(List.of(seq(0), seq(1), seq(3)), delivered);
    assertInstanceOf(Nak.class, sent.get(0));
  }
}

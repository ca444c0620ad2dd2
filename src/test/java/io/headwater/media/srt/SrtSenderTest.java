package io.headwater.media.srt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.headwater.media.srt.codec.Ack;
import io.headwater.media.srt.codec.ControlBody;
import io.headwater.media.srt.codec.DataPacket;
import io.headwater.media.srt.codec.KeyFlags;
import io.headwater.media.srt.codec.Nak;
import io.headwater.media.srt.codec.PayloadCipher;
import io.headwater.media.srt.codec.SequenceNumbers;
import io.headwater.media.srt.codec.SessionKeys;
import io.headwater.media.srt.codec.SrtPacket;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The live sender on a fake clock: what a receiver would see on the wire (sequence, timestamps, R flag,
 * pacing, DROPREQs, ACKACKs), and, over a lossy link to our own {@link SrtReceiver}, every payload arriving
 * in order.
 */
class SrtSenderTest {
  private static final int ISN = SequenceNumbers.MAX - 5; // wraps within the first packets
  private static final int PEER = 0x2a2a2a2a;
  private static final long EPOCH_US = 7_000_000;
  private static final long LATENCY_US = 120_000;

  private final List<DataPacket> data = new ArrayList<>();
  private final List<Long> sentAtUs = new ArrayList<>();
  private final List<ControlBody> control = new ArrayList<>();
  private long now = EPOCH_US;
  private SrtSender sender = sender(8192, null, KeyFlags.CLEAR);

  private SrtSender sender(int flowWindow, PayloadCipher cipher, KeyFlags key) {
    return new SrtSender(ISN, PEER, LATENCY_US, flowWindow, 1024, cipher, key, EPOCH_US, new SrtSender.Output() {
      @Override
      public void sendData(byte[] datagram) {
        data.add((DataPacket) SrtPacket.decode(datagram));
        sentAtUs.add(now);
      }

      @Override
      public void sendControl(ControlBody body) {
        control.add(body);
      }
    });
  }

  private static byte[] payload(int i) {
    byte[] p = new byte[1316];
    for (int j = 0; j < p.length; j += 188) p[j] = 0x47;
    p[1] = (byte) i;
    p[2] = (byte) (i >> 8);
    return p;
  }

  private void offer(int... indexes) {
    for (int i : indexes) assertTrue(sender.offer(payload(i), now));
  }

  /** Moves the clock in steps of {@code stepUs}, ticking the sender at every step. */
  private void run(long us, long stepUs) {
    long until = now + us;
    while (now < until) {
      now = Math.min(until, now + stepUs);
      sender.tick(now);
    }
  }

  private static int seq(int i) {
    return SequenceNumbers.add(ISN, i);
  }

  private <T> List<T> controlOf(Class<T> kind) {
    return control.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  @Test
  void packetsCarrySequenceMessageNumbersAndTimestampsFromTheConnectionsStart() {
    now = EPOCH_US + 2_500;
    offer(0, 1, 2);
    now = EPOCH_US + 4_000;
    offer(3);
    run(50_000, 1_000);
    assertEquals(4, data.size());
    for (int i = 0; i < 4; i++) {
      DataPacket p = data.get(i);
      assertEquals(seq(i), p.sequenceNumber(), "across the 2^31 wrap");
      assertEquals(i + 1, p.messageNumber(), "srt.md 1.2: message numbers start at 1");
      assertEquals(DataPacket.Position.SOLO, p.position());
      assertTrue(p.inOrder());
      assertFalse(p.retransmitted());
      assertEquals(KeyFlags.CLEAR, p.key());
      assertEquals(PEER, p.destinationSocketId());
      assertArrayEquals(payload(i), p.payload());
    }
    assertEquals(2_500, data.get(0).timestamp(), "when it was offered, not when it left");
    assertEquals(4_000, data.get(3).timestamp());
  }

  @Test
  void anAckReleasesAFullAckIsAnsweredWithAnAckAckAndALightAckIsNot() {
    offer(0, 1, 2, 3);
    run(40_000, 1_000);
    sender.onAck(new Ack.Light(seq(2)), now);
    assertEquals(List.of(), controlOf(ControlBody.AckAck.class), "srt.md 3.1: light ACKs get no ACKACK");
    sender.onAck(new Ack.Full(7, seq(4), 3_000, 1_000, 8000, 100, 1000, 150_000), now);
    assertEquals(List.of(new ControlBody.AckAck(7)), controlOf(ControlBody.AckAck.class));
    assertEquals(3_000, sender.rttUs(), "the receiver's smoothed RTT");
    assertEquals(1024, sender.free(), "everything acknowledged is released");
    sender.onAck(new Ack.Full(8, seq(40), 3_000, 1_000, 8000, 100, 1000, 150_000), now);
    assertEquals(2, controlOf(ControlBody.AckAck.class).size(), "answered even when it makes no sense");
    assertEquals(seq(4), sender.nextSequence());
  }

  @Test
  void lostPacketsAreRetransmittedFirstWithTheRFlagAndTheirOriginalTimestamp() {
    offer(0, 1, 2, 3, 4);
    run(40_000, 1_000);
    sender.onAck(new Ack.Full(1, seq(1), 50_000, 500, 8000, 100, 1000, 150_000), now);
    now += 5_000;
    offer(5);
    sender.onNak(Nak.of(Nak.Range.single(seq(1)), new Nak.Range(seq(3), seq(4))), now);
    data.clear();
    run(40_000, 1_000);
    assertEquals(List.of(seq(1), seq(3), seq(4), seq(5)), data.stream().map(DataPacket::sequenceNumber).toList(),
        "retransmissions before new packets");
    for (int i = 0; i < 3; i++) {
      assertTrue(data.get(i).retransmitted(), "srt.md 2: R set on retransmissions");
    }
    assertFalse(data.get(3).retransmitted());
    assertEquals(0, data.get(0).timestamp(), "srt.md 10: the original timestamp and message number");
    assertEquals(2, data.get(0).messageNumber());
    assertEquals(3, sender.stats().packetsRetransmitted());
    assertEquals(3, sender.stats().packetsReportedLost());

    data.clear();
    sender.onNak(Nak.of(Nak.Range.single(seq(3))), now);
    run(10_000, 1_000);
    assertEquals(List.of(), data, "not again within an RTT: the retransmission may still be on its way");
    now += 40_000;
    sender.onNak(Nak.of(Nak.Range.single(seq(3))), now);
    run(10_000, 1_000);
    assertEquals(List.of(seq(3)), data.stream().map(DataPacket::sequenceNumber).toList(), "again after an RTT");
  }

  @Test
  void packetsOlderThanTheLatencyAreDroppedAndTheReceiverToldWithADropRequest() {
    offer(0, 1, 2, 3);
    run(40_000, 1_000);
    // The receiver's buffer is nearly full: two packets in flight at most, and 1 to 3 stay unacknowledged.
    sender.onAck(new Ack.Full(1, seq(1), 1_000, 500, 2, 100, 1000, 150_000), now);
    offer(4, 5, 6);
    run(LATENCY_US + SrtSender.ACK_REACTION_US - 40_000, 1_000);
    sender.onNak(Nak.of(Nak.Range.single(seq(2))), now);
    assertEquals(0, sender.stats().packetsDropped(), "not before the latency has passed");
    run(1_000, 1_000);
    assertEquals(3, sender.stats().packetsDropped(), "1 to 3, sent and unacknowledged");
    assertEquals(List.of(new ControlBody.DropRequest(3, seq(2), seq(2))), controlOf(ControlBody.DropRequest.class),
        "only for the one known lost: the receiver may hold the others");
    run(41_000, 1_000);
    assertEquals(6, sender.stats().packetsDropped(), "then 4 to 6, of which 4 and 5 went out once the flight emptied");
    assertEquals(new ControlBody.DropRequest(7, seq(6), seq(6)), controlOf(ControlBody.DropRequest.class).get(1),
        "6 never left");
    assertEquals(1024, sender.free());

    sender.onNak(Nak.of(new Nak.Range(seq(0), seq(7))), now);
    assertEquals(new ControlBody.DropRequest(0, seq(0), seq(6)), controlOf(ControlBody.DropRequest.class).get(2),
        "a NAK for what is gone is answered with a DROPREQ, as libsrt does");
  }

  @Test
  void packetsLeaveSpreadAtTheInputRateNotInABurst() {
    // One second of 100 packets a second establishes the input rate.
    for (int i = 0; i < 100; i++) {
      offer(i);
      run(10_000, 100);
      sender.onAck(new Ack.Light(sender.nextSequence()), now);
    }
    long rate = sender.inputBytesPerSecond();
    assertEquals(100 * (1316 + SrtSender.PACKET_OVERHEAD_BYTES), rate, 2_000);
    data.clear();
    sentAtUs.clear();
    offer(100, 101, 102, 103);
    run(50_000, 100);
    assertEquals(4, data.size());
    long gap = (1316 + SrtSender.PACKET_OVERHEAD_BYTES) * 1_000_000L * 100 / (rate * 125); // 1.25 times the rate
    assertTrue(sentAtUs.get(1) - sentAtUs.get(0) >= gap - SrtSender.BURST_CREDIT_US - 100, "the first gap less the credit");
    for (int i = 2; i < 4; i++) {
      long measured = sentAtUs.get(i) - sentAtUs.get(i - 1);
      assertTrue(Math.abs(measured - gap) <= 200, "gap " + i + ": " + measured + " us, expected " + gap);
    }
  }

  @Test
  void aBurstLargerThanTheRateAllowsStillLeavesWithinAQuarterOfTheLatency() {
    for (int i = 0; i < 50; i++) {
      offer(i);
      run(20_000, 100);
      sender.onAck(new Ack.Light(sender.nextSequence()), now);
    }
    data.clear();
    sentAtUs.clear();
    long start = now;
    for (int i = 0; i < 60; i++) offer(100 + i); // a keyframe: more than a second's worth at this rate
    run(100_000, 100);
    assertEquals(60, data.size());
    assertTrue(sentAtUs.get(59) - start <= LATENCY_US / 4 + 100, "the last left after " + (sentAtUs.get(59) - start) + " us");
    assertTrue(sentAtUs.get(4) > sentAtUs.get(0) + 1_000, "still spread, not a burst: " + sentAtUs.subList(0, 5));
  }

  @Test
  void theFlowWindowBoundsThePacketsInFlight() {
    sender = sender(3, null, KeyFlags.CLEAR);
    offer(0, 1, 2, 3, 4);
    run(30_000, 1_000);
    assertEquals(3, data.size());
    assertEquals(Long.MAX_VALUE, sender.nextSendUs(), "nothing to do until an ACK");
    sender.onAck(new Ack.Light(seq(2)), now);
    run(30_000, 1_000);
    assertEquals(5, data.size());
  }

  @Test
  void aFullBufferRefusesMore() {
    for (int i = 0; i < 1024; i++) offer(i);
    assertFalse(sender.offer(payload(0), now));
    assertEquals(1, sender.stats().packetsRefused());
  }

  @Test
  void payloadsAreEncryptedWithTheSessionKeyAndRetransmittedAsTheyWere() {
    SessionKeys keys = SessionKeys.generate(new SecureRandom(), 16, KeyFlags.EVEN);
    sender = sender(8192, new PayloadCipher(keys), KeyFlags.EVEN);
    offer(0, 1);
    run(40_000, 1_000);
    now += 20_000;
    sender.onNak(Nak.of(Nak.Range.single(seq(1))), now);
    run(10_000, 1_000);
    assertEquals(3, data.size());
    PayloadCipher peer = new PayloadCipher(keys);
    for (int i = 0; i < 2; i++) {
      assertEquals(KeyFlags.EVEN, data.get(i).key());
      assertFalse(java.util.Arrays.equals(payload(i), data.get(i).payload()), "encrypted");
      assertArrayEquals(payload(i), peer.decrypt(data.get(i)).payload(), "srt.md 7.3: AES-CTR with the seq IV");
    }
    assertArrayEquals(data.get(1).payload(), data.get(2).payload(), "the same ciphertext again");
  }

  @Test
  void overALossyLinkOurReceiverGetsEveryPayloadInOrder() {
    Random random = new Random(7);
    List<byte[]> wire = new ArrayList<>();
    List<byte[]> delivered = new ArrayList<>();
    List<ControlBody> feedback = new ArrayList<>();
    List<ControlBody.AckAck> feedbackToReceiver = new ArrayList<>();
    SrtReceiver[] receiver = new SrtReceiver[1];
    SrtSender s = new SrtSender(ISN, PEER, LATENCY_US, 8192, 8192, null, KeyFlags.CLEAR, EPOCH_US,
        new SrtSender.Output() {
          @Override
          public void sendData(byte[] datagram) {
            if (random.nextDouble() >= 0.05) wire.add(datagram);
          }

          @Override
          public void sendControl(ControlBody body) {
            if (body instanceof ControlBody.AckAck a) feedbackToReceiver.add(a);
          }
        });
    SrtReceiver r = receiver[0] = new SrtReceiver(ISN, 8192, LATENCY_US, EPOCH_US, 0, new SrtReceiver.Output() {
      @Override
      public void send(ControlBody body) {
        if (random.nextDouble() >= 0.05) feedback.add(body);
      }

      @Override
      public void deliver(int sequenceNumber, KeyFlags key, byte[] payload) {
        delivered.add(payload);
      }
    });
    int offered = 0;
    for (long t = EPOCH_US; t < EPOCH_US + 3_000_000; t += 500) {
      if (t < EPOCH_US + 2_500_000 && (t - EPOCH_US) % 2_000 == 0) s.offer(payload(offered++), t);
      s.tick(t);
      // 5 ms one way: what was sent 10 steps ago arrives now (the lists are drained at once instead).
      for (byte[] d : wire) r.onData((DataPacket) SrtPacket.decode(d), t);
      wire.clear();
      if ((t - EPOCH_US) % 10_000 == 0) r.tick(t);
      for (ControlBody b : feedback) {
        if (b instanceof Ack ack) s.onAck(ack, t);
        else if (b instanceof Nak nak) s.onNak(nak, t);
      }
      feedback.clear();
      for (ControlBody.AckAck a : feedbackToReceiver) receiver[0].onAckAck(a.ackNumber(), (int) (t - EPOCH_US), t);
      feedbackToReceiver.clear();
    }
    assertEquals(offered, delivered.size(), s.stats().summary());
    for (int i = 0; i < offered; i++) assertArrayEquals(payload(i), delivered.get(i), "payload " + i);
    assertTrue(s.stats().packetsRetransmitted() > 30, s.stats().summary());
    assertEquals(0, s.stats().packetsDropped(), s.stats().summary());
  }
}

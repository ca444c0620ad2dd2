package io.headwater.media.srt;

import io.headwater.media.srt.codec.Ack;
import io.headwater.media.srt.codec.ControlBody;
import io.headwater.media.srt.codec.DataPacket;
import io.headwater.media.srt.codec.KeyFlags;
import io.headwater.media.srt.codec.Nak;
import io.headwater.media.srt.codec.SequenceNumbers;
import io.headwater.media.srt.codec.SrtTimestamps;
import java.util.Arrays;
import java.util.List;

/**
 * The receiving half of one live SRT connection (srt.md 8): a buffer of the negotiated latency indexed by
 * sequence number, loss detection with an immediate NAK per new gap and periodic NAKs, full ACKs on a 10 ms
 * timer and light ACKs every 64 packets, RTT from ACK/ACKACK, TSBPD release in sequence order with drift
 * tracking, and too-late drop. Duplicates and reordering are absorbed and counted.
 *
 * <p>Pure: it never reads a clock or a socket. Its owner ({@link SrtConnection}) hands it packets and the
 * time in microseconds of a monotonic clock, calls {@link #tick} at least every 10 ms, and sends and delivers
 * what {@link Output} receives. Not thread-safe.
 */
final class SrtReceiver {
  /** srt.md 3.1: the full ACK timer. */
  static final long ACK_INTERVAL_US = 10_000;
  /** A tick a little early still counts as the ACK timer firing; the server's tick is not exact. */
  static final long TIMER_SLACK_US = 1_000;
  /** srt.md 3.1: a light ACK after this many packets between timer ACKs. */
  static final int LIGHT_ACK_PACKETS = 64;
  /** srt.md 8.5: libsrt's live NAK interval is max(20 ms, (RTT + 4 RTTVar) / 2). */
  static final long MIN_NAK_INTERVAL_US = 20_000;
  /** srt.md 8.4: RTT and variance before the first ACKACK. */
  static final int INITIAL_RTT_US = 100_000;
  static final int INITIAL_RTT_VARIANCE_US = 50_000;
  /** srt.md 8.1: ACKs remembered for matching ACKACKs. */
  static final int ACK_HISTORY = 1024;
  /** srt.md 8.7: drift is averaged over this many ACKACKs and moves the base by at most 5 ms at a time. */
  static final int DRIFT_SAMPLES = 1000;
  static final long MAX_DRIFT_US = 5_000;
  /** srt.md 8.6: probe pairs (seq % 16 == 0 and the next) measure link capacity. */
  static final int PROBE_SAMPLES = 16;
  static final long RATE_WINDOW_US = 1_000_000;

  /** Where the receiver's effects go. */
  interface Output {
    /** An ACK or NAK to send to the peer. */
    void send(ControlBody body);

    /** The next payload in sequence order, still encrypted with {@code key} unless CLEAR. Ownership passes. */
    void deliver(int sequenceNumber, KeyFlags key, byte[] payload);
  }

  private final int capacity;
  private final long latencyUs;
  private final Output out;

  // The buffer: slot i holds the packet head + (i - headIndex) mod capacity.
  private final byte[][] payloads;
  private final long[] timestamps;
  private final KeyFlags[] keys;
  private int headSeq;
  private int headIndex;
  private int stored;
  private int highest;
  private int ackPoint;
  private final LossList losses = new LossList();

  // TSBPD (srt.md 8.7).
  private long tsbpdBaseUs;
  private long driftUs;
  private long lastTimestamp;
  private long driftSum;
  private int driftSamples;

  // ACK state (srt.md 8.3, 8.4).
  private int ackNumber;
  private final int[] historyNumber = new int[ACK_HISTORY];
  private final int[] historySeq = new int[ACK_HISTORY];
  private final long[] historySentUs = new long[ACK_HISTORY];
  private int lastAckSent;
  private long lastAckSentUs;
  private int lastAckAcked;
  private long nextAckTimerUs;
  private int sinceLastAck;
  private int rttUs = INITIAL_RTT_US;
  private int rttVarUs = INITIAL_RTT_VARIANCE_US;
  private int firstRttUs = -1;

  // Receive rates for the ACK (srt.md 8.6).
  private long rateWindowStartUs;
  private long rateWindowPackets;
  private long rateWindowBytes;
  private int packetsPerSecond = 1;
  private int bytesPerSecond = 1500;
  private final long[] probeGaps = new long[PROBE_SAMPLES];
  private int probeCount;
  private int probeSeq = -1;
  private long probeArrivalUs;

  // Counters.
  private long received;
  private long payloadBytes;
  private long lost;
  private long retransmitted;
  private long reordered;
  private long duplicate;
  private long droppedTooLate;
  private long beyondBuffer;
  private long delivered;
  private long naks;
  private long acks;

  /**
   * @param initialSequence the caller's ISN from the handshake (srt.md 4.2)
   * @param capacity packets the buffer holds: the flow window the listener advertised
   * @param latencyUs the negotiated receive latency (srt.md 4.3)
   * @param conclusionArrivalUs when the caller's conclusion arrived, on the owner's clock
   * @param conclusionTimestamp that conclusion's header timestamp, the caller's clock (srt.md 8.7: the base)
   */
  SrtReceiver(int initialSequence, int capacity, long latencyUs, long conclusionArrivalUs, int conclusionTimestamp,
      Output out) {
    if (capacity < 32) throw new IllegalArgumentException("receive buffer of " + capacity + " packets, at least 32");
    this.capacity = capacity;
    this.latencyUs = latencyUs;
    this.out = out;
    this.payloads = new byte[capacity][];
    this.timestamps = new long[capacity];
    this.keys = new KeyFlags[capacity];
    this.headSeq = initialSequence;
    this.highest = SequenceNumbers.previous(initialSequence);
    this.ackPoint = initialSequence;
    this.lastAckSent = -1;
    this.lastAckAcked = initialSequence;
    this.lastTimestamp = SrtTimestamps.toUnsigned(conclusionTimestamp);
    this.tsbpdBaseUs = conclusionArrivalUs - lastTimestamp;
    this.nextAckTimerUs = conclusionArrivalUs;
    this.rateWindowStartUs = conclusionArrivalUs;
  }

  // ---- input

  /** srt.md 8.2: one data packet from the peer. */
  void onData(DataPacket packet, long nowUs) {
    int seq = packet.sequenceNumber();
    int d = SequenceNumbers.offset(headSeq, seq);
    if (d < 0) {
      duplicate++; // delivered or dropped already
      return;
    }
    if (d >= capacity) {
      beyondBuffer++; // the sender retransmits it once the buffer moved on
      return;
    }
    int slot = slot(d);
    if (payloads[slot] != null) {
      duplicate++;
      return;
    }
    long timestamp = SrtTimestamps.extend(lastTimestamp, packet.timestamp());
    if (timestamp > lastTimestamp) lastTimestamp = timestamp;
    if (SequenceNumbers.compare(seq, highest) > 0) {
      int expected = SequenceNumbers.next(highest);
      if (seq != expected) {
        // srt.md 8.2: a new gap is reported at once, with just that range.
        int last = SequenceNumbers.previous(seq);
        losses.append(expected, last, nowUs);
        lost += SequenceNumbers.length(expected, last);
        sendNak(List.of(new Nak.Range(expected, last)));
      }
      highest = seq;
    } else {
      losses.remove(seq);
      if (packet.retransmitted()) retransmitted++;
      else reordered++;
    }
    payloads[slot] = packet.payload();
    timestamps[slot] = timestamp;
    keys[slot] = packet.key();
    stored++;
    received++;
    payloadBytes += packet.payload().length;
    advanceAckPoint();
    measureRates(packet, nowUs);
    if (++sinceLastAck >= LIGHT_ACK_PACKETS) {
      // srt.md 3.1: between timer ACKs, every 64 packets; never answered with ACKACK.
      out.send(new Ack.Light(ackPoint));
      sinceLastAck = 0;
    }
    release(nowUs);
  }

  /** srt.md 8.4: the peer acknowledged ACK {@code number}; {@code timestamp} is its header time. */
  void onAckAck(int number, int timestamp, long nowUs) {
    int i = Math.floorMod(number, ACK_HISTORY);
    if (historyNumber[i] != number || number == 0) return;
    int sample = (int) Math.min(Integer.MAX_VALUE, Math.max(0, nowUs - historySentUs[i]));
    if (firstRttUs < 0) {
      firstRttUs = sample;
      rttUs = sample;
      rttVarUs = sample / 2;
    } else {
      rttVarUs = (3 * rttVarUs + Math.abs(rttUs - sample)) / 4;
      rttUs = (7 * rttUs + sample) / 8;
    }
    if (SequenceNumbers.compare(historySeq[i], lastAckAcked) > 0) lastAckAcked = historySeq[i];
    trackDrift(timestamp, nowUs);
  }

  /** srt.md 3.5: the sender gave up on {@code first..last}; stop asking for them. */
  void onDropRequest(int first, int last) {
    if (SequenceNumbers.compare(first, last) > 0) return;
    losses.remove(first, last);
    if (SequenceNumbers.compare(last, highest) > 0 && SequenceNumbers.offset(headSeq, last) < capacity) {
      highest = last;
    }
  }

  /** The timers: TSBPD release and too-late drop, the ACK timer, the periodic NAK. */
  void tick(long nowUs) {
    release(nowUs);
    if (nowUs >= nextAckTimerUs) {
      nextAckTimerUs = nowUs + ACK_INTERVAL_US - TIMER_SLACK_US;
      fullAck(nowUs);
    }
    if (!losses.isEmpty()) {
      // srt.md 8.5: each loss is reported again once a NAK interval passed since its last report.
      long nakInterval = Math.max(MIN_NAK_INTERVAL_US, (rttUs + 4L * rttVarUs) / 2);
      List<Nak.Range> due = losses.due(nowUs, nakInterval - TIMER_SLACK_US);
      if (!due.isEmpty()) sendNak(due);
    }
  }

  /**
   * The peer ended the connection: everything buffered is handed on in order, gaps skipped (srt.md 3.4: a
   * live ingest flushes what it has).
   */
  void drain() {
    while (stored > 0) {
      if (payloads[headIndex] != null) deliverHead();
      else skipHead();
    }
  }

  /** The receiver's counts, with those its owner keeps. */
  SrtStats stats(long undecryptable, long tsContinuityErrors, long keyRefreshes) {
    return new SrtStats(received, payloadBytes, lost, retransmitted, reordered, duplicate, droppedTooLate, beyondBuffer,
        undecryptable, delivered, tsContinuityErrors, keyRefreshes, naks, acks, rttUs, rttVarUs);
  }

  int rttUs() {
    return rttUs;
  }

  /** The ack point: the first sequence number not received contiguously (srt.md 3.1). */
  int ackPoint() {
    return ackPoint;
  }

  /** The missing ranges, oldest first. */
  List<Nak.Range> losses() {
    return losses.all();
  }

  /** When the packet now at the head of the buffer is due, on the owner's clock; for tests. */
  long deliveryTimeUs(long timestamp) {
    return tsbpdBaseUs + timestamp + latencyUs + driftUs;
  }

  // ---- TSBPD

  /** srt.md 8.7: hands on every packet whose time has come, in order; gives up on gaps whose successor is due. */
  private void release(long nowUs) {
    while (stored > 0) {
      if (payloads[headIndex] != null) {
        if (deliveryTimeUs(timestamps[headIndex]) > nowUs) return;
        deliverHead();
        continue;
      }
      int next = firstStoredOffset();
      if (next < 0 || deliveryTimeUs(timestamps[slot(next)]) > nowUs) return;
      // Too late for the missing ones: libsrt waits for the packet after the hole to be due, then skips.
      droppedTooLate += next;
      for (int i = 0; i < next; i++) skipHead();
      losses.removeBefore(headSeq);
    }
  }

  private int firstStoredOffset() {
    int span = SequenceNumbers.offset(headSeq, highest);
    for (int d = 1; d <= span && d < capacity; d++) {
      if (payloads[slot(d)] != null) return d;
    }
    return -1;
  }

  private void deliverHead() {
    byte[] payload = payloads[headIndex];
    KeyFlags key = keys[headIndex];
    int seq = headSeq;
    payloads[headIndex] = null;
    keys[headIndex] = null;
    stored--;
    moveHead();
    delivered++;
    out.deliver(seq, key, payload);
  }

  private void skipHead() {
    if (payloads[headIndex] != null) {
      payloads[headIndex] = null;
      keys[headIndex] = null;
      stored--;
    }
    moveHead();
  }

  private void moveHead() {
    headSeq = SequenceNumbers.next(headSeq);
    headIndex = headIndex + 1 == capacity ? 0 : headIndex + 1;
    if (SequenceNumbers.compare(highest, headSeq) < 0) highest = SequenceNumbers.previous(headSeq);
    if (SequenceNumbers.compare(ackPoint, headSeq) < 0) {
      ackPoint = headSeq; // srt.md 8.3: with TLPKTDROP the ack point moves past dropped packets
      advanceAckPoint();
    }
  }

  private void advanceAckPoint() {
    int d = SequenceNumbers.offset(headSeq, ackPoint);
    while (d < capacity && payloads[slot(d)] != null) {
      ackPoint = SequenceNumbers.next(ackPoint);
      d++;
    }
  }

  /** srt.md 8.7: drift samples from ACKACKs, averaged; beyond 5 ms the base moves. */
  private void trackDrift(int timestamp, long nowUs) {
    long senderTime = SrtTimestamps.extend(lastTimestamp, timestamp);
    long sample = nowUs - (tsbpdBaseUs + senderTime) - (rttUs - firstRttUs) / 2;
    driftSum += sample;
    if (++driftSamples < DRIFT_SAMPLES) return;
    long drift = driftSum / driftSamples;
    driftSum = 0;
    driftSamples = 0;
    if (Math.abs(drift) > MAX_DRIFT_US) {
      long over = drift < 0 ? -MAX_DRIFT_US : MAX_DRIFT_US;
      tsbpdBaseUs += over;
      drift -= over;
    }
    driftUs = drift;
  }

  // ---- ACK and NAK

  /**
   * srt.md 3.1 and 8.3: on the timer, a full ACK if the ack point moved past what the peer confirmed, and
   * again for an unconfirmed one once RTT + 4 RTTVar passed (the ACK or its ACKACK was lost).
   */
  private void fullAck(long nowUs) {
    if (ackPoint == lastAckAcked || SequenceNumbers.compare(ackPoint, lastAckAcked) < 0) return;
    if (ackPoint == lastAckSent && nowUs - lastAckSentUs < rttUs + 4L * rttVarUs) return;
    ackNumber = ackNumber == Integer.MAX_VALUE ? 1 : ackNumber + 1;
    int i = Math.floorMod(ackNumber, ACK_HISTORY);
    historyNumber[i] = ackNumber;
    historySeq[i] = ackPoint;
    historySentUs[i] = nowUs;
    lastAckSent = ackPoint;
    lastAckSentUs = nowUs;
    sinceLastAck = 0;
    acks++;
    out.send(new Ack.Full(ackNumber, ackPoint, rttUs, rttVarUs, Math.max(2, capacity - stored - 1), packetsPerSecond,
        linkCapacity(), bytesPerSecond));
  }

  private void sendNak(List<Nak.Range> ranges) {
    naks++;
    out.send(new Nak(ranges));
  }

  private void measureRates(DataPacket packet, long nowUs) {
    rateWindowPackets++;
    rateWindowBytes += packet.payload().length + 44; // SRT + UDP + IPv4 headers, as libsrt counts
    long elapsed = nowUs - rateWindowStartUs;
    if (elapsed >= RATE_WINDOW_US) {
      packetsPerSecond = (int) Math.max(1, rateWindowPackets * 1_000_000 / elapsed);
      bytesPerSecond = (int) Math.min(Integer.MAX_VALUE, Math.max(1, rateWindowBytes * 1_000_000 / elapsed));
      rateWindowStartUs = nowUs;
      rateWindowPackets = 0;
      rateWindowBytes = 0;
    }
    if (packet.retransmitted()) return;
    int seq = packet.sequenceNumber();
    if ((seq & 0xF) == 0) {
      probeSeq = seq;
      probeArrivalUs = nowUs;
    } else if (probeSeq >= 0 && seq == SequenceNumbers.next(probeSeq)) {
      probeGaps[probeCount++ % PROBE_SAMPLES] = Math.max(1, nowUs - probeArrivalUs);
      probeSeq = -1;
    }
  }

  /** srt.md 8.6: the median probe gap as packets per second; never 0 (1000 before any sample, as libsrt). */
  private int linkCapacity() {
    int n = Math.min(probeCount, PROBE_SAMPLES);
    if (n == 0) return 1000;
    long[] gaps = Arrays.copyOf(probeGaps, n);
    Arrays.sort(gaps);
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, 1_000_000 / gaps[n / 2]));
  }

  private int slot(int offsetFromHead) {
    int i = headIndex + offsetFromHead;
    return i >= capacity ? i - capacity : i;
  }
}

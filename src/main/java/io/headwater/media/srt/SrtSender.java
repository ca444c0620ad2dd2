package io.headwater.media.srt;

import io.headwater.media.srt.codec.Ack;
import io.headwater.media.srt.codec.ControlBody;
import io.headwater.media.srt.codec.DataPacket;
import io.headwater.media.srt.codec.KeyFlags;
import io.headwater.media.srt.codec.Nak;
import io.headwater.media.srt.codec.PayloadCipher;
import io.headwater.media.srt.codec.SequenceNumbers;
import io.headwater.media.srt.codec.SrtPacket;

/**
 * The sending half of one live SRT connection, as libsrt's live-mode sender behaves towards the receiver of
 * srt.md 8: a send buffer keyed by sequence number holding each packet until the peer acknowledges it,
 * retransmission of what NAKs report lost (R flag set, original timestamp and message number), release on
 * ACK and an ACKACK for every full ACK, the drop of packets older than the negotiated latency (a DROPREQ for
 * those the receiver is missing, counted), a flow window, and pacing: packets leave spread at 1.25 times the
 * measured input rate (libsrt's overhead for retransmissions), never in a burst, yet none waits longer than
 * a quarter of the latency. Timestamps count from the connection's start; payloads are encrypted once, with
 * AES-CTR under the session key, and retransmitted as they are.
 *
 * <p>Pure: it never reads a clock or a socket. Its owner offers payloads, hands it the peer's ACKs and
 * NAKs with the time of a monotonic clock in microseconds, calls {@link #tick} at least every 10 ms and at
 * {@link #nextSendUs()}, and sends what {@link Output} receives. Not thread-safe.
 */
final class SrtSender {
  /** libsrt sndDropTooLate: the drop threshold allows the sender's and receiver's reaction time, 2 x 10 ms. */
  static final long ACK_REACTION_US = 20_000;
  /** libsrt's live congestion control adds 25 % to the input rate for retransmissions (SRTO_OHEADBW). */
  static final int OVERHEAD_PERCENT = 25;
  /** The input rate is measured over the last second, in windows of 100 ms. */
  static final long RATE_WINDOW_US = 100_000;
  static final int RATE_WINDOWS = 10;
  /** A paced packet may leave this much before its slot, so a loop waking each millisecond keeps the rate. */
  static final long BURST_CREDIT_US = 1_000;
  /** Bounds of the longest wait in the send queue: a quarter of the latency, within these. */
  static final long MIN_SPREAD_US = 5_000;
  static final long MAX_SPREAD_US = 100_000;
  private static final long NEVER = Long.MIN_VALUE;
  /** libsrt's SRTO_SNDBUF in packets: a send buffer of 8192 packets (about 11 MB of payload). */
  static final int DEFAULT_CAPACITY = 8192;
  /** IPv4 + UDP + SRT header bytes on the wire per packet, as the receiver counts them (srt.md 8.6). */
  static final int PACKET_OVERHEAD_BYTES = 44;

  /** Where the sender's packets go. */
  interface Output {
    /** A data packet, whole; the array is the sender's and must not be changed. */
    void sendData(byte[] datagram);

    /** An ACKACK or DROPREQ; the owner stamps it with the connection's clock. */
    void sendControl(ControlBody body);
  }

  private final int peerSocketId;
  private final long latencyUs;
  private final long spreadUs;
  private final int capacity;
  private final int handshakeFlowWindow;
  private final PayloadCipher cipher;
  private final KeyFlags key;
  private final long epochUs;
  private final Output out;

  // The buffer: slot (headIndex + i) mod capacity holds the packet headSeq + i. The first size - unsent are
  // sent and unacknowledged, the last unsent wait for their first transmission.
  private final byte[][] datagrams;
  private final long[] submittedUs;
  private final long[] retransmittedUs;
  private final int[] messageNumbers;
  private final boolean[] lost;
  private int headSeq;
  private int headIndex;
  private int size;
  private int unsent;
  private int lostCount;
  private int firstLostHint;
  private int nextSeq;
  private int messageNumber = 1;

  private int flowWindow;
  private int rttUs = SrtReceiver.INITIAL_RTT_US;
  private int rttVarUs = SrtReceiver.INITIAL_RTT_VARIANCE_US;

  // Pacing.
  private long lastSlotUs;
  private final long[] windowBytes = new long[RATE_WINDOWS];
  private int windowsFilled;
  private long windowStartUs;
  private long currentWindowBytes;
  private long inputBytesPerSecond;
  private int averagePayload = 1316;

  // Counters.
  private long packetsSent;
  private long payloadBytesSent;
  private long packetsRetransmitted;
  private long packetsDropped;
  private long dropRequests;
  private long packetsReportedLost;
  private long naksReceived;
  private long acksReceived;
  private long packetsRefused;

  /**
   * @param initialSequence the ISN of the handshake (the caller's, used both ways; srt.md 4.2)
   * @param peerSocketId the receiver's socket id, the destination of every packet
   * @param latencyUs the latency the receiver applies to these packets (srt.md 4.3); older ones are dropped
   * @param flowWindow the receiver's flow window from the handshake, packets in flight at most
   * @param capacity packets the buffer holds, sent and unsent
   * @param cipher encrypts payloads with {@code key}; null with {@link KeyFlags#CLEAR}
   * @param epochUs the connection's start on the owner's clock: timestamps count from it (srt.md 1.3)
   */
  SrtSender(int initialSequence, int peerSocketId, long latencyUs, int flowWindow, int capacity, PayloadCipher cipher,
      KeyFlags key, long epochUs, Output out) {
    if (capacity < 32) throw new IllegalArgumentException("send buffer of " + capacity + " packets, at least 32");
    if ((cipher == null) != (key == KeyFlags.CLEAR) || key == KeyFlags.BOTH) {
      throw new IllegalArgumentException("a cipher goes with the EVEN or ODD key, none with CLEAR");
    }
    this.peerSocketId = peerSocketId;
    this.latencyUs = latencyUs;
    this.spreadUs = Math.max(MIN_SPREAD_US, Math.min(MAX_SPREAD_US, latencyUs / 4));
    this.capacity = capacity;
    this.handshakeFlowWindow = Math.max(2, flowWindow);
    this.flowWindow = this.handshakeFlowWindow;
    this.cipher = cipher;
    this.key = key;
    this.epochUs = epochUs;
    this.out = out;
    this.datagrams = new byte[capacity][];
    this.submittedUs = new long[capacity];
    this.retransmittedUs = new long[capacity];
    this.messageNumbers = new int[capacity];
    this.lost = new boolean[capacity];
    this.headSeq = initialSequence;
    this.nextSeq = initialSequence;
    this.lastSlotUs = epochUs - MAX_SPREAD_US; // the first packet goes at once
    this.windowStartUs = epochUs;
  }

  // ---- input

  /**
   * Queues one payload (srt.md 6: whole TS packets, at most 1456 bytes) stamped with {@code nowUs}; false,
   * and counted, when the buffer is full. It leaves on a later {@link #tick}.
   */
  boolean offer(byte[] payload, long nowUs) {
    if (payload.length == 0 || payload.length > SrtListener.MAX_DATAGRAM - 28 - SrtPacket.HEADER_SIZE) {
      throw new IllegalArgumentException("payload of " + payload.length + " bytes, 1 to 1456");
    }
    measureInput(0, nowUs);
    if (size == capacity) {
      packetsRefused++;
      return false;
    }
    int seq = nextSeq;
    byte[] datagram = new DataPacket(seq, DataPacket.Position.SOLO, true, key, false, messageNumber,
        (int) (nowUs - epochUs), peerSocketId, payload).encode();
    if (cipher != null) cipher.apply(key, seq, datagram, SrtPacket.HEADER_SIZE, payload.length);
    int slot = slot(size);
    datagrams[slot] = datagram;
    submittedUs[slot] = nowUs;
    retransmittedUs[slot] = NEVER;
    messageNumbers[slot] = messageNumber;
    lost[slot] = false;
    size++;
    unsent++;
    nextSeq = SequenceNumbers.next(seq);
    messageNumber = messageNumber == DataPacket.MAX_MESSAGE_NUMBER ? 1 : messageNumber + 1; // srt.md 1.2
    measureInput(payload.length + PACKET_OVERHEAD_BYTES, nowUs);
    averagePayload = (averagePayload * 127 + payload.length) / 128; // libsrt LiveCC: avg_iir<128>
    return true;
  }

  /**
   * srt.md 3.1: everything before the ACK's sequence number arrived (or was given up); a full or small ACK
   * is answered with an ACKACK at once (srt.md 3.3) and brings the receiver's RTT and free buffer.
   */
  void onAck(Ack ack, long nowUs) {
    if (ack instanceof Ack.Full full) {
      answer(full.ackNumber());
      peerState(full.rttUs(), full.rttVarianceUs(), full.availableBufferPackets());
    } else if (ack instanceof Ack.Small small) {
      answer(small.ackNumber());
      peerState(small.rttUs(), small.rttVarianceUs(), small.availableBufferPackets());
    }
    int acked = SequenceNumbers.offset(headSeq, ack.nextSequence());
    if (acked <= 0 || acked > size - unsent) return; // old news, or past what was sent: ignored
    release(acked);
  }

  /**
   * srt.md 3.2: the ranges the receiver misses are retransmitted first on the next ticks. Those no longer
   * in the buffer (dropped as too late) are answered with a DROPREQ, as libsrt does, so the receiver stops
   * asking; ranges past what was sent are ignored.
   */
  void onNak(Nak nak, long nowUs) {
    naksReceived++;
    int sent = size - unsent;
    for (Nak.Range r : nak.ranges()) {
      int first = SequenceNumbers.offset(headSeq, r.first());
      int last = SequenceNumbers.offset(headSeq, r.last());
      if (last < 0) {
        dropRequest(0, r.first(), r.last());
        continue;
      }
      if (first < 0) {
        dropRequest(0, r.first(), SequenceNumbers.previous(headSeq));
        first = 0;
      }
      for (int i = first; i <= last && i < sent; i++) {
        int slot = slot(i);
        if (lost[slot]) continue;
        lost[slot] = true;
        lostCount++;
        packetsReportedLost++;
        firstLostHint = Math.min(firstLostHint, i);
      }
    }
  }

  /** The timers: drops what is too late, then sends what pacing allows. */
  void tick(long nowUs) {
    measureInput(0, nowUs);
    dropTooLate(nowUs);
    while (hasWork() && nowUs >= lastSlotUs + period()) {
      long due = lastSlotUs + period();
      if (!retransmitOne(nowUs) && !sendNew(nowUs)) break;
      lastSlotUs = Math.max(due, nowUs - BURST_CREDIT_US);
    }
  }

  /** When the next packet may leave, on the owner's clock; {@code Long.MAX_VALUE} when none waits. */
  long nextSendUs() {
    return hasWork() ? lastSlotUs + period() : Long.MAX_VALUE;
  }

  /** Packets waiting for their first transmission. */
  int unsent() {
    return unsent;
  }

  /** Packets the buffer holds at most. */
  int capacity() {
    return capacity;
  }

  /** Room left in the buffer, packets. */
  int free() {
    return capacity - size;
  }

  /** The sequence number the next offered payload gets. */
  int nextSequence() {
    return nextSeq;
  }

  int rttUs() {
    return rttUs;
  }

  /** The measured input rate in bytes per second on the wire (payload and headers); 0 before the first 100 ms. */
  long inputBytesPerSecond() {
    return inputBytesPerSecond;
  }

  SrtSenderStats stats() {
    return new SrtSenderStats(packetsSent, payloadBytesSent, packetsRetransmitted, packetsReportedLost,
        packetsDropped, dropRequests, packetsRefused, naksReceived, acksReceived, rttUs, rttVarUs);
  }

  // ---- sending

  private boolean hasWork() {
    return lostCount > 0 || (unsent > 0 && size - unsent < flowWindow);
  }

  /**
   * The gap between two packets: at 1.25 times the input rate, but short enough that the oldest packet not
   * yet sent, and those queued behind it, leave within the spread (a quarter of the latency) of its offer,
   * so a keyframe is never held back long. Before the rate is known, the spread alone paces.
   */
  private long period() {
    long period = Long.MAX_VALUE;
    if (inputBytesPerSecond > 0) {
      period = (averagePayload + PACKET_OVERHEAD_BYTES) * 1_000_000L * 100
          / (inputBytesPerSecond * (100 + OVERHEAD_PERCENT));
    }
    if (unsent > 0) {
      long deadline = submittedUs[slot(size - unsent)] + spreadUs;
      period = Math.min(period, Math.max(0, deadline - lastSlotUs) / (unsent + lostCount));
    }
    return period == Long.MAX_VALUE ? 0 : period;
  }

  /**
   * The earliest packet reported lost, unless it was retransmitted less than an RTT ago: the NAK was sent
   * before that retransmission could arrive (libsrt checkRexmitRightTime).
   */
  private boolean retransmitOne(long nowUs) {
    int sent = size - unsent;
    for (int i = firstLostHint; lostCount > 0 && i < sent; i++) {
      int slot = slot(i);
      if (!lost[slot]) continue;
      lost[slot] = false;
      lostCount--;
      firstLostHint = i + 1;
      if (retransmittedUs[slot] != NEVER && nowUs - retransmittedUs[slot] < rttUs) continue;
      byte[] again = datagrams[slot].clone();
      again[4] |= 0x04; // srt.md 2: R, bit 26 of word 1
      retransmittedUs[slot] = nowUs;
      packetsRetransmitted++;
      out.sendData(again);
      return true;
    }
    if (lostCount == 0 || firstLostHint >= sent) firstLostHint = 0;
    return false;
  }

  private boolean sendNew(long nowUs) {
    int sent = size - unsent;
    if (unsent == 0 || sent >= flowWindow) return false;
    int slot = slot(sent);
    unsent--;
    packetsSent++;
    payloadBytesSent += datagrams[slot].length - SrtPacket.HEADER_SIZE;
    out.sendData(datagrams[slot]);
    return true;
  }

  /**
   * Packets older than the latency (plus the ACK reaction time) can no longer be delivered: they leave the
   * buffer, counted. The receiver is told with a DROPREQ about each run it is missing for sure (reported
   * lost, or never sent), so it stops asking for them; sent ones it may hold are left to its own too-late
   * drop (srt.md 3.5, 8.7).
   */
  private void dropTooLate(long nowUs) {
    int runFirst = -1;
    int runLast = -1;
    int runMessage = 0;
    while (size > 0 && nowUs - submittedUs[headIndex] > latencyUs + ACK_REACTION_US) {
      boolean missing = lost[headIndex] || size == unsent;
      int seq = headSeq;
      if (missing && runFirst < 0) {
        runFirst = seq;
        runMessage = messageNumbers[headIndex];
      }
      if (missing) runLast = seq;
      if (!missing && runFirst >= 0) {
        dropRequest(runMessage, runFirst, runLast);
        runFirst = -1;
      }
      if (size == unsent) unsent--;
      packetsDropped++;
      release(1);
    }
    if (runFirst >= 0) dropRequest(runMessage, runFirst, runLast);
  }

  private void release(int count) {
    for (int i = 0; i < count; i++) {
      if (lost[headIndex]) {
        lost[headIndex] = false;
        lostCount--;
      }
      datagrams[headIndex] = null;
      headIndex = headIndex + 1 == capacity ? 0 : headIndex + 1;
      headSeq = SequenceNumbers.next(headSeq);
      size--;
    }
    firstLostHint = Math.max(0, firstLostHint - count);
  }

  private void dropRequest(int message, int first, int last) {
    dropRequests++;
    out.sendControl(new ControlBody.DropRequest(message, first, last));
  }

  private void answer(int ackNumber) {
    acksReceived++;
    out.sendControl(new ControlBody.AckAck(ackNumber));
  }

  /** The receiver's smoothed RTT (srt.md 8.4) and the room in its buffer, which bounds the flight. */
  private void peerState(int rtt, int rttVar, int available) {
    if (rtt > 0) {
      rttUs = rtt;
      rttVarUs = Math.max(0, rttVar);
    }
    flowWindow = Math.max(2, Math.min(handshakeFlowWindow, available));
  }

  /** Input bytes per 100 ms window; the rate is their sum over the windows of the last second. */
  private void measureInput(int bytes, long nowUs) {
    if (nowUs - windowStartUs >= RATE_WINDOW_US) {
      long windows = (nowUs - windowStartUs) / RATE_WINDOW_US;
      for (long w = 0; w < Math.min(windows, RATE_WINDOWS); w++) {
        System.arraycopy(windowBytes, 0, windowBytes, 1, RATE_WINDOWS - 1);
        windowBytes[0] = w == 0 ? currentWindowBytes : 0;
        windowsFilled = Math.min(RATE_WINDOWS, windowsFilled + 1);
      }
      currentWindowBytes = 0;
      windowStartUs += windows * RATE_WINDOW_US;
      long sum = 0;
      for (int i = 0; i < windowsFilled; i++) sum += windowBytes[i];
      inputBytesPerSecond = sum * 1_000_000 / (windowsFilled * RATE_WINDOW_US);
    }
    currentWindowBytes += bytes;
  }

  private int slot(int offsetFromHead) {
    int i = headIndex + offsetFromHead;
    return i >= capacity ? i - capacity : i;
  }
}

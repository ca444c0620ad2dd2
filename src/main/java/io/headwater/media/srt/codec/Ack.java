package io.headwater.media.srt.codec;

/**
 * ACK (control type 2, srt.md 3.1): the receiver tells the sender the first sequence number it has not
 * received contiguously. Three sizes exist; header word 1 is the ACK number (0 in a light ACK). The sender
 * answers full and small ACKs with an {@link ControlBody.AckAck} carrying the same number.
 */
public sealed interface Ack extends ControlBody permits Ack.Light, Ack.Small, Ack.Full {
  /** Last acknowledged sequence number + 1: everything before it has arrived or was dropped. */
  int nextSequence();

  @Override
  default int controlType() {
    return TYPE_ACK;
  }

  /**
   * One word: light; four or five: small (a fifth word is ignored); six (UDT's ACK, without the byte rate)
   * or more: full, extra words ignored as libsrt does.
   */
  static Ack decode(int ackNumber, byte[] buf, int offset, int length) {
    SrtBytes.requireWholeWords("ack CIF", length);
    int words = length / 4;
    int[] w = new int[Math.min(words, 7)];
    for (int i = 0; i < w.length; i++) {
      w[i] = SrtBytes.s32(buf, offset + 4 * i);
    }
    int next = words == 0 ? 0 : w[0] & SequenceNumbers.MAX;
    if (words == 1) {
      return new Light(next);
    }
    if (words == 4 || words == 5) {
      return new Small(ackNumber, next, w[1], w[2], w[3]);
    }
    if (words >= 6) {
      return new Full(ackNumber, next, w[1], w[2], w[3], w[4], w[5], words >= 7 ? w[6] : 0);
    }
    throw new SrtCodecException("ack: CIF " + length + " bytes, expected 4 (light), 16 (small) or 28 (full)");
  }

  /** srt.md 3.1: sent every 64 packets between timer ACKs; never answered with ACKACK. */
  record Light(int nextSequence) implements Ack {
    public byte[] encodeCif() {
      return SrtBytes.words(nextSequence);
    }
  }

  /** srt.md 3.1: libsrt's ACK when the timer fires less than 10 ms after the last full ACK. */
  record Small(int ackNumber, int nextSequence, int rttUs, int rttVarianceUs, int availableBufferPackets)
      implements Ack {
    public int typeSpecificInfo() {
      return ackNumber;
    }

    public byte[] encodeCif() {
      return SrtBytes.words(nextSequence, rttUs, rttVarianceUs, availableBufferPackets);
    }
  }

  /**
   * srt.md 3.1: the timer ACK, every 10 ms while the ack point advances.
   *
   * @param packetsPerSecond packets receiving rate
   * @param linkCapacityPacketsPerSecond estimated link capacity; never 0 (srt.md 8.6)
   * @param bytesPerSecond receiving rate in bytes
   */
  record Full(int ackNumber, int nextSequence, int rttUs, int rttVarianceUs, int availableBufferPackets,
      int packetsPerSecond, int linkCapacityPacketsPerSecond, int bytesPerSecond) implements Ack {
    public int typeSpecificInfo() {
      return ackNumber;
    }

    public byte[] encodeCif() {
      return SrtBytes.words(nextSequence, rttUs, rttVarianceUs, availableBufferPackets, packetsPerSecond,
          linkCapacityPacketsPerSecond, bytesPerSecond);
    }
  }
}

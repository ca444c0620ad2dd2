package io.headwater.media.srt.codec;

import java.util.Arrays;

/**
 * A data packet (F = 0): the header fields of srt.md 2 and the payload, which a live publisher fills with
 * MPEG-TS (srt.md 6). The listener stores it by sequence number and, when {@link #key()} is not
 * {@link KeyFlags#CLEAR}, decrypts it with {@link PayloadCipher}. The payload array is never mutated.
 *
 * @param sequenceNumber 31-bit packet sequence number, see {@link SequenceNumbers}
 * @param position PP: where the packet sits in its message; live mode always sends {@link Position#SOLO}
 * @param inOrder O: in-order delivery requested (libsrt live senders set it)
 * @param key KK: the session key that encrypted the payload, or CLEAR; never BOTH
 * @param retransmitted R: a retransmission (meaningful when the peer set REXMITFLG)
 * @param messageNumber 26-bit message number (srt.md 1.2)
 * @param timestamp sender's microseconds, unsigned 32-bit, see {@link SrtTimestamps}
 * @param destinationSocketId the receiver's socket id
 * @param payload the bytes after the header
 */
public record DataPacket(
    int sequenceNumber,
    Position position,
    boolean inOrder,
    KeyFlags key,
    boolean retransmitted,
    int messageNumber,
    int timestamp,
    int destinationSocketId,
    byte[] payload) implements SrtPacket {

  /** srt.md 1.2: message numbers have 26 bits. */
  public static final int MAX_MESSAGE_NUMBER = 0x03FF_FFFF;

  /** PP, the packet position flags (srt.md 2). */
  public enum Position {
    MIDDLE(0),
    LAST(1),
    FIRST(2),
    SOLO(3);

    private final int bits;

    Position(int bits) {
      this.bits = bits;
    }

    public int bits() {
      return bits;
    }

    static Position of(int bits) {
      return values()[bits & 3];
    }
  }

  public DataPacket {
    if (!SequenceNumbers.isValid(sequenceNumber)) {
      throw new IllegalArgumentException("sequence number " + sequenceNumber + " outside 0..2^31-1");
    }
    if (messageNumber < 0 || messageNumber > MAX_MESSAGE_NUMBER) {
      throw new IllegalArgumentException("message number " + messageNumber + " outside 0..2^26-1");
    }
    if (key == KeyFlags.BOTH) {
      throw new IllegalArgumentException("a data packet is encrypted with one key, not BOTH");
    }
  }

  /** A live-mode packet as libsrt sends it: solo, in order, first transmission. */
  public static DataPacket live(int sequenceNumber, int messageNumber, int timestamp, int destinationSocketId,
      byte[] payload) {
    return new DataPacket(sequenceNumber, Position.SOLO, true, KeyFlags.CLEAR, false, messageNumber, timestamp,
        destinationSocketId, payload);
  }

  static DataPacket decode(byte[] buf, int offset, int length) {
    int word1 = SrtBytes.s32(buf, offset + 4);
    int kk = word1 >>> 27 & 3;
    if (kk == KeyFlags.BOTH.bits()) {
      throw new SrtCodecException("data: KK=3 is not a valid key on a data packet (srt.md 2: 00, 01 or 10)");
    }
    return new DataPacket(
        SrtBytes.s32(buf, offset),
        Position.of(word1 >>> 30),
        (word1 & 1 << 29) != 0,
        KeyFlags.of(kk),
        (word1 & 1 << 26) != 0,
        word1 & MAX_MESSAGE_NUMBER,
        SrtBytes.s32(buf, offset + 8),
        SrtBytes.s32(buf, offset + 12),
        SrtBytes.copy(buf, offset + HEADER_SIZE, length - HEADER_SIZE));
  }

  @Override
  public byte[] encode() {
    byte[] out = new byte[HEADER_SIZE + payload.length];
    SrtBytes.putS32(out, 0, sequenceNumber);
    SrtBytes.putS32(out, 4, position.bits() << 30 | (inOrder ? 1 << 29 : 0) | key.bits() << 27
        | (retransmitted ? 1 << 26 : 0) | messageNumber);
    SrtBytes.putS32(out, 8, timestamp);
    SrtBytes.putS32(out, 12, destinationSocketId);
    System.arraycopy(payload, 0, out, HEADER_SIZE, payload.length);
    return out;
  }

  /** The same packet with another payload and key flag, as decryption and encryption produce. */
  public DataPacket withPayload(byte[] newPayload, KeyFlags newKey) {
    return new DataPacket(sequenceNumber, position, inOrder, newKey, retransmitted, messageNumber, timestamp,
        destinationSocketId, newPayload);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DataPacket p
        && sequenceNumber == p.sequenceNumber && position == p.position && inOrder == p.inOrder && key == p.key
        && retransmitted == p.retransmitted && messageNumber == p.messageNumber && timestamp == p.timestamp
        && destinationSocketId == p.destinationSocketId && Arrays.equals(payload, p.payload);
  }

  @Override
  public int hashCode() {
    return (sequenceNumber * 31 + messageNumber) * 31 + destinationSocketId + Arrays.hashCode(payload);
  }

  /** Without payload bytes. */
  @Override
  public String toString() {
    return "DataPacket[seq=" + sequenceNumber + ", " + position + (inOrder ? ", O" : "") + ", KK=" + key
        + (retransmitted ? ", R" : "") + ", msgno=" + messageNumber + ", ts=" + SrtTimestamps.toUnsigned(timestamp)
        + ", dst=0x" + Integer.toHexString(destinationSocketId) + ", " + payload.length + " bytes]";
  }
}

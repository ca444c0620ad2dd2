package io.headwater.media.srt.codec;

/**
 * One SRT packet, the content of one UDP datagram: a 16-byte header and either a data payload or a control
 * information field (srt.md 2; SRT RFC draft 3). The listener decodes every datagram it reads with
 * {@link #decode} and encodes what it sends with {@link #encode}.
 */
public sealed interface SrtPacket permits DataPacket, ControlPacket {
  /** srt.md 2: four 32-bit words. */
  int HEADER_SIZE = 16;

  /** Sender's clock, microseconds since its socket started; an unsigned 32-bit value that wraps. */
  int timestamp();

  /** The receiving socket's id; 0 in a caller's handshake requests (srt.md 2). */
  int destinationSocketId();

  /** The whole datagram. */
  byte[] encode();

  static SrtPacket decode(byte[] datagram) {
    return decode(datagram, 0, datagram.length);
  }

  /** Decodes {@code length} bytes at {@code offset}; the bytes are copied, the array may be reused. */
  static SrtPacket decode(byte[] buf, int offset, int length) {
    SrtBytes.checkRange(buf, offset, length);
    SrtBytes.requireAtLeast("packet", length, HEADER_SIZE);
    return isControl(buf, offset) ? ControlPacket.decode(buf, offset, length) : DataPacket.decode(buf, offset, length);
  }

  /** srt.md 2: the top bit of the first byte, F, is 1 for control packets. */
  static boolean isControl(byte[] buf, int offset) {
    return (buf[offset] & 0x80) != 0;
  }

  /**
   * The destination socket id of a datagram without decoding the rest: enough to demultiplex connections on
   * one UDP port (srt.md 2), id 0 going to the handshake logic.
   */
  static int destinationSocketId(byte[] buf, int offset, int length) {
    SrtBytes.checkRange(buf, offset, length);
    SrtBytes.requireAtLeast("packet", length, HEADER_SIZE);
    return SrtBytes.s32(buf, offset + 12);
  }
}

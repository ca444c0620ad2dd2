package io.headwater.media.srt.codec;

/**
 * A control packet (F = 1): the header of srt.md 2 around one {@link ControlBody}. Word 0 carries the
 * 15-bit control type and the 16-bit subtype, word 1 the type-specific information; both come from the
 * body, so a packet is fully described by its timestamp, destination and body.
 *
 * @param timestamp sender's microseconds, unsigned 32-bit, see {@link SrtTimestamps}
 * @param destinationSocketId the receiver's socket id; 0 in a caller's handshake requests
 * @param body what the packet says
 */
public record ControlPacket(int timestamp, int destinationSocketId, ControlBody body) implements SrtPacket {
  public ControlPacket {
    if (body == null) {
      throw new IllegalArgumentException("a control packet needs a body");
    }
  }

  static ControlPacket decode(byte[] buf, int offset, int length) {
    int word0 = SrtBytes.s32(buf, offset);
    int type = word0 >>> 16 & 0x7FFF;
    int subtype = word0 & 0xFFFF;
    ControlBody body = ControlBody.decode(type, subtype, SrtBytes.s32(buf, offset + 4), buf,
        offset + HEADER_SIZE, length - HEADER_SIZE);
    return new ControlPacket(SrtBytes.s32(buf, offset + 8), SrtBytes.s32(buf, offset + 12), body);
  }

  @Override
  public byte[] encode() {
    byte[] cif = body.encodeCif();
    byte[] out = new byte[HEADER_SIZE + cif.length];
    SrtBytes.putS32(out, 0, 0x8000_0000 | body.controlType() << 16 | body.subtype());
    SrtBytes.putS32(out, 4, body.typeSpecificInfo());
    SrtBytes.putS32(out, 8, timestamp);
    SrtBytes.putS32(out, 12, destinationSocketId);
    System.arraycopy(cif, 0, out, HEADER_SIZE, cif.length);
    return out;
  }
}

package io.headwater.media.rtmp.codec;

/** Big-endian reads and writes of the fixed-width fields RTMP uses (RTMP 4: network byte order). */
final class WireBytes {
  private WireBytes() {}

  static int u16(byte[] b, int at) {
    return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
  }

  static int u24(byte[] b, int at) {
    return (b[at] & 0xFF) << 16 | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF);
  }

  /** The 32 bits as a signed int: stream ids and chunk sizes are compared bitwise or checked for sign. */
  static int s32(byte[] b, int at) {
    return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
  }

  static long u32(byte[] b, int at) {
    return s32(b, at) & 0xFFFF_FFFFL;
  }

  static void putU16(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 8);
    b[at + 1] = (byte) v;
  }

  static void putU24(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 16);
    b[at + 1] = (byte) (v >>> 8);
    b[at + 2] = (byte) v;
  }

  static void putU32(byte[] b, int at, long v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  /** Control message bodies have fixed lengths; anything else is a malformed message. */
  static void requireLength(String what, byte[] body, int expected) {
    if (body.length != expected) {
      throw new RtmpCodecException(what + ": body " + body.length + " bytes, expected " + expected);
    }
  }

  static byte[] u32Body(long value) {
    byte[] body = new byte[4];
    putU32(body, 0, value);
    return body;
  }
}

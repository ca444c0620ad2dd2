package io.headwater.media.flv.codec;

import java.util.Arrays;

/**
 * Big-endian reads over a window of a byte array (FLV and ISO BMFF records are big-endian). Every read is
 * bounds-checked and fails with an {@link FlvCodecException} naming the structure being read, the offset
 * and what was left, so no caller indexes an array directly.
 */
final class ByteReader {
  private final String what;
  private final byte[] data;
  private final int end;
  private int pos;

  ByteReader(String what, byte[] data) {
    this(what, data, 0, data.length);
  }

  ByteReader(String what, byte[] data, int from, int to) {
    this.what = what;
    this.data = data;
    this.pos = from;
    this.end = to;
  }

  int position() {
    return pos;
  }

  int remaining() {
    return end - pos;
  }

  boolean hasRemaining() {
    return pos < end;
  }

  int u8() throws FlvCodecException {
    need(1);
    return data[pos++] & 0xff;
  }

  int u16() throws FlvCodecException {
    need(2);
    int v = (data[pos] & 0xff) << 8 | data[pos + 1] & 0xff;
    pos += 2;
    return v;
  }

  int u24() throws FlvCodecException {
    need(3);
    int v = (data[pos] & 0xff) << 16 | (data[pos + 1] & 0xff) << 8 | data[pos + 2] & 0xff;
    pos += 3;
    return v;
  }

  /** SI24, e.g. the FLV CompositionTime: a two's-complement 24-bit value. */
  int si24() throws FlvCodecException {
    return u24() << 8 >> 8;
  }

  int u32() throws FlvCodecException {
    need(4);
    return u16() << 16 | u16();
  }

  byte[] bytes(int n) throws FlvCodecException {
    need(n);
    byte[] out = Arrays.copyOfRange(data, pos, pos + n);
    pos += n;
    return out;
  }

  /** A reader over the next {@code n} bytes, which this reader skips. */
  ByteReader slice(String sliceWhat, int n) throws FlvCodecException {
    need(n);
    ByteReader r = new ByteReader(sliceWhat, data, pos, pos + n);
    pos += n;
    return r;
  }

  void skip(int n) throws FlvCodecException {
    need(n);
    pos += n;
  }

  /** The unread bytes, copied. */
  byte[] rest() {
    byte[] out = Arrays.copyOfRange(data, pos, end);
    pos = end;
    return out;
  }

  /** The backing array and window, for callers that scan without copying. */
  byte[] array() {
    return data;
  }

  int end() {
    return end;
  }

  FlvCodecException error(String message) {
    return new FlvCodecException(what + ": " + message);
  }

  private void need(int n) throws FlvCodecException {
    if (n < 0 || n > end - pos) {
      throw error("need " + n + (n == 1 ? " byte" : " bytes") + " at offset " + pos + ", only " + (end - pos)
          + " left");
    }
  }
}

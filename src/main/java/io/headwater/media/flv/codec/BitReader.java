package io.headwater.media.flv.codec;

import java.util.Arrays;

/**
 * MSB-first bit reads with Exp-Golomb codes (H.264 9.1, H.265 9.2) over a raw byte sequence payload. Every
 * syntax element read through {@link #ue(String, long)} or {@link #se(String, long, long)} is checked against
 * the range the spec allows, so a hostile parameter set fails with the element's name instead of producing
 * absurd numbers.
 */
final class BitReader {
  private final String what;
  private final byte[] data;
  private final int endBit;
  private int bit;

  BitReader(String what, byte[] data) {
    this.what = what;
    this.data = data;
    this.endBit = data.length * 8;
  }

  /**
   * The RBSP of a NAL unit: its bytes from {@code from} with every emulation_prevention_three_byte (the 03 in
   * 00 00 03) removed (H.264 7.3.1, H.265 7.3.1.1).
   */
  static byte[] rbsp(byte[] nal, int from) {
    byte[] out = new byte[Math.max(0, nal.length - from)];
    int n = 0;
    int zeros = 0;
    for (int i = from; i < nal.length; i++) {
      int b = nal[i] & 0xff;
      if (zeros >= 2 && b == 3) {
        zeros = 0;
        continue;
      }
      zeros = b == 0 ? zeros + 1 : 0;
      out[n++] = (byte) b;
    }
    return Arrays.copyOf(out, n);
  }

  int bitsLeft() {
    return endBit - bit;
  }

  /** Up to 32 bits as an unsigned value. */
  long bits(int n) throws FlvCodecException {
    if (n > endBit - bit) {
      throw error("ran out of data at bit " + bit + " reading " + n + " bits");
    }
    long v = 0;
    for (int i = 0; i < n; i++, bit++) {
      v = v << 1 | (data[bit >>> 3] >>> (7 - (bit & 7)) & 1);
    }
    return v;
  }

  boolean flag() throws FlvCodecException {
    return bits(1) == 1;
  }

  void skip(int n) throws FlvCodecException {
    if (n > endBit - bit) {
      throw error("ran out of data at bit " + bit + " skipping " + n + " bits");
    }
    bit += n;
  }

  /** ue(v), H.264 9.1: checked to lie in 0..max. */
  int ue(String field, long max) throws FlvCodecException {
    long v = ueRaw(field);
    if (v > max) {
      throw error(field + " " + v + " out of range 0.." + max);
    }
    return (int) v;
  }

  /** se(v), H.264 9.1.1: checked to lie in min..max. */
  int se(String field, long min, long max) throws FlvCodecException {
    long k = ueRaw(field);
    long v = (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
    if (v < min || v > max) {
      throw error(field + " " + v + " out of range " + min + ".." + max);
    }
    return (int) v;
  }

  private long ueRaw(String field) throws FlvCodecException {
    int zeros = 0;
    while (bits(1) == 0) {
      if (++zeros > 31) {
        throw error(field + " is an Exp-Golomb code longer than 32 bits");
      }
    }
    return (1L << zeros) - 1 + bits(zeros);
  }

  FlvCodecException error(String message) {
    return new FlvCodecException(what + ": " + message);
  }
}

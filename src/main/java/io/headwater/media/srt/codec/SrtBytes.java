package io.headwater.media.srt.codec;

import java.util.Arrays;

/**
 * Big-endian reads and writes of SRT's 32-bit words (srt.md 1: network order, grouped in 32-bit words),
 * with the length checks that turn a short read into an {@link SrtCodecException} naming the field.
 */
final class SrtBytes {
  private SrtBytes() {}

  static int u16(byte[] b, int at) {
    return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
  }

  static int s32(byte[] b, int at) {
    return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
  }

  static void putU16(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 8);
    b[at + 1] = (byte) v;
  }

  static void putS32(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  /** The words as consecutive big-endian bytes. */
  static byte[] words(int... words) {
    byte[] b = new byte[words.length * 4];
    for (int i = 0; i < words.length; i++) {
      putS32(b, i * 4, words[i]);
    }
    return b;
  }

  static byte[] copy(byte[] b, int from, int length) {
    return Arrays.copyOfRange(b, from, from + length);
  }

  static void requireAtLeast(String what, int length, int minimum) {
    if (length < minimum) {
      throw new SrtCodecException(what + ": " + length + " bytes, expected at least " + minimum);
    }
  }

  static void requireWholeWords(String what, int length) {
    if (length % 4 != 0) {
      throw new SrtCodecException(what + ": " + length + " bytes, not a whole number of 32-bit words");
    }
  }

  /** Arguments of a decode call that name a range outside the array are the caller's bug, not the peer's. */
  static void checkRange(byte[] b, int offset, int length) {
    if (offset < 0 || length < 0 || offset > b.length - length) {
      throw new IndexOutOfBoundsException("range " + offset + "+" + length + " outside " + b.length + " bytes");
    }
  }
}

package io.headwater.media.rtmp.codec;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/** Builds wire bytes for golden vectors: hex text (spaces ignored), raw arrays and UTF-8 text. */
final class TestBytes {
  private TestBytes() {}

  static byte[] hex(String text) {
    return HexFormat.of().parseHex(text.replaceAll("\\s+", ""));
  }

  /** Concatenates parts: a String is hex, a byte[] is taken as is. */
  static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object part : parts) {
      out.writeBytes(part instanceof String s ? hex(s) : (byte[]) part);
    }
    return out.toByteArray();
  }

  /** n bytes counting up from {@code first}, so misplaced bytes show in a diff. */
  static byte[] counting(int n, int first) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (first + i);
    }
    return b;
  }

  static byte[] slice(byte[] b, int from, int to) {
    return java.util.Arrays.copyOfRange(b, from, to);
  }

  static String toHex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}

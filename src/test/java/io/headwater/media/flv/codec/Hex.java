package io.headwater.media.flv.codec;

import java.util.HexFormat;

/** Test helper: byte arrays written as hex with optional spaces, so vectors read like a hex dump. */
final class Hex {
  private Hex() {}

  static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
  }

  static String of(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /** Concatenates hex strings and byte arrays, in order. */
  static byte[] concat(Object... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (Object p : parts) {
      out.writeBytes(p instanceof byte[] b ? b : bytes((String) p));
    }
    return out.toByteArray();
  }
}

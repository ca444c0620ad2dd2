package io.headwater.media.srt.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The string encoding of the SID, CONGESTION and FILTER extensions (srt.md 4.4): UTF-8 padded with NULs to
 * whole 32-bit words, then each 4-byte group byte-reversed (libsrt writes the bytes as little-endian words).
 * "publish:KEY" travels as {@code 6c627570 3a687369 0059454b}: the pad lands first in the last word.
 */
final class HandshakeStrings {
  private HandshakeStrings() {}

  static byte[] encode(String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[(utf8.length + 3) / 4 * 4];
    System.arraycopy(utf8, 0, out, 0, utf8.length);
    reverseWords(out);
    return out;
  }

  /** Reverses each word, strips the trailing NULs and decodes strict UTF-8. */
  static String decode(String what, byte[] buf, int offset, int length) {
    byte[] b = SrtBytes.copy(buf, offset, length);
    reverseWords(b);
    int end = b.length;
    while (end > 0 && b[end - 1] == 0) {
      end--;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, 0, end))
          .toString();
    } catch (CharacterCodingException e) {
      throw new SrtCodecException(what + ": not valid UTF-8");
    }
  }

  static int utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  private static void reverseWords(byte[] b) {
    for (int i = 0; i + 3 < b.length; i += 4) {
      byte t = b[i];
      b[i] = b[i + 3];
      b[i + 3] = t;
      t = b[i + 1];
      b[i + 1] = b[i + 2];
      b[i + 2] = t;
    }
  }
}

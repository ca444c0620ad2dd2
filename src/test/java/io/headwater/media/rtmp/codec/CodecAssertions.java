package io.headwater.media.rtmp.codec;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/** Negative vectors expect the codec's own exception with a specific piece of its message. */
final class CodecAssertions {
  private CodecAssertions() {}

  static void assertRejects(String fragment, Executable decode) {
    RtmpCodecException e = assertThrows(RtmpCodecException.class, decode);
    assertTrue(e.getMessage().contains(fragment), () -> "message '" + e.getMessage() + "' lacks '" + fragment + "'");
  }
}

package io.headwater.media.srt.codec;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/** Negative vectors expect the codec's own exception carrying a specific piece of message. */
final class SrtAssertions {
  private SrtAssertions() {}

  static SrtCodecException assertRejects(String fragment, Executable decode) {
    SrtCodecException e = assertThrows(SrtCodecException.class, decode);
    assertTrue(e.getMessage().contains(fragment), () -> "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    return e;
  }
}

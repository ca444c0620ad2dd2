package io.headwater.media.flv.codec;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/** Test helper: a call must fail with a given codec exception whose message names what was wrong. */
final class Failures {
  private Failures() {}

  static void assertFailsWith(Class<? extends FlvCodecException> type, String fragment, Executable call) {
    FlvCodecException e = assertThrows(type, call);
    assertTrue(e.getMessage().contains(fragment), () -> "message was: " + e.getMessage());
  }
}

package io.headwater.media.rtmp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Arbitrary bytes into {@link Amf0#decodeAll}: only {@link RtmpCodecException} may escape, and whatever
 * decodes re-encodes to bytes that decode to the same values.
 */
class Amf0FuzzTest {
  static final RtmpLimits LIMITS = new RtmpLimits(0xFFFFFF, 8 << 20, 16 << 20, 64, 32, 10_000, 65_535);
  /** Invalid UTF-8 decodes to U+FFFD (3 bytes), so a re-encoded string may be up to 3 times longer. */
  static final RtmpLimits ROUND_TRIP = new RtmpLimits(0xFFFFFF, 8 << 20, 16 << 20, 64, 32, 10_000, 3 * 65_535);

  @FuzzTest(maxDuration = "60s")
  void decode(byte[] input) {
    List<Object> values;
    try {
      values = Amf0.decodeAll(input, LIMITS);
    } catch (RtmpCodecException e) {
      return;
    }
    byte[] encoded;
    try {
      encoded = Amf0.encodeAll(values);
    } catch (IllegalArgumentException e) {
      // only a property name that grew past 65535 bytes through U+FFFD replacement cannot be written back
      assertTrue(e.getMessage().startsWith("amf0: property name of"), e.getMessage());
      return;
    }
    assertEquals(values, Amf0.decodeAll(encoded, ROUND_TRIP));
  }
}

package io.headwater.media.srt.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** srt.md 1.3 and 8.7: 32-bit microsecond timestamps, checked where they wrap after ~71.6 minutes. */
class SrtTimestampsTest {
  private static final int LAST = 0xFFFF_FFFF;

  @Test
  void unsignedValueAboveTwoToThe31() {
    assertEquals(4_294_967_295L, SrtTimestamps.toUnsigned(LAST));
    assertEquals(3_010_210L, SrtTimestamps.toUnsigned(0x002deea2), "plain-sid-access-control SHUTDOWN");
  }

  @Test
  void elapsedAndDifferenceAcrossTheWrap() {
    assertEquals(11, SrtTimestamps.elapsed(LAST - 5, 5));
    assertEquals(11, SrtTimestamps.difference(5, LAST - 5));
    assertEquals(-11, SrtTimestamps.difference(LAST - 5, 5));
    assertEquals(1_000_000, SrtTimestamps.difference(2_000_000, 1_000_000));
  }

  @Test
  void extendFollowsSeveralWraps() {
    long reference = 0;
    long expected = 0;
    for (int i = 0; i < 5 * 4_295; i++) {
      expected += 1_000_000;
      reference = SrtTimestamps.extend(reference, (int) expected);
      assertEquals(expected, reference);
    }
    assertTrue(reference > 4 * SrtTimestamps.WRAP_PERIOD_US);
  }

  @Test
  void extendPlacesALateTimestampBeforeTheWrap() {
    long afterWrap = SrtTimestamps.WRAP_PERIOD_US + 10;
    assertEquals(SrtTimestamps.WRAP_PERIOD_US - 20, SrtTimestamps.extend(afterWrap, -20));
  }

  @Test
  void tsbpdWrapCheckWindow() {
    assertFalse(SrtTimestamps.entersWrapCheck((int) (SrtTimestamps.WRAP_PERIOD_US - 30_000_000L)));
    assertTrue(SrtTimestamps.entersWrapCheck((int) (SrtTimestamps.WRAP_PERIOD_US - 29_999_999L)));
    assertTrue(SrtTimestamps.carriesIntoNextPeriod(59_999_999));
    assertFalse(SrtTimestamps.carriesIntoNextPeriod(60_000_000));
    assertFalse(SrtTimestamps.carriesIntoNextPeriod(LAST));
    assertTrue(SrtTimestamps.leavesWrapCheck(45_000_000));
    assertFalse(SrtTimestamps.leavesWrapCheck(29_999_999));
    assertFalse(SrtTimestamps.leavesWrapCheck(LAST));
  }
}

package io.headwater.media.srt.codec;

import static io.headwater.media.srt.codec.SequenceNumbers.MAX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** srt.md 1.1: 31-bit sequence numbers, checked at the wrap from 2^31-1 to 0 and at the half-range threshold. */
class SequenceNumbersTest {
  @Test
  void nextAndPreviousWrap() {
    assertEquals(0, SequenceNumbers.next(MAX));
    assertEquals(MAX, SequenceNumbers.previous(0));
    assertEquals(1, SequenceNumbers.next(0));
    assertEquals(MAX - 1, SequenceNumbers.previous(MAX));
  }

  @Test
  void addWrapsBothWays() {
    assertEquals(2, SequenceNumbers.add(MAX - 2, 5));
    assertEquals(MAX - 2, SequenceNumbers.add(2, -5));
    assertEquals(0x118ff5b8 + 105, SequenceNumbers.add(0x118ff5b8, 105));
  }

  @Test
  void compareOrdersAcrossTheWrap() {
    assertTrue(SequenceNumbers.compare(0, MAX) > 0, "0 comes after 2^31-1");
    assertTrue(SequenceNumbers.compare(MAX, 0) < 0);
    assertTrue(SequenceNumbers.compare(5, MAX - 5) > 0);
    assertTrue(SequenceNumbers.compare(10, 20) < 0);
    assertEquals(0, SequenceNumbers.compare(MAX, MAX));
  }

  @Test
  void offsetCountsStepsAcrossTheWrap() {
    assertEquals(1, SequenceNumbers.offset(MAX, 0));
    assertEquals(-1, SequenceNumbers.offset(0, MAX));
    assertEquals(11, SequenceNumbers.offset(MAX - 5, 5));
    assertEquals(-11, SequenceNumbers.offset(5, MAX - 5));
    assertEquals(64, SequenceNumbers.offset(0x2944cc01, 0x2944cc41), "light-ack-burst: one light ACK per 64 packets");
  }

  @Test
  void offsetAgreesWithNextForEveryStepNearTheWrap() {
    int seq = MAX - 100;
    for (int steps = 0; steps < 200; steps++) {
      assertEquals(steps, SequenceNumbers.offset(MAX - 100, seq));
      assertEquals(-steps, SequenceNumbers.offset(seq, MAX - 100));
      seq = SequenceNumbers.next(seq);
    }
  }

  @Test
  void offsetAtTheThresholdTakesTheShortWay() {
    int justBelow = SequenceNumbers.THRESHOLD - 1;
    assertEquals(justBelow, SequenceNumbers.offset(0, justBelow));
    int farAway = SequenceNumbers.THRESHOLD + 10;
    assertEquals(farAway - MAX - 1, SequenceNumbers.offset(0, farAway), "beyond the threshold it is behind, not ahead");
  }

  @Test
  void lengthIsInclusiveAcrossTheWrap() {
    assertEquals(1, SequenceNumbers.length(7, 7));
    assertEquals(3, SequenceNumbers.length(0x118ff606, 0x118ff608), "the captured NAK range of 3");
    assertEquals(4, SequenceNumbers.length(MAX - 1, 1));
  }

  @Test
  void onlyNonNegativeIntsAreSequenceNumbers() {
    assertTrue(SequenceNumbers.isValid(0));
    assertTrue(SequenceNumbers.isValid(MAX));
    assertFalse(SequenceNumbers.isValid(-1));
  }
}

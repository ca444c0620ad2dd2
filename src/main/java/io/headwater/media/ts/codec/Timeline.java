package io.headwater.media.ts.codec;

/**
 * Turns the 33-bit PTS/DTS values of one program (ISO/IEC 13818-1 2.4.3.7: 90 kHz, wrapping every 26.5 hours)
 * into the monotonic 64-bit ticks of the media model. One timeline serves every track of a program, so audio and
 * video keep their relative position. Each value is unwrapped to the 64-bit value nearest the last one seen, which
 * follows wraparound in either direction as long as consecutive timestamps are less than 13 hours apart. The first
 * value seen becomes {@link TsDemuxer#TIMELINE_START}: a margin that keeps the audio, or a B-frame's pts, that
 * precede the first timestamp from going below zero.
 */
final class Timeline {
  static final long WRAP = 1L << 33;
  private static final long HALF_WRAP = 1L << 32;

  private boolean started;
  private long origin;
  private long last;

  /** Ticks on the media timeline for a 33-bit timestamp; negative only if it precedes the start by the margin. */
  long ticks(long timestamp33) {
    long value = timestamp33 & (WRAP - 1);
    if (!started) {
      started = true;
      origin = value;
      last = value;
    } else {
      value += last - (last & (WRAP - 1));
      if (value - last > HALF_WRAP) {
        value -= WRAP;
      } else if (last - value > HALF_WRAP) {
        value += WRAP;
      }
      last = value;
    }
    return value - origin + TsDemuxer.TIMELINE_START;
  }
}

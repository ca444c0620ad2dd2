package io.headwater.media;

/**
 * All media timestamps are in 90 kHz ticks (MPEG-TS's clock): RTMP milliseconds convert exactly (x90),
 * and so do 48/44.1 kHz AAC frame durations to within a tick.
 */
public final class Timebase {
  public static final int TICKS_PER_SECOND = 90_000;

  private Timebase() {}

  public static long fromMillis(long millis) {
    return millis * 90;
  }

  public static long toMillis(long ticks) {
    return Math.floorDiv(ticks, 90);
  }
}

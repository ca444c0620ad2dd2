package io.headwater.media.srt.codec;

/**
 * The 32-bit microsecond timestamps of SRT headers, which wrap every 2^32 us (about 71.6 minutes; srt.md
 * 1.3 and 8.7). Timestamps are plain {@code int}s read as unsigned; these helpers measure across the
 * wrap and extend them to a 64-bit time line.
 */
public final class SrtTimestamps {
  /** 2^32 us: one full turn of the timestamp field. */
  public static final long WRAP_PERIOD_US = 1L << 32;
  /** srt.md 8.7: a timestamp above 2^32 - 30 s starts TSBPD's wrap check. */
  public static final long WRAP_CHECK_ENTER_US = WRAP_PERIOD_US - 30_000_000L;
  /** srt.md 8.7: during the wrap check, timestamps below 60 s already belong to the next period. */
  public static final long WRAP_CHECK_CARRY_US = 60_000_000L;
  /** srt.md 8.7: a delivered timestamp between 30 s and 60 s ends the wrap check. */
  public static final long WRAP_CHECK_LEAVE_US = 30_000_000L;

  private SrtTimestamps() {}

  public static long toUnsigned(int timestamp) {
    return timestamp & 0xFFFF_FFFFL;
  }

  /** Microseconds from {@code earlier} forward to {@code later}, modulo 2^32 (0..2^32-1). */
  public static long elapsed(int earlier, int later) {
    return toUnsigned(later - earlier);
  }

  /** Signed difference {@code a - b} taking the shorter way round the wrap (within +-2^31 us, ~35 min). */
  public static int difference(int a, int b) {
    return a - b;
  }

  /**
   * The 64-bit time, congruent to {@code timestamp} modulo 2^32, that lies nearest to {@code reference}
   * (a previously extended timestamp). Feeding each result back as the next reference follows a stream of
   * timestamps across any number of wraps, as long as consecutive ones are less than ~35 minutes apart.
   */
  public static long extend(long reference, int timestamp) {
    return reference + difference(timestamp, (int) reference);
  }

  /** srt.md 8.7: this timestamp puts TSBPD into wrap check. */
  public static boolean entersWrapCheck(int timestamp) {
    return toUnsigned(timestamp) > WRAP_CHECK_ENTER_US;
  }

  /** srt.md 8.7: while in wrap check, this timestamp counts as {@code timestamp + 2^32}. */
  public static boolean carriesIntoNextPeriod(int timestamp) {
    return toUnsigned(timestamp) < WRAP_CHECK_CARRY_US;
  }

  /** srt.md 8.7: a packet at the head of delivery with this timestamp ends the wrap check. */
  public static boolean leavesWrapCheck(int timestamp) {
    long t = toUnsigned(timestamp);
    return t >= WRAP_CHECK_LEAVE_US && t <= WRAP_CHECK_CARRY_US;
  }
}

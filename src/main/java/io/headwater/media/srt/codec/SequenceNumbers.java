package io.headwater.media.srt.codec;

/**
 * Arithmetic on 31-bit packet sequence numbers, which wrap from 2^31-1 to 0 (srt.md 1.1, libsrt CSeqNo;
 * SRT RFC draft 3.1). Sequence numbers are plain {@code int}s in 0..2^31-1: never compare them with
 * {@code <}, use {@link #compare} or {@link #offset}.
 */
public final class SequenceNumbers {
  /** The largest sequence number; the next one is 0. */
  public static final int MAX = 0x7FFF_FFFF;
  /** Half the range: differences below it are taken at face value, larger ones as wrapped (2^30 - 1). */
  public static final int THRESHOLD = 0x3FFF_FFFF;

  private SequenceNumbers() {}

  public static boolean isValid(int seq) {
    return seq >= 0;
  }

  public static int next(int seq) {
    return seq == MAX ? 0 : seq + 1;
  }

  public static int previous(int seq) {
    return seq == 0 ? MAX : seq - 1;
  }

  /** {@code seq} moved by {@code delta} (either sign), modulo 2^31. */
  public static int add(int seq, int delta) {
    return (seq + delta) & MAX;
  }

  /**
   * Order across the wrap: negative if {@code a} comes before {@code b}, 0 if equal, positive if after
   * (libsrt seqcmp). Only the sign is meaningful for values far apart.
   */
  public static int compare(int a, int b) {
    return Math.abs(a - b) < THRESHOLD ? a - b : b - a;
  }

  /** Signed distance from {@code a} to {@code b}: how many {@link #next} steps lead from a to b (libsrt seqoff). */
  public static int offset(int a, int b) {
    int d = b - a;
    if (Math.abs(d) < THRESHOLD) {
      return d;
    }
    return a < b ? d - MAX - 1 : d + MAX + 1;
  }

  /** Number of sequence numbers in the inclusive range {@code first..last} (libsrt seqlen). */
  public static int length(int first, int last) {
    return first <= last ? last - first + 1 : last - first + MAX + 2;
  }
}

package io.headwater.media.srt.codec;

/**
 * The 2-bit KK field: which session key encrypts a data packet (srt.md 2), or which keys a key material
 * message carries (srt.md 7.1). Data packets use {@link #CLEAR}, {@link #EVEN} or {@link #ODD}; key material
 * uses {@link #EVEN}, {@link #ODD} or {@link #BOTH} (even first, then odd).
 */
public enum KeyFlags {
  CLEAR(0),
  EVEN(1),
  ODD(2),
  BOTH(3);

  private final int bits;

  KeyFlags(int bits) {
    this.bits = bits;
  }

  public int bits() {
    return bits;
  }

  public static KeyFlags of(int bits) {
    return values()[bits & 3];
  }

  /** True for EVEN and BOTH. */
  public boolean hasEven() {
    return (bits & 1) != 0;
  }

  /** True for ODD and BOTH. */
  public boolean hasOdd() {
    return (bits & 2) != 0;
  }
}

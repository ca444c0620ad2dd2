package io.headwater.media.srt.codec;

import java.net.InetAddress;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SYN cookie of the induction response (srt.md 4.2): HMAC-SHA256 of the caller's address and port and a
 * coarse time slot under a server secret, truncated to 32 bits. The listener keeps no state for inductions:
 * a conclusion is only accepted when {@link #verify} recognises its cookie (current or previous slot), and a
 * wrong cookie is dropped silently. Pure: the clock is a parameter. One instance may serve many threads.
 */
public final class SynCookie {
  /** libsrt's cookie changes every minute and the previous minute's is still accepted. */
  public static final long DEFAULT_SLOT_MILLIS = 60_000;
  public static final int MIN_SECRET_BYTES = 16;

  private static final String HMAC = "HmacSHA256";

  private final SecretKeySpec current;
  private final SecretKeySpec previous;
  private final Mac prototype;
  private final long slotMillis;

  /**
   * @param secret at least 16 random bytes, e.g. from {@code SecureRandom} at listener start
   * @param slotMillis how long one cookie is issued; a cookie is accepted for one to two slots
   */
  public SynCookie(byte[] secret, long slotMillis) {
    this(keyOf(secret), null, slotMillis);
  }

  private SynCookie(SecretKeySpec current, SecretKeySpec previous, long slotMillis) {
    if (slotMillis <= 0) {
      throw new IllegalArgumentException("cookie slot must be positive, was " + slotMillis + " ms");
    }
    this.current = current;
    this.previous = previous;
    this.slotMillis = slotMillis;
    this.prototype = newMac(current);
  }

  /** A cookie maker that issues under {@code nextSecret} and still verifies cookies issued under this one. */
  public SynCookie rotate(byte[] nextSecret) {
    return new SynCookie(keyOf(nextSecret), current, slotMillis);
  }

  /** The cookie for an induction from this address and port at {@code nowMillis}. */
  public int cookie(InetAddress address, int port, long nowMillis) {
    return compute(mac(current), address, port, Math.floorDiv(nowMillis, slotMillis));
  }

  /** True if {@code cookie} was issued to this address and port in the current or the previous slot. */
  public boolean verify(int cookie, InetAddress address, int port, long nowMillis) {
    long slot = Math.floorDiv(nowMillis, slotMillis);
    SecretKeySpec[] keys = previous == null ? new SecretKeySpec[] {current} : new SecretKeySpec[] {current, previous};
    for (SecretKeySpec key : keys) {
      Mac mac = mac(key);
      if (compute(mac, address, port, slot) == cookie || compute(mac, address, port, slot - 1) == cookie) {
        return true;
      }
    }
    return false;
  }

  private static int compute(Mac mac, InetAddress address, int port, long slot) {
    byte[] input = new byte[8 + 2 + 16];
    for (int i = 0; i < 8; i++) {
      input[i] = (byte) (slot >>> (56 - 8 * i));
    }
    SrtBytes.putU16(input, 8, port);
    byte[] a = address.getAddress();
    System.arraycopy(a, 0, input, 10, a.length);
    mac.update(input, 0, 10 + a.length);
    return SrtBytes.s32(mac.doFinal(), 0);
  }

  /** A Mac is not thread-safe: each computation uses a clone of the keyed prototype, or a fresh one. */
  private Mac mac(SecretKeySpec key) {
    if (key == current) {
      try {
        return (Mac) prototype.clone();
      } catch (CloneNotSupportedException e) {
        return newMac(key);
      }
    }
    return newMac(key);
  }

  private static Mac newMac(SecretKeySpec key) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(HMAC + " is part of every JDK", e);
    }
  }

  private static SecretKeySpec keyOf(byte[] secret) {
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("cookie secret of " + secret.length + " bytes, expected at least "
          + MIN_SECRET_BYTES);
    }
    return new SecretKeySpec(secret, HMAC);
  }
}

package io.headwater.media.srt.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** srt.md 4.2: stateless cookies, accepted for the slot they were issued in and the next one. */
class SynCookieTest {
  static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  static final InetAddress CALLER = InetAddress.getLoopbackAddress();
  static final long SLOT = SynCookie.DEFAULT_SLOT_MILLIS;

  final SynCookie cookies = new SynCookie(SECRET, SLOT);

  @Test
  void sameCallerSameSlotSameCookie() {
    assertEquals(cookies.cookie(CALLER, 5000, 1_000), cookies.cookie(CALLER, 5000, SLOT - 1));
    assertEquals(cookies.cookie(CALLER, 5000, 1_000), new SynCookie(SECRET.clone(), SLOT).cookie(CALLER, 5000, 1_000));
  }

  @Test
  void portAddressSecretAndSlotChangeTheCookie() throws Exception {
    int cookie = cookies.cookie(CALLER, 5000, 1_000);
    assertNotEquals(cookie, cookies.cookie(CALLER, 5001, 1_000));
    assertNotEquals(cookie, cookies.cookie(InetAddress.getByName("127.0.0.2"), 5000, 1_000));
    assertNotEquals(cookie, cookies.cookie(InetAddress.getByName("::1"), 5000, 1_000));
    assertNotEquals(cookie, new SynCookie("another secret, 16+ bytes".getBytes(), SLOT).cookie(CALLER, 5000, 1_000));
    assertNotEquals(cookie, cookies.cookie(CALLER, 5000, SLOT + 1_000));
  }

  @Test
  void verifyAcceptsTheCurrentAndThePreviousSlotOnly() {
    long issued = 10 * SLOT + 59_000;
    int cookie = cookies.cookie(CALLER, 5000, issued);
    assertTrue(cookies.verify(cookie, CALLER, 5000, issued));
    assertTrue(cookies.verify(cookie, CALLER, 5000, 11 * SLOT + 59_999), "previous slot");
    assertFalse(cookies.verify(cookie, CALLER, 5000, 12 * SLOT), "two slots later");
    assertFalse(cookies.verify(cookie, CALLER, 5000, 10 * SLOT - 1), "issued in the future");
    assertFalse(cookies.verify(cookie, CALLER, 5001, issued), "another port");
  }

  @Test
  void rotatedSecretStillVerifiesCookiesOfThePreviousOne() {
    int old = cookies.cookie(CALLER, 5000, 1_000);
    SynCookie rotated = cookies.rotate("the next secret, also 16+ bytes".getBytes());
    int fresh = rotated.cookie(CALLER, 5000, 1_000);
    assertNotEquals(old, fresh);
    assertTrue(rotated.verify(old, CALLER, 5000, 1_000));
    assertTrue(rotated.verify(fresh, CALLER, 5000, 1_000));
    assertFalse(rotated.rotate("a third secret of 16+ bytes".getBytes()).verify(old, CALLER, 5000, 1_000),
        "only one previous secret is kept");
  }

  @Test
  void negativeClockValuesUseFloorSlots() {
    int cookie = cookies.cookie(CALLER, 5000, -1);
    assertTrue(cookies.verify(cookie, CALLER, 5000, SLOT - 1));
    assertFalse(cookies.verify(cookie, CALLER, 5000, SLOT));
  }

  @Test
  void shortSecretsAndEmptySlotsAreConfigurationErrors() {
    assertThrows(IllegalArgumentException.class, () -> new SynCookie(new byte[15], SLOT));
    assertThrows(IllegalArgumentException.class, () -> new SynCookie(SECRET, 0));
  }
}

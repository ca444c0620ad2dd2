package io.headwater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Ids and secrets: their shape, their uniqueness, and how they are compared. */
class SecretsTest {

  @Test
  void newHex128IsThirtyTwoLowercaseHexAndNeverRepeats() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String value = Secrets.newHex128();
      assertTrue(value.matches("[0-9a-f]{32}"), value);
      assertTrue(seen.add(value), () -> "repeated: " + value);
    }
  }

  @Test
  void newApiTokenIsFortyLowercaseHex() {
    String token = Secrets.newApiToken();
    assertTrue(token.matches("[0-9a-f]{40}"), token);
  }

  @Test
  void isIdAcceptsOnlyThirtyTwoLowercaseHex() {
    assertTrue(Secrets.isId("0123456789abcdef0123456789abcdef"));
    assertTrue(Secrets.isId(Secrets.newHex128()));

    assertFalse(Secrets.isId("0123456789ABCDEF0123456789ABCDEF"), "uppercase");
    assertFalse(Secrets.isId("0123456789abcdef0123456789abcde"), "31 characters");
    assertFalse(Secrets.isId("0123456789abcdef0123456789abcdef0"), "33 characters");
    assertFalse(Secrets.isId("0123456789abcdef0123456789abcdeg"), "not hex");
    assertFalse(Secrets.isId("../"), "path traversal");
    assertFalse(Secrets.isId("../../../../../../../../etc/pass"), "32 characters of path");
    assertFalse(Secrets.isId("0123456789abcdef0123456789abcdef\n"), "trailing newline");
    assertFalse(Secrets.isId(""));
    assertFalse(Secrets.isId(null));
  }

  @Test
  void constantTimeEqualsIsPlainEqualityWithNullNeverMatching() {
    String secret = Secrets.newHex128();
    assertTrue(Secrets.constantTimeEquals(secret, new String(secret.toCharArray())));
    assertFalse(Secrets.constantTimeEquals(secret, secret.substring(0, 31)), "prefix");
    assertFalse(Secrets.constantTimeEquals(secret, secret + "0"), "longer");
    assertFalse(Secrets.constantTimeEquals(secret, secret.toUpperCase()), "case matters");
    assertFalse(Secrets.constantTimeEquals(secret, ""));
    assertFalse(Secrets.constantTimeEquals(secret, null));
    assertFalse(Secrets.constantTimeEquals(null, secret));
    assertFalse(Secrets.constantTimeEquals(null, null), "an unset secret matches nothing, not even null");
    assertTrue(Secrets.constantTimeEquals("", ""));
  }

  @Test
  void sha256HexIsTheStandardDigest() {
    // FIPS 180-2 test vector for "abc".
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Secrets.sha256Hex("abc"));
  }
}

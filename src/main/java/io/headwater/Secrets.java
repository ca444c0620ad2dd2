package io.headwater;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Identifiers and secrets: every one is 128 bits from {@link SecureRandom} as 32 lowercase hex
 * characters, and secrets are compared in constant time. Nothing here logs.
 */
public final class Secrets {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();
  private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

  private Secrets() {}

  /** 128 random bits as 32 lowercase hex characters: uids and secrets alike. */
  public static String newHex128() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HEX.formatHex(bytes);
  }

  /** 160 random bits as 40 lowercase hex characters, the length of a Cloudflare API token. */
  public static String newApiToken() {
    byte[] bytes = new byte[20];
    RANDOM.nextBytes(bytes);
    return HEX.formatHex(bytes);
  }

  /** Whether {@code value} has the shape of our ids (32 lowercase hex), checked before any lookup. */
  public static boolean isId(String value) {
    return value != null && ID.matcher(value).matches();
  }

  /** Constant-time equality, so a caller cannot learn a secret from response times. */
  public static boolean constantTimeEquals(String expected, String candidate) {
    if (expected == null || candidate == null) return false;
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
  }

  /** SHA-256 of a token as hex: tokens are looked up and stored by this, never in the clear. */
  public static String sha256Hex(String value) {
    try {
      return HEX.formatHex(
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }
}

package io.headwater.media.rtmp.codec;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What both sides of the RTMP handshake share: the packet sizes of RTMP 5.2, and the "digest" form Flash
 * Player 9 introduced, which the 2012 spec leaves out. In that form C1 and S1 hide an HMAC-SHA256 of
 * themselves at a position derived from their own bytes, keyed by a public "Genuine Adobe" key, and S2 and
 * C2 end with an HMAC proving their sender read the other side's digest; FFmpeg, librtmp, nginx-rtmp and
 * SRS agree on the layout. {@link ServerHandshake} and {@link ClientHandshake} drive the two sides.
 */
public final class Handshake {
  /** RTMP 5.2.2: the only version we speak; 6 and above ask for RTMPE, which we do not offer. */
  public static final int VERSION = 3;
  /** RTMP 5.2.3: C1, S1, C2 and S2 are each 1536 bytes. */
  public static final int PACKET_SIZE = 1536;
  /** What a client sends first (C0 + C1) and a server first answers (S0 + S1 + S2, one more packet). */
  public static final int C0C1_SIZE = 1 + PACKET_SIZE;
  public static final int S0S1S2_SIZE = 1 + 2 * PACKET_SIZE;

  static final int DIGEST_SIZE = 32;

  /** Where a C1 or S1 carries its digest. */
  public enum Scheme {
    /** RTMP 5.2.3 as written: bytes 4..7 are zero and there is no digest. */
    PLAIN(0),
    /** Key block first, digest block at offset 772 (SRS's schema 0). */
    KEY_FIRST(772),
    /** Digest block first at offset 8 (SRS's schema 1); what FFmpeg and librtmp send. */
    DIGEST_FIRST(8);

    final int digestBlock;

    Scheme(int digestBlock) {
      this.digestBlock = digestBlock;
    }
  }

  /** How the peer's last packet (C2 or S2) relates to ours; the handshake goes on either way. */
  public enum Proof {
    /** It ends with the HMAC the digest form asks for. */
    SIGNED,
    /** It repeats the random bytes of our first packet, as RTMP 5.2.4 asks. */
    ECHO,
    /** Neither: many clients send arbitrary bytes here, so it is reported, not refused. */
    UNVERIFIED
  }

  private static final byte[] KEY_TAIL = {
      (byte) 0xF0, (byte) 0xEE, (byte) 0xC2, (byte) 0x4A, (byte) 0x80, (byte) 0x68, (byte) 0xBE, (byte) 0xE8,
      (byte) 0x2E, (byte) 0x00, (byte) 0xD0, (byte) 0xD1, (byte) 0x02, (byte) 0x9E, (byte) 0x7E, (byte) 0x57,
      (byte) 0x6E, (byte) 0xEC, (byte) 0x5D, (byte) 0x2D, (byte) 0x29, (byte) 0x80, (byte) 0x6F, (byte) 0xAB,
      (byte) 0x93, (byte) 0xB8, (byte) 0xE6, (byte) 0x36, (byte) 0xCF, (byte) 0xEB, (byte) 0x31, (byte) 0xAE};
  /** Keys the client's digests: its first 30 bytes sign C1, all 62 sign C2. */
  static final byte[] PLAYER_KEY = withTail("Genuine Adobe Flash Player 001");
  static final int PLAYER_KEY_SHORT = 30;
  /** Keys the server's digests: its first 36 bytes sign S1, all 68 sign S2. */
  static final byte[] SERVER_KEY = withTail("Genuine Adobe Flash Media Server 001");
  static final int SERVER_KEY_SHORT = 36;

  private Handshake() {}

  private static byte[] withTail(String text) {
    byte[] head = text.getBytes(StandardCharsets.US_ASCII);
    byte[] key = Arrays.copyOf(head, head.length + KEY_TAIL.length);
    System.arraycopy(KEY_TAIL, 0, key, head.length, KEY_TAIL.length);
    return key;
  }

  /** The digest's offset: the digest block starts with 4 bytes whose sum mod 728 skips into it. */
  static int digestOffset(byte[] packet, Scheme scheme) {
    int block = scheme.digestBlock;
    int sum = (packet[block] & 0xFF) + (packet[block + 1] & 0xFF) + (packet[block + 2] & 0xFF)
        + (packet[block + 3] & 0xFF);
    return block + 4 + sum % 728;
  }

  /** HMAC-SHA256 of the packet without the 32 digest bytes at {@code offset}. */
  static byte[] computeDigest(byte[] packet, int offset, byte[] key, int keyLength) {
    Mac mac = hmac(key, keyLength);
    mac.update(packet, 0, offset);
    mac.update(packet, offset + DIGEST_SIZE, PACKET_SIZE - offset - DIGEST_SIZE);
    return mac.doFinal();
  }

  /** The scheme whose digest position holds a valid digest under the key, or null if neither does. */
  static Scheme findDigest(byte[] packet, byte[] key, int keyLength) {
    for (Scheme scheme : new Scheme[] {Scheme.KEY_FIRST, Scheme.DIGEST_FIRST}) {
      int offset = digestOffset(packet, scheme);
      byte[] expected = computeDigest(packet, offset, key, keyLength);
      if (MessageDigest.isEqual(expected, Arrays.copyOfRange(packet, offset, offset + DIGEST_SIZE))) {
        return scheme;
      }
    }
    return null;
  }

  static byte[] digestAt(byte[] packet, Scheme scheme) {
    int offset = digestOffset(packet, scheme);
    return Arrays.copyOfRange(packet, offset, offset + DIGEST_SIZE);
  }

  /** Writes the packet's own digest into it. */
  static void imprintDigest(byte[] packet, Scheme scheme, byte[] key, int keyLength) {
    int offset = digestOffset(packet, scheme);
    System.arraycopy(computeDigest(packet, offset, key, keyLength), 0, packet, offset, DIGEST_SIZE);
  }

  /**
   * The last 32 bytes of S2 (or C2): HMAC keyed by HMAC(full key, the peer's digest), over the first 1504.
   */
  static byte[] signature(byte[] packet, byte[] fullKey, byte[] peerDigest) {
    Mac keyMac = hmac(fullKey, fullKey.length);
    byte[] key = keyMac.doFinal(peerDigest);
    Mac mac = hmac(key, key.length);
    mac.update(packet, 0, PACKET_SIZE - DIGEST_SIZE);
    return mac.doFinal();
  }

  static void sign(byte[] packet, byte[] fullKey, byte[] peerDigest) {
    System.arraycopy(signature(packet, fullKey, peerDigest), 0, packet, PACKET_SIZE - DIGEST_SIZE, DIGEST_SIZE);
  }

  static boolean isSigned(byte[] packet, byte[] fullKey, byte[] peerDigest) {
    return MessageDigest.isEqual(signature(packet, fullKey, peerDigest),
        Arrays.copyOfRange(packet, PACKET_SIZE - DIGEST_SIZE, PACKET_SIZE));
  }

  /** RTMP 5.2.4: an echo repeats the random bytes (8..1535); the time fields may differ. */
  static boolean isEcho(byte[] reply, byte[] original) {
    return Arrays.equals(reply, 8, PACKET_SIZE, original, 8, PACKET_SIZE);
  }

  private static Mac hmac(byte[] key, int keyLength) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, 0, keyLength, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java SE runtime", e);
    }
  }
}

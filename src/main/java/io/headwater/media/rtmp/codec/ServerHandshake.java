package io.headwater.media.rtmp.codec;

import java.util.Arrays;
import java.util.Random;

/**
 * The server side of the RTMP handshake (RTMP 5.2): read C0+C1, send S0+S1+S2, then read C2. A client
 * that signed C1 (Flash Player 9 and later, FFmpeg, librtmp) gets a signed S1 and an S2 it can verify, as
 * FMS, nginx-rtmp and SRS answer; any other client gets the plain form with S2 echoing C1.
 */
public final class ServerHandshake {
  /** Bytes 4..7 of a signed S1; a non-zero version tells clients to look for the digest. */
  private static final byte[] SERVER_VERSION = {0x0D, 0x0E, 0x0A, 0x0D};

  private final Handshake.Scheme clientScheme;
  private final byte[] s1;
  private final byte[] s0s1s2;

  private ServerHandshake(Handshake.Scheme clientScheme, byte[] s1, byte[] s0s1s2) {
    this.clientScheme = clientScheme;
    this.s1 = s1;
    this.s0s1s2 = s0s1s2;
  }

  /**
   * Reads C0+C1 (exactly {@link Handshake#C0C1_SIZE} bytes) and prepares the answer.
   *
   * @param random fills S1 and S2; RTMP 5.2.3 asks for bytes a peer cannot predict, so pass a
   *     {@code SecureRandom} (tests pass a seeded {@link Random})
   */
  public static ServerHandshake accept(byte[] c0c1, Random random) {
    if (c0c1.length != Handshake.C0C1_SIZE) {
      throw new RtmpCodecException("handshake: C0+C1 is " + c0c1.length + " bytes, expected " + Handshake.C0C1_SIZE);
    }
    int version = c0c1[0] & 0xFF;
    if (version != Handshake.VERSION) {
      throw new RtmpCodecException("handshake: client asked for version " + version + ", only "
          + Handshake.VERSION + " (plain RTMP) is served");
    }
    byte[] c1 = Arrays.copyOfRange(c0c1, 1, c0c1.length);
    Handshake.Scheme scheme = detectScheme(c1);

    byte[] s1 = new byte[Handshake.PACKET_SIZE];
    byte[] s2 = new byte[Handshake.PACKET_SIZE];
    random.nextBytes(s1);
    Arrays.fill(s1, 0, 4, (byte) 0); // RTMP 5.2.3: our epoch is 0
    if (scheme == Handshake.Scheme.PLAIN) {
      Arrays.fill(s1, 4, 8, (byte) 0);
      System.arraycopy(c1, 0, s2, 0, Handshake.PACKET_SIZE); // RTMP 5.2.4: S2 echoes C1
    } else {
      System.arraycopy(SERVER_VERSION, 0, s1, 4, 4);
      Handshake.imprintDigest(s1, scheme, Handshake.SERVER_KEY, Handshake.SERVER_KEY_SHORT);
      random.nextBytes(s2);
      Handshake.sign(s2, Handshake.SERVER_KEY, Handshake.digestAt(c1, scheme));
    }

    byte[] out = new byte[Handshake.S0S1S2_SIZE];
    out[0] = (byte) Handshake.VERSION;
    System.arraycopy(s1, 0, out, 1, Handshake.PACKET_SIZE);
    System.arraycopy(s2, 0, out, 1 + Handshake.PACKET_SIZE, Handshake.PACKET_SIZE);
    return new ServerHandshake(scheme, s1, out);
  }

  /** A C1 with a zero version field is plain; otherwise look for a digest in either place. */
  static Handshake.Scheme detectScheme(byte[] c1) {
    if (c1[4] == 0 && c1[5] == 0 && c1[6] == 0 && c1[7] == 0) {
      return Handshake.Scheme.PLAIN;
    }
    Handshake.Scheme found = Handshake.findDigest(c1, Handshake.PLAYER_KEY, Handshake.PLAYER_KEY_SHORT);
    return found == null ? Handshake.Scheme.PLAIN : found;
  }

  /** Where the client's C1 carried its digest, or PLAIN. */
  public Handshake.Scheme clientScheme() {
    return clientScheme;
  }

  /** S0+S1+S2, {@link Handshake#S0S1S2_SIZE} bytes, to send at once. */
  public byte[] s0s1s2() {
    return s0s1s2.clone();
  }

  /**
   * Checks C2 loosely: FFmpeg publishing echoes S1, a Flash-style player signs it, some encoders send
   * anything. Only its length is enforced.
   */
  public Handshake.Proof checkC2(byte[] c2) {
    if (c2.length != Handshake.PACKET_SIZE) {
      throw new RtmpCodecException("handshake: C2 is " + c2.length + " bytes, expected " + Handshake.PACKET_SIZE);
    }
    if (Handshake.isEcho(c2, s1)) {
      return Handshake.Proof.ECHO;
    }
    if (clientScheme != Handshake.Scheme.PLAIN
        && Handshake.isSigned(c2, Handshake.PLAYER_KEY, Handshake.digestAt(s1, clientScheme))) {
      return Handshake.Proof.SIGNED;
    }
    return Handshake.Proof.UNVERIFIED;
  }
}

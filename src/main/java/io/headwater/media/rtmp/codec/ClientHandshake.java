package io.headwater.media.rtmp.codec;

import java.util.Arrays;
import java.util.Random;

/**
 * The client side of the RTMP handshake (RTMP 5.2), for pushing to other servers: send C0+C1, read
 * S0+S1+S2, send C2. C1 is signed like FFmpeg's (Flash version 9.0.124.2, digest block first), which
 * servers that insist on the digest form accept; a server that signs S1 gets a signed C2, any other an
 * echo of S1.
 */
public final class ClientHandshake {
  private static final byte[] CLIENT_VERSION = {9, 0, 124, 2};

  private final Random random;
  private final byte[] c1;

  /** The server's answer as {@link #answer} read it. */
  public record Reply(byte[] c2, Handshake.Proof serverProof) {}

  public ClientHandshake(Random random) {
    this.random = random;
    c1 = new byte[Handshake.PACKET_SIZE];
    random.nextBytes(c1);
    Arrays.fill(c1, 0, 4, (byte) 0); // RTMP 5.2.3: our epoch is 0
    System.arraycopy(CLIENT_VERSION, 0, c1, 4, 4);
    Handshake.imprintDigest(c1, Handshake.Scheme.DIGEST_FIRST, Handshake.PLAYER_KEY, Handshake.PLAYER_KEY_SHORT);
  }

  /** C0+C1, {@link Handshake#C0C1_SIZE} bytes. */
  public byte[] c0c1() {
    byte[] out = new byte[Handshake.C0C1_SIZE];
    out[0] = (byte) Handshake.VERSION;
    System.arraycopy(c1, 0, out, 1, Handshake.PACKET_SIZE);
    return out;
  }

  /**
   * Reads S0+S1+S2 and builds C2. The proof says whether the server signed S2 for our C1 (SIGNED), echoed
   * C1 (ECHO), or neither (UNVERIFIED); only a wrong size or version is refused, since nothing in the
   * handshake authenticates anyone.
   */
  public Reply answer(byte[] s0s1s2) {
    if (s0s1s2.length != Handshake.S0S1S2_SIZE) {
      throw new RtmpCodecException("handshake: S0+S1+S2 is " + s0s1s2.length + " bytes, expected "
          + Handshake.S0S1S2_SIZE);
    }
    int version = s0s1s2[0] & 0xFF;
    if (version != Handshake.VERSION) {
      throw new RtmpCodecException("handshake: server answered version " + version + ", expected " + Handshake.VERSION);
    }
    byte[] s1 = Arrays.copyOfRange(s0s1s2, 1, 1 + Handshake.PACKET_SIZE);
    byte[] s2 = Arrays.copyOfRange(s0s1s2, 1 + Handshake.PACKET_SIZE, Handshake.S0S1S2_SIZE);

    Handshake.Proof proof = Handshake.isEcho(s2, c1) ? Handshake.Proof.ECHO : Handshake.Proof.UNVERIFIED;
    byte[] ourDigest = Handshake.digestAt(c1, Handshake.Scheme.DIGEST_FIRST);
    if (Handshake.isSigned(s2, Handshake.SERVER_KEY, ourDigest)) {
      proof = Handshake.Proof.SIGNED;
    }
    Handshake.Scheme serverScheme = Handshake.findDigest(s1, Handshake.SERVER_KEY, Handshake.SERVER_KEY_SHORT);
    byte[] c2;
    if (serverScheme == null) {
      c2 = s1; // RTMP 5.2.4: C2 echoes S1
    } else {
      c2 = new byte[Handshake.PACKET_SIZE];
      random.nextBytes(c2);
      Handshake.sign(c2, Handshake.PLAYER_KEY, Handshake.digestAt(s1, serverScheme));
    }
    return new Reply(c2, proof);
  }
}

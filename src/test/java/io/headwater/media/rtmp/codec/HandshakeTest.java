package io.headwater.media.rtmp.codec;

import static io.headwater.media.rtmp.codec.CodecAssertions.assertRejects;
import static io.headwater.media.rtmp.codec.TestBytes.hex;
import static io.headwater.media.rtmp.codec.TestBytes.slice;
import static io.headwater.media.rtmp.codec.TestBytes.toHex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HandshakeTest {
  /**
   * C0+C1 of FFmpeg 5.1 publishing, captured on loopback. FFmpeg fills C1 from a generator seeded with
   * 0xDEADC0DE and uptime 0, so every FFmpeg 5.1 sends these bytes. Its digest (FP key, digest block
   * first) sits at offset 12 + (0x0e+0xab+0x8e+0x1e) % 728 = 494; Python's hmac module agrees.
   */
  static final byte[] FFMPEG_C0C1 = resourceHex("captures/ffmpeg-5.1-publish-c0c1.hex");

  record Row(String name, byte[] c0c1, Handshake.Scheme scheme) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Row> rows() {
    byte[] plain = c0c1(new Random(1), "00000000");
    byte[] versionNoDigest = c0c1(new Random(2), "0a000001");
    byte[] keyFirstC1 = slice(c0c1(new Random(3), "0a000001"), 1, 1537);
    Handshake.imprintDigest(keyFirstC1, Handshake.Scheme.KEY_FIRST, Handshake.PLAYER_KEY, Handshake.PLAYER_KEY_SHORT);
    byte[] keyFirst = TestBytes.bytes("03", keyFirstC1);
    byte[] brokenFfmpeg = FFMPEG_C0C1.clone();
    brokenFfmpeg[1 + 494] ^= 1;
    return List.of(
        new Row("FFmpeg 5.1 C1, digest block first (real capture)", FFMPEG_C0C1, Handshake.Scheme.DIGEST_FIRST),
        new Row("digest in the second block (key block first)", keyFirst, Handshake.Scheme.KEY_FIRST),
        new Row("zero version field: plain handshake", plain, Handshake.Scheme.PLAIN),
        new Row("version set but no digest: plain handshake", versionNoDigest, Handshake.Scheme.PLAIN),
        new Row("FFmpeg C1 with one digest bit flipped: plain handshake", brokenFfmpeg, Handshake.Scheme.PLAIN));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void detectsTheClientsScheme(Row row) {
    assertEquals(row.scheme(), ServerHandshake.accept(row.c0c1(), new Random(7)).clientScheme());
  }

  @Test
  void signedC1GetsASignedS1AndAnS2TheClientCanVerify() {
    byte[] out = ServerHandshake.accept(FFMPEG_C0C1, new Random(7)).s0s1s2();
    assertEquals(Handshake.S0S1S2_SIZE, out.length);
    assertEquals(3, out[0]);
    byte[] s1 = slice(out, 1, 1537);
    byte[] s2 = slice(out, 1537, 3073);
    assertEquals("0d0e0a0d", toHex(slice(s1, 4, 8)));
    assertEquals(Handshake.Scheme.DIGEST_FIRST,
        Handshake.findDigest(s1, Handshake.SERVER_KEY, Handshake.SERVER_KEY_SHORT), "S1 digest with the FMS key");
    // FFmpeg's check (rtmpproto.c): S2's tail is HMAC(HMAC(FMS key, C1 digest), S2[0..1504]).
    byte[] ffmpegDigest = slice(FFMPEG_C0C1, 1 + 494, 1 + 494 + 32);
    assertEquals(true, Handshake.isSigned(s2, Handshake.SERVER_KEY, ffmpegDigest));
  }

  @Test
  void plainC1GetsAnS2EchoingIt() {
    byte[] c0c1 = c0c1(new Random(1), "00000000");
    ServerHandshake server = ServerHandshake.accept(c0c1, new Random(7));
    byte[] out = server.s0s1s2();
    assertEquals("00000000", toHex(slice(out, 5, 9)), "S1 version field");
    assertArrayEquals(slice(c0c1, 1, 1537), slice(out, 1537, 3073));
    assertEquals(Handshake.Proof.ECHO, server.checkC2(slice(out, 1, 1537)));
    assertEquals(Handshake.Proof.UNVERIFIED, server.checkC2(new byte[1536]));
  }

  @Test
  void ourClientAndServerCompleteTheSignedHandshake() {
    ClientHandshake client = new ClientHandshake(new Random(11));
    ServerHandshake server = ServerHandshake.accept(client.c0c1(), new Random(12));
    assertEquals(Handshake.Scheme.DIGEST_FIRST, server.clientScheme());
    ClientHandshake.Reply reply = client.answer(server.s0s1s2());
    assertEquals(Handshake.Proof.SIGNED, reply.serverProof());
    assertEquals(Handshake.Proof.SIGNED, server.checkC2(reply.c2()));
  }

  @Test
  void ourClientEchoesAPlainServersS1() {
    ClientHandshake client = new ClientHandshake(new Random(11));
    byte[] c1 = slice(client.c0c1(), 1, 1537);
    byte[] s1 = c0c1(new Random(5), "00000000");
    byte[] s0s1s2 = TestBytes.bytes(s1, c1); // S0 is s1's leading 03
    ClientHandshake.Reply reply = client.answer(s0s1s2);
    assertEquals(Handshake.Proof.ECHO, reply.serverProof());
    assertArrayEquals(slice(s1, 1, 1537), reply.c2());
  }

  @Test
  void ffmpegPublishingEchoesS1InC2() {
    ServerHandshake server = ServerHandshake.accept(FFMPEG_C0C1, new Random(7));
    byte[] c2 = slice(server.s0s1s2(), 1, 1537); // what FFmpeg 5.1 sends when it publishes
    assertEquals(Handshake.Proof.ECHO, server.checkC2(c2));
  }

  @Test
  void s1AndS2DifferPerConnection() {
    assertNotEquals(toHex(ServerHandshake.accept(FFMPEG_C0C1, new Random(1)).s0s1s2()),
        toHex(ServerHandshake.accept(FFMPEG_C0C1, new Random(2)).s0s1s2()));
  }

  @Test
  void rejectsOtherVersionsAndSizes() {
    byte[] rtmpe = FFMPEG_C0C1.clone();
    rtmpe[0] = 6;
    assertRejects("handshake: client asked for version 6, only 3 (plain RTMP) is served",
        () -> ServerHandshake.accept(rtmpe, new Random(1)));
    assertRejects("handshake: C0+C1 is 100 bytes, expected 1537", () -> ServerHandshake.accept(new byte[100], new Random(1)));
    ServerHandshake server = ServerHandshake.accept(FFMPEG_C0C1, new Random(1));
    assertRejects("handshake: C2 is 1535 bytes, expected 1536", () -> server.checkC2(new byte[1535]));
    ClientHandshake client = new ClientHandshake(new Random(1));
    assertRejects("handshake: S0+S1+S2 is 3072 bytes, expected 3073", () -> client.answer(new byte[3072]));
    assertRejects("handshake: server answered version 0, expected 3", () -> client.answer(new byte[3073]));
  }

  /** C0 (version 3) + C1 with epoch 0, the given version field and random bytes. */
  static byte[] c0c1(Random random, String versionHex) {
    byte[] b = new byte[Handshake.C0C1_SIZE];
    random.nextBytes(b);
    b[0] = 3;
    b[1] = b[2] = b[3] = b[4] = 0;
    System.arraycopy(hex(versionHex), 0, b, 5, 4);
    return b;
  }

  static byte[] resourceHex(String name) {
    try (InputStream in = HandshakeTest.class.getResourceAsStream(name)) {
      return hex(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}

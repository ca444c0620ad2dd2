package io.headwater.media.srt.codec;

import static io.headwater.media.srt.codec.SrtVectors.packet;
import static io.headwater.media.srt.codec.SrtVectors.toHex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.headwater.media.srt.codec.HandshakeExtension.Opaque;
import io.headwater.media.srt.codec.HandshakeExtension.Sid;
import io.headwater.media.srt.codec.HandshakeExtension.SrtOptions;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The handshake exchange of srt.md 4.2: the listener's answers rebuilt from the captured requests. */
class HandshakeTest {
  static ControlPacket decode(String capture, int frame) {
    return (ControlPacket) SrtPacket.decode(packet(capture, frame));
  }

  static Handshake handshake(String capture, int frame) {
    return (Handshake) decode(capture, frame).body();
  }

  /** The captured answer's timestamp and destination around the body the codec built. */
  static void assertAnswers(String capture, int frame, Handshake answer) {
    ControlPacket captured = decode(capture, frame);
    byte[] built = new ControlPacket(captured.timestamp(), captured.destinationSocketId(), answer).encode();
    assertEquals(toHex(packet(capture, frame)), toHex(built));
  }

  @ParameterizedTest(name = "{0}: frame 2 from frame 1")
  @CsvSource({"plain-sid-access-control, 0", "aes128-passphrase, 2", "aes256-passphrase, 4", "key-refresh, 2"})
  void inductionResponseAsLibsrtSendsIt(String capture, int advertisedKeyLengthBy8) {
    Handshake request = handshake(capture, 1);
    Handshake captured = handshake(capture, 2);
    assertAnswers(capture, 2, request.inductionResponse(captured.synCookie(), advertisedKeyLengthBy8));
    assertEquals(request.socketId(), decode(capture, 2).destinationSocketId(), "sent to the caller's socket id");
  }

  @ParameterizedTest(name = "{0}: frame 4 from frame 3")
  @CsvSource({"plain-sid-access-control", "plain-sid-publish-key", "loss-nak-retransmit", "keepalive-idle"})
  void conclusionResponseAsLibsrtSendsIt(String capture) {
    Handshake request = handshake(capture, 3);
    Handshake captured = handshake(capture, 4);
    SrtOptions hsreq = request.srtRequest().orElseThrow();
    SrtOptions hsrsp = SrtOptions.response(0x00010501, SrtOptions.LIBSRT_LIVE_FLAGS,
        Math.max(120, hsreq.senderDelayMs()), Math.max(120, hsreq.receiverDelayMs()));
    assertAnswers(capture, 4, request.conclusionResponse(captured.socketId(), 0, Math.min(1500, request.mss()), 8192,
        InetAddress.getLoopbackAddress(), List.of(hsrsp)));
  }

  @ParameterizedTest(name = "{0}: frame 4 from frame 3")
  @CsvSource({"aes128-passphrase", "aes256-passphrase", "key-refresh"})
  void encryptedConclusionResponseEchoesTheKm(String capture) {
    Handshake request = handshake(capture, 3);
    Handshake captured = handshake(capture, 4);
    KeyMaterial km = request.extension(KeyExchange.Request.class).orElseThrow().keyMaterial();
    SrtOptions hsrsp = SrtOptions.response(0x00010501, SrtOptions.LIBSRT_LIVE_FLAGS, 200, 200);
    Handshake answer = request.conclusionResponse(captured.socketId(), request.encryptionField(), 1500, 8192,
        InetAddress.getLoopbackAddress(), List.of(hsrsp, new KeyExchange.Response(km)));
    assertEquals(Handshake.EXT_HSREQ | Handshake.EXT_KMREQ, answer.extensionField());
    assertAnswers(capture, 4, answer);
  }

  @ParameterizedTest(name = "{0}: frame 4 from frame 3, reason {1}")
  @CsvSource({"wrong-passphrase, 10", "caller-without-passphrase, 11", "listener-without-passphrase, 11"})
  void rejectionAsLibsrtSendsIt(String capture, int reason) {
    Handshake request = handshake(capture, 3);
    Handshake captured = handshake(capture, 4);
    assertAnswers(capture, 4, request.rejection(captured.socketId(), new RejectReason(reason)));
    assertEquals(64, packet(capture, 4).length, "no extension blocks");
  }

  @Test
  void conclusionFromTheCallerCarriesHsreqAndSid() {
    Handshake conclusion = handshake("aes128-passphrase", 3);
    assertTrue(conclusion.isConclusion());
    assertTrue(conclusion.hasExtensionFlag(Handshake.EXT_HSREQ | Handshake.EXT_KMREQ | Handshake.EXT_CONFIG));
    SrtOptions hsreq = conclusion.srtRequest().orElseThrow();
    assertEquals("1.5.1", hsreq.versionText());
    assertTrue(hsreq.has(SrtOptions.TSBPDSND | SrtOptions.TSBPDRCV | SrtOptions.TLPKTDROP | SrtOptions.PERIODICNAK
        | SrtOptions.REXMITFLG | SrtOptions.CRYPT | SrtOptions.PACKET_FILTER));
    assertFalse(hsreq.has(SrtOptions.STREAM));
    assertEquals(200, hsreq.receiverDelayMs());
    assertEquals(200, hsreq.senderDelayMs());
    assertEquals("#!::r=live/abc,m=publish", conclusion.streamId().orElseThrow());
    assertEquals(InetAddress.getLoopbackAddress(), conclusion.peerAddress());
  }

  @Test
  void callerWithoutPassphraseEchoesTheAdvertisedKeyLength() {
    Handshake conclusion = handshake("caller-without-passphrase", 3);
    assertEquals(2, conclusion.encryptionField(), "srt.md 4.2: decide on the KMREQ block, not this field");
    assertTrue(conclusion.extension(HandshakeExtension.TYPE_KMREQ).isEmpty());
  }

  @Test
  void sidWordsAreByteReversedAndThePadLandsFirstInTheLastWord() {
    assertEquals("6c627570 3a687369 0059454b".replace(" ", ""), toHex(new Sid("publish:KEY").encodeContents()));
    assertEquals("3a3a2123 696c3d72 612f6576 6d2c6362 6275703d 6873696c".replace(" ", ""),
        toHex(new Sid("#!::r=live/abc,m=publish").encodeContents()));
  }

  @Test
  void sidOf512BytesIsTheLongestAccepted() {
    String longest = "r".repeat(512);
    Handshake withSid = new Handshake(5, 0, 5, 1, 1500, 8192, -1, 2, 3, PacketVectors.LOOPBACK, List.of(new Sid(longest)));
    assertEquals(longest, ((Handshake) ((ControlPacket) SrtPacket.decode(
        new ControlPacket(1, 0, withSid).encode())).body()).streamId().orElseThrow());
    assertThrows(IllegalArgumentException.class, () -> new Sid(longest + "r"));
  }

  @Test
  void multiByteUtf8SidSurvivesTheWordReversal() {
    String sid = "#!::r=caf\u00e9/\u6d41,m=publish";
    byte[] words = new Sid(sid).encodeContents();
    assertEquals(sid, HandshakeStrings.decode("test", words, 0, words.length));
  }

  @Test
  void congestionAndFilterBlocksReadAsText() {
    Handshake h = (Handshake) ((ControlPacket) PacketVectors.SYNTHETIC.stream()
        .filter(r -> r.name().startsWith("handshake: CONGESTION")).findFirst().orElseThrow().packet()).body();
    assertEquals("live", ((Opaque) h.extension(HandshakeExtension.TYPE_CONGESTION).orElseThrow()).text());
    assertEquals("fec,cols", ((Opaque) h.extension(HandshakeExtension.TYPE_FILTER).orElseThrow()).text());
    assertEquals(Handshake.EXT_CONFIG, Handshake.extensionFlagsFor(h.extensions()));
  }

  @Test
  void peerIpKeepsLibsrtsLittleEndianWords() throws Exception {
    assertArrayEquals(PacketVectors.LOOPBACK, Handshake.peerIpOf(InetAddress.getByName("127.0.0.1")));
    byte[] v6 = Handshake.peerIpOf(InetAddress.getByName("2001:db8::1"));
    assertEquals("b80d0120 00000000 00000000 01000000".replace(" ", ""), toHex(v6));
    Handshake h = new Handshake(5, 0, 0, 0, 1500, 8192, 1, 1, 0, v6, List.of());
    assertEquals(InetAddress.getByName("2001:db8::1"), h.peerAddress());
  }

  @Test
  void rejectionCodesTravelAsThousandPlusCode() {
    assertEquals(1010, RejectReason.BADSECRET.handshakeType());
    assertEquals(2403, RejectReason.X_FORBIDDEN.handshakeType(), "srt.md 4.6: libsrt reads 2403 as application 1403");
    assertEquals(RejectReason.X_NOT_FOUND, RejectReason.fromHandshakeType(2404));
    assertEquals("X_NOT_FOUND(1404)", RejectReason.X_NOT_FOUND.toString());
    assertEquals("application(1999)", new RejectReason(1999).toString());
    assertFalse(RejectReason.isRejection(Handshake.TYPE_CONCLUSION));
    assertTrue(handshake("wrong-passphrase", 4).isRejection());
    assertEquals(1010, handshake("wrong-passphrase", 4).type());
  }
}

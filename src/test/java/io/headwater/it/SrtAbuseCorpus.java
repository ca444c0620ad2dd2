package io.headwater.it;

import io.headwater.media.srt.codec.ControlBody;
import io.headwater.media.srt.codec.ControlPacket;
import io.headwater.media.srt.codec.DataPacket;
import io.headwater.media.srt.codec.Handshake;
import io.headwater.media.srt.codec.HandshakeExtension;
import io.headwater.media.srt.codec.HandshakeExtension.SrtOptions;
import io.headwater.media.srt.codec.KeyExchange;
import io.headwater.media.srt.codec.KeyFlags;
import io.headwater.media.srt.codec.KeyMaterial;
import io.headwater.media.srt.codec.SessionKeys;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Malformed datagrams and handshake sequences for the SRT listener, each with the answer a libsrt listener
 * would give: none (dropped), an induction answer, or a rejection with its code. Conclusions that need a
 * cookie get one from a real induction first. Seeded, so every run sends the same bytes.
 */
final class SrtAbuseCorpus {
  enum Answer { NONE, INDUCTION, REJECTION }

  /**
   * @param induce a real induction comes first; its cookie is handed to {@code datagrams}
   * @param datagrams what to send, given the cookie (0 without induction) and the caller socket id used
   * @param rejectCode the wire code of the expected rejection, or 0
   */
  record Case(String name, boolean induce, CaseDatagrams datagrams, Answer answer, int rejectCode) {}

  @FunctionalInterface
  interface CaseDatagrams {
    List<byte[]> of(int cookie, int socketId);
  }

  private static final int SRT_VERSION = 0x0001_0501;
  private static final Random RANDOM = new Random(20260814);

  private SrtAbuseCorpus() {}

  /** @param liveUid a live input (the canary's) whose passphrase the corpus does not know */
  static List<Case> all(String liveUid) {
    List<Case> cases = new ArrayList<>();
    garbage(cases);
    controlMatrix(cases);
    inductions(cases);
    conclusions(cases, liveUid);
    return cases;
  }

  private static void garbage(List<Case> cases) {
    for (int i = 0; i < 60; i++) {
      byte[] b = new byte[RANDOM.nextInt(1600)];
      RANDOM.nextBytes(b);
      if (b.length >= 16) ByteBuffer.wrap(b).putInt(12, RANDOM.nextInt() | 1); // never socket id 0
      cases.add(raw("random " + b.length + " bytes #" + i, b));
    }
    for (int length = 0; length < 16; length++) cases.add(raw("truncated header of " + length + " bytes", new byte[length]));
    for (int length : new int[] {1501, 4000, 65_000}) {
      byte[] b = new byte[length];
      System.arraycopy(induction(7, 1), 0, b, 0, 64);
      cases.add(raw("an induction padded to " + length + " bytes", b));
    }
  }

  /** Every control type with CIFs of odd sizes, to socket id 0 (the handshake path) and to unknown sockets. */
  private static void controlMatrix(List<Case> cases) {
    int[] types = {1, 2, 3, 4, 5, 6, 7, 8, 0x7FFF, 0x1234};
    int[] cifs = {0, 3, 4, 200};
    for (int type : types) {
      for (int cif : cifs) {
        for (int destination : new int[] {0, 0x2000_0000 + RANDOM.nextInt(1 << 20)}) {
          byte[] b = new byte[16 + cif];
          ByteBuffer w = ByteBuffer.wrap(b);
          w.putInt(0, 0x8000_0000 | type << 16 | (type == 0x7FFF ? 1 + RANDOM.nextInt(5) : 0));
          w.putInt(4, RANDOM.nextInt());
          w.putInt(12, destination);
          for (int i = 16; i < b.length; i++) b[i] = (byte) RANDOM.nextInt();
          cases.add(raw("control type 0x" + Integer.toHexString(type) + ", " + cif + "-byte CIF, to socket " + destination, b));
        }
      }
    }
    for (int i = 0; i < 5; i++) {
      byte[] data = DataPacket.live(RANDOM.nextInt() & 0x7FFF_FFFF, 1, 0, i == 0 ? 0 : RANDOM.nextInt() | 1,
          new byte[188]).encode();
      cases.add(raw("data to " + (i == 0 ? "socket 0" : "an unknown socket"), data));
    }
    cases.add(raw("a handshake CIF cut to 20 bytes", java.util.Arrays.copyOf(induction(9, 2), 36)));
  }

  /** Inductions with odd fields are answered (the answer echoes them and keeps nothing); other types are not. */
  private static void inductions(List<Case> cases) {
    cases.add(new Case("an induction in version 5", false, (c, id) -> List.of(packet(new Handshake(5, 0,
        Handshake.UDT_DGRAM, 1, 1500, 8192, Handshake.TYPE_INDUCTION, id, 0, peer(), List.of()))), Answer.INDUCTION, 0));
    cases.add(new Case("an induction with MSS 0 and a negative window", false, (c, id) -> List.of(packet(new Handshake(4,
        0, Handshake.UDT_DGRAM, 1, 0, -5, Handshake.TYPE_INDUCTION, id, 0, peer(), List.of()))), Answer.INDUCTION, 0));
    cases.add(new Case("an induction carrying extensions", false, (c, id) -> List.of(packet(new Handshake(4, 0,
        Handshake.UDT_DGRAM, 1, 1500, 8192, Handshake.TYPE_INDUCTION, id, 0, peer(),
        List.of(new HandshakeExtension.Sid("x".repeat(500)))))), Answer.INDUCTION, 0));
    for (int type : new int[] {Handshake.TYPE_WAVEAHAND, Handshake.TYPE_AGREEMENT, 1010, 2403, 7, -3}) {
      cases.add(new Case("a handshake of type " + type, false, (c, id) -> List.of(packet(new Handshake(5, 0, 0, 1,
          1500, 8192, type, id, 0, peer(), List.of()))), Answer.NONE, 0));
    }
    for (int i = 0; i < 5; i++) {
      int stranger = 0x3000_0000 + RANDOM.nextInt(1 << 20);
      cases.add(new Case("a conclusion to socket " + stranger, true, (c, id) -> List.of(new ControlPacket(1000, stranger,
          new Handshake(5, 2, 0, 77, 1500, 8192, Handshake.TYPE_CONCLUSION, id, c, peer(), base("x"))).encode()),
          Answer.NONE, 0));
    }
    cases.add(new Case("a conclusion without a cookie", false, (c, id) -> List.of(conclusion(0, id, base("x"))),
        Answer.NONE, 0));
    cases.add(new Case("a conclusion with a made-up cookie", true, (c, id) -> List.of(conclusion(c + 1, id, base("x"))),
        Answer.NONE, 0));
  }

  /** Conclusions with a valid cookie that must be refused with libsrt's codes. */
  private static void conclusions(List<Case> cases, String liveUid) {
    String unknown = "0123456789abcdef0123456789abcdef";
    refused(cases, "HSv4 conclusion", 1008, (c, id) -> List.of(packet(new Handshake(4, 0, Handshake.UDT_DGRAM, 1,
        1500, 8192, Handshake.TYPE_CONCLUSION, id, c, peer(), List.of()))));
    refused(cases, "no HSREQ", 1004, ext(liveUid, l -> l.subList(1, l.size())));
    refused(cases, "stream (file) mode", 1012, ext(liveUid, l -> set(l, 0, SrtOptions.request(SRT_VERSION, 0xFF, 120, 120))));
    refused(cases, "not sending with TSBPD", 1012, ext(liveUid, l -> set(l, 0, SrtOptions.request(SRT_VERSION, 0xBE, 120, 120))));
    refused(cases, "congestion control 'file'", 1013, ext(liveUid, l -> plus(l, opaque(6, "file"))));
    refused(cases, "a packet filter", 1014, ext(liveUid, l -> plus(l, opaque(7, "fec,cols:10,rows:5"))));
    refused(cases, "a group", 1015, ext(liveUid, l -> plus(l, new HandshakeExtension.Opaque(8, new byte[8]))));
    refused(cases, "no stream id", 2400, ext(liveUid, l -> List.of(l.get(0), l.get(2))));
    refused(cases, "a stream id naming no uid", 2400, ext("live/abc", l -> l));
    refused(cases, "a malformed access-control stream id", 2400, ext("#!::r", l -> l));
    refused(cases, "an unknown mode", 2400, ext("#!::r=" + liveUid + ",m=sideways", l -> l));
    refused(cases, "a control character in the stream id", 2400, ext(liveUid + "\u0007", l -> l));
    refused(cases, "bidirectional", 2405, ext("#!::r=" + liveUid + ",m=bidirectional", l -> l));
    refused(cases, "a latency of 60 s", 2406, ext(liveUid, l -> set(l, 0, SrtOptions.request(SRT_VERSION, 0xBF, 60_000, 60_000))));
    refused(cases, "no passphrase", 1011, ext(liveUid, l -> l.subList(0, 2)));
    refused(cases, "AES-GCM key material", 1017, ext(liveUid, l -> set(l, 2, new KeyExchange.Request(new KeyMaterial(
        KeyFlags.EVEN, 0, KeyMaterial.CIPHER_AES_GCM, 1, 2, new byte[16], 16, new byte[24])))));
    refused(cases, "a KEK index of 1", 1017, ext(liveUid, l -> set(l, 2, new KeyExchange.Request(new KeyMaterial(
        KeyFlags.EVEN, 1, KeyMaterial.CIPHER_AES_CTR, 0, 2, new byte[16], 16, new byte[24])))));
    refused(cases, "garbage key material", 1004, ext(liveUid, l -> set(l, 2, new HandshakeExtension.Opaque(3, new byte[56]))));
    refused(cases, "a stream id over 512 bytes", 1004, ext(liveUid, l -> set(l, 1,
        new HandshakeExtension.Opaque(5, new byte[600]))));
    refused(cases, "two SID blocks", 1004, ext(liveUid, l -> plus(l, new HandshakeExtension.Sid(liveUid))));
    refused(cases, "17 extension blocks", 1004, ext(liveUid, l -> {
      List<HandshakeExtension> more = new ArrayList<>(l);
      for (int i = 0; i < 14; i++) more.add(new HandshakeExtension.Opaque(100 + i, new byte[4]));
      return more;
    }));
    refused(cases, "the live input, a wrong passphrase", 1010, ext(liveUid, l -> l));
    refused(cases, "the live input, an unknown extension and a wrong passphrase", 1010,
        ext(liveUid, l -> plus(l, new HandshakeExtension.Opaque(99, new byte[12]))));
    refused(cases, "an unknown input", 1010, ext(unknown, l -> l));
    refused(cases, "playback of the live input, a wrong passphrase", 1010, ext("play" + liveUid, l -> l));
    refused(cases, "playback of an unknown input", 1010, ext("#!::r=" + unknown + ",m=request", l -> l));
    refused(cases, "an extension length running past the datagram", 1004, (c, id) -> {
      byte[] b = conclusion(c, id, base(liveUid));
      b[16 + 48 + 3] = 60;
      return List.of(b);
    });
    refused(cases, "the same wrong conclusion ten times", 1010, (c, id) -> {
      byte[] b = conclusion(c, id, base(liveUid));
      List<byte[]> ten = new ArrayList<>();
      for (int i = 0; i < 10; i++) ten.add(b);
      return ten;
    });
  }

  // ---- building blocks

  private static Case raw(String name, byte[] datagram) {
    return new Case(name, false, (c, id) -> List.of(datagram), Answer.NONE, 0);
  }

  private static void refused(List<Case> cases, String name, int code, CaseDatagrams datagrams) {
    cases.add(new Case(name, true, datagrams, Answer.REJECTION, code));
  }

  /** A conclusion for {@code streamId} whose extension blocks {@code change} rewrites. */
  private static CaseDatagrams ext(String streamId, UnaryOperator<List<HandshakeExtension>> change) {
    return (c, id) -> List.of(conclusion(c, id, change.apply(base(streamId))));
  }

  /** HSREQ as FFmpeg sends it, the stream id, and key material under a passphrase nobody has. */
  private static List<HandshakeExtension> base(String streamId) {
    SessionKeys keys = SessionKeys.generate(new SecureRandom(), 16, KeyFlags.EVEN);
    return List.of(SrtOptions.request(SRT_VERSION, SrtOptions.LIBSRT_LIVE_FLAGS, 120, 120),
        new HandshakeExtension.Sid(streamId), new KeyExchange.Request(keys.wrap("not-the-passphrase-0", KeyFlags.EVEN)));
  }

  static byte[] induction(int socketId, int isn) {
    return packet(new Handshake(4, 0, Handshake.UDT_DGRAM, isn, 1500, 8192, Handshake.TYPE_INDUCTION, socketId, 0,
        peer(), List.of()));
  }

  private static byte[] conclusion(int cookie, int socketId, List<HandshakeExtension> ext) {
    return packet(new Handshake(5, 2, Handshake.extensionFlagsFor(ext), 77, 1500, 8192, Handshake.TYPE_CONCLUSION,
        socketId, cookie, peer(), ext));
  }

  private static byte[] packet(ControlBody body) {
    return new ControlPacket(1000, 0, body).encode();
  }

  private static byte[] peer() {
    return Handshake.peerIpOf(InetAddress.getLoopbackAddress());
  }

  private static HandshakeExtension opaque(int type, String text) {
    return new HandshakeExtension.Opaque(type, new HandshakeExtension.Sid(text).encodeContents());
  }

  private static List<HandshakeExtension> set(List<HandshakeExtension> l, int i, HandshakeExtension e) {
    List<HandshakeExtension> copy = new ArrayList<>(l);
    copy.set(i, e);
    return copy;
  }

  private static List<HandshakeExtension> plus(List<HandshakeExtension> l, HandshakeExtension e) {
    List<HandshakeExtension> copy = new ArrayList<>(l);
    copy.add(e);
    return copy;
  }
}

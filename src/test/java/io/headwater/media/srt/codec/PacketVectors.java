package io.headwater.media.srt.codec;

import static io.headwater.media.srt.codec.SrtVectors.hex;
import static io.headwater.media.srt.codec.SrtVectors.packet;
import static io.headwater.media.srt.codec.SrtVectors.payload;

import io.headwater.media.srt.codec.ControlBody.AckAck;
import io.headwater.media.srt.codec.ControlBody.KeepAlive;
import io.headwater.media.srt.codec.ControlBody.Shutdown;
import io.headwater.media.srt.codec.HandshakeExtension.Sid;
import io.headwater.media.srt.codec.HandshakeExtension.SrtOptions;
import java.util.List;

/**
 * Golden packets: captured rows of packets.tsv with the records they decode to, and synthetic rows for what
 * the captures lack. A row marked {@code encodable} is also exactly what encoding its record gives.
 */
final class PacketVectors {
  private PacketVectors() {}

  record Row(String name, byte[] wire, SrtPacket packet, boolean encodable) {
    @Override
    public String toString() {
      return name;
    }
  }

  record Bad(String name, byte[] wire, String fragment) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** 127.0.0.1 in libsrt's peer IP layout (srt.md 4.1). */
  static final byte[] LOOPBACK = hex("0100007f 00000000 00000000 00000000");

  static final SrtOptions LIBSRT_HSREQ = SrtOptions.request(0x00010501, 0xBF, 200, 200);
  static final SrtOptions LIBSRT_HSRSP = SrtOptions.response(0x00010501, 0xBF, 200, 200);

  static Row captured(String capture, int frame, SrtPacket packet) {
    return new Row(capture + " frame " + frame, packet(capture, frame), packet, true);
  }

  static ControlPacket control(int timestamp, int destination, ControlBody body) {
    return new ControlPacket(timestamp, destination, body);
  }

  static Handshake handshake(int version, int encryption, int extension, int isn, int type, int socketId, int cookie,
      HandshakeExtension... extensions) {
    return new Handshake(version, encryption, extension, isn, 1500, 8192, type, socketId, cookie, LOOPBACK,
        List.of(extensions));
  }

  static final List<Row> CAPTURED = List.of(
      captured("plain-sid-access-control", 1, control(427, 0,
          handshake(4, 0, 2, 0x7361e352, 1, 0x32b6d5be, 0))),
      captured("plain-sid-access-control", 2, control(1061681, 0x32b6d5be,
          handshake(5, 0, 0x4a17, 0x7361e352, 1, 0x32b6d5be, 0x55774d90))),
      captured("plain-sid-access-control", 3, control(660, 0,
          handshake(5, 0, 5, 0x7361e352, -1, 0x32b6d5be, 0x55774d90, LIBSRT_HSREQ, new Sid("#!::r=live/abc,m=publish")))),
      captured("plain-sid-access-control", 4, control(340, 0x32b6d5be,
          handshake(5, 0, 1, 0x7361e352, -1, 0x08ffa260, 0x55774d90, LIBSRT_HSRSP))),
      captured("plain-sid-access-control", 5, DataPacket.live(0x7361e352, 1, 11383, 0x08ffa260,
          payload("plain-sid-access-control", 5))),
      captured("plain-sid-access-control", 6, control(10791, 0x32b6d5be,
          new Ack.Full(1, 0x7361e353, 100_000, 50_000, 8190, 1, 1000, 1500))),
      captured("plain-sid-access-control", 12, control(11568, 0x08ffa260, new AckAck(1))),
      captured("plain-sid-access-control", 342, control(3010210, 0x08ffa260, new Shutdown())),
      captured("plain-sid-publish-key", 3, control(728, 0,
          handshake(5, 0, 5, 0x0f7a4207, -1, 0x270d37e5, 0xf146eb4d, LIBSRT_HSREQ, new Sid("publish:KEY")))),
      captured("plain-sid-publish-key", 17, control(86385, 0x270d37e5,
          new Ack.Full(3, 0x0f7a420f, 0x34, 0x17, 0x1ff7, 0, 1000, 0))),
      captured("keepalive-idle", 5, control(1004567, 0x026c59c8, new KeepAlive())),
      captured("keepalive-idle", 6, control(1005282, 0x060373c2, new KeepAlive())),
      captured("wrong-passphrase", 4, control(1064272, 0x219366c0,
          handshake(5, 2, 7, 0x677e9d6e, 1010, 0x3765a66a, 0x4d5de42f))),
      captured("caller-without-passphrase", 4, control(1065647, 0x13eb6ae4,
          handshake(5, 2, 5, 0x32ee247f, 1011, 0x156ab73e, 0x4c2a811c))),
      captured("loss-nak-retransmit", 99, control(889134, 0x3647ea9e, Nak.of(Nak.Range.single(0x118ff5df)))),
      captured("loss-nak-retransmit", 100, new DataPacket(0x118ff5df, DataPacket.Position.SOLO, true, KeyFlags.CLEAR,
          true, 40, 847550, 0x366b0ffe, payload("loss-nak-retransmit", 100))),
      captured("loss-nak-retransmit", 191, control(1723115, 0x3647ea9e, Nak.of(new Nak.Range(0x118ff606, 0x118ff608)))),
      captured("light-ack-burst", 69, control(2108, 0x089cceb1, new Ack.Light(0x2944cc41))),
      captured("light-ack-burst", 914, control(10334, 0x089cceb1,
          new Ack.Full(1, 0x2944cdd2, 100_000, 50_000, 0x1e2e, 0x051616, 0x03b5, 0x19def6ba))),
      captured("aes128-passphrase", 5, new DataPacket(0x72fa8cfe, DataPacket.Position.SOLO, true, KeyFlags.EVEN,
          false, 1, 12541, 0x24d6b922, payload("aes128-passphrase", 5))),
      captured("aes128-passphrase", 3, control(1017, 0,
          handshake(5, 2, 7, 0x72fa8cfe, -1, 0x12b80ca5, 0x6fedf691, LIBSRT_HSREQ, new Sid("#!::r=live/abc,m=publish"),
              new KeyExchange.Request(CryptoVectors.AES128)))),
      captured("aes128-passphrase", 4, control(861, 0x12b80ca5,
          handshake(5, 2, 3, 0x72fa8cfe, -1, 0x24d6b922, 0x6fedf691, LIBSRT_HSRSP,
              new KeyExchange.Response(CryptoVectors.AES128)))),
      captured("aes256-passphrase", 3, control(1700, 0,
          handshake(5, 4, 7, 0x649d817b, -1, 0x132e70ce, 0xe50d2d76, LIBSRT_HSREQ, new Sid("publish:KEY"),
              new KeyExchange.Request(CryptoVectors.AES256)))),
      captured("key-refresh", 145, control(1208676, 0x08c3755b, new KeyExchange.Request(CryptoVectors.REFRESH_BOTH))),
      captured("key-refresh", 146, control(1207843, 0x18464208, new KeyExchange.Response(CryptoVectors.REFRESH_BOTH))),
      captured("key-refresh", 248, new DataPacket(0x0651bd70, DataPacket.Position.SOLO, true, KeyFlags.ODD,
          false, 106, 2053640, 0x08c3755b, payload("key-refresh", 248))));

  static final List<Row> SYNTHETIC = List.of(
      new Row("small ACK, 4 words", hex("80020000 00000007 00000100 00000009 0000000a 0001d4c0 00000064 00001f00"),
          control(256, 9, new Ack.Small(7, 10, 120_000, 100, 7936)), true),
      new Row("UDT ACK of 6 words decodes as full with no byte rate",
          hex("80020000 00000002 00000001 00000009 0000000a 00000064 00000032 00000100 00000010 00000020"),
          control(1, 9, new Ack.Full(2, 10, 100, 50, 256, 16, 32, 0)), false),
      new Row("ACK of 8 words: the extra word is ignored",
          hex("80020000 00000002 00000001 00000009 0000000a 00000064 00000032 00000100 00000010 00000020 00000040 ffffffff"),
          control(1, 9, new Ack.Full(2, 10, 100, 50, 256, 16, 32, 64)), false),
      new Row("light ACK at the wrap: ack point 0", hex("80020000 00000000 00000005 00000009 00000000"),
          control(5, 9, new Ack.Light(0)), true),
      new Row("NAK: singles and ranges, one across the sequence wrap",
          hex("80030000 00000000 00000001 00000009 00000005 fffffffe 00000001 8000000a 0000000c 7fffffff"),
          control(1, 9, Nak.of(Nak.Range.single(5), new Nak.Range(0x7ffffffe, 1), new Nak.Range(10, 12),
              Nak.Range.single(0x7fffffff))), true),
      new Row("NAK: a range of one sent as a pair decodes as a single",
          hex("80030000 00000000 00000001 00000009 80000005 00000005"),
          control(1, 9, Nak.of(Nak.Range.single(5))), false),
      new Row("DROPREQ: message 40, sequences 294647263..294647265, PP/O bits above the message number ignored",
          hex("80070000 e0000028 00000003 00000009 118ff5df 118ff5e1"),
          control(3, 9, new ControlBody.DropRequest(40, 0x118ff5df, 0x118ff5e1)), false),
      new Row("DROPREQ as this codec sends it", hex("80070000 00000028 00000003 00000009 118ff5df 118ff5e1"),
          control(3, 9, new ControlBody.DropRequest(40, 0x118ff5df, 0x118ff5e1)), true),
      new Row("PEERERROR 4000", hex("80080000 00000fa0 00000004 00000009 00000000"),
          control(4, 9, new ControlBody.PeerError(4000)), true),
      new Row("CGWARNING", hex("80040000 00000000 00000004 00000009 00000000"),
          control(4, 9, new ControlBody.CongestionWarning()), true),
      new Row("KEEPALIVE without the padding word", hex("80010000 00000000 00000004 00000009"),
          control(4, 9, new KeepAlive()), false),
      new Row("ACKACK with subtype 5: subtype ignored outside type 0x7FFF",
          hex("80060005 00000003 00000004 00000009 00000000"), control(4, 9, new AckAck(3)), false),
      new Row("unknown control type 0x0009 kept verbatim", hex("80090000 00000011 00000004 00000009 01020304 05060708"),
          control(4, 9, new ControlBody.Unknown(9, 0, 0x11, hex("0102030405060708"))), true),
      new Row("unknown control type 0x7ffe with a subtype and no CIF", hex("fffe0102 00000000 00000004 00000009"),
          control(4, 9, new ControlBody.Unknown(0x7ffe, 0x0102, 0, new byte[0])), true),
      new Row("SRT extended type, legacy HSv4 HSREQ subtype 1, kept verbatim",
          hex("ffff0001 00000000 00000004 00000009 00010501 000000bf 00c800c8"),
          control(4, 9, new ControlBody.Unknown(0x7fff, 1, 0, hex("00010501 000000bf 00c800c8"))), true),
      new Row("KMRSP control with a BADSECRET status word (srt.md 7.6)", hex("ffff0004 00000000 00000004 00000009 00000004"),
          control(4, 9, new KeyExchange.Failure(KeyExchange.KM_BADSECRET)), true),
      new Row("conclusion response with a KMRSP status word: the older, non-enforced answer (srt.md 7.7)",
          hex("80000000 00000000 00000001 00000009 00000005 00020003 00000001 000005dc 00002000 ffffffff 00000002"
              + "00000003 0100007f 00000000 00000000 00000000 0002 0003 00010501 000000bf 00c800c8 0004 0001 00000003"),
          control(1, 9, handshake(5, 2, 3, 1, -1, 2, 3, LIBSRT_HSRSP, new KeyExchange.Failure(KeyExchange.KM_NOSECRET))),
          true),
      new Row("unknown SRT extended subtype 9 kept verbatim", hex("ffff0009 00000000 00000004 00000009 00000004"),
          control(4, 9, new ControlBody.Unknown(0x7fff, 9, 0, hex("00000004"))), true),
      new Row("data: last sequence number and message number, FIRST, no O, odd key",
          hex("7fffffff 93ffffff ffffffff 00000009 47"),
          new DataPacket(0x7fffffff, DataPacket.Position.FIRST, false, KeyFlags.ODD, false, 0x3ffffff, -1, 9,
              hex("47")), true),
      new Row("data: MIDDLE, retransmitted, empty payload", hex("00000000 04000002 00000000 00000009"),
          new DataPacket(0, DataPacket.Position.MIDDLE, false, KeyFlags.CLEAR, true, 2, 0, 9, new byte[0]), true),
      new Row("data: LAST", hex("00000001 60000003 00000000 00000009 4700"),
          new DataPacket(1, DataPacket.Position.LAST, true, KeyFlags.CLEAR, false, 3, 0, 9, hex("4700")), true),
      new Row("handshake: CONGESTION \"live\", FILTER, GROUP and an unknown block stay opaque",
          hex("80000000 00000000 00000001 00000000 00000005 00000005 00000001 000005dc 00002000 ffffffff 00000002"
              + "00000003 0100007f 00000000 00000000 00000000 0006 0001 6576696c 0007 0002 2c636566 736c6f63"
              + "0008 0002 00000007 01000001 0063 0000"),
          control(1, 0, handshake(5, 0, 5, 1, -1, 2, 3,
              new HandshakeExtension.Opaque(6, hex("6576696c")),
              new HandshakeExtension.Opaque(7, hex("2c636566 736c6f63")),
              new HandshakeExtension.Opaque(8, hex("00000007 01000001")),
              new HandshakeExtension.Opaque(0x63, new byte[0]))), true));

  /** A handshake packet of 16 header bytes, the 48-byte CIF of a conclusion, then {@code tail} hex. */
  static byte[] conclusionWith(String tail) {
    return hex("80000000 00000000 00000001 00000000 00000005 00000005 00000001 000005dc 00002000 ffffffff"
        + "00000002 00000003 0100007f 00000000 00000000 00000000" + tail);
  }

  private static String seventeenEmptyBlocks() {
    StringBuilder hex = new StringBuilder();
    for (int type = 0x60; type < 0x60 + 17; type++) {
      hex.append(String.format("%04x0000", type));
    }
    return hex.toString();
  }

  static final List<Bad> BAD = List.of(
      new Bad("empty datagram", new byte[0], "packet: 0 bytes, expected at least 16"),
      new Bad("15-byte header", hex("80020000 00000000 00000001 000000"), "packet: 15 bytes, expected at least 16"),
      new Bad("light-ack-burst frame 1: induction cut to 54 bytes by the capture's snap length",
          packet("light-ack-burst", 1), "handshake CIF: 38 bytes, expected at least 48"),
      new Bad("light-ack-burst frame 4: conclusion response cut to 54 bytes",
          packet("light-ack-burst", 4), "handshake CIF: 38 bytes, expected at least 48"),
      new Bad("data with KK=3", hex("00000001 f8000001 00000000 00000009"), "data: KK=3"),
      new Bad("ACK with an empty CIF", hex("80020000 00000001 00000000 00000009"), "ack: CIF 0 bytes"),
      new Bad("ACK of 2 words", hex("80020000 00000001 00000000 00000009 00000001 00000002"),
          "ack: CIF 8 bytes, expected 4 (light), 16 (small) or 28 (full)"),
      new Bad("ACK of 6 bytes", hex("80020000 00000001 00000000 00000009 00000001 0002"),
          "ack CIF: 6 bytes, not a whole number of 32-bit words"),
      new Bad("NAK without entries", hex("80030000 00000000 00000000 00000009"), "nak: empty loss list"),
      new Bad("NAK of 5 bytes", hex("80030000 00000000 00000000 00000009 00000001 02"),
          "nak CIF: 5 bytes, not a whole number"),
      new Bad("NAK range start as the last entry", hex("80030000 00000000 00000000 00000009 00000001 80000005"),
          "nak: range start at entry 1 has no end entry"),
      new Bad("NAK range start followed by a range start",
          hex("80030000 00000000 00000000 00000009 80000005 80000007"),
          "nak: range start at entry 0 is followed by another range start"),
      new Bad("NAK range that ends before it starts", hex("80030000 00000000 00000000 00000009 80000009 00000005"),
          "nak: range at entry 0 ends before it starts"),
      new Bad("DROPREQ with one sequence number", hex("80070000 00000001 00000000 00000009 00000005"),
          "dropreq: CIF 4 bytes, expected 8"),
      new Bad("handshake extension longer than the packet", conclusionWith("0001 0003 00010501 000000bf"),
          "handshake extension 0 (type 1 HSREQ): 3 words run past the end (2 words left)"),
      new Bad("handshake with 2 bytes after the last extension", conclusionWith("0006 0001 6576696c 0005"),
          "handshake: 2 bytes after extension block 1, too short for a block header"),
      new Bad("handshake HSREQ of 2 words", conclusionWith("0001 0002 00010501 000000bf"),
          "handshake extension 0 (type 1 HSREQ): 2 words, expected 3"),
      new Bad("handshake with two SID blocks", conclusionWith("0005 0001 6c627570 0005 0001 6c627570"),
          "handshake extension 1 (type 5 SID): a second block of this type"),
      new Bad("handshake with 17 empty extension blocks of distinct types", conclusionWith(seventeenEmptyBlocks()),
          "handshake: more than 16 extension blocks"),
      new Bad("handshake SID of 600 bytes (srt.md 4.4: at most 512)", conclusionWith("0005 0096" + "41414141".repeat(150)),
          "handshake extension 0 (type 5 SID): 600 bytes, more than 512"),
      new Bad("handshake SID that is not UTF-8", conclusionWith("0005 0001 41c3ff41"),
          "handshake extension 0 (type 5 SID): not valid UTF-8"));
}


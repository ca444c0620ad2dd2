package io.headwater.media.rtmp.codec;

import static io.headwater.media.rtmp.codec.TestBytes.bytes;
import static io.headwater.media.rtmp.codec.TestBytes.counting;
import static io.headwater.media.rtmp.codec.TestBytes.slice;

import java.util.List;

/**
 * Golden vectors for the chunk stream layer: wire bytes as a peer sends them from the start of the chunk
 * stream (chunk size 128) and the messages they carry. Rows marked {@code encodable} are also exactly what
 * {@link ChunkEncoder} writes; the others use header forms it never writes.
 */
final class ChunkVectors {
  private ChunkVectors() {}

  record Row(String name, byte[] wire, List<RtmpMessage> messages, boolean encodable) {
    @Override
    public String toString() {
      return name;
    }
  }

  record Bad(String name, RtmpLimits limits, byte[] wire, String fragment) {
    @Override
    public String toString() {
      return name;
    }
  }

  static RtmpMessage msg(int csid, int type, long ts, int msid, byte[] payload) {
    return new RtmpMessage(csid, type, ts, msid, payload);
  }

  private static final byte[] P200 = counting(200, 0);
  private static final byte[] P130 = counting(130, 0x40);

  /**
   * FFmpeg 5.1 (Lavf59.27.100) publishing to rtmp://127.0.0.1:19350/live/streamkey123, captured on
   * loopback: its connect command, 140 bytes at the default chunk size, so a type-3 0xC3 continuation
   * splits "1:1|9350" in the tcUrl.
   */
  static final byte[] FFMPEG_CONNECT_WIRE = bytes("""
      0300000000008c1400000000020007636f6e6e656374003ff00000000000000300036170700200046c6976650004747970
      6502000a6e6f6e707269766174650008666c617368566572020024464d4c452f332e302028636f6d70617469626c653b20
      4c61766635392e32372e313030290005746355726c02001b72746d703a2f2f3132372e302e302e313a31c3393335302f6c
      697665000009""");

  static final byte[] FFMPEG_CONNECT_PAYLOAD =
      bytes(slice(FFMPEG_CONNECT_WIRE, 12, 140), slice(FFMPEG_CONNECT_WIRE, 141, 153));

  /** The same FFmpeg's connect in a second capture, whose tcUrl ends in port 19353. */
  private static final byte[] FFMPEG_CONNECT_19353 = FFMPEG_CONNECT_PAYLOAD.clone();

  static {
    FFMPEG_CONNECT_19353[131] = '3';
  }

  /**
   * FFmpeg 5.1 publishing to a loopback harness built on these codecs: its first 700 bytes after the
   * handshake, from connect to @setDataFrame. Later commands use type-1 headers (0x43) and follow a
   * Set Chunk Size of 4096.
   */
  static final byte[] FFMPEG_PUBLISH_WIRE = HandshakeTest.resourceHex("captures/ffmpeg-5.1-publish-chunks.hex");

  static final List<Row> ROWS = List.of(
      new Row("FFmpeg 5.1 publish sequence, real capture: connect to @setDataFrame", FFMPEG_PUBLISH_WIRE, List.of(
          msg(3, 20, 0, 0, FFMPEG_CONNECT_19353), msg(2, 1, 0, 0, bytes("00001000")),
          msg(3, 20, 0, 0, CommandVectors.FFMPEG_RELEASE_STREAM), msg(3, 20, 0, 0, CommandVectors.FFMPEG_FC_PUBLISH),
          msg(3, 20, 0, 0, CommandVectors.FFMPEG_CREATE_STREAM), msg(3, 20, 0, 0, CommandVectors.FFMPEG_CHECK_BW),
          msg(8, 20, 0, 1, CommandVectors.FFMPEG_PUBLISH), msg(4, 18, 0, 1, CommandVectors.FFMPEG_SET_DATA_FRAME)),
          false),
      new Row("fmt 0, one chunk, csid 3",
          bytes("03 000000 000005 14 00000000", "0102030405"),
          List.of(msg(3, 20, 0, 0, counting(5, 1))), true),
      new Row("fmt 0 then fmt 3 continuation at the default chunk size 128",
          bytes("04 0003e8 0000c8 09 01000000", slice(P200, 0, 128), "c4", slice(P200, 128, 200)),
          List.of(msg(4, 9, 1000, 1, P200)), true),
      new Row("FFmpeg 5.1 connect command, real capture, two chunks",
          FFMPEG_CONNECT_WIRE, List.of(msg(3, 20, 0, 0, FFMPEG_CONNECT_PAYLOAD)), true),
      new Row("zero-length message completes at its header",
          bytes("03 000000 000000 12 01000000"),
          List.of(msg(3, 18, 0, 1, new byte[0])), true),
      new Row("2-byte basic header, csid 64 (first byte's csid bits 0)",
          bytes("00 00 000000 000001 08 01000000 aa"),
          List.of(msg(64, 8, 0, 1, bytes("aa"))), true),
      new Row("2-byte basic header, csid 319",
          bytes("00 ff 000000 000001 08 01000000 aa"),
          List.of(msg(319, 8, 0, 1, bytes("aa"))), true),
      new Row("3-byte basic header, csid 320 (csid bits 1, low byte first)",
          bytes("01 00 01 000000 000001 08 01000000 aa"),
          List.of(msg(320, 8, 0, 1, bytes("aa"))), true),
      new Row("3-byte basic header, csid 65599, the largest",
          bytes("01 ff ff 000000 000001 08 01000000 aa"),
          List.of(msg(65599, 8, 0, 1, bytes("aa"))), true),
      new Row("3-byte form naming csid 64 is accepted though not the shortest",
          bytes("01 00 00 000000 000001 08 01000000 aa"),
          List.of(msg(64, 8, 0, 1, bytes("aa"))), false),
      new Row("3-byte continuation header repeats the 3-byte form",
          bytes("01 ff ff 000000 0000c8 09 01000000", slice(P200, 0, 128), "c1 ff ff", slice(P200, 128, 200)),
          List.of(msg(65599, 9, 0, 1, P200)), true),
      new Row("message stream id is little-endian",
          bytes("05 000000 000001 09 01020304 aa"),
          List.of(msg(5, 9, 0, 0x04030201, bytes("aa"))), true),
      new Row("timestamp 0xFFFFFE fits the 24-bit field",
          bytes("04 fffffe 000001 08 01000000 aa"),
          List.of(msg(4, 8, 0xFFFFFE, 1, bytes("aa"))), true),
      new Row("timestamp 0xFFFFFF needs the extended field",
          bytes("04 ffffff 000001 08 01000000 00ffffff aa"),
          List.of(msg(4, 8, 0xFFFFFF, 1, bytes("aa"))), true),
      new Row("extended timestamp repeated in the type-3 continuation (RTMP 5.3.1.3)",
          bytes("04 ffffff 000082 09 01000000 01000000", slice(P130, 0, 128), "c4 01000000", slice(P130, 128, 130)),
          List.of(msg(4, 9, 0x01000000, 1, P130)), true),
      new Row("extended timestamp not repeated in the continuation (older encoders)",
          bytes("04 ffffff 0000c8 09 01000000 01000000", slice(P200, 0, 128), "c4", slice(P200, 128, 200)),
          List.of(msg(4, 9, 0x01000000, 1, P200)), false),
      new Row("unrepeated extended timestamp, 2-byte tail, next header right behind",
          bytes("04 ffffff 000082 09 01000000 01000000", slice(P130, 0, 128), "c4", slice(P130, 128, 130),
              "05 000000 000001 08 01000000 bb"),
          List.of(msg(4, 9, 0x01000000, 1, P130), msg(5, 8, 0, 1, bytes("bb"))), false),
      new Row("maximum timestamp 0xFFFFFFFF",
          bytes("04 ffffff 000001 08 01000000 ffffffff aa"),
          List.of(msg(4, 8, 0xFFFFFFFFL, 1, bytes("aa"))), true),
      new Row("fmt 1 delta accumulates and changes length and type",
          bytes("06 0003e8 000002 09 01000000 aabb", "46 000021 000001 08 cc"),
          List.of(msg(6, 9, 1000, 1, bytes("aabb")), msg(6, 8, 1033, 1, bytes("cc"))), false),
      new Row("fmt 2 delta keeps length, type and stream",
          bytes("06 0003e8 000001 08 01000000 aa", "86 000017 bb"),
          List.of(msg(6, 8, 1000, 1, bytes("aa")), msg(6, 8, 1023, 1, bytes("bb"))), false),
      new Row("RTMP 5.3.2.1 example: fmt 0, fmt 2, then fmt 3 new messages reuse delta 20",
          bytes("03 0003e8 000002 08 39300000 0102", "83 000014 0304", "c3 0506", "c3 0708"),
          List.of(msg(3, 8, 1000, 12345, bytes("0102")), msg(3, 8, 1020, 12345, bytes("0304")),
              msg(3, 8, 1040, 12345, bytes("0506")), msg(3, 8, 1060, 12345, bytes("0708"))), false),
      new Row("fmt 3 new message right after fmt 0 adds the fmt 0 timestamp, as FFmpeg and SRS do",
          bytes("03 000064 000001 08 01000000 aa", "c3 bb"),
          List.of(msg(3, 8, 100, 1, bytes("aa")), msg(3, 8, 200, 1, bytes("bb"))), false),
      new Row("extended delta in fmt 1, repeated by the next fmt 3 new message",
          bytes("06 000000 000001 08 01000000 aa", "46 ffffff 000001 08 01000000 bb", "c6 01000000 cc"),
          List.of(msg(6, 8, 0, 1, bytes("aa")), msg(6, 8, 0x01000000, 1, bytes("bb")),
              msg(6, 8, 0x02000000, 1, bytes("cc"))), false),
      new Row("timestamp wraps past 2^32 through a delta",
          bytes("04 ffffff 000001 08 01000000 fffffff0 aa", "84 000020 bb"),
          List.of(msg(4, 8, 0xFFFFFFF0L, 1, bytes("aa")), msg(4, 8, 0x10, 1, bytes("bb"))), false),
      new Row("chunks of two streams interleave",
          bytes("04 000000 0000c8 09 01000000", slice(P200, 0, 128), "05 000000 000001 08 01000000 aa",
              "c4", slice(P200, 128, 200)),
          List.of(msg(5, 8, 0, 1, bytes("aa")), msg(4, 9, 0, 1, P200)), false),
      new Row("Set Chunk Size applies from the next chunk on",
          bytes("02 000000 000004 01 00000000 00001000", "04 000000 0000c8 09 01000000", P200),
          List.of(msg(2, 1, 0, 0, bytes("00001000")), msg(4, 9, 0, 1, P200)), true),
      new Row("Set Chunk Size 1: every payload byte has its own chunk",
          bytes("02 000000 000004 01 00000000 00000001", "04 000000 000003 09 01000000 aa c4 bb c4 cc"),
          List.of(msg(2, 1, 0, 0, bytes("00000001")), msg(4, 9, 0, 1, bytes("aabbcc"))), true),
      new Row("Abort drops the partial message of its chunk stream",
          bytes("04 000000 0000c8 09 01000000", slice(P200, 0, 128), "02 000000 000004 02 00000000 00000004",
              "04 000000 000001 09 01000000 aa"),
          List.of(msg(2, 2, 0, 0, bytes("00000004")), msg(4, 9, 0, 1, bytes("aa"))), false),
      new Row("Abort of an idle chunk stream is harmless",
          bytes("02 000000 000004 02 00000000 00000009"),
          List.of(msg(2, 2, 0, 0, bytes("00000009"))), true));

  private static final RtmpLimits TWO_STREAMS = new RtmpLimits(0xFFFFFF, 8 << 20, 16 << 20, 2, 32, 10_000, 65_535);
  private static final RtmpLimits SMALL_PENDING = new RtmpLimits(0xFFFFFF, 200, 200, 64, 32, 10_000, 65_535);
  private static final RtmpLimits D = RtmpLimits.DEFAULTS;

  /** Malformed input: each must throw {@link RtmpCodecException} with the fragment, from decode or finish. */
  static final List<Bad> BAD = List.of(
      new Bad("type-3 chunk with no prior type-0", D, bytes("c5 aa"),
          "type-3 chunk on csid 5 with no prior type-0 header"),
      new Bad("type-1 chunk with no prior type-0", D, bytes("43 000000 000001 08 aa"),
          "type-1 chunk on csid 3 with no prior type-0 header"),
      new Bad("type-2 chunk with no prior type-0, 2-byte csid", D, bytes("80 05 000000 aa"),
          "type-2 chunk on csid 69 with no prior type-0 header"),
      new Bad("chunk size 0", D, bytes("02 000000 000004 01 00000000 00000000"),
          "set-chunk-size: 0 is not a valid chunk size"),
      new Bad("chunk size 2^31-1 above the limit", D, bytes("02 000000 000004 01 00000000 7fffffff"),
          "set-chunk-size: 2147483647 exceeds the limit 16777215"),
      new Bad("chunk size with the first bit set (negative)", D, bytes("02 000000 000004 01 00000000 80000000"),
          "set-chunk-size: first bit set in 0x80000000"),
      new Bad("Set Chunk Size body of 3 bytes", D, bytes("02 000000 000003 01 00000000 001000"),
          "set-chunk-size: body 3 bytes, expected 4"),
      new Bad("Abort body of 2 bytes", D, bytes("02 000000 000002 02 00000000 0004"),
          "abort: body 2 bytes, expected 4"),
      new Bad("message length 16 MiB - 1 above the 8 MiB limit", D, bytes("03 000000 ffffff 09 01000000"),
          "message length 16777215 on csid 3 exceeds the limit 8388608"),
      new Bad("fmt 1 raising the length above the limit", D,
          bytes("03 000000 000001 09 01000000 aa", "43 000000 800001 09"),
          "message length 8388609 on csid 3 exceeds the limit 8388608"),
      new Bad("a third chunk stream over a limit of two", TWO_STREAMS,
          bytes("03 000000 000001 14 00000000 aa", "04 000000 000001 08 01000000 aa", "05 000000 000001 09 01000000 aa"),
          "csid 5 exceeds the limit of 2 chunk streams"),
      new Bad("type-0 chunk in the middle of a message", D,
          bytes("03 000000 0000c8 09 01000000", slice(P200, 0, 128), "03 000000 000001 09 01000000 aa"),
          "type-0 chunk on csid 3 while a message is 128 of 200 bytes in"),
      new Bad("interleaved partial messages above the pending-bytes limit", SMALL_PENDING,
          bytes("03 000000 0000c8 09 01000000", slice(P200, 0, 128), "04 000000 0000c8 09 01000000", slice(P200, 0, 128)),
          "partly received messages hold more than 200 bytes"),
      new Bad("truncated 2-byte basic header", D, bytes("00"),
          "stream ended inside a chunk header (1 bytes read)"),
      new Bad("truncated 3-byte basic header", D, bytes("01 ff"),
          "stream ended inside a chunk header (2 bytes read)"),
      new Bad("truncated type-0 message header", D, bytes("03 000000 0000"),
          "stream ended inside a chunk header (6 bytes read)"),
      new Bad("truncated extended timestamp", D, bytes("03 ffffff 000001 09 01000000 0100"),
          "stream ended inside a chunk header (14 bytes read)"),
      new Bad("truncated payload", D, bytes("03 000000 00000a 09 01000000 0102030405"),
          "stream ended inside a message on csid 3 (5 of 10 bytes)"),
      new Bad("message cut between chunks", D, bytes("03 000000 0000c8 09 01000000", slice(P200, 0, 128)),
          "stream ended inside a message on csid 3 (128 of 200 bytes)"));
}

package io.headwater.media.rtmp.codec;

import static io.headwater.media.rtmp.codec.CodecAssertions.assertRejects;
import static io.headwater.media.rtmp.codec.TestBytes.bytes;
import static io.headwater.media.rtmp.codec.TestBytes.toHex;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Golden vectors for RTMP 5.4 protocol control and 7.1.7 user control bodies. */
class ProtocolControlTest {
  record Row(String name, int typeId, ProtocolControl value, byte[] body) {
    @Override
    public String toString() {
      return name;
    }
  }

  record Bad(String name, int typeId, byte[] body, String fragment) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Row> rows() {
    return List.of(
        new Row("Set Chunk Size 4096", 1, new ProtocolControl.SetChunkSize(4096), bytes("00001000")),
        new Row("Set Chunk Size 2^31-1", 1, new ProtocolControl.SetChunkSize(Integer.MAX_VALUE), bytes("7fffffff")),
        new Row("Abort csid 4", 2, new ProtocolControl.Abort(4), bytes("00000004")),
        new Row("Acknowledgement 2^32-1", 3, new ProtocolControl.Acknowledgement(0xFFFFFFFFL), bytes("ffffffff")),
        new Row("Window Acknowledgement Size 2,500,000", 5, new ProtocolControl.WindowAckSize(2_500_000), bytes("002625a0")),
        new Row("Set Peer Bandwidth dynamic", 6, new ProtocolControl.SetPeerBandwidth(2_500_000, 2), bytes("002625a0 02")),
        new Row("Set Peer Bandwidth hard", 6, new ProtocolControl.SetPeerBandwidth(5_000_000, 0), bytes("004c4b40 00")),
        new Row("User Control Stream Begin 1", 4, new UserControl.StreamBegin(1), bytes("0000 00000001")),
        new Row("User Control Stream EOF 1", 4, new UserControl.StreamEof(1), bytes("0001 00000001")),
        new Row("User Control Stream Dry 1", 4, new UserControl.StreamDry(1), bytes("0002 00000001")),
        new Row("User Control Set Buffer Length 1, 3000 ms, as FFmpeg 5.1 playing sends it", 4, new UserControl.SetBufferLength(1, 3000),
            bytes("0003 00000001 00000bb8")),
        new Row("User Control Stream Is Recorded 1", 4, new UserControl.StreamIsRecorded(1), bytes("0004 00000001")),
        new Row("User Control Ping Request", 4, new UserControl.PingRequest(0xFFFFFFFEL), bytes("0006 fffffffe")),
        new Row("User Control Ping Response", 4, new UserControl.PingResponse(123_456), bytes("0007 0001e240")),
        new Row("User Control Buffer Empty (FMS event 31) kept verbatim", 4,
            new UserControl.Other(31, bytes("00000001")), bytes("001f 00000001")));
  }

  static List<Bad> bad() {
    return List.of(
        new Bad("Set Chunk Size 0", 1, bytes("00000000"), "set-chunk-size: 0 is not a valid chunk size"),
        new Bad("Set Chunk Size with the first bit set", 1, bytes("ffffffff"), "set-chunk-size: first bit set in 0xffffffff"),
        new Bad("Set Chunk Size of 5 bytes", 1, bytes("0000100000"), "set-chunk-size: body 5 bytes, expected 4"),
        new Bad("Abort of 3 bytes", 2, bytes("000004"), "abort: body 3 bytes, expected 4"),
        new Bad("Acknowledgement empty", 3, bytes(""), "acknowledgement: body 0 bytes, expected 4"),
        new Bad("Window Acknowledgement Size of 8 bytes", 5, bytes("0000000000000000"), "window-ack-size: body 8 bytes, expected 4"),
        new Bad("Set Peer Bandwidth of 4 bytes", 6, bytes("002625a0"), "set-peer-bandwidth: body 4 bytes, expected 5"),
        new Bad("Set Peer Bandwidth limit type 3", 6, bytes("002625a0 03"), "set-peer-bandwidth: limit type 3, expected 0..2"),
        new Bad("User Control of 1 byte", 4, bytes("00"), "user-control: body 1 bytes, expected at least 2"),
        new Bad("User Control Stream Begin without a stream id", 4, bytes("0000"),
            "user-control stream-begin: body 0 bytes, expected 4"),
        new Bad("User Control Set Buffer Length of 4 data bytes", 4, bytes("0003 00000001"),
            "user-control set-buffer-length: body 4 bytes, expected 8"),
        new Bad("User Control Ping Request of 2 data bytes", 4, bytes("0006 0001"), "user-control ping-request: body 2 bytes, expected 4"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void decodesGoldenVector(Row row) {
    assertEquals(row.value(), ProtocolControl.decode(RtmpMessage.control(row.typeId(), row.body())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void encodesGoldenVector(Row row) {
    RtmpMessage message = row.value().toMessage();
    assertEquals(row.typeId(), message.typeId());
    assertEquals(2, message.chunkStreamId());
    assertEquals(0, message.messageStreamId());
    assertEquals(toHex(row.body()), toHex(message.payload()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad")
  void rejectsMalformedBody(Bad bad) {
    assertRejects(bad.fragment(), () -> ProtocolControl.decode(RtmpMessage.control(bad.typeId(), bad.body())));
  }
}

package io.headwater.media.rtmp.codec;

import static io.headwater.media.rtmp.codec.CodecAssertions.assertRejects;
import static io.headwater.media.rtmp.codec.TestBytes.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ChunkDecoderTest {
  static List<ChunkVectors.Row> rows() {
    return ChunkVectors.ROWS;
  }

  static List<ChunkVectors.Bad> bad() {
    return ChunkVectors.BAD;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void decodesGoldenVectorInOneSlice(ChunkVectors.Row row) {
    ChunkDecoder decoder = new ChunkDecoder(RtmpLimits.DEFAULTS);
    assertEquals(row.messages(), decoder.decode(row.wire()));
    decoder.finish();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void decodesGoldenVectorOneByteAtATime(ChunkVectors.Row row) {
    ChunkDecoder decoder = new ChunkDecoder(RtmpLimits.DEFAULTS);
    List<RtmpMessage> out = new ArrayList<>();
    for (byte b : row.wire()) {
      out.addAll(decoder.decode(new byte[] {b}));
    }
    assertEquals(row.messages(), out);
    decoder.finish();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void decodesGoldenVectorSplitAnywhere(ChunkVectors.Row row) {
    byte[] wire = row.wire();
    for (int split = 0; split <= wire.length; split++) {
      ChunkDecoder decoder = new ChunkDecoder(RtmpLimits.DEFAULTS);
      List<RtmpMessage> out = new ArrayList<>(decoder.decode(ByteBuffer.wrap(wire, 0, split)));
      out.addAll(decoder.decode(ByteBuffer.wrap(wire, split, wire.length - split)));
      assertEquals(row.messages(), out, "split at " + split);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad")
  void rejectsMalformedInput(ChunkVectors.Bad bad) {
    ChunkDecoder decoder = new ChunkDecoder(bad.limits());
    assertRejects(bad.fragment(), () -> {
      decoder.decode(bad.wire());
      decoder.finish();
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad")
  void rejectsMalformedInputFedOneByteAtATime(ChunkVectors.Bad bad) {
    ChunkDecoder decoder = new ChunkDecoder(bad.limits());
    assertRejects(bad.fragment(), () -> {
      for (byte b : bad.wire()) {
        decoder.decode(new byte[] {b});
      }
      decoder.finish();
    });
  }

  @Test
  void exposesThePeersChunkSizeAfterSetChunkSize() {
    ChunkDecoder decoder = new ChunkDecoder(RtmpLimits.DEFAULTS);
    assertEquals(128, decoder.chunkSize());
    decoder.decode(bytes("02 000000 000004 01 00000000 00001000"));
    assertEquals(4096, decoder.chunkSize());
  }

  @Test
  void sessionCanSetTheChunkSizeAndAbortAMessage() {
    ChunkDecoder decoder = new ChunkDecoder(RtmpLimits.DEFAULTS);
    decoder.setChunkSize(2);
    assertEquals(List.of(), decoder.decode(bytes("04 000000 000003 09 01000000 aabb")));
    decoder.abort(4);
    decoder.finish();
    assertEquals(List.of(ChunkVectors.msg(4, 9, 0, 1, bytes("cc"))),
        decoder.decode(bytes("04 000000 000001 09 01000000 cc")));
  }

  @Test
  void acceptsAMessageOfExactlyTheMaximumSize() {
    RtmpLimits limits = new RtmpLimits(0xFFFFFF, 1000, 1000, 64, 32, 10_000, 65_535);
    ChunkDecoder decoder = new ChunkDecoder(limits);
    decoder.setChunkSize(1000);
    List<RtmpMessage> out = decoder.decode(bytes("04 000000 0003e8 09 01000000", new byte[1000]));
    assertEquals(1, out.size());
    assertEquals(1000, out.get(0).payload().length);
  }
}

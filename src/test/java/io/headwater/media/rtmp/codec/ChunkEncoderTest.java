package io.headwater.media.rtmp.codec;

import static io.headwater.media.rtmp.codec.TestBytes.bytes;
import static io.headwater.media.rtmp.codec.TestBytes.toHex;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ChunkEncoderTest {
  static List<ChunkVectors.Row> encodableRows() {
    return ChunkVectors.ROWS.stream().filter(ChunkVectors.Row::encodable).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodableRows")
  void encodesGoldenVector(ChunkVectors.Row row) {
    ChunkEncoder encoder = new ChunkEncoder();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (RtmpMessage m : row.messages()) {
      if (m.typeId() == RtmpMessage.TYPE_SET_CHUNK_SIZE) {
        out.writeBytes(encoder.changeChunkSize(ProtocolControl.SetChunkSize.decode(m.payload()).size()));
      } else {
        out.writeBytes(encoder.encode(m));
      }
    }
    assertEquals(toHex(row.wire()), toHex(out.toByteArray()));
  }

  @Test
  void changeChunkSizeSendsTheMessageAtTheOldSize() {
    ChunkEncoder encoder = new ChunkEncoder();
    assertEquals(toHex(bytes("02 000000 000004 01 00000000 00001000")), toHex(encoder.changeChunkSize(4096)));
    assertEquals(4096, encoder.chunkSize());
  }

  @Test
  void whateverItEncodesTheDecoderReadsBack() {
    Random random = new Random(42);
    int[] chunkSizes = {1, 2, 127, 128, 4096, 60_000};
    int[] csids = {2, 3, 63, 64, 319, 320, 65_599};
    long[] timestamps = {0, 1, 0xFFFFFE, 0xFFFFFF, 0x1000000, 0xFFFFFFFFL};
    for (int chunkSize : chunkSizes) {
      ChunkEncoder encoder = new ChunkEncoder();
      ChunkDecoder decoder = new ChunkDecoder(RtmpLimits.DEFAULTS);
      List<RtmpMessage> sent = new ArrayList<>();
      ByteArrayOutputStream wire = new ByteArrayOutputStream();
      wire.writeBytes(encoder.changeChunkSize(chunkSize));
      for (int i = 0; i < 40; i++) {
        byte[] payload = new byte[random.nextInt(3) == 0 ? random.nextInt(4) : random.nextInt(70_000)];
        random.nextBytes(payload);
        RtmpMessage m = new RtmpMessage(csids[random.nextInt(csids.length)], 8 + random.nextInt(2),
            timestamps[random.nextInt(timestamps.length)], random.nextInt(), payload);
        sent.add(m);
        wire.writeBytes(encoder.encode(m));
      }
      List<RtmpMessage> received = new ArrayList<>(decoder.decode(wire.toByteArray()));
      received.remove(0); // the Set Chunk Size
      assertEquals(sent, received, "chunk size " + chunkSize);
      decoder.finish();
    }
  }
}

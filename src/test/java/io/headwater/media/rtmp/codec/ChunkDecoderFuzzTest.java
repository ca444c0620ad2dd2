package io.headwater.media.rtmp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Arbitrary bytes into {@link ChunkDecoder}, sliced at random: only {@link RtmpCodecException} may
 * escape, and slicing must not change the outcome. Every decoded control, command and data message is
 * parsed further, as a session would. Input byte 0 seeds the slicing; the rest is the chunk stream.
 */
class ChunkDecoderFuzzTest {
  /** Small limits, so the fuzzer reaches them. */
  static final RtmpLimits LIMITS = new RtmpLimits(70_000, 70_000, 140_000, 8, 8, 200, 1_000);

  @FuzzTest(maxDuration = "60s")
  void decode(byte[] input) {
    if (input.length == 0) {
      return;
    }
    byte[] wire = Arrays.copyOfRange(input, 1, input.length);
    Outcome whole = run(wire, wire.length);
    Outcome sliced = run(wire, input[0]);
    assertEquals(whole, sliced);
  }

  /** The messages decoded, or the error that ended decoding (with no messages, as a one-shot call). */
  record Outcome(List<RtmpMessage> messages, String error) {}

  private static Outcome run(byte[] wire, int slicing) {
    ChunkDecoder decoder = new ChunkDecoder(LIMITS);
    Random sizes = new Random(slicing);
    List<RtmpMessage> messages = new ArrayList<>();
    try {
      for (int at = 0; at < wire.length; ) {
        int n = slicing >= wire.length ? wire.length : Math.min(wire.length - at, 1 + sizes.nextInt(1 + (slicing & 0x7F)));
        for (RtmpMessage m : decoder.decode(ByteBuffer.wrap(wire, at, n))) {
          messages.add(m);
          parseFurther(m);
        }
        at += n;
      }
      decoder.finish();
      return new Outcome(messages, null);
    } catch (RtmpCodecException e) {
      return new Outcome(List.of(), e.getMessage());
    }
  }

  static void parseFurther(RtmpMessage m) {
    try {
      if (ProtocolControl.isProtocolControl(m.typeId())) {
        ProtocolControl.decode(m).encode();
      } else if (Command.isCommand(m.typeId())) {
        Command.decode(m, LIMITS).encode();
      } else if (DataMessage.isData(m.typeId())) {
        DataMessage.decode(m, LIMITS).metadata();
      }
    } catch (RtmpCodecException e) {
      // a malformed body is the session's to judge; the chunk stream goes on
    }
  }
}

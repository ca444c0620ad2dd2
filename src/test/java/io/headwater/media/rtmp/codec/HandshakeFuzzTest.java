package io.headwater.media.rtmp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.Random;

/**
 * Arbitrary bytes as C0+C1 then C2 (server side) and as S0+S1+S2 (client side), cut or zero-padded to
 * the sizes the session reads: only {@link RtmpCodecException} may escape.
 */
class HandshakeFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void acceptC0C1(byte[] input) {
    try {
      ServerHandshake server = ServerHandshake.accept(Arrays.copyOf(input, Handshake.C0C1_SIZE), new Random(0));
      assertEquals(Handshake.S0S1S2_SIZE, server.s0s1s2().length);
      server.checkC2(Arrays.copyOfRange(input, Math.min(input.length, Handshake.C0C1_SIZE),
          Math.min(input.length, Handshake.C0C1_SIZE) + Handshake.PACKET_SIZE));
    } catch (RtmpCodecException e) {
      // refused
    }
    try {
      new ClientHandshake(new Random(0)).answer(Arrays.copyOf(input, Handshake.S0S1S2_SIZE));
    } catch (RtmpCodecException e) {
      // refused
    }
  }
}

package io.headwater.media.srt.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Jazzer targets for the SRT codec. Only {@link SrtCodecException} may escape a decode; anything else (an
 * index out of bounds, an IllegalArgumentException from a record, a crypto error) is a bug. Whatever decodes
 * must survive the trip back: encoding never fails and decoding the encoding gives the same record. Committed
 * inputs under SrtCodecFuzzTestInputs/ (seeded from the golden vectors, plus every finding) run in every
 * {@code mvn test}; {@code JAZZER_FUZZ=1 mvn -B -o test -Dtest=SrtCodecFuzzTest#packet} fuzzes one target.
 */
class SrtCodecFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void packet(byte[] datagram) {
    SrtPacket decoded;
    try {
      decoded = SrtPacket.decode(datagram);
    } catch (SrtCodecException refused) {
      return;
    }
    assertEquals(decoded, SrtPacket.decode(decoded.encode()));
    decoded.toString();
    if (decoded instanceof ControlPacket c && c.body() instanceof Handshake h) {
      h.peerAddress();
      h.isRejection();
      h.rejectReason().ifPresent(RejectReason::toString);
      h.streamId().ifPresent(SrtCodecFuzzTest::parseStreamId);
    }
  }

  @FuzzTest(maxDuration = "60s")
  void handshakeExtensions(byte[] blocks) {
    List<HandshakeExtension> decoded;
    try {
      decoded = HandshakeExtension.decodeAll(blocks, 0, blocks.length);
    } catch (SrtCodecException refused) {
      return;
    }
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    for (HandshakeExtension e : decoded) {
      again.writeBytes(e.encode());
      if (e instanceof HandshakeExtension.Opaque o) {
        try {
          o.text();
        } catch (SrtCodecException refused) {
          // not a string block
        }
      } else if (e instanceof HandshakeExtension.Sid sid) {
        parseStreamId(sid.streamId());
      }
    }
    byte[] encoded = again.toByteArray();
    assertEquals(decoded, HandshakeExtension.decodeAll(encoded, 0, encoded.length));
    Handshake.extensionFlagsFor(decoded);
  }

  /** Decoded KMs are also unwrapped, as the listener does: a wrong key must end in BadSecretException. */
  @FuzzTest(maxDuration = "60s")
  void keyMaterial(byte[] km) {
    KeyMaterial decoded;
    try {
      decoded = KeyMaterial.decode("fuzz", km, 0, km.length);
    } catch (SrtCodecException refused) {
      return;
    }
    byte[] encoded = decoded.encode();
    assertEquals(decoded, KeyMaterial.decode("fuzz", encoded, 0, encoded.length));
    try {
      SessionKeys keys = SessionKeys.unwrap(decoded, CryptoVectors.PASSPHRASE);
      PayloadCipher cipher = new PayloadCipher(keys);
      DataPacket packet = DataPacket.live(1, 1, 0, 9, km).withPayload(km, decoded.keys().hasEven() ? KeyFlags.EVEN
          : KeyFlags.ODD);
      cipher.decrypt(packet);
    } catch (SrtCodecException refused) {
      // wrong passphrase, or a cipher libsrt 1.5.1 does not use
    }
  }

  @FuzzTest(maxDuration = "60s")
  void streamId(byte[] text) {
    parseStreamId(new String(text, StandardCharsets.UTF_8));
  }

  private static void parseStreamId(String text) {
    try {
      StreamId id = StreamId.parse(text);
      id.toString();
      id.user();
    } catch (SrtCodecException refused) {
      // malformed or too long
    }
  }
}

package io.headwater.media.rtmp.codec;

import static io.headwater.media.rtmp.codec.CodecAssertions.assertRejects;
import static io.headwater.media.rtmp.codec.TestBytes.toHex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Amf0Test {
  static List<Amf0Vectors.Row> decodable() {
    return Amf0Vectors.ROWS.stream().filter(r -> r.direction() != Amf0Vectors.Direction.ENCODE_ONLY).toList();
  }

  static List<Amf0Vectors.Row> encodable() {
    return Amf0Vectors.ROWS.stream().filter(r -> r.direction() != Amf0Vectors.Direction.DECODE_ONLY).toList();
  }

  static List<Amf0Vectors.Bad> bad() {
    return Amf0Vectors.BAD;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decodable")
  void decodesGoldenVector(Amf0Vectors.Row row) {
    List<Object> decoded = Amf0.decodeAll(row.bytes(), RtmpLimits.DEFAULTS);
    assertEquals(Collections.singletonList(row.value()), decoded);
    assertSameKinds(row.value(), decoded.get(0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodable")
  void encodesGoldenVector(Amf0Vectors.Row row) {
    assertEquals(toHex(row.bytes()), toHex(Amf0.encodeAll(Collections.singletonList(row.value()))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad")
  void rejectsMalformedInput(Amf0Vectors.Bad bad) {
    assertRejects(bad.fragment(), () -> Amf0.decodeAll(bad.bytes(), bad.limits()));
  }

  @Test
  void deepNestingFailsFastWithoutOverflowingTheStack() {
    byte[] deep = Amf0Vectors.repeat("0a 00000001", 1_000_000);
    assertTimeoutPreemptively(Duration.ofSeconds(1),
        () -> assertRejects("nesting deeper than 32", () -> Amf0.decodeAll(deep, RtmpLimits.DEFAULTS)));
  }

  @Test
  void decodesSeveralValuesInARow() {
    assertEquals(List.of("onStatus", 0.0), Amf0.decodeAll(TestBytes.bytes("02 0008 6f6e537461747573 00 0000000000000000"),
        RtmpLimits.DEFAULTS));
  }

  @Test
  void refusesToEncodeValuesOutsideTheClosedSet() {
    assertThrows(IllegalArgumentException.class, () -> Amf0.encode(new Object()));
    assertThrows(IllegalArgumentException.class, () -> Amf0.encode(Map.of(1, "a")));
    List<Object> cycle = new ArrayList<>();
    cycle.add(cycle);
    assertThrows(IllegalArgumentException.class, () -> Amf0.encode(cycle));
  }

  /** Equality ignores a map's class; AMF0 does not: an ECMA array must stay one. */
  private static void assertSameKinds(Object expected, Object actual) {
    if (expected instanceof Map<?, ?> e) {
      assertEquals(e instanceof Amf0.EcmaArray, actual instanceof Amf0.EcmaArray, "ECMA array vs object");
      for (Map.Entry<?, ?> entry : e.entrySet()) {
        assertSameKinds(entry.getValue(), ((Map<?, ?>) actual).get(entry.getKey()));
      }
    } else if (expected instanceof List<?> e) {
      for (int i = 0; i < e.size(); i++) {
        assertSameKinds(e.get(i), ((List<?>) actual).get(i));
      }
    }
  }
}

package io.headwater.media.flv.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real HEVC SPS NAL units with the picture size a player shows for them, from bluenviron/mediacommon's
 * pkg/codecs/h265/sps_test.go (x265, NVENC and camera captures), with their bit depths.
 */
class HevcSpsTest {
  static Stream<Arguments> realSps() {
    return Stream.of(
        Arguments.of("1920x1080 Main@4",
            "42 01 01 01 60 00 00 03 00 90 00 00 03 00 00 03 00 78 a0 03 c0 80 10 e5 96 66 69 24 ca e0 10 00 00 03 00 10"
                + " 00 00 03 01 e0 80", 1, 120, 1, 1920, 1080, 8),
        Arguments.of("1920x800 Main@4",
            "42 01 01 01 60 00 00 03 00 90 00 00 03 00 00 03 00 78 a0 03 c0 80 32 16 59 59 a4 93 2b c0 5a 80 80 80 82 00"
                + " 00 07 d2 00 00 bb 80 10", 1, 120, 1, 1920, 800, 8),
        Arguments.of("1280x720 RExt 4:4:4 12-bit",
            "42 01 01 04 08 00 00 03 00 98 08 00 00 03 00 00 5d 90 00 50 10 05 a2 29 4b 74 94 98 5f fe 00 02 00 02 d4 04"
                + " 04 04 10 00 00 03 00 10 00 00 03 01 e0 80", 4, 93, 3, 1280, 720, 12),
        Arguments.of("1920x1080 Main 10, High tier",
            "42 01 01 22 20 00 00 03 00 90 00 00 03 00 00 03 00 78 a0 03 c0 80 10 e4 d9 66 66 92 4c af 01 01 00 00 03 00"
                + " 64 00 00 0b b5 08", 2, 120, 1, 1920, 1080, 10),
        Arguments.of("NVENC 1920x1080, coded 1088 with a conformance window",
            "42 01 01 01 40 00 00 03 00 00 03 00 00 03 00 00 03 00 7b a0 03 c0 80 11 07 cb 96 b4 a4 25 92 e3 01 6a 02 02"
                + " 02 08 00 00 03 00 08 00 00 03 01 e3 00 2e f2 88 00 07 27 0c 00 00 98 96 82",
            1, 123, 1, 1920, 1080, 8),
        Arguments.of("camera 3072x1728 with an empty conformance window",
            "42 01 01 01 60 00 00 03 00 80 00 00 03 00 00 03 00 96 a0 01 80 20 06 c1 fe 36 bb b5 37 77 25 d6 02 dc 04 04"
                + " 04 10 00 00 3e 80 00 04 26 87 21 de e5 10 01 6e 20 00 66 ff 00 0b 71 00 03 37 f8 80",
            1, 150, 1, 3072, 1728, 8),
        Arguments.of("1280x720 Main L93 with long-term reference pictures",
            "42 01 01 01 60 00 00 03 00 b0 00 00 03 00 00 03 00 5d a0 02 80 80 2d 16 36 b9 24 cb f0 08 00 00 03 00 08 00"
                + " 00 03 01 95 08", 1, 93, 1, 1280, 720, 8));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("realSps")
  void parsesPictureSizeOfRealSps(String name, String hex, int profile, int level, int chroma, int width, int height,
      int bitDepth) throws FlvCodecException {
    assertEquals(new HevcSps(profile, level, chroma, width, height, bitDepth, bitDepth),
        HevcSps.parse(Hex.bytes(hex)));
  }

  static Stream<Arguments> badSps() {
    return Stream.of(
        Arguments.of("too short", "42 01", "2 bytes, need at least 3"),
        Arguments.of("a VPS, not an SPS", "40 01 0c 01 ff ff 01 60", "is not a sequence parameter set (nal_unit_type 33)"),
        Arguments.of("sps_max_sub_layers_minus1 7", "42 01 0e 01 60 00 00 00", "sps_max_sub_layers_minus1 7 out of range"),
        // profile_tier_level, then sps id ue(0), chroma_format_idc ue(1), width ue(0), height ue(0)
        Arguments.of("a 0x0 picture", "42 01 01 01 60 00 00 00 90 00 00 00 00 00 78 ae", "picture size 0x0 is empty"),
        Arguments.of("cut inside profile_tier_level", "42 01 01 01 60 00 00 03 00 90", "ran out of data"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSps")
  void rejectsBadSpsWithTheElementsName(String name, String hex, String fragment) {
    Failures.assertFailsWith(FlvCodecException.class, fragment, () -> HevcSps.parse(Hex.bytes(hex)));
  }
}

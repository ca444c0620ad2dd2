package io.headwater.media.flv.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real SPS NAL units from encoders and cameras with the picture size a player shows for them. Sources: the
 * x264 720p SPS from the FLV brief; bluenviron/mediacommon pkg/codecs/h264/sps_test.go (camera and NVENC
 * captures); videojs/mux.js test/test-sps.js.
 */
class H264SpsTest {
  static Stream<Arguments> realSps() {
    return Stream.of(
        Arguments.of("x264 1280x720 High@3.1",
            "67 64 00 1f ac d9 40 50 05 bb 01 6a 02 02 02 80 00 00 03 00 80 00 00 1e 07 8c 18 cb", 100, 31, 1280, 720),
        Arguments.of("x264 1280x720 High@3.1, VUI without colour description",
            "67 64 00 1f ac d9 40 50 05 bb 01 6c 80 00 00 03 00 80 00 00 1e 07 8c 18 cb", 100, 31, 1280, 720),
        Arguments.of("352x288 High@1.2, poc type 2",
            "67 64 00 0c ac 3b 50 b0 4b 42 00 00 03 00 02 00 00 03 00 3d 08", 100, 12, 352, 288),
        Arguments.of("1920x1080 Constrained Baseline, coded 1088 cropped by 4 units",
            "67 42 c0 28 d9 00 78 02 27 e5 84 00 00 03 00 04 00 00 03 00 f0 3c 60 c9 20", 66, 40, 1920, 1080),
        Arguments.of("1920x1080 NVENC High@4.0, coded 1088",
            "67 64 00 28 ac d9 40 78 02 27 e5 84 00 00 03 00 04 00 00 03 00 f0 3c 60 c6 58", 100, 40, 1920, 1080),
        Arguments.of("1920x1080 interlaced High@4.1 (frame_mbs_only_flag 0, 34 map units)",
            "67 64 00 29 ac 13 31 40 78 04 47 de 03 ea 02 02 03 e0 00 00 03 00 20 00 00 06 52", 100, 41, 1920, 1080),
        Arguments.of("1920x1080 interlaced Main@4.0 with HRD",
            "67 4d 40 28 ab 60 3c 02 23 ef 01 10 00 00 03 00 10 00 00 03 03 2e 94 00 35 64 06 b2 85 08 0e e2 c5 22 c0",
            77, 40, 1920, 1080),
        Arguments.of("hikvision 1280x960 High@3.2",
            "67 64 00 20 ac 17 2a 01 40 1e 68 40 00 01 c2 00 00 57 e4 21", 100, 32, 1280, 960),
        Arguments.of("2560x1440 High@5.0 with scaling lists",
            "67 64 00 32 ad 84 01 0c 20 08 61 00 43 08 02 18 40 10 c2 00 84 3b 50 14 00 5a d3 70 10 10 14 00 00 03 00 04"
                + " 00 00 03 00 a2 10", 100, 50, 2560, 1440),
        Arguments.of("720x404 Constrained Baseline@3.0, coded 416 cropped by 6 units",
            "67 42 c0 1e d9 00 b4 35 f9 e1 00 00 03 00 01 00 00 03 00 3c 0f 16 2e 48", 66, 30, 720, 404));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("realSps")
  void parsesPictureSizeOfRealSps(String name, String hex, int profile, int level, int width, int height)
      throws FlvCodecException {
    H264Sps sps = H264Sps.parse(Hex.bytes(hex));
    assertEquals(new H264Sps(profile, level, 1, width, height, 8, 8), sps);
  }

  static Stream<Arguments> badSps() {
    return Stream.of(
        Arguments.of("too short", "67 64 00", "3 bytes, need at least 4"),
        Arguments.of("a PPS, not an SPS", "68 eb e3 cb 22 c0", "is not a sequence parameter set"),
        // sps id ue(0) = 1, chroma_format_idc ue(15) = 0000 10000
        Arguments.of("chroma_format_idc 15", "67 64 00 1f 84 20", "chroma_format_idc 15 out of range 0..3"),
        // sps id = 32 zero bits then 1: longer than 32 bits
        Arguments.of("Exp-Golomb run of 32 zeros", "67 42 00 1e 00 00 00 00 80", "longer than 32 bits"),
        // baseline: sps id 0, log2_max_frame_num_minus4 0, poc type 2, 1 ref, no gaps,
        // pic_width_in_mbs_minus1 ue(4095): 65536 pixels, above the 16384 guard rail
        Arguments.of("width of 65536 pixels", "67 42 00 1e da 00 04 00 30", "pic_width_in_mbs_minus1 4095 out of range"),
        Arguments.of("truncated inside the scaling lists", "67 64 00 32 ad 84 01 0c 20 08", "ran out of data"),
        // 16x16 baseline picture cropped by 8 units of 2 on the right: nothing left
        Arguments.of("cropping larger than the picture", "67 42 00 0a da 7e 27 80", "leaves no picture"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSps")
  void rejectsBadSpsWithTheElementsName(String name, String hex, String fragment) {
    Failures.assertFailsWith(FlvCodecException.class, fragment, () -> H264Sps.parse(Hex.bytes(hex)));
  }
}

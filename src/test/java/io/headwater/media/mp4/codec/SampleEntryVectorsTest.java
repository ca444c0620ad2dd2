package io.headwater.media.mp4.codec;

import static io.headwater.media.mp4.codec.Mp4TestData.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.headwater.media.Codec;
import io.headwater.media.CodecConfig;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden vectors for the sample entry in stsd, one per codec: (name, codec configuration, the bytes of the entry),
 * each field spelled out from its spec rather than taken from the writer. The configuration records pass through
 * unchanged; esds and dOps are rebuilt around them.
 */
class SampleEntryVectorsTest {
  /** ISO/IEC 14496-12 12.1.3 VisualSampleEntry fields for a width and height (4 hex digits each). */
  static String visualFields(String width, String height) {
    return "000000000000 0001" // reserved, data_reference_index
        + " 0000 0000 000000000000000000000000" // pre_defined, reserved, pre_defined[3]
        + width + height
        + " 00480000 00480000 00000000 0001" // 72 dpi, reserved, frame_count
        + " 0000000000000000000000000000000000000000000000000000000000000000" // compressorname
        + " 0018 ffff"; // depth, pre_defined
  }

  /** ISO/IEC 14496-12 12.2.3 AudioSampleEntry fields: 2 channels, 16 bits, 48 kHz. */
  static final String AUDIO_48K_STEREO = "000000000000 0001 0000000000000000 0002 0010 0000 0000 bb800000";

  /** The esds of ASC 11 90: ES_Descriptor for ES_ID 1, DecoderConfigDescriptor, DecoderSpecificInfo, SLConfig. */
  static final String ESDS_11_90 = "00000033 65736473 00000000"
      + " 03 80808022 0001 00"
      + " 04 80808014 40 15 000000 00000000 00000000"
      + " 05 80808002 1190"
      + " 06 80808001 02";

  static Stream<Arguments> vectors() {
    return Stream.of(
        vector("H.264 x264 720p: avc1 + avcC", Mp4TestData.H264_720P,
            "0000008b 61766331" + visualFields("0500", "02d0") + "00000035 61766343" + Mp4TestData.AVCC_720P),
        vector("HEVC 720p Main: hvc1 + hvcC", Mp4TestData.HEVC_720P,
            "000000a3 68766331" + visualFields("0500", "02d0") + "0000004d 68766343" + Mp4TestData.HVCC_720P),
        vector("AV1 512x512 Main: av01 + av1C", Mp4TestData.AV1_512,
            "0000006f 61763031" + visualFields("0200", "0200") + "00000019 61763143" + Mp4TestData.AV1C_512),
        vector("VP9 profile 0: vp09 + vpcC version 1, size unknown", Mp4TestData.VP9,
            "0000006a 76703039" + visualFields("0000", "0000") + "00000014 76706343 01000000" + Mp4TestData.VPCC),
        vector("VP9 record sent with its FullBox header is not wrapped twice",
            new CodecConfig(Codec.VP9, hex("01000000" + Mp4TestData.VPCC), 0, 0, 0, 0, "vp09.00.40.08"),
            "0000006a 76703039" + visualFields("0000", "0000") + "00000014 76706343 01000000" + Mp4TestData.VPCC),
        vector("AAC-LC 48 kHz stereo: mp4a + esds", Mp4TestData.AAC_48K,
            "00000057 6d703461" + AUDIO_48K_STEREO + ESDS_11_90),
        vector("AAC-LC 96 kHz on track 2: the 16.16 samplerate cannot hold 96000 and is 0; ES_ID 2", 2,
            new CodecConfig(Codec.AAC, hex("10 10"), 0, 0, 96000, 2, "mp4a.40.2"),
            "00000057 6d703461 000000000000 0001 0000000000000000 0002 0010 0000 0000 00000000"
                + "00000033 65736473 00000000 03 80808022 0002 00 04 80808014 40 15 000000 00000000 00000000"
                + " 05 80808002 1010 06 80808001 02"),
        vector("Opus stereo: OpusHead becomes a big-endian dOps", Mp4TestData.OPUS,
            "00000037 4f707573" + AUDIO_48K_STEREO + "00000013 644f7073 00 02 0138 0000bb80 0000 00"),
        vector("Opus 5.1, channel mapping family 1: stream counts and mapping follow",
            new CodecConfig(Codec.OPUS, hex("4f707573 48656164 01 06 3801 80bb0000 0000 01 04 02 00 04 01 02 03 05"),
                0, 0, 48000, 6, "opus"),
            "0000003f 4f707573 000000000000 0001 0000000000000000 0006 0010 0000 0000 bb800000"
                + "0000001b 644f7073 00 06 0138 0000bb80 0000 01 04 02 00 04 01 02 03 05"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void writesTheSampleEntry(String name, int trackId, CodecConfig config, byte[] expected) {
    BoxWriter w = new BoxWriter();
    SampleEntries.write(w, Mp4Track.of(trackId, config));
    assertEquals(HexFormat.of().formatHex(expected), HexFormat.of().formatHex(w.toByteArray()));
  }

  /** A row for track 1. */
  private static Arguments vector(String name, CodecConfig config, String hex) {
    return vector(name, 1, config, hex);
  }

  private static Arguments vector(String name, int trackId, CodecConfig config, String hex) {
    return Arguments.of(name, trackId, config, hex(hex));
  }
}

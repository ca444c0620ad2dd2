package io.headwater.media.flv.codec;

import static io.headwater.media.Codec.AV1;

import io.headwater.media.CodecConfig;
import java.util.List;

/**
 * AV1 in E-RTMP 'av01' tags. Every config and frame here is a tag from the E-FLV files in veovera/enhanced-rtmp's
 * e-rtmp-lab/assets (mptestsrc.flv 512x512, bbb.flv 960x540, testsrc.flv 980x540 4:4:4), whose onMetaData
 * declares those sizes.
 */
class Av1VectorsTest extends GoldenVectorTest {
  static final String AV01 = "61 76 30 31";
  static final String AV1C_512 = "81 01 0c 00 0a 0b 00 00 00 0c 47 ff fe ff fc c0 20";
  static final CodecConfig CONFIG_512 = new CodecConfig(AV1, Hex.bytes(AV1C_512), 512, 512, 0, 0, "av01.0.01M.08");
  static final String AV1C_BBB = "81 04 0c 00 0a 0b 00 00 00 24 cf 7f 0d bf ff 30 08";
  static final String AV1C_TESTSRC = "81 24 00 00 0a 0e 20 00 00 24 cf a7 0d bf ff 34 04 34 00 80";

  /** mptestsrc.flv at 7 ms: temporal delimiter, sequence header, frame OBU. */
  static final String KEY_TU = "12 00 0a 0b 00 00 00 0c 47 ff fe ff fc c0 20 32 15 10 00 84 60 00 00 80 00 00 80 0c"
      + " 58 f6 d0 a4 01 22 d8 96 f7 dc";
  /** bbb.flv at 174 ms: temporal delimiter and a 1-byte frame header OBU. */
  static final String INTER_TU = "12 00 1a 01 a8";

  @Override
  List<Vector> vectors() {
    return List.of(
        new Vector("mptestsrc 512x512 Main sequence start", CONFIG_512, video(7, "90", AV01, AV1C_512)),
        new Vector("bbb 960x540 Main sequence start",
            new CodecConfig(AV1, Hex.bytes(AV1C_BBB), 960, 540, 0, 0, "av01.0.04M.08"), video(7, "90", AV01, AV1C_BBB)),
        new Vector("testsrc 980x540 High (4:4:4) sequence start",
            new CodecConfig(AV1, Hex.bytes(AV1C_TESTSRC), 980, 540, 0, 0, "av01.1.04M.08"),
            video(7, "90", AV01, AV1C_TESTSRC)),
        new Vector("keyframe temporal unit", frame(AV1, 7, 7, true, KEY_TU), video(7, "91", AV01, KEY_TU)),
        new Vector("inter frame temporal unit", frame(AV1, 174, 174, false, INTER_TU), video(174, "a1", AV01, INTER_TU)));
  }

  @Override
  List<Variant> variants() {
    return List.of(
        new Variant("the lab files' empty sequence start before the real one",
            List.of(video(0, "90", AV01), video(7, "90", AV01, AV1C_512)), List.of(CONFIG_512)),
        new Variant("colorInfo Metadata in a Command-type frame yields nothing (mptestsrc.flv)",
            List.of(video(7, "d4", AV01, "02 00 09 63 6f 6c 6f 72 49 6e 66 6f 03 00 0b 63 6f 6c 6f 72 43 6f 6e 66 69 67"
                + " 03 00 00 09 00 00 09")),
            List.of()),
        new Variant("MPEG2TSSequenceStart yields nothing", List.of(video(0, "95", AV01, "80 04 81 01 0c 00")), List.of()),
        new Variant("SequenceEnd yields nothing", List.of(video(9000, "82", AV01)), List.of()));
  }
}

package io.headwater.media.flv.codec;

import static io.headwater.media.Codec.HEVC;

import io.headwater.media.CodecConfig;
import io.headwater.media.MediaFrame;
import java.util.List;

/**
 * HEVC in E-RTMP 'hvc1' tags both ways, and the pre-E-RTMP CodecID 12 on decode. The NVENC record (VPS, SPS
 * and PPS, coded 1920x1088 with a conformance window) is bluenviron/gortmplib's "video ex sequence start hevc"
 * vector; the 720p Main and 1080p Main 10 records wrap SPS captures from bluenviron/mediacommon's SPS tests in a
 * record whose header repeats the SPS's profile_tier_level, as encoders write it.
 */
class HevcVectorsTest extends GoldenVectorTest {
  static final String HVCC_NVENC = "01 01 40 00 00 00 90 00 00 00 00 00 7b f0 00 fc fd f8 f8 00 00 0f 03"
      + " a0 00 01 00 17 40 01 0c 01 ff ff 01 40 00 00 03 00 90 00 00 03 00 00 03 00 7b ac 09"
      + " a1 00 01 00 3d 42 01 01 01 40 00 00 03 00 90 00 00 03 00 00 03 00 7b a0 03 c0 80 11 07 cb 96 b4 a4 25 92"
      + " e3 01 6a 02 02 02 08 00 00 03 00 08 00 00 03 01 e3 00 2e f2 88 00 02 62 5a 00 00 13 12 d0 20"
      + " a2 00 01 00 07 44 01 c0 f7 c0 cc 90";
  static final CodecConfig CONFIG_NVENC =
      new CodecConfig(HEVC, Hex.bytes(HVCC_NVENC), 1920, 1080, 0, 0, "hvc1.1.2.L123.90");
  static final String HVCC_720P = "01 01 60 00 00 00 b0 00 00 00 00 00 5d f0 00 fc fd f8 f8 00 00 0f 01 a1 00 01 00 29"
      + " 42 01 01 01 60 00 00 03 00 b0 00 00 03 00 00 03 00 5d a0 02 80 80 2d 16 36 b9 24 cb f0 08 00 00 03 00 08 00"
      + " 00 03 01 95 08";
  static final String HVCC_MAIN10 = "01 22 20 00 00 00 90 00 00 00 00 00 78 f0 00 fc fd fa fa 00 00 0f 01 a1 00 01 00 2a"
      + " 42 01 01 22 20 00 00 03 00 90 00 00 03 00 00 03 00 78 a0 03 c0 80 10 e4 d9 66 66 92 4c af 01 01 00 00 03 00"
      + " 64 00 00 0b b5 08";

  /** An IDR_W_RADL and a TRAIL_R slice start, 4-byte lengths. */
  static final String IDR = "00 00 00 05 26 01 af 06 b8";
  static final String TRAIL = "00 00 00 04 02 01 d0 09";
  static final String HVC1 = "68 76 63 31";

  @Override
  List<Vector> vectors() {
    return List.of(
        new Vector("NVENC 1080p sequence start, coded 1088", CONFIG_NVENC, video(0, "90", HVC1, HVCC_NVENC)),
        new Vector("720p Main L93 sequence start",
            new CodecConfig(HEVC, Hex.bytes(HVCC_720P), 1280, 720, 0, 0, "hvc1.1.6.L93.B0"),
            video(0, "90", HVC1, HVCC_720P)),
        new Vector("1080p Main 10 High tier sequence start",
            new CodecConfig(HEVC, Hex.bytes(HVCC_MAIN10), 1920, 1080, 0, 0, "hvc1.2.4.H120.90"),
            video(0, "90", HVC1, HVCC_MAIN10)),
        new Vector("IDR with composition time 33 ms: CodedFrames", frame(HEVC, 2000, 2033, true, IDR),
            video(2000, "91", HVC1, "00 00 21", IDR)),
        new Vector("P frame without composition time: CodedFramesX", frame(HEVC, 2033, 2033, false, TRAIL),
            video(2033, "a3", HVC1, TRAIL)),
        new Vector("frame with composition time -16 ms", frame(HEVC, 2066, 2050, false, TRAIL),
            video(2066, "a1", HVC1, "ff ff f0", TRAIL)));
  }

  @Override
  List<Variant> variants() {
    return List.of(
        new Variant("legacy CodecID 12 sequence header and frame (SRS, mediamtx)",
            List.of(video(0, "1c 00 00 00 00", HVCC_NVENC), video(2000, "1c 01 00 00 21", IDR)),
            List.of(CONFIG_NVENC, frame(HEVC, 2000, 2033, true, IDR))),
        new Variant("sequence start with frame type 0 (gortmplib)", List.of(video(0, "80", HVC1, HVCC_NVENC)),
            List.of(CONFIG_NVENC)),
        new Variant("CodedFrames with a zero composition time", List.of(video(2033, "a1", HVC1, "00 00 00", TRAIL)),
            List.of(frame(HEVC, 2033, 2033, false, TRAIL))),
        new Variant("multitrack OneTrack: the one track whatever its id",
            List.of(video(0, "96 00", HVC1, "01", HVCC_NVENC)), List.of(CONFIG_NVENC)),
        new Variant("multitrack ManyTracks: only the default track 0",
            List.of(video(2000, "96 11", HVC1, "01 00 00 0b 00 00 21", TRAIL, "00 00 00 0c 00 00 21", IDR)),
            List.of(frame(HEVC, 2000, 2033, true, IDR))),
        new Variant("ModEx TimestampOffsetNano of 500 us adds 45 ticks",
            List.of(video(2000, "97 02 07 a1 20 03", HVC1, IDR)),
            List.of(new MediaFrame(HEVC, 2000 * 90 + 45, 2000 * 90 + 45, true, Hex.bytes(IDR)))),
        new Variant("SequenceEnd yields nothing", List.of(video(9000, "82", HVC1)), List.of()),
        new Variant("colorInfo Metadata yields nothing (gortmplib)",
            List.of(video(0, "84", HVC1, "02 00 09 63 6f 6c 6f 72 49 6e 66 6f 03 00 0b 63 6f 6c 6f 72 43 6f 6e 66 69 67"
                + " 03 00 00 09 00 00 09")),
            List.of()));
  }
}

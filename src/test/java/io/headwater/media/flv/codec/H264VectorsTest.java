package io.headwater.media.flv.codec;

import static io.headwater.media.Codec.H264;

import io.headwater.media.CodecConfig;
import java.util.List;

/**
 * H.264 in FLV: legacy CodecID 7 tags (FLV 10.1 E.4.3.1) both ways, E-RTMP 'avc1' tags on decode. The SPS of
 * the 720p record is x264's for 1280x720 High@3.1; the 1080p one is an NVENC capture coded at 1088 lines (from
 * bluenviron/mediacommon's SPS tests). NAL unit payloads after the parameter sets are opaque to the codec.
 */
class H264VectorsTest extends GoldenVectorTest {
  static final String SPS_720P = "67 64 00 1f ac d9 40 50 05 bb 01 6a 02 02 02 80 00 00 03 00 80 00 00 1e 07 8c 18 cb";
  static final String PPS_X264 = "68 eb e3 cb 22 c0";
  /** configurationVersion 1, High 100, compat 0, level 31, 4-byte lengths (0xff), one SPS (0xe1), one PPS. */
  static final String RECORD_720P = "01 64 00 1f ff e1 00 1c " + SPS_720P + " 01 00 06 " + PPS_X264;
  static final CodecConfig CONFIG_720P =
      new CodecConfig(H264, Hex.bytes(RECORD_720P), 1280, 720, 0, 0, "avc1.64001f");

  static final String SPS_1080P = "67 64 00 28 ac d9 40 78 02 27 e5 84 00 00 03 00 04 00 00 03 00 f0 3c 60 c6 58";
  /** As FFmpeg 6+ writes High-profile records: chroma_format 1, 8-bit luma and chroma, no SPS extensions. */
  static final String RECORD_1080P = "01 64 00 28 ff e1 00 1a " + SPS_1080P + " 01 00 04 68 ee 3c 80 fd f8 f8 00";

  /** An access unit delimiter and the start of an IDR slice, 4-byte lengths. */
  static final String IDR = "00 00 00 02 09 10 00 00 00 05 65 88 84 00 33";
  static final String P_FRAME = "00 00 00 02 09 30 00 00 00 04 41 9a 02 03";

  @Override
  List<Vector> vectors() {
    return List.of(
        new Vector("x264 720p High@3.1 sequence header", CONFIG_720P, video(0, "17 00 00 00 00", RECORD_720P)),
        new Vector("1080p record with the High-profile extension, coded 1088 and cropped",
            new CodecConfig(H264, Hex.bytes(RECORD_1080P), 1920, 1080, 0, 0, "avc1.640028"),
            video(0, "17 00 00 00 00", RECORD_1080P)),
        new Vector("IDR with composition time 66 ms", frame(H264, 1000, 1066, true, IDR),
            video(1000, "17 01 00 00 42", IDR)),
        new Vector("P frame with composition time -33 ms", frame(H264, 1033, 1000, false, P_FRAME),
            video(1033, "27 01 ff ff df", P_FRAME)),
        new Vector("frame past the 24-bit timestamp range", frame(H264, 16_777_216, 16_777_216, false, P_FRAME),
            video(16_777_216, "27 01 00 00 00", P_FRAME)));
  }

  @Override
  List<Variant> variants() {
    return List.of(
        new Variant("2-byte NALU lengths are rewritten to 4, and so is the record's lengthSizeMinusOne",
            List.of(video(0, "17 00 00 00 00 01 64 00 1f fd e1 00 1c", SPS_720P, "01 00 06", PPS_X264),
                video(1000, "17 01 00 00 42 00 02 09 10 00 05 65 88 84 00 33")),
            List.of(CONFIG_720P, frame(H264, 1000, 1066, true, IDR))),
        new Variant("1-byte NALU lengths are rewritten to 4",
            List.of(video(0, "17 00 00 00 00 01 64 00 1f fc e1 00 1c", SPS_720P, "01 00 06", PPS_X264),
                video(1000, "17 01 00 00 42 02 09 10 05 65 88 84 00 33")),
            List.of(CONFIG_720P, frame(H264, 1000, 1066, true, IDR))),
        new Variant("E-RTMP 'avc1' SequenceStart, CodedFrames and CodedFramesX",
            List.of(video(0, "90 61 76 63 31", RECORD_720P), video(1000, "91 61 76 63 31 00 00 42", IDR),
                video(1033, "a3 61 76 63 31", P_FRAME)),
            List.of(CONFIG_720P, frame(H264, 1000, 1066, true, IDR), frame(H264, 1033, 1033, false, P_FRAME))),
        new Variant("frames before any sequence header are returned with 4-byte lengths",
            List.of(video(1000, "17 01 00 00 00", IDR)), List.of(frame(H264, 1000, 1000, true, IDR))),
        new Variant("end of sequence yields nothing", List.of(video(5000, "17 02 00 00 00")), List.of()),
        new Variant("an empty sequence header yields nothing", List.of(video(0, "17 00 00 00 00")), List.of()),
        new Variant("an empty NALU packet yields nothing", List.of(video(40, "27 01 00 00 00")), List.of()),
        new Variant("a seek command frame yields nothing", List.of(video(0, "57 00")), List.of()));
  }
}

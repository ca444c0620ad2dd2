package io.headwater.media.flv.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.headwater.media.Codec;
import io.headwater.media.CodecConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Decoder configuration records built from parameter sets received in band, as the MPEG-TS demuxer collects them,
 * and the parameter sets listed back out of a record, as the MPEG-TS muxer repeats them. The expected records are
 * the ones encoders and FFmpeg write for the same parameter sets (the vectors of {@link H264VectorsTest} and
 * {@link HevcVectorsTest}).
 */
class DecoderConfigBuildTest {
  private static final String PPS_1080P = "68 ee 3c 80";
  /** 720x404 Constrained Baseline@3.0 (H264SpsTest): no High-profile fields in the record. */
  private static final String SPS_BASELINE = "67 42 c0 1e d9 00 b4 35 f9 e1 00 00 03 00 01 00 00 03 00 3c 0f 16 2e 48";
  private static final String VPS_NVENC = "40 01 0c 01 ff ff 01 40 00 00 03 00 90 00 00 03 00 00 03 00 7b ac 09";
  private static final String SPS_NVENC = "42 01 01 01 40 00 00 03 00 90 00 00 03 00 00 03 00 7b a0 03 c0 80 11 07 cb"
      + " 96 b4 a4 25 92 e3 01 6a 02 02 02 08 00 00 03 00 08 00 00 03 01 e3 00 2e f2 88 00 02 62 5a 00 00 13 12 d0 20";
  private static final String PPS_NVENC = "44 01 c0 f7 c0 cc 90";

  @Test
  void highProfileRecordCarriesChromaFormatAndBitDepthsAsFfmpegWritesIt() throws FlvCodecException {
    CodecConfig built = AvcDecoderConfig.build(List.of(Hex.bytes(H264VectorsTest.SPS_1080P)),
        List.of(Hex.bytes(PPS_1080P)));
    assertEquals(new CodecConfig(Codec.H264, Hex.bytes(H264VectorsTest.RECORD_1080P), 1920, 1080, 0, 0,
        "avc1.640028"), built);
  }

  @Test
  void baselineRecordEndsAfterThePpsList() throws FlvCodecException {
    CodecConfig built = AvcDecoderConfig.build(List.of(Hex.bytes(SPS_BASELINE)), List.of(Hex.bytes(PPS_1080P)));
    assertEquals(new CodecConfig(Codec.H264, Hex.concat("01 42 c0 1e ff e1 00 18", SPS_BASELINE, "01 00 04",
        PPS_1080P), 720, 404, 0, 0, "avc1.42c01e"), built);
  }

  @Test
  void hevcRecordCopiesTheSpsProfileTierLevelAndMarksArraysComplete() throws FlvCodecException {
    CodecConfig built = HevcDecoderConfig.build(List.of(Hex.bytes(VPS_NVENC)), List.of(Hex.bytes(SPS_NVENC)),
        List.of(Hex.bytes(PPS_NVENC)));
    assertEquals(HevcVectorsTest.CONFIG_NVENC, built);
  }

  @Test
  void parameterSetsComeBackOutInRecordOrder() throws FlvCodecException {
    assertEquals(List.of(H264VectorsTest.SPS_720P, H264VectorsTest.PPS_X264).stream().map(Hex::bytes)
        .map(Hex::of).toList(),
        AvcDecoderConfig.parameterSets(Hex.bytes(H264VectorsTest.RECORD_720P)).stream().map(Hex::of).toList());
    assertEquals(List.of(VPS_NVENC, SPS_NVENC, PPS_NVENC).stream().map(Hex::bytes).map(Hex::of).toList(),
        HevcDecoderConfig.parameterSets(Hex.bytes(HevcVectorsTest.HVCC_NVENC)).stream().map(Hex::of).toList());
  }

  @Test
  void refusesARecordWithoutParameterSetsOfEachKind() {
    Failures.assertFailsWith(FlvCodecException.class, "0 PPS, need 1..255",
        () -> AvcDecoderConfig.build(List.of(Hex.bytes(SPS_BASELINE)), List.of()));
    Failures.assertFailsWith(FlvCodecException.class, "0 VPS, 1 SPS, 1 PPS",
        () -> HevcDecoderConfig.build(List.of(), List.of(Hex.bytes(SPS_NVENC)), List.of(Hex.bytes(PPS_NVENC))));
    Failures.assertFailsWith(FlvCodecException.class, "not a sequence parameter set",
        () -> AvcDecoderConfig.build(List.of(Hex.bytes(PPS_1080P)), List.of(Hex.bytes(PPS_1080P))));
  }
}

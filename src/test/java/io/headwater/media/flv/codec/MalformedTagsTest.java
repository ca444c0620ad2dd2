package io.headwater.media.flv.codec;

import static io.headwater.media.flv.codec.GoldenVectorTest.audio;
import static io.headwater.media.flv.codec.GoldenVectorTest.video;

import io.headwater.media.Codec;
import io.headwater.media.CodecConfig;
import io.headwater.media.MediaFrame;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tags the decoder must refuse, and items the encoder cannot write, each with the fragment of the message a
 * session would log as its close reason. Unsupported codecs must raise {@link UnsupportedCodecException} so the
 * session can tell "we do not carry this" from "this is broken".
 */
class MalformedTagsTest {
  private static final String SPS = H264VectorsTest.SPS_720P;
  private static final String PPS = H264VectorsTest.PPS_X264;
  private static final String HVC1 = "68 76 63 31";
  private static final String HVCC_HEADER = "01 01 40 00 00 00 90 00 00 00 00 00 7b f0 00 fc fd f8 f8 00 00 0f";
  private static final String OPUS = "4f 70 75 73";

  static Stream<Arguments> malformed() {
    return Stream.of(
        bad("empty video body", video(0), "video tag: need 1 byte at offset 0, only 0 left"),
        bad("AVC header cut inside the composition time", video(0, "17 01 00"), "need 3 bytes at offset 2"),
        bad("NALU length past the end of the body", video(0, "17 01 00 00 00 00 00 00 09 65 88"),
            "NALU length 9 at offset 5 runs past the end of the body at offset 11"),
        bad("bytes after the last NALU too few for a length", video(0, "17 01 00 00 00 00 00 00 01 65 00 00"),
            "2 trailing bytes at offset 10 are too few for a 4-byte NALU length"),
        bad("lengthSizeMinusOne 2 (3-byte lengths)", video(0, "17 00 00 00 00 01 64 00 1f fe e1 00 1c", SPS,
            "01 00 06", PPS), "lengthSizeMinusOne 2 (3-byte NALU lengths) is not allowed"),
        bad("AVC record configurationVersion 0", video(0, "17 00 00 00 00 00 64 00 1f ff e1 00 1c", SPS),
            "AVCDecoderConfigurationRecord: configurationVersion 0, expected 1"),
        bad("AVC record without an SPS", video(0, "17 00 00 00 00 01 64 00 1f ff e0 00"),
            "AVCDecoderConfigurationRecord: no sequence parameter set"),
        bad("AVC record whose SPS runs past the end", video(0, "17 00 00 00 00 01 64 00 1f ff e1 00 40 67 64"),
            "AVCDecoderConfigurationRecord: need 64 bytes at offset 8, only 2 left"),
        bad("SPS with a 65536-pixel width", video(0, "17 00 00 00 00 01 42 00 1e ff e1 00 09 67 42 00 1e da 00 04 00 30"
            + " 00"), "H.264 SPS: pic_width_in_mbs_minus1 4095 out of range 0..1023"),
        bad("record whose SPS is a PPS", video(0, "17 00 00 00 00 01 64 00 1f ff e1 00 06", PPS, "00"),
            "is not a sequence parameter set (nal_unit_type 7)"),
        bad("reserved AVCPacketType 3", video(0, "17 03 00 00 00"), "AVCPacketType 3 is reserved"),
        unsupported("Sorenson H.263", video(0, "22 00 00 84"), "unsupported video codec: Sorenson H.263"),
        unsupported("Screen video", video(0, "13 00"), "unsupported video codec: Screen video"),
        unsupported("On2 VP6", video(0, "14 00"), "unsupported video codec: On2 VP6"),
        unsupported("unknown legacy CodecID", video(0, "1f 00"), "unsupported video codec: CodecID 15"),
        unsupported("unknown FourCC", video(0, "91 78 79 7a 31 00"), "unsupported video codec: FourCC 'xyz1'"),
        unsupported("VP8", video(0, "90 76 70 30 38"), "unsupported video codec: FourCC 'vp08' (VP8)"),
        unsupported("VVC", video(0, "90 76 76 63 31"), "unsupported video codec: FourCC 'vvc1' (VVC)"),
        unsupported("a FourCC that is not ASCII", video(0, "90 00 01 02 03"), "FourCC 0x00010203"),
        bad("reserved VideoPacketType 8", video(0, "98", HVC1), "VideoPacketType 8 is reserved"),
        bad("E-RTMP header cut inside the FourCC", video(0, "91 68 76"), "need 4 bytes at offset 1, only 2 left"),
        bad("HEVC record cut in its header", video(0, "90", HVC1, "01 01 40"),
            "HEVCDecoderConfigurationRecord: need 4 bytes at offset 2, only 1 left"),
        bad("HEVC record with only a VPS", video(0, "90", HVC1, HVCC_HEADER, "01 a0 00 01 00 02 40 01"),
            "HEVCDecoderConfigurationRecord: no sequence parameter set"),
        bad("HEVC SPS with sps_max_sub_layers_minus1 7",
            video(0, "90", HVC1, HVCC_HEADER, "01 a1 00 01 00 08 42 01 0e 01 60 00 00 00"),
            "H.265 SPS: sps_max_sub_layers_minus1 7 out of range 0..6"),
        bad("HEVC record with lengthSizeMinusOne 2", video(0, "90", HVC1,
            HVCC_HEADER.substring(0, HVCC_HEADER.length() - 2) + "0e 00"), "lengthSizeMinusOne 2"),
        bad("ModEx TimestampOffsetNano of a whole millisecond", video(0, "97 02 0f 42 40 03", HVC1, "00 00 00 01 26"),
            "TimestampOffsetNano 1000000 is not below one millisecond"),
        bad("ModEx data past the end", video(0, "97 05 00"), "need 6 bytes at offset 2, only 1 left"),
        bad("multitrack nested in multitrack", video(0, "96 06", HVC1), "cannot be nested in a multitrack message"),
        bad("reserved AvMultitrackType 3", video(0, "96 30", HVC1), "AvMultitrackType 3 is reserved"),
        bad("multitrack track size past the end", video(0, "96 11", HVC1, "00 00 00 40 00"),
            "need 64 bytes at offset 10, only 1 left"),
        bad("av1C with a bad marker", video(0, "90 61 76 30 31 01 04 0c 00"),
            "AV1CodecConfigurationRecord: marker/version byte 0x1, expected 0x81"),
        bad("av1C configOBU size past the end", video(0, "90 61 76 30 31 81 04 0c 00 0a 20 00"),
            "AV1CodecConfigurationRecord: need 32 bytes at offset 6, only 1 left"),
        bad("AV1 sequence header with a 65536x65536 frame", video(0, "90 61 76 30 31 81 00 0c 00 0a 07 18 3f ff ff ff ff c0"),
            "AV1 sequence header: max frame size 65536x65536 exceeds 16384"),
        bad("vpcC with bit depth 9", video(0, "90 76 70 30 39 00 28 92 02 02 02 00 00"),
            "VPCodecConfigurationRecord: profile 0 with bitDepth 9 is not VP9"),
        bad("AudioSpecificConfig with object type 0", audio(0, "af 00 00 10"),
            "AudioSpecificConfig: audioObjectType 0 (null object) has no decoder"),
        bad("AudioSpecificConfig with reserved frequency index 13", audio(0, "af 00 16 90"),
            "samplingFrequencyIndex 13 is reserved"),
        bad("AudioSpecificConfig with an explicit frequency of 0", audio(0, "af 00 17 80 00 00 10"),
            "explicit samplingFrequency 0"),
        bad("AudioSpecificConfig of one byte", audio(0, "af 00 12"), "AudioSpecificConfig: ran out of data"),
        bad("reserved AACPacketType 2", audio(0, "af 02"), "AACPacketType 2 is reserved"),
        unsupported("Speex", audio(0, "b2 00"), "unsupported audio codec: Speex"),
        unsupported("Nellymoser", audio(0, "6e 00"), "unsupported audio codec: Nellymoser"),
        unsupported("G.711 A-law", audio(0, "72 00"), "unsupported audio codec: G.711 A-law"),
        unsupported("FLAC", audio(0, "90 66 4c 61 43"), "unsupported audio codec: FourCC 'fLaC' (FLAC)"),
        unsupported("AC-3 in a OneTrack multitrack (gortmplib)", audio(0, "95 00 61 63 2d 33 01"),
            "unsupported audio codec: FourCC 'ac-3' (AC-3)"),
        bad("OpusTags instead of OpusHead", audio(0, "90", OPUS, "4f 70 75 73 54 61 67 73 00 00 00 00 00 00 00 00 00 00 00"),
            "OpusHead: not an Opus identification header"),
        bad("OpusHead with 3 channels and mapping family 0",
            audio(0, "90", OPUS, "4f 70 75 73 48 65 61 64 01 03 38 01 80 bb 00 00 00 00 00"),
            "OpusHead: 3 channels with channel mapping family 0"),
        bad("reserved AudioPacketType 3", audio(0, "93", OPUS), "AudioPacketType 3 is reserved"),
        bad("script data tag", new FlvTag(18, 0, new byte[] {2}), "tag type 18 is neither audio (8) nor video (9)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void refusesWithAReason(String name, FlvTag tag, Class<? extends FlvCodecException> type, String fragment) {
    Failures.assertFailsWith(type, fragment, () -> new FlvTagDecoder().decode(tag));
  }

  static Stream<Arguments> unencodable() {
    return Stream.of(
        Arguments.of("an MP3 configuration", (Executable) () -> FlvTagEncoder.encode(
            new CodecConfig(Codec.MP3, new byte[0], 0, 0, 44100, 2, ""), 0), "MP3 has no sequence header in FLV"),
        Arguments.of("an AV1 frame with pts after dts", (Executable) () -> FlvTagEncoder.encode(
            new MediaFrame(Codec.AV1, 0, 3000, true, new byte[] {0x12, 0})),
            "AV1 frames carry no composition time in E-RTMP, but pts - dts is 33 ms"),
        Arguments.of("an H.264 composition time beyond SI24", (Executable) () -> FlvTagEncoder.encode(
            new MediaFrame(Codec.H264, 0, 90L * (1 << 23), true, new byte[0])),
            "composition time 8388608 ms does not fit the SI24 field"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unencodable")
  void encoderRefusesWithAReason(String name, Executable encode, String fragment) {
    Failures.assertFailsWith(FlvCodecException.class, fragment, encode);
  }

  private static Arguments bad(String name, FlvTag tag, String fragment) {
    return Arguments.of(name, tag, FlvCodecException.class, fragment);
  }

  private static Arguments unsupported(String name, FlvTag tag, String fragment) {
    return Arguments.of(name, tag, UnsupportedCodecException.class, fragment);
  }
}

package io.headwater.media.mp4.codec;

import io.headwater.media.Codec;
import io.headwater.media.CodecConfig;
import io.headwater.media.MediaFrame;
import java.util.HexFormat;

/**
 * Codec configurations and frames the mp4 tests share, written as hex dumps. The H.264 record is x264's for
 * 1280x720 High@3.1, the HEVC record wraps a 720p Main SPS (bluenviron/mediacommon), the AV1 record is from
 * veovera/enhanced-rtmp's mptestsrc.flv, all as the FLV codec's vectors carry them; AAC 11 90 is AAC-LC 48 kHz
 * stereo; the OpusHead is bbb.flv's 48 kHz stereo identification header.
 */
final class Mp4TestData {
  static final String AVCC_720P = "01 64 00 1f ff e1 00 1c"
      + " 67 64 00 1f ac d9 40 50 05 bb 01 6a 02 02 02 80 00 00 03 00 80 00 00 1e 07 8c 18 cb"
      + " 01 00 06 68 eb e3 cb 22 c0";
  static final CodecConfig H264_720P = new CodecConfig(Codec.H264, hex(AVCC_720P), 1280, 720, 0, 0, "avc1.64001f");
  static final String HVCC_720P = "01 01 60 00 00 00 b0 00 00 00 00 00 5d f0 00 fc fd f8 f8 00 00 0f 01 a1 00 01 00"
      + " 29 42 01 01 01 60 00 00 03 00 b0 00 00 03 00 00 03 00 5d a0 02 80 80 2d 16 36 b9 24 cb f0 08 00 00 03 00 08"
      + " 00 00 03 01 95 08";
  static final CodecConfig HEVC_720P = new CodecConfig(Codec.HEVC, hex(HVCC_720P), 1280, 720, 0, 0, "hvc1.1.6.L93.B0");
  static final String AV1C_512 = "81 01 0c 00 0a 0b 00 00 00 0c 47 ff fe ff fc c0 20";
  static final CodecConfig AV1_512 = new CodecConfig(Codec.AV1, hex(AV1C_512), 512, 512, 0, 0, "av01.0.01M.08");
  /** Profile 0, level 4.0, 8-bit 4:2:0 (chroma 1), BT.709 primaries, transfer and matrix, no init data. */
  static final String VPCC = "00 28 82 01 01 01 00 00";
  static final CodecConfig VP9 = new CodecConfig(Codec.VP9, hex(VPCC), 0, 0, 0, 0, "vp09.00.40.08");
  static final CodecConfig AAC_48K = new CodecConfig(Codec.AAC, hex("11 90"), 0, 0, 48000, 2, "mp4a.40.2");
  static final String OPUS_HEAD = "4f 70 75 73 48 65 61 64 01 02 38 01 80 bb 00 00 00 00 00";
  static final CodecConfig OPUS = new CodecConfig(Codec.OPUS, hex(OPUS_HEAD), 0, 0, 48000, 2, "opus");

  /** An access unit delimiter and the start of an IDR slice; a P slice; both with 4-byte lengths. */
  static final String IDR = "00 00 00 02 09 10 00 00 00 05 65 88 84 00 33";
  static final String P_FRAME = "00 00 00 02 09 30 00 00 00 04 41 9a 02 03";

  private Mp4TestData() {}

  static byte[] hex(String spaced) {
    return HexFormat.of().parseHex(spaced.replaceAll("\\s+", ""));
  }

  static MediaFrame video(long dts, long pts, boolean key, String hex) {
    return new MediaFrame(Codec.H264, dts, pts, key, hex(hex));
  }

  static MediaFrame aac(long dts, String hex) {
    return new MediaFrame(Codec.AAC, dts, dts, true, hex(hex));
  }
}

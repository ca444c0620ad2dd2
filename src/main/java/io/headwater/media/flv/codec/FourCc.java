package io.headwater.media.flv.codec;

/** The E-RTMP FourCC codec identifiers (E-RTMP v2, VideoFourCc and AudioFourCc enums), as big-endian UI32. */
final class FourCc {
  static final int AVC = of("avc1");
  static final int HEVC = of("hvc1");
  static final int AV1 = of("av01");
  static final int VP9 = of("vp09");
  static final int VP8 = of("vp08");
  static final int VVC = of("vvc1");
  static final int AAC = of("mp4a");
  static final int OPUS = of("Opus");
  static final int MP3 = of(".mp3");
  static final int FLAC = of("fLaC");
  static final int AC3 = of("ac-3");
  static final int EAC3 = of("ec-3");

  private FourCc() {}

  static int of(String code) {
    return code.charAt(0) << 24 | code.charAt(1) << 16 | code.charAt(2) << 8 | code.charAt(3);
  }

  /** "FourCC 'vp08'", or the hex value when the code is not printable ASCII. */
  static String describe(int fourCc) {
    StringBuilder s = new StringBuilder(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      int c = fourCc >>> shift & 0xff;
      if (c < 0x20 || c > 0x7e) {
        return String.format("FourCC 0x%08x", fourCc);
      }
      s.append((char) c);
    }
    return "FourCC '" + s + "'";
  }
}

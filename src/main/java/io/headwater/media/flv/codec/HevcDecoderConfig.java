package io.headwater.media.flv.codec;

import io.headwater.media.Codec;
import io.headwater.media.CodecConfig;

/**
 * Reads an HEVCDecoderConfigurationRecord (ISO/IEC 14496-15 8.3.3.1) into a {@link CodecConfig}: picture size
 * from the first SPS in its NAL unit arrays, the codecs parameter from the record's general profile, tier,
 * level and constraint fields (14496-15 Annex E.3).
 */
final class HevcDecoderConfig {
  private static final int RECORD_HEADER = 23;
  private static final int SPS_NUT = 33;

  private HevcDecoderConfig() {}

  /** As for AVC, the record is kept except lengthSizeMinusOne, which becomes 3 (4-byte NALU lengths). */
  static NalUnits.ParsedConfig parse(byte[] record) throws FlvCodecException {
    ByteReader r = new ByteReader("HEVCDecoderConfigurationRecord", record);
    int version = r.u8();
    if (version != 1) {
      throw r.error("configurationVersion " + version + ", expected 1");
    }
    int ptl = r.u8();
    int compatibility = r.u32();
    byte[] constraints = r.bytes(6);
    int level = r.u8();
    r.skip(8); // min_spatial_segmentation_idc, parallelismType, chromaFormat, bit depths, avgFrameRate
    int lengthSize = NalUnits.lengthSize(r, r.u8() & 0x03);
    int arrays = r.u8();
    byte[] firstSps = null;
    for (int i = 0; i < arrays; i++) {
      int nalType = r.u8() & 0x3f;
      int nalus = r.u16();
      for (int j = 0; j < nalus; j++) {
        byte[] nal = r.bytes(r.u16());
        if (nalType == SPS_NUT && firstSps == null) {
          firstSps = nal;
        }
      }
    }
    if (firstSps == null) {
      throw r.error("no sequence parameter set");
    }
    HevcSps sps = HevcSps.parse(firstSps);
    byte[] normalised = record.clone();
    normalised[RECORD_HEADER - 2] |= 0x03;
    return new NalUnits.ParsedConfig(new CodecConfig(Codec.HEVC, normalised, sps.width(), sps.height(), 0, 0,
        codecString(ptl, compatibility, constraints, level)), lengthSize);
  }

  /**
   * 14496-15 E.3: "hvc1." profile space letter (none for 0) and profile_idc, the 32 compatibility flags in
   * reverse bit order as hex, L or H for the tier and level_idc, then the six constraint bytes with trailing
   * zero bytes left out.
   */
  static String codecString(int ptl, int compatibility, byte[] constraints, int level) {
    int space = ptl >> 6;
    StringBuilder s = new StringBuilder("hvc1.");
    if (space > 0) {
      s.append((char) ('A' + space - 1));
    }
    s.append(ptl & 0x1f).append('.')
        .append(Integer.toHexString(Integer.reverse(compatibility)).toUpperCase())
        .append('.').append((ptl & 0x20) != 0 ? 'H' : 'L').append(level);
    int last = constraints.length - 1;
    while (last >= 0 && constraints[last] == 0) {
      last--;
    }
    for (int i = 0; i <= last; i++) {
      s.append('.').append(String.format("%02X", constraints[i] & 0xff));
    }
    return s.toString();
  }
}

package io.headwater.media.flv.codec;

import io.headwater.media.Codec;
import io.headwater.media.CodecConfig;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an HEVCDecoderConfigurationRecord (ISO/IEC 14496-15 8.3.3.1) into a {@link CodecConfig}: picture size
 * from the first SPS in its NAL unit arrays, the codecs parameter from the record's general profile, tier,
 * level and constraint fields (14496-15 Annex E.3). Also builds one from parameter sets received in band, and
 * lists a record's parameter sets for a muxer that repeats them in band.
 */
public final class HevcDecoderConfig {
  private static final int RECORD_HEADER = 23;
  private static final int VPS_NUT = 32;
  private static final int SPS_NUT = 33;
  private static final int PPS_NUT = 34;
  /** sps_video_parameter_set_id etc. (1 byte), then general profile_tier_level (12 bytes), H.265 7.3.2.2.1. */
  private static final int SPS_PTL_END = 13;

  private HevcDecoderConfig() {}

  /**
   * The configuration for VPS, SPS and PPS NAL units (2-byte headers included): the general profile, tier, level
   * and constraint flags, sub-layer count and temporal nesting copied from the first SPS, chroma format and bit
   * depths from its parsed fields, 4-byte NALU lengths. Fields only the VUI carries (min_spatial_segmentation_idc,
   * parallelismType) and the frame rate are 0, "unknown", as 8.3.3.1.2 allows. Each array is marked complete:
   * frames from an in-band source have their parameter sets moved here.
   */
  public static CodecConfig build(List<byte[]> vpsList, List<byte[]> spsList, List<byte[]> ppsList)
      throws FlvCodecException {
    if (vpsList.isEmpty() || spsList.isEmpty() || ppsList.isEmpty()) {
      throw new FlvCodecException("HEVCDecoderConfigurationRecord: " + vpsList.size() + " VPS, " + spsList.size()
          + " SPS, " + ppsList.size() + " PPS, need at least one of each");
    }
    byte[] first = spsList.get(0);
    HevcSps sps = HevcSps.parse(first);
    byte[] rbsp = BitReader.rbsp(first, 2);
    if (rbsp.length < SPS_PTL_END) {
      throw new FlvCodecException("H.265 SPS: " + rbsp.length + " bytes, too short for profile_tier_level");
    }
    int subLayers = (rbsp[0] >> 1 & 0x07) + 1;
    int temporalIdNested = rbsp[0] & 0x01;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(1); // configurationVersion
    out.write(rbsp, 1, SPS_PTL_END - 1); // profile space, tier, profile, compatibility, constraints, level
    out.write(0xf0); // reserved '1111', min_spatial_segmentation_idc 0
    out.write(0x00);
    out.write(0xfc); // reserved '111111', parallelismType 0
    out.write(0xfc | sps.chromaFormatIdc());
    out.write(0xf8 | sps.bitDepthLuma() - 8);
    out.write(0xf8 | sps.bitDepthChroma() - 8);
    out.write(0); // avgFrameRate 0
    out.write(0);
    out.write(subLayers << 3 | temporalIdNested << 2 | 0x03); // constantFrameRate 0, lengthSizeMinusOne 3
    out.write(3); // numOfArrays
    writeArray(out, VPS_NUT, vpsList, "VPS");
    writeArray(out, SPS_NUT, spsList, "SPS");
    writeArray(out, PPS_NUT, ppsList, "PPS");
    return parse(out.toByteArray()).config();
  }

  /** The NAL units of an HEVCDecoderConfigurationRecord's arrays (VPS, SPS, PPS, SEI), in record order. */
  public static List<byte[]> parameterSets(byte[] record) throws FlvCodecException {
    ByteReader r = new ByteReader("HEVCDecoderConfigurationRecord", record);
    r.skip(RECORD_HEADER - 1);
    List<byte[]> nalUnits = new ArrayList<>();
    for (int arrays = r.u8(); arrays > 0; arrays--) {
      r.u8(); // array_completeness, NAL_unit_type
      for (int n = r.u16(); n > 0; n--) {
        nalUnits.add(r.bytes(r.u16()));
      }
    }
    return nalUnits;
  }

  private static void writeArray(ByteArrayOutputStream out, int nalType, List<byte[]> nalUnits, String what)
      throws FlvCodecException {
    if (nalUnits.size() > 0xffff) {
      throw new FlvCodecException("HEVCDecoderConfigurationRecord: " + nalUnits.size() + " " + what);
    }
    out.write(0x80 | nalType); // array_completeness 1
    out.write(nalUnits.size() >> 8);
    out.write(nalUnits.size());
    AvcDecoderConfig.writeNalUnits(out, nalUnits, what);
  }

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

package io.headwater.media.flv.codec;

/**
 * The fields of an HEVC sequence parameter set that a packager needs: profile, level, chroma format, the picture
 * size inside the conformance window and the bit depths. Parses seq_parameter_set_rbsp (ITU-T H.265 7.3.2.2.1) up
 * to the bit depths and stops; every element is range-checked (7.4.3.2.1).
 *
 * @param width picture width in pixels inside the conformance window
 * @param height picture height in pixels inside the conformance window
 */
public record HevcSps(int profileIdc, int levelIdc, int chromaFormatIdc, int width, int height, int bitDepthLuma,
    int bitDepthChroma) {
  private static final int SPS_NUT = 33;

  /** Parses an SPS NAL unit, 2-byte header included (nal_unit_type 33), emulation prevention bytes and all. */
  public static HevcSps parse(byte[] nal) throws FlvCodecException {
    if (nal.length < 3) {
      throw new FlvCodecException("H.265 SPS: " + nal.length + " bytes, need at least 3");
    }
    if ((nal[0] & 0x80) != 0 || (nal[0] >> 1 & 0x3f) != SPS_NUT) {
      throw new FlvCodecException("H.265 SPS: NAL header 0x" + Integer.toHexString(nal[0] & 0xff)
          + " is not a sequence parameter set (nal_unit_type 33)");
    }
    BitReader r = new BitReader("H.265 SPS", BitReader.rbsp(nal, 2));
    r.skip(4); // sps_video_parameter_set_id
    int maxSubLayersMinus1 = (int) r.bits(3);
    if (maxSubLayersMinus1 > 6) {
      throw r.error("sps_max_sub_layers_minus1 7 out of range 0..6");
    }
    r.skip(1); // sps_temporal_id_nesting_flag
    // profile_tier_level(1, sps_max_sub_layers_minus1), 7.3.3
    r.skip(3); // general_profile_space, general_tier_flag
    int profileIdc = (int) r.bits(5);
    r.skip(32 + 48); // general_profile_compatibility_flag[32]; progressive..inbld/reserved flags (48 bits)
    int levelIdc = (int) r.bits(8);
    boolean[] profilePresent = new boolean[maxSubLayersMinus1];
    boolean[] levelPresent = new boolean[maxSubLayersMinus1];
    for (int i = 0; i < maxSubLayersMinus1; i++) {
      profilePresent[i] = r.flag();
      levelPresent[i] = r.flag();
    }
    if (maxSubLayersMinus1 > 0) {
      r.skip(2 * (8 - maxSubLayersMinus1)); // reserved_zero_2bits
    }
    for (int i = 0; i < maxSubLayersMinus1; i++) {
      r.skip((profilePresent[i] ? 88 : 0) + (levelPresent[i] ? 8 : 0));
    }
    r.ue("sps_seq_parameter_set_id", 15);
    int chromaFormatIdc = r.ue("chroma_format_idc", 3);
    boolean separateColourPlane = chromaFormatIdc == 3 && r.flag();
    int codedWidth = r.ue("pic_width_in_luma_samples", H264Sps.MAX_DIMENSION);
    int codedHeight = r.ue("pic_height_in_luma_samples", H264Sps.MAX_DIMENSION);
    if (codedWidth == 0 || codedHeight == 0) {
      throw r.error("picture size " + codedWidth + "x" + codedHeight + " is empty");
    }
    int[] size = {codedWidth, codedHeight};
    if (r.flag()) { // conformance_window_flag: offsets in SubWidthC/SubHeightC units (Table 6-1)
      int chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
      int subWidthC = chromaArrayType == 1 || chromaArrayType == 2 ? 2 : 1;
      int subHeightC = chromaArrayType == 1 ? 2 : 1;
      size = H264Sps.croppedSize(r, "conf_win_", codedWidth, codedHeight, subWidthC, subHeightC);
    }
    int bitDepthLuma = 8 + r.ue("bit_depth_luma_minus8", 8);
    int bitDepthChroma = 8 + r.ue("bit_depth_chroma_minus8", 8);
    return new HevcSps(profileIdc, levelIdc, chromaFormatIdc, size[0], size[1], bitDepthLuma, bitDepthChroma);
  }
}

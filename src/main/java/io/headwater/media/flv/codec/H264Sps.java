package io.headwater.media.flv.codec;

import java.util.Set;

/**
 * The fields of an H.264 sequence parameter set that a packager needs: profile, level, chroma format, bit depths
 * and the picture size after frame cropping. Parses seq_parameter_set_data (ITU-T H.264 7.3.2.1.1) up to the cropping
 * window and stops before the VUI; every element is range-checked (7.4.2.1.1).
 *
 * @param width picture width in pixels after frame cropping
 * @param height picture height in pixels after frame cropping
 * @param bitDepthLuma luma bit depth, 8 unless a High-profile SPS says otherwise
 * @param bitDepthChroma chroma bit depth, likewise
 */
public record H264Sps(int profileIdc, int levelIdc, int chromaFormatIdc, int width, int height, int bitDepthLuma,
    int bitDepthChroma) {
  /** Guard rail: no encoder Headwater accepts produces pictures above 16K on a side. */
  static final int MAX_DIMENSION = 16384;

  /** Profiles whose SPS carries chroma_format_idc, bit depths and scaling matrices (7.3.2.1.1). */
  private static final Set<Integer> HIGH_PROFILES =
      Set.of(100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135);

  /** Parses an SPS NAL unit, header byte included (nal_unit_type 7), emulation prevention bytes and all. */
  public static H264Sps parse(byte[] nal) throws FlvCodecException {
    if (nal.length < 4) {
      throw new FlvCodecException("H.264 SPS: " + nal.length + " bytes, need at least 4");
    }
    if ((nal[0] & 0x9f) != 7) {
      throw new FlvCodecException("H.264 SPS: NAL header 0x" + Integer.toHexString(nal[0] & 0xff)
          + " is not a sequence parameter set (nal_unit_type 7)");
    }
    BitReader r = new BitReader("H.264 SPS", BitReader.rbsp(nal, 1));
    int profileIdc = (int) r.bits(8);
    r.skip(8); // constraint_set0..5_flag, reserved_zero_2bits
    int levelIdc = (int) r.bits(8);
    r.ue("seq_parameter_set_id", 31);
    int chromaFormatIdc = 1; // 7.4.2.1.1: inferred 4:2:0 when absent
    boolean separateColourPlane = false;
    int bitDepthLuma = 8;
    int bitDepthChroma = 8;
    if (HIGH_PROFILES.contains(profileIdc)) {
      chromaFormatIdc = r.ue("chroma_format_idc", 3);
      if (chromaFormatIdc == 3) {
        separateColourPlane = r.flag();
      }
      bitDepthLuma = 8 + r.ue("bit_depth_luma_minus8", 6);
      bitDepthChroma = 8 + r.ue("bit_depth_chroma_minus8", 6);
      r.skip(1); // qpprime_y_zero_transform_bypass_flag
      if (r.flag()) { // seq_scaling_matrix_present_flag
        int lists = chromaFormatIdc != 3 ? 8 : 12;
        for (int i = 0; i < lists; i++) {
          if (r.flag()) { // seq_scaling_list_present_flag[i]
            skipScalingList(r, i < 6 ? 16 : 64);
          }
        }
      }
    }
    r.ue("log2_max_frame_num_minus4", 12);
    int pocType = r.ue("pic_order_cnt_type", 2);
    if (pocType == 0) {
      r.ue("log2_max_pic_order_cnt_lsb_minus4", 12);
    } else if (pocType == 1) {
      r.skip(1); // delta_pic_order_always_zero_flag
      r.se("offset_for_non_ref_pic", -Integer.MAX_VALUE, Integer.MAX_VALUE);
      r.se("offset_for_top_to_bottom_field", -Integer.MAX_VALUE, Integer.MAX_VALUE);
      int cycle = r.ue("num_ref_frames_in_pic_order_cnt_cycle", 255);
      for (int i = 0; i < cycle; i++) {
        r.se("offset_for_ref_frame", -Integer.MAX_VALUE, Integer.MAX_VALUE);
      }
    }
    r.ue("max_num_ref_frames", 16);
    r.skip(1); // gaps_in_frame_num_value_allowed_flag
    int widthMbs = r.ue("pic_width_in_mbs_minus1", MAX_DIMENSION / 16 - 1) + 1;
    int heightMapUnits = r.ue("pic_height_in_map_units_minus1", MAX_DIMENSION / 16 - 1) + 1;
    boolean frameMbsOnly = r.flag();
    if (!frameMbsOnly) {
      r.skip(1); // mb_adaptive_frame_field_flag
    }
    r.skip(1); // direct_8x8_inference_flag
    int codedWidth = widthMbs * 16;
    int codedHeight = (frameMbsOnly ? 1 : 2) * heightMapUnits * 16; // (7-18): FrameHeightInMbs
    if (codedHeight > MAX_DIMENSION) {
      throw r.error("coded height " + codedHeight + " exceeds " + MAX_DIMENSION);
    }
    int[] size = {codedWidth, codedHeight};
    if (r.flag()) { // frame_cropping_flag: offsets in CropUnitX/CropUnitY (7-19..7-22)
      boolean monochromeArray = chromaFormatIdc == 0 || separateColourPlane; // ChromaArrayType 0
      int cropUnitX = monochromeArray || chromaFormatIdc == 3 ? 1 : 2;
      int cropUnitY = (monochromeArray || chromaFormatIdc != 1 ? 1 : 2) * (frameMbsOnly ? 1 : 2);
      size = croppedSize(r, "frame_crop_", codedWidth, codedHeight, cropUnitX, cropUnitY);
    }
    return new H264Sps(profileIdc, levelIdc, chromaFormatIdc, size[0], size[1], bitDepthLuma, bitDepthChroma);
  }

  /**
   * The picture size inside a cropping window whose left, right, top and bottom offsets (ue(v) elements named
   * {@code prefix} + "left_offset" and so on) count in units of {@code unitX} and {@code unitY} pixels; shared
   * with the HEVC conformance window, which has the same shape (H.265 7.4.3.2.1).
   */
  static int[] croppedSize(BitReader r, String prefix, int codedWidth, int codedHeight, int unitX, int unitY)
      throws FlvCodecException {
    long cropX = (long) unitX * ((long) r.ue(prefix + "left_offset", MAX_DIMENSION)
        + r.ue(prefix + "right_offset", MAX_DIMENSION));
    long cropY = (long) unitY * ((long) r.ue(prefix + "top_offset", MAX_DIMENSION)
        + r.ue(prefix + "bottom_offset", MAX_DIMENSION));
    if (cropX >= codedWidth || cropY >= codedHeight) {
      throw r.error("cropping " + cropX + "x" + cropY + " leaves no picture of the coded " + codedWidth + "x"
          + codedHeight);
    }
    return new int[] {codedWidth - (int) cropX, codedHeight - (int) cropY};
  }

  /** scaling_list() (7.3.2.1.1.1): only delta_scale is coded, and only until nextScale becomes 0. */
  private static void skipScalingList(BitReader r, int size) throws FlvCodecException {
    int lastScale = 8;
    int nextScale = 8;
    for (int j = 0; j < size && nextScale != 0; j++) {
      int delta = r.se("delta_scale", -128, 127);
      nextScale = (lastScale + delta + 256) % 256;
      lastScale = nextScale == 0 ? lastScale : nextScale;
    }
  }
}

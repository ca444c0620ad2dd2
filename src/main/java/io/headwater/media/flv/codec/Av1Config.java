package io.headwater.media.flv.codec;

import io.headwater.media.Codec;
import io.headwater.media.CodecConfig;

/**
 * Reads an AV1CodecConfigurationRecord (AV1-ISOBMFF 2.3.3, "av1C") into a {@link CodecConfig}: the codecs
 * parameter "av01.P.LLT.DD" from the record's profile, level, tier and bit depth (AV1-ISOBMFF Annex A), and the
 * maximum frame size from the sequence header OBU among its configOBUs (AV1 5.5.1). A record without a sequence
 * header gives width and height 0.
 */
final class Av1Config {
  private static final int OBU_SEQUENCE_HEADER = 1;

  private Av1Config() {}

  static CodecConfig parse(byte[] record) throws FlvCodecException {
    ByteReader r = new ByteReader("AV1CodecConfigurationRecord", record);
    int markerVersion = r.u8();
    if (markerVersion != 0x81) {
      throw r.error("marker/version byte 0x" + Integer.toHexString(markerVersion) + ", expected 0x81");
    }
    int profileLevel = r.u8();
    int flags = r.u8();
    r.skip(1); // initial_presentation_delay
    int profile = profileLevel >> 5;
    boolean highBitdepth = (flags & 0x40) != 0;
    boolean twelveBit = (flags & 0x20) != 0;
    int bitDepth = profile == 2 && highBitdepth ? (twelveBit ? 12 : 10) : highBitdepth ? 10 : 8;
    String codecString = String.format("av01.%d.%02d%c.%02d",
        profile, profileLevel & 0x1f, (flags & 0x80) != 0 ? 'H' : 'M', bitDepth);
    int[] size = {0, 0};
    while (r.hasRemaining()) {
      int header = r.u8();
      if ((header & 0x80) != 0) {
        throw r.error("configOBU header 0x" + Integer.toHexString(header) + " has obu_forbidden_bit set");
      }
      if ((header & 0x04) != 0) {
        r.skip(1); // obu_extension_header
      }
      int obuSize = (header & 0x02) != 0 ? leb128(r) : r.remaining();
      ByteReader obu = r.slice("AV1 configOBU", obuSize);
      if ((header >> 3 & 0x0f) == OBU_SEQUENCE_HEADER) {
        size = frameSize(new BitReader("AV1 sequence header", obu.rest()));
        break;
      }
    }
    return new CodecConfig(Codec.AV1, record, size[0], size[1], 0, 0, codecString);
  }

  /** leb128() (AV1 4.10.5), at most 8 bytes and a value that fits an int. */
  private static int leb128(ByteReader r) throws FlvCodecException {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      int b = r.u8();
      value |= (long) (b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0) {
        if (value > Integer.MAX_VALUE) {
          throw r.error("OBU size " + value + " is too large");
        }
        return (int) value;
      }
    }
    throw r.error("leb128 OBU size longer than 8 bytes");
  }

  /** sequence_header_obu() (AV1 5.5.1) up to max_frame_height_minus_1. */
  private static int[] frameSize(BitReader b) throws FlvCodecException {
    b.skip(3 + 1); // seq_profile, still_picture
    if (b.flag()) { // reduced_still_picture_header
      b.skip(5); // seq_level_idx[0]
    } else {
      boolean decoderModelInfo = false;
      int bufferDelayLength = 0;
      if (b.flag()) { // timing_info_present_flag: timing_info() (5.5.3)
        b.skip(32 + 32); // num_units_in_display_tick, time_scale
        if (b.flag()) { // equal_picture_interval
          uvlc(b); // num_ticks_per_picture_minus_1
        }
        decoderModelInfo = b.flag();
        if (decoderModelInfo) { // decoder_model_info() (5.5.4)
          bufferDelayLength = (int) b.bits(5) + 1;
          b.skip(32 + 5 + 5); // num_units_in_decoding_tick, two *_length_minus_1
        }
      }
      boolean initialDisplayDelay = b.flag();
      int operatingPoints = (int) b.bits(5) + 1;
      for (int i = 0; i < operatingPoints; i++) {
        b.skip(12); // operating_point_idc
        if (b.bits(5) > 7) { // seq_level_idx
          b.skip(1); // seq_tier
        }
        if (decoderModelInfo && b.flag()) { // decoder_model_present_for_this_op: operating_parameters_info()
          b.skip(2 * bufferDelayLength + 1);
        }
        if (initialDisplayDelay && b.flag()) {
          b.skip(4); // initial_display_delay_minus_1
        }
      }
    }
    int widthBits = (int) b.bits(4) + 1;
    int heightBits = (int) b.bits(4) + 1;
    long width = b.bits(widthBits) + 1;
    long height = b.bits(heightBits) + 1;
    if (width > H264Sps.MAX_DIMENSION || height > H264Sps.MAX_DIMENSION) {
      throw b.error("max frame size " + width + "x" + height + " exceeds " + H264Sps.MAX_DIMENSION);
    }
    return new int[] {(int) width, (int) height};
  }

  /** uvlc() (AV1 4.10.3). */
  private static void uvlc(BitReader b) throws FlvCodecException {
    int zeros = 0;
    while (!b.flag()) {
      zeros++;
    }
    if (zeros < 32) {
      b.skip(zeros);
    }
  }
}

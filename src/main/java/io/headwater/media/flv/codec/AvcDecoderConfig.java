package io.headwater.media.flv.codec;

import io.headwater.media.Codec;
import io.headwater.media.CodecConfig;

/**
 * Reads an AVCDecoderConfigurationRecord (ISO/IEC 14496-15 5.3.3.1) into a {@link CodecConfig}: picture size
 * from the first SPS, the RFC 6381 codecs parameter from the record's profile, compatibility and level bytes.
 */
final class AvcDecoderConfig {
  private AvcDecoderConfig() {}

  /**
   * The record is kept byte for byte (a High-profile extension after the PPS list included) except
   * lengthSizeMinusOne, which becomes 3: frames leave the decoder with 4-byte NALU lengths.
   */
  static NalUnits.ParsedConfig parse(byte[] record) throws FlvCodecException {
    ByteReader r = new ByteReader("AVCDecoderConfigurationRecord", record);
    int version = r.u8();
    if (version != 1) {
      throw r.error("configurationVersion " + version + ", expected 1");
    }
    int profile = r.u8();
    int compatibility = r.u8();
    int level = r.u8();
    int lengthSize = NalUnits.lengthSize(r, r.u8() & 0x03);
    int spsCount = r.u8() & 0x1f;
    if (spsCount == 0) {
      throw r.error("no sequence parameter set");
    }
    byte[] firstSps = null;
    for (int i = 0; i < spsCount; i++) {
      byte[] sps = r.bytes(r.u16());
      firstSps = firstSps == null ? sps : firstSps;
    }
    int ppsCount = r.u8();
    for (int i = 0; i < ppsCount; i++) {
      r.skip(r.u16());
    }
    H264Sps sps = H264Sps.parse(firstSps);
    byte[] normalised = record.clone();
    normalised[4] |= 0x03;
    String codecString = String.format("avc1.%02x%02x%02x", profile, compatibility, level);
    return new NalUnits.ParsedConfig(
        new CodecConfig(Codec.H264, normalised, sps.width(), sps.height(), 0, 0, codecString), lengthSize);
  }
}

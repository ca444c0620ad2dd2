package io.headwater.media.flv.codec;

import io.headwater.media.Codec;
import io.headwater.media.CodecConfig;

/**
 * Reads a VP9 VPCodecConfigurationRecord ("VP Codec ISO Media File Format Binding" 2.2, the vpcC payload)
 * into a {@link CodecConfig} with the codecs parameter "vp09.PP.LL.DD". The record carries no picture size
 * (only the first keyframe's uncompressed header does), so width and height are 0. FFmpeg and gortmplib send
 * the record with vpcC's FullBox version and flags in front; both forms are accepted and kept as sent.
 */
final class Vp9Config {
  private static final int RECORD_SIZE = 8;

  private Vp9Config() {}

  static CodecConfig parse(byte[] record) throws FlvCodecException {
    ByteReader r = new ByteReader("VPCodecConfigurationRecord", record);
    if (record.length >= 4 + RECORD_SIZE && record[0] == 1 && record[1] == 0 && record[2] == 0 && record[3] == 0) {
      r.skip(4); // FullBox version 1, flags 0
    }
    int profile = r.u8();
    int level = r.u8();
    int bitDepth = r.u8() >> 4;
    r.skip(3); // colourPrimaries, transferCharacteristics, matrixCoefficients
    r.skip(r.u16()); // codecIntializationData, empty for VP9
    if (profile > 3 || (bitDepth != 8 && bitDepth != 10 && bitDepth != 12)) {
      throw r.error("profile " + profile + " with bitDepth " + bitDepth + " is not VP9");
    }
    String codecString = String.format("vp09.%02d.%02d.%02d", profile, level, bitDepth);
    return new CodecConfig(Codec.VP9, record, 0, 0, 0, 0, codecString);
  }
}

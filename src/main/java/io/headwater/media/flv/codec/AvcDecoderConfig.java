package io.headwater.media.flv.codec;

import io.headwater.media.Codec;
import io.headwater.media.CodecConfig;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads an AVCDecoderConfigurationRecord (ISO/IEC 14496-15 5.3.3.1) into a {@link CodecConfig}: picture size
 * from the first SPS, the RFC 6381 codecs parameter from the record's profile, compatibility and level bytes.
 * Also builds one from parameter sets received in band, as an MPEG-TS demuxer collects them, and lists a
 * record's parameter sets for a muxer that repeats them in band.
 */
public final class AvcDecoderConfig {
  /** 14496-15 5.3.3.1.1: profiles whose record carries chroma format, bit depths and SPS extensions. */
  private static final Set<Integer> EXTENDED_PROFILES = Set.of(100, 110, 122, 144);
  private static final int MAX_SPS = 31;
  private static final int MAX_PPS = 255;

  private AvcDecoderConfig() {}

  /**
   * The configuration for SPS and PPS NAL units (headers included, as they appear in the stream), in the form
   * FFmpeg 6+ writes: 4-byte NALU lengths and, for High profiles, the chroma format and bit depths from the
   * first SPS with no SPS extensions.
   */
  public static CodecConfig build(List<byte[]> spsList, List<byte[]> ppsList) throws FlvCodecException {
    if (spsList.isEmpty() || spsList.size() > MAX_SPS) {
      throw new FlvCodecException("AVCDecoderConfigurationRecord: " + spsList.size() + " SPS, need 1.." + MAX_SPS);
    }
    if (ppsList.isEmpty() || ppsList.size() > MAX_PPS) {
      throw new FlvCodecException("AVCDecoderConfigurationRecord: " + ppsList.size() + " PPS, need 1.." + MAX_PPS);
    }
    byte[] first = spsList.get(0);
    H264Sps sps = H264Sps.parse(first);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(1); // configurationVersion
    out.write(first, 1, 3); // AVCProfileIndication, profile_compatibility, AVCLevelIndication: the SPS's bytes
    out.write(0xff); // reserved '111111', lengthSizeMinusOne 3
    out.write(0xe0 | spsList.size());
    writeNalUnits(out, spsList, "SPS");
    out.write(ppsList.size());
    writeNalUnits(out, ppsList, "PPS");
    if (EXTENDED_PROFILES.contains(sps.profileIdc())) {
      out.write(0xfc | sps.chromaFormatIdc());
      out.write(0xf8 | sps.bitDepthLuma() - 8);
      out.write(0xf8 | sps.bitDepthChroma() - 8);
      out.write(0); // numOfSequenceParameterSetExt
    }
    return parse(out.toByteArray()).config();
  }

  /** The SPS then PPS NAL units of an AVCDecoderConfigurationRecord, in record order. */
  public static List<byte[]> parameterSets(byte[] record) throws FlvCodecException {
    ByteReader r = new ByteReader("AVCDecoderConfigurationRecord", record);
    r.skip(5);
    List<byte[]> nalUnits = new ArrayList<>();
    for (int i = r.u8() & 0x1f; i > 0; i--) {
      nalUnits.add(r.bytes(r.u16()));
    }
    for (int i = r.u8(); i > 0; i--) {
      nalUnits.add(r.bytes(r.u16()));
    }
    return nalUnits;
  }

  /** Each NAL unit with its 16-bit length, as both records store parameter sets. */
  static void writeNalUnits(ByteArrayOutputStream out, List<byte[]> nalUnits, String what)
      throws FlvCodecException {
    for (byte[] nal : nalUnits) {
      if (nal.length == 0 || nal.length > 0xffff) {
        throw new FlvCodecException("decoder configuration record: " + what + " of " + nal.length
            + " bytes, need 1..65535");
      }
      out.write(nal.length >> 8);
      out.write(nal.length);
      out.writeBytes(nal);
    }
  }

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

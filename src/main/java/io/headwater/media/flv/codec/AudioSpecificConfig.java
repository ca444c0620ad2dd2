package io.headwater.media.flv.codec;

import java.util.Set;

/**
 * What an MPEG-4 AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1) tells a packager: the signalled audio object
 * type, the sample rate and channel count a decoder outputs, and whether SBR (HE-AAC) or parametric stereo
 * (HE-AAC v2) are on, whether signalled explicitly (object type 5 or 29) or by the backward-compatible sync
 * extension after the GASpecificConfig (1.6.5.2).
 *
 * @param objectType the first audioObjectType, which names the RFC 6381 codec ("mp4a.40.2", "mp4a.40.5")
 * @param sampleRate output sample rate in Hz: the SBR extension rate when SBR is on
 * @param channels output channel count: 2 for parametric stereo over a mono core; 0 when a program config
 *     element (channelConfiguration 0) defines the layout, which is not parsed
 */
public record AudioSpecificConfig(int objectType, int sampleRate, int channels, boolean sbr, boolean ps) {
  private static final int AOT_SBR = 5;
  private static final int AOT_PS = 29;
  private static final int SYNC_EXTENSION_SBR = 0x2b7;
  private static final int SYNC_EXTENSION_PS = 0x548;

  /** Table 1.16, samplingFrequencyIndex 0..12; 13 and 14 are reserved, 15 escapes to 24 bits. */
  private static final int[] SAMPLE_RATES =
      {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350};

  /** Table 1.19 with the 2009 amendment's configurations 11..14; 8..10 and 15 are reserved. */
  private static final int[] CHANNELS = {0, 1, 2, 3, 4, 5, 6, 8, 0, 0, 0, 7, 8, 24, 8, 0};

  /** Object types whose specific config is GASpecificConfig (Table 1.15). */
  private static final Set<Integer> GA_TYPES = Set.of(1, 2, 3, 4, 6, 7, 17, 19, 20, 21, 22, 23);

  /** Object types that append epConfig (1.6.2.1): the error-resilient ones. */
  private static final Set<Integer> ER_TYPES = Set.of(17, 19, 20, 21, 22, 23, 24, 25, 26, 27, 39);

  public static AudioSpecificConfig parse(byte[] asc) throws FlvCodecException {
    BitReader r = new BitReader("AudioSpecificConfig", asc);
    int objectType = objectType(r);
    if (objectType == 0) {
      throw r.error("audioObjectType 0 (null object) has no decoder");
    }
    int coreRate = sampleRate(r, "samplingFrequencyIndex");
    int channelConfig = (int) r.bits(4);
    int coreType = objectType;
    boolean sbr = false;
    boolean ps = false;
    int extensionRate = 0;
    if (objectType == AOT_SBR || objectType == AOT_PS) { // explicit hierarchical signalling
      sbr = true;
      ps = objectType == AOT_PS;
      extensionRate = sampleRate(r, "extensionSamplingFrequencyIndex");
      coreType = objectType(r);
      if (coreType == 22) {
        r.skip(4); // extensionChannelConfiguration (ER BSAC)
      }
    }
    if (GA_TYPES.contains(coreType) && channelConfig != 0) {
      skipGaSpecificConfig(r, coreType);
      if (ER_TYPES.contains(coreType)) {
        r.skip(2); // epConfig
      }
      // Backward-compatible signalling: a sync extension may follow the config (1.6.5.2, 1.6.6.1)
      if (!sbr && r.bitsLeft() >= 16 && r.bits(11) == SYNC_EXTENSION_SBR && objectType(r) == AOT_SBR && r.flag()) {
        sbr = true;
        extensionRate = sampleRate(r, "extensionSamplingFrequencyIndex");
        ps = r.bitsLeft() >= 12 && r.bits(11) == SYNC_EXTENSION_PS && r.flag();
      }
    }
    int channels = CHANNELS[channelConfig];
    if (ps && channels == 1) {
      channels = 2;
    }
    return new AudioSpecificConfig(objectType, sbr ? extensionRate : coreRate, channels, sbr, ps);
  }

  /** The RFC 6381 codecs parameter: "mp4a.40." and the signalled audio object type. */
  public String codecString() {
    return "mp4a.40." + objectType;
  }

  /** GASpecificConfig (4.4.1), read only to find what follows it. */
  private static void skipGaSpecificConfig(BitReader r, int type) throws FlvCodecException {
    r.skip(1); // frameLengthFlag
    if (r.flag()) { // dependsOnCoreCoder
      r.skip(14); // coreCoderDelay
    }
    boolean extensionFlag = r.flag();
    if (type == 6 || type == 20) {
      r.skip(3); // layerNr
    }
    if (extensionFlag) {
      if (type == 22) {
        r.skip(5 + 11); // numOfSubFrame, layer_length
      }
      if (type == 17 || type == 19 || type == 20 || type == 23) {
        r.skip(3); // aacSection/Scalefactor/SpectralDataResilienceFlag
      }
      r.skip(1); // extensionFlag3
    }
  }

  /** GetAudioObjectType() (1.6.2.1): 5 bits, 31 escapes to 32 + 6 more bits. */
  private static int objectType(BitReader r) throws FlvCodecException {
    int type = (int) r.bits(5);
    return type == 31 ? 32 + (int) r.bits(6) : type;
  }

  private static int sampleRate(BitReader r, String field) throws FlvCodecException {
    int index = (int) r.bits(4);
    if (index == 15) {
      int rate = (int) r.bits(24);
      if (rate == 0) {
        throw r.error("explicit samplingFrequency 0");
      }
      return rate;
    }
    if (index >= SAMPLE_RATES.length) {
      throw r.error(field + " " + index + " is reserved");
    }
    return SAMPLE_RATES[index];
  }
}

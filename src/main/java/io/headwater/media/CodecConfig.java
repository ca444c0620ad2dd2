package io.headwater.media;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A track's decoder configuration: which codec, and the bytes a decoder needs before the first frame
 * (H.264 AVCDecoderConfigurationRecord, HEVC HEVCDecoderConfigurationRecord, AV1 AV1CodecConfigurationRecord,
 * VP9 vpcC, AAC AudioSpecificConfig, Opus OpusHead). Video fields are 0 for audio and the reverse. The byte
 * array is never mutated once constructed; {@link #decoderConfig()} hands out the shared array for speed,
 * so callers must not write to it.
 *
 * @param width displayed picture width in pixels (after SPS cropping: 1920, not the coded 1088-row
 *     picture's), 0 when unknown (VP9's vpcC does not carry it)
 * @param height displayed picture height in pixels, 0 when unknown
 * @param sampleRate audio sample rate in Hz, 0 when unknown
 * @param channels audio channel count, 0 when unknown
 * @param codecString the RFC 6381 codecs parameter (e.g. "avc1.64001f", "mp4a.40.2"), empty when unknown
 */
public record CodecConfig(
    Codec codec, byte[] decoderConfig, int width, int height, int sampleRate, int channels, String codecString)
    implements MediaItem {

  public CodecConfig {
    decoderConfig = decoderConfig.clone();
  }

  public MediaKind kind() {
    return codec.kind();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CodecConfig c
        && codec == c.codec
        && Arrays.equals(decoderConfig, c.decoderConfig)
        && width == c.width
        && height == c.height
        && sampleRate == c.sampleRate
        && channels == c.channels
        && codecString.equals(c.codecString);
  }

  @Override
  public int hashCode() {
    return 31 * codec.hashCode() + Arrays.hashCode(decoderConfig);
  }

  @Override
  public String toString() {
    return "CodecConfig[" + codec + " " + codecString + " " + width + "x" + height + " " + sampleRate + "Hz/" + channels
        + "ch config=" + HexFormat.of().formatHex(decoderConfig) + "]";
  }
}

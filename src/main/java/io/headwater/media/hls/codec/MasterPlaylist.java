package io.headwater.media.hls.codec;

import java.util.List;
import java.util.Objects;

/**
 * The master (multivariant) playlist of one live input (RFC 8216 4.3.4): the source rendition and the
 * transcoded ladder as variant streams, and the audio renditions they refer to. The packager decides what is
 * listed; {@link PlaylistWriter} renders it and {@link PlaylistParser} reads it back.
 *
 * @param version EXT-X-VERSION to declare. The master itself needs no more than 1 (nothing it carries is
 *     version-restricted in RFC 8216 7), but validators (Akamai's) flag a master declaring less than its
 *     media playlists, so the packager passes the {@link MediaPlaylist#version()} of its renditions.
 * @param independentSegments EXT-X-INDEPENDENT-SEGMENTS for every media playlist (4.3.5.1)
 * @param audio EXT-X-MEDIA TYPE=AUDIO renditions (4.3.4.1), empty when audio is muxed into each variant
 * @param variants EXT-X-STREAM-INF variant streams, in the order players should consider them (4.3.4.2)
 */
public record MasterPlaylist(int version, boolean independentSegments, List<AudioRendition> audio,
    List<Variant> variants) {

  /** The highest version rfc8216bis defines. */
  public static final int MAX_VERSION = 12;

  public MasterPlaylist {
    if (version < 1 || version > MAX_VERSION) {
      throw new IllegalArgumentException("version " + version + " is not in [1, " + MAX_VERSION + "]");
    }
    audio = List.copyOf(audio);
    variants = List.copyOf(variants);
  }

  /**
   * One EXT-X-STREAM-INF and its URI line (RFC 8216 4.3.4.2). Bits per second; null optionals are not
   * written.
   *
   * @param bandwidth BANDWIDTH: the peak segment bit rate
   * @param averageBandwidth AVERAGE-BANDWIDTH
   * @param codecs CODECS, RFC 6381 strings joined by commas ("avc1.64001f,mp4a.40.2")
   * @param resolution RESOLUTION
   * @param frameRate FRAME-RATE, written with three decimals
   * @param audioGroup AUDIO: the GROUP-ID of the audio renditions this variant plays with
   */
  public record Variant(String uri, long bandwidth, Long averageBandwidth, String codecs, Resolution resolution,
      Double frameRate, String audioGroup) {
    public Variant {
      Objects.requireNonNull(uri, "uri");
      MediaPlaylist.requireNonNegative(bandwidth, "bandwidth");
      if (averageBandwidth != null) {
        MediaPlaylist.requireNonNegative(averageBandwidth, "averageBandwidth");
      }
      if (frameRate != null && (!Double.isFinite(frameRate) || frameRate <= 0 || frameRate > 1000)) {
        throw new IllegalArgumentException("frameRate " + frameRate + " is not in (0, 1000]");
      }
    }
  }

  /** RESOLUTION=WxH, in pixels (RFC 8216 4.2 decimal-resolution). */
  public record Resolution(int width, int height) {
    public Resolution {
      if (width <= 0 || height <= 0 || width > 65_535 || height > 65_535) {
        throw new IllegalArgumentException("resolution " + width + "x" + height + " is out of range");
      }
    }

    @Override
    public String toString() {
      return width + "x" + height;
    }
  }

  /**
   * EXT-X-MEDIA with TYPE=AUDIO (RFC 8216 4.3.4.1). Names are tokens the packager chooses, never a
   * user's text.
   *
   * @param groupId GROUP-ID that variants name in AUDIO
   * @param name NAME
   * @param language LANGUAGE (RFC 5646), null when unknown
   * @param isDefault DEFAULT=YES
   * @param autoselect AUTOSELECT=YES
   * @param channels CHANNELS ("2"), null when not written
   * @param uri URI of its media playlist, null when its audio is muxed into the variant streams
   */
  public record AudioRendition(String groupId, String name, String language, boolean isDefault,
      boolean autoselect, String channels, String uri) {
    public AudioRendition {
      Objects.requireNonNull(groupId, "groupId");
      Objects.requireNonNull(name, "name");
    }
  }
}

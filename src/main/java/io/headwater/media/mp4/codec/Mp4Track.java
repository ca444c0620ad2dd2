package io.headwater.media.mp4.codec;

import io.headwater.media.Codec;
import io.headwater.media.CodecConfig;
import io.headwater.media.MediaKind;
import io.headwater.media.Timebase;

/**
 * One track of a CMAF/fMP4 presentation: its track_ID, the codec configuration its sample entry is built from, and
 * its media timescale (ticks per second of tfdt, trun durations and composition offsets). The HLS packager makes
 * one per rendition track with {@link #of} and hands the same values to {@link InitSegment} and
 * {@link MediaSegment}. Converting our 90 kHz timestamps with {@link #toTimescale} rounds each absolute time on
 * its own, so durations taken as differences of converted times never drift.
 *
 * @param trackId ISO/IEC 14496-12 8.3.2 track_ID, at least 1 and unique in the presentation
 * @param timescale ISO/IEC 14496-12 8.4.2 mdhd timescale: 90000 for video, the sample rate for audio
 */
public record Mp4Track(int trackId, CodecConfig config, int timescale) {
  /** Opus always decodes at 48 kHz (RFC 7845 5.1); its sample entry's samplerate is 48000 too. */
  static final int OPUS_RATE = 48_000;

  public Mp4Track {
    if (trackId < 1) {
      throw new IllegalArgumentException("track_ID " + trackId + ": must be at least 1 (ISO/IEC 14496-12 8.3.2)");
    }
    if (timescale < 1) {
      throw new IllegalArgumentException("track " + trackId + ": timescale " + timescale + " must be positive");
    }
    if (config.codec() == Codec.MP3) {
      throw new IllegalArgumentException("track " + trackId + ": MP3 is not packaged in CMAF");
    }
  }

  /**
   * A track with the timescale CMAF players expect: 90 kHz for video, so our timestamps carry over exactly; the
   * sample rate for audio, so every AAC or Opus frame lasts a whole number of ticks.
   */
  public static Mp4Track of(int trackId, CodecConfig config) {
    if (config.kind() == MediaKind.VIDEO) {
      return new Mp4Track(trackId, config, Timebase.TICKS_PER_SECOND);
    }
    int rate = config.codec() == Codec.OPUS ? OPUS_RATE : config.sampleRate();
    if (rate < 1) {
      throw new IllegalArgumentException("track " + trackId + ": " + config.codec() + " config without a sample rate");
    }
    return new Mp4Track(trackId, config, rate);
  }

  public MediaKind kind() {
    return config.kind();
  }

  /** A time in 90 kHz ticks in this track's timescale, rounded half up to the nearest tick. */
  public long toTimescale(long ticks90k) {
    if (timescale == Timebase.TICKS_PER_SECOND) {
      return ticks90k;
    }
    return Math.floorDiv(Math.multiplyExact(ticks90k, timescale) + Timebase.TICKS_PER_SECOND / 2,
        Timebase.TICKS_PER_SECOND);
  }
}

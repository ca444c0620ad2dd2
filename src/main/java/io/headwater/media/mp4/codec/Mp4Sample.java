package io.headwater.media.mp4.codec;

import io.headwater.media.MediaFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * One sample of a track fragment: the frame and how long it lasts in its track's timescale (ISO/IEC 14496-12
 * 8.8.8 sample_duration). {@link MediaSegment} takes the decode time of a fragment's first sample from its frame
 * and adds the durations for the rest, so durations must be the differences between consecutive decode times;
 * {@link #timed} computes them that way.
 *
 * @param duration in the track's timescale, 0 to 2^32-1
 */
public record Mp4Sample(MediaFrame frame, long duration) {
  public Mp4Sample {
    if (duration < 0 || duration > 0xffff_ffffL) {
      throw new IllegalArgumentException("sample duration " + duration + " does not fit trun's unsigned 32 bits: "
          + frame);
    }
  }

  /**
   * Samples for consecutive frames of one track, each lasting until the next one's decode time, the last until
   * {@code nextDts} (the first decode time of the next segment or part, or the last dts plus one frame's
   * duration at the end of a stream). Times are converted to the track's timescale before subtracting, so the
   * durations of consecutive segments add up to exactly the difference of their decode times.
   *
   * @param nextDts in 90 kHz ticks
   * @throws IllegalArgumentException if decode times go backwards
   */
  public static List<Mp4Sample> timed(Mp4Track track, List<MediaFrame> frames, long nextDts) {
    List<Mp4Sample> samples = new ArrayList<>(frames.size());
    for (int i = 0; i < frames.size(); i++) {
      MediaFrame frame = frames.get(i);
      long next = i + 1 < frames.size() ? frames.get(i + 1).dts() : nextDts;
      if (next < frame.dts()) {
        throw new IllegalArgumentException("track " + track.trackId() + ": decode time goes back from "
            + frame.dts() + " to " + next + " after frame " + i);
      }
      samples.add(new Mp4Sample(frame, track.toTimescale(next) - track.toTimescale(frame.dts())));
    }
    return List.copyOf(samples);
  }
}

package io.headwater.media;

import java.util.Arrays;

/**
 * One access unit of one track: a video picture or an audio frame.
 *
 * <p>Payload forms are fixed so every stage agrees: H.264/HEVC as 4-byte length-prefixed NAL units (as in
 * MP4 and FLV; TS muxing converts to Annex B), AV1 as OBUs in the low-overhead format, AAC as raw frames
 * (no ADTS header), Opus as raw packets. The array is never mutated after construction.
 *
 * @param dts decode timestamp in 90 kHz ticks ({@link Timebase})
 * @param pts presentation timestamp in 90 kHz ticks, equal to dts for audio
 * @param keyframe a random access point (IDR for H.264); every audio frame is one
 */
public record MediaFrame(Codec codec, long dts, long pts, boolean keyframe, byte[] data) implements MediaItem {
  public MediaKind kind() {
    return codec.kind();
  }

  public long compositionOffset() {
    return pts - dts;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MediaFrame f
        && codec == f.codec && dts == f.dts && pts == f.pts && keyframe == f.keyframe && Arrays.equals(data, f.data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * codec.hashCode() + Long.hashCode(dts)) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "MediaFrame[" + codec + " dts=" + dts + " pts=" + pts + (keyframe ? " key" : "") + " " + data.length + " bytes]";
  }
}

package io.headwater.media.ts.codec;

import io.headwater.media.Codec;
import io.headwater.media.CodecConfig;
import io.headwater.media.MediaFrame;
import io.headwater.media.MediaItem;
import io.headwater.media.Timebase;
import io.headwater.media.flv.codec.AudioSpecificConfig;
import io.headwater.media.flv.codec.FlvCodecException;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the PES payloads of an AAC ADTS elementary stream (stream_type 0x0F) into raw AAC frames. The configuration
 * comes from the ADTS headers and is emitted before the first frame and again whenever a header says something
 * else. The PTS of a PES packet belongs to the first frame that starts in it (ISO/IEC 13818-1 2.4.3.7); each later
 * frame is 1024 samples after the one before, and a PES packet without a PTS continues that count. A frame cut by
 * the end of a PES packet is completed from the next. Bytes that are not a frame are skipped up to the next
 * syncword and counted as a PES error; a frame of several raw data blocks, which cannot be split without decoding,
 * is dropped and counted.
 */
final class AdtsTrack {
  private final DemuxCounters counters;
  private CodecConfig config;
  private byte[] headerConfig = new byte[0];
  /** The unfinished frame at the end of the previous PES payload. */
  private byte[] carry = new byte[0];
  /** Media ticks of the last frame that took a PES's PTS, and the samples since; no base until a PTS arrives. */
  private long base = Pes.NONE;
  private long samples;

  AdtsTrack(DemuxCounters counters) {
    this.counters = counters;
  }

  /** One PES payload; {@code pts} in media ticks, {@link Pes#NONE} when the PES had none. */
  void payload(long pts, byte[] payload, List<MediaItem> out) {
    byte[] data = carry.length == 0 ? payload : concat(carry, payload);
    int firstNew = carry.length; // frames starting before this continue the previous PES packet
    boolean ptsTaken = pts == Pes.NONE;
    boolean skipping = false;
    int p = 0;
    while (p + Adts.HEADER_LENGTH <= data.length) {
      Adts.Header h = Adts.syncAt(data, p) ? Adts.read(data, p) : null;
      if (h == null || h.frameLength() < h.headerLength() || h.sampleRateIndex() > 12) {
        if (!skipping) {
          counters.pesErrors++;
          skipping = true;
        }
        p++;
        continue;
      }
      skipping = false;
      if (p + h.frameLength() > data.length) {
        break;
      }
      updateConfig(h, out);
      if (!ptsTaken && p >= firstNew) {
        base = pts;
        samples = 0;
        ptsTaken = true;
      }
      frame(h, Arrays.copyOfRange(data, p + h.headerLength(), p + h.frameLength()), out);
      p += h.frameLength();
    }
    carry = Arrays.copyOfRange(data, p, data.length); // at most one frame: aac_frame_length has 13 bits
    if (!ptsTaken) {
      base = pts; // for the frame that is still to complete
      samples = 0;
    }
  }

  /** After lost packets the unfinished frame cannot be completed. */
  void discontinuity() {
    carry = new byte[0];
  }

  private void updateConfig(Adts.Header h, List<MediaItem> out) {
    byte[] asc = h.audioSpecificConfig();
    if (Arrays.equals(asc, headerConfig)) {
      return;
    }
    headerConfig = asc;
    try {
      AudioSpecificConfig parsed = AudioSpecificConfig.parse(asc);
      CodecConfig next =
          new CodecConfig(Codec.AAC, asc, 0, 0, parsed.sampleRate(), parsed.channels(), parsed.codecString());
      if (config != null && base != Pes.NONE) {
        base += ticks(samples); // count on at the new rate
        samples = 0;
      }
      config = next;
      out.add(config);
    } catch (FlvCodecException e) {
      config = null; // frames wait for a header with a usable configuration
      counters.badParameterSets++;
    }
  }

  private void frame(Adts.Header h, byte[] raw, List<MediaItem> out) {
    long pts = base == Pes.NONE || config == null ? Pes.NONE : base + ticks(samples);
    samples += (long) Adts.SAMPLES_PER_BLOCK * h.rawBlocks();
    if (pts < 0 || h.rawBlocks() > 1 || raw.length == 0) {
      counters.droppedFrames++;
      return;
    }
    out.add(new MediaFrame(Codec.AAC, pts, pts, true, raw));
    counters.frames++;
  }

  /** Samples at the configuration's rate as 90 kHz ticks, rounded to the nearest as FFmpeg does. */
  private long ticks(long sampleCount) {
    int rate = config.sampleRate();
    return (sampleCount * Timebase.TICKS_PER_SECOND * 2 + rate) / (2L * rate);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

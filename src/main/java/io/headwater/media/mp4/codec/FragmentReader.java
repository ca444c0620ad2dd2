package io.headwater.media.mp4.codec;

import io.headwater.media.mp4.codec.Mp4Boxes.Box;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads movie fragments back into samples: the inverse of {@link MediaSegment}, for tests and for checks on
 * segments before they are served. It follows ISO/IEC 14496-12 8.8 for the fields fMP4 writers use: tfhd defaults
 * and base offsets, tfdt, any number of truns with or without data offsets, first-sample flags. Defaults that only
 * trex (in the init segment) could give are not known here: a sample without a size is an error, one without a
 * duration or flags gets 0. At most {@link #MAX_SAMPLES} samples are read, holding at most as many bytes as the
 * input.
 */
public final class FragmentReader {
  public static final int MAX_SAMPLES = 500_000;

  /** One moof: its mfhd sequence number and its track fragments in order. */
  public record Fragment(long sequenceNumber, List<TrackRun> tracks) {}

  /** One traf: its track, its tfdt baseMediaDecodeTime (-1 without a tfdt) and its samples. */
  public record TrackRun(int trackId, long baseDecodeTime, List<Sample> samples) {}

  /**
   * One sample, times in its track's timescale.
   *
   * @param flags ISO/IEC 14496-12 8.8.3.1 sample flags
   * @param data a copy of the sample's bytes
   */
  public record Sample(long decodeTime, long duration, int compositionOffset, int flags, byte[] data) {
    public boolean sync() {
      return (flags & 0x0001_0000) == 0;
    }
  }

  private final List<Box> top;
  private final long inputSize;
  private int samples;
  private long sampleBytes;
  /** Where the sample data of the last traf read ended: the implicit base of the next one (8.8.7.1). */
  private long dataEnd;

  private FragmentReader(List<Box> top, long inputSize) {
    this.top = top;
    this.inputSize = inputSize;
  }

  /** Every moof in {@code data} (a media segment, a part, or a whole fragmented file), in order. */
  public static List<Fragment> read(byte[] data) throws Mp4FormatException {
    FragmentReader reader = new FragmentReader(Mp4Boxes.parse(data), data.length);
    List<Fragment> fragments = new ArrayList<>();
    for (Box box : reader.top) {
      if (box.type().equals("moof")) {
        fragments.add(reader.fragment(box));
      }
    }
    return List.copyOf(fragments);
  }

  private Fragment fragment(Box moof) throws Mp4FormatException {
    long sequence = moof.find("mfhd").u32(4);
    List<TrackRun> tracks = new ArrayList<>();
    long nextDataStart = moof.offset(); // 8.8.7.1: without base offsets, the first traf counts from the moof
    for (Box traf : moof.children()) {
      if (traf.type().equals("traf")) {
        TrackRun run = traf(moof, traf, nextDataStart);
        tracks.add(run);
        nextDataStart = dataEnd;
      }
    }
    return new Fragment(sequence, List.copyOf(tracks));
  }

  /** What tfhd (8.8.7) says about a traf: its track, where its data offsets count from, its sample defaults. */
  private record TrackDefaults(int trackId, long base, long duration, long size, int flags) {}

  private TrackRun traf(Box moof, Box traf, long implicitBase) throws Mp4FormatException {
    TrackDefaults defaults = tfhd(moof, traf.find("tfhd"), implicitBase);
    Box tfdt = traf.child("tfdt"); // 8.8.12: version 1 has a 64-bit baseMediaDecodeTime
    long baseDecodeTime = tfdt == null ? -1 : tfdt.u8(0) == 1 ? tfdt.u64(4) : tfdt.u32(4);
    List<Sample> out = new ArrayList<>();
    long dataPos = defaults.base();
    for (Box trun : traf.children()) {
      if (trun.type().equals("trun")) {
        dataPos = trun(trun, defaults, dataPos, Math.max(baseDecodeTime, 0), out);
      }
    }
    dataEnd = dataPos;
    return new TrackRun(defaults.trackId(), baseDecodeTime, List.copyOf(out));
  }

  private static TrackDefaults tfhd(Box moof, Box tfhd, long implicitBase) throws Mp4FormatException {
    int flags = (int) tfhd.u32(0) & 0xffffff;
    int at = 8;
    long base = implicitBase;
    if ((flags & 0x000001) != 0) { // base-data-offset-present
      base = tfhd.u64(at);
      at += 8;
    } else if ((flags & 0x020000) != 0) { // default-base-is-moof
      base = moof.offset();
    }
    if ((flags & 0x000002) != 0) {
      at += 4; // sample-description-index
    }
    long duration = 0;
    if ((flags & 0x000008) != 0) {
      duration = tfhd.u32(at);
      at += 4;
    }
    long size = -1;
    if ((flags & 0x000010) != 0) {
      size = tfhd.u32(at);
      at += 4;
    }
    int sampleFlags = (flags & 0x000020) != 0 ? (int) tfhd.u32(at) : 0;
    return new TrackDefaults((int) tfhd.u32(4), base, duration, size, sampleFlags);
  }

  /**
   * Reads one trun (8.8.8) into {@code out}, its first sample decoded after the samples already there (or at
   * {@code baseDecodeTime}), and returns where its data ends: a trun without a data_offset continues from there.
   */
  private long trun(Box trun, TrackDefaults defaults, long dataPos, long baseDecodeTime, List<Sample> out)
      throws Mp4FormatException {
    int version = trun.u8(0);
    int flags = (int) trun.u32(0) & 0xffffff;
    long count = trun.u32(4);
    int p = 8;
    if ((flags & 0x000001) != 0) {
      dataPos = defaults.base() + (int) trun.u32(p); // signed 32-bit data_offset
      p += 4;
    }
    Integer firstFlags = null;
    if ((flags & 0x000004) != 0) {
      firstFlags = (int) trun.u32(p);
      p += 4;
    }
    Sample last = out.isEmpty() ? null : out.get(out.size() - 1);
    long decodeTime = last == null ? baseDecodeTime : last.decodeTime() + last.duration();
    for (long i = 0; i < count; i++) {
      if (++samples > MAX_SAMPLES) {
        throw new Mp4FormatException("more than " + MAX_SAMPLES + " samples");
      }
      long duration = defaults.duration();
      long size = defaults.size();
      int sampleFlags = i == 0 && firstFlags != null ? firstFlags : defaults.flags();
      int offset = 0;
      if ((flags & 0x000100) != 0) {
        duration = trun.u32(p);
        p += 4;
      }
      if ((flags & 0x000200) != 0) {
        size = trun.u32(p);
        p += 4;
      }
      if ((flags & 0x000400) != 0) {
        sampleFlags = (int) trun.u32(p);
        p += 4;
      }
      if ((flags & 0x000800) != 0) {
        long raw = trun.u32(p);
        p += 4;
        if (version == 0 && raw > Integer.MAX_VALUE) {
          throw new Mp4FormatException("trun at " + trun.offset() + ": version 0 composition offset " + raw);
        }
        offset = (int) raw; // version 1: signed
      }
      if (size < 0) {
        throw new Mp4FormatException("trun at " + trun.offset() + ": sample " + i + " has no size here or in tfhd");
      }
      out.add(new Sample(decodeTime, duration, offset, sampleFlags, sampleData(dataPos, size, trun)));
      decodeTime += duration;
      dataPos += size;
    }
    return dataPos;
  }

  /**
   * The bytes of one sample, which must lie inside the contents of one top-level mdat. Runs may point at the same
   * bytes twice, but the copies together may not exceed the input: no writer needs that, and it bounds memory.
   */
  private byte[] sampleData(long from, long size, Box trun) throws Mp4FormatException {
    sampleBytes += size;
    if (sampleBytes > inputSize) {
      throw new Mp4FormatException("trun at " + trun.offset() + ": samples refer to more than the " + inputSize
          + " bytes of the input");
    }
    for (Box box : top) {
      long start = box.contentOffset();
      long end = (long) box.offset() + box.size();
      if (box.type().equals("mdat") && from >= start && size <= end - from) {
        return Arrays.copyOfRange(box.source(), (int) from, (int) (from + size));
      }
    }
    throw new Mp4FormatException("trun at " + trun.offset() + ": sample data " + from + "+" + size
        + " is not inside an mdat");
  }
}

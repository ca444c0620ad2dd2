package io.headwater.media.mp4.codec;

import io.headwater.media.MediaKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one movie fragment, a moof and the mdat it describes: a whole HLS fMP4 media segment (RFC 8216 3.3), or an
 * LL-HLS partial segment, which has the same structure (a CMAF chunk). A segment built from parts is the
 * concatenation of its parts, so only the first part of a segment starts with the styp. The HLS packager decides
 * what goes into each fragment and when; this class only lays it out.
 *
 * <p>Layout per track (ISO/IEC 14496-12 8.8): tfhd with default-base-is-moof and no other defaults, tfdt version 1
 * with the first sample's decode time, one trun giving every sample's duration, size and flags, and for video a
 * signed (version 1) composition offset. Sample data follows in one mdat, track after track in the order given;
 * each trun's data_offset counts from the first byte of the moof.
 */
public final class MediaSegment {
  /** ISO/IEC 14496-12 8.8.7.1 tfhd flag: data offsets count from the enclosing moof. */
  private static final int DEFAULT_BASE_IS_MOOF = 0x020000;
  /** ISO/IEC 14496-12 8.8.8.1 trun flags. */
  private static final int DATA_OFFSET = 0x000001;
  private static final int SAMPLE_DURATION = 0x000100;
  private static final int SAMPLE_SIZE = 0x000200;
  private static final int SAMPLE_FLAGS = 0x000400;
  private static final int SAMPLE_COMPOSITION_OFFSET = 0x000800;
  /** ISO/IEC 14496-12 8.8.3.1 sample flags: sample_depends_on 2 (an I picture or audio frame), a sync sample. */
  static final int SYNC_SAMPLE_FLAGS = 0x0200_0000;
  /** sample_depends_on 1 (refers to others) and sample_is_non_sync_sample. */
  static final int NON_SYNC_SAMPLE_FLAGS = 0x0101_0000;
  private static final int MOOF_HEADER_TO_MDAT_DATA = 8;
  /** Bounds on what styp, moof and the mdat header add to the sample data, so the buffer is allocated once. */
  private static final int FRAGMENT_BOXES = 64;
  private static final int TRAF_BOXES = 96;
  private static final int TRUN_ENTRY = 16;

  /** One track's samples in this fragment, in decode order. */
  public record TrackSamples(Mp4Track track, List<Mp4Sample> samples) {
    public TrackSamples {
      samples = List.copyOf(samples);
    }
  }

  private MediaSegment() {}

  /**
   * The fragment with sequence number {@code sequenceNumber} (mfhd, ISO/IEC 14496-12 8.8.5: 1, 2, ... in the order
   * fragments are written), preceded by a styp when it {@code startsSegment}. A track with no samples gets no traf.
   *
   * @throws IllegalArgumentException if no track has samples, a track appears twice, a frame is not of its track's
   *     codec, a sequence number or a time does not fit its field, or a decode time is negative
   */
  public static byte[] encode(long sequenceNumber, List<TrackSamples> tracks, boolean startsSegment) {
    if (sequenceNumber < 0 || sequenceNumber > 0xffff_ffffL) {
      throw new IllegalArgumentException("mfhd sequence_number " + sequenceNumber + " does not fit 32 bits");
    }
    List<TrackSamples> present = new ArrayList<>();
    long size = FRAGMENT_BOXES;
    for (TrackSamples t : tracks) {
      if (present.stream().anyMatch(p -> p.track().trackId() == t.track().trackId())) {
        throw new IllegalArgumentException("track_ID " + t.track().trackId() + " appears twice in one fragment");
      }
      for (Mp4Sample s : t.samples()) {
        if (s.frame().codec() != t.track().config().codec()) {
          throw new IllegalArgumentException("track " + t.track().trackId() + " (" + t.track().config().codec()
              + ") given " + s.frame());
        }
        size += TRUN_ENTRY + s.frame().data().length;
      }
      size += TRAF_BOXES;
      if (!t.samples().isEmpty()) {
        present.add(t);
      }
    }
    if (present.isEmpty()) {
      throw new IllegalArgumentException("fragment " + sequenceNumber + " has no samples");
    }
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("fragment " + sequenceNumber + ": " + size + " bytes past 2 GiB");
    }
    BoxWriter w = new BoxWriter((int) size);
    if (startsSegment) {
      styp(w);
    }
    int moofStart = w.position();
    w.box("moof");
    w.fullBox("mfhd", 0, 0).u32(sequenceNumber).end();
    int[] dataOffsetAt = new int[present.size()];
    for (int i = 0; i < present.size(); i++) {
      dataOffsetAt[i] = traf(w, present.get(i));
    }
    w.end();
    long dataOffset = w.position() - moofStart + MOOF_HEADER_TO_MDAT_DATA;
    w.box("mdat");
    for (int i = 0; i < present.size(); i++) {
      w.putU32(dataOffsetAt[i], dataOffset);
      for (Mp4Sample s : present.get(i).samples()) {
        w.bytes(s.frame().data());
        dataOffset += s.frame().data().length;
      }
    }
    return w.end().toByteArray();
  }

  /**
   * ISO/IEC 14496-12 8.16.2 styp: 'msdh', a media segment (ISO/IEC 23009-1 6.3.4.2), and 'cmfs', a CMAF segment.
   * Not 'msix': that promises a sidx this writer does not write.
   */
  private static void styp(BoxWriter w) {
    w.box("styp").fourCc("msdh").u32(0).fourCc("msdh").fourCc("cmfs").end();
  }

  /** Writes one traf and returns where its trun's data_offset is, to be filled in once the moof size is known. */
  private static int traf(BoxWriter w, TrackSamples t) {
    Mp4Track track = t.track();
    boolean video = track.kind() == MediaKind.VIDEO;
    long baseDecodeTime = track.toTimescale(t.samples().get(0).frame().dts());
    if (baseDecodeTime < 0) {
      throw new IllegalArgumentException("track " + track.trackId() + ": negative decode time " + baseDecodeTime);
    }
    w.box("traf");
    w.fullBox("tfhd", 0, DEFAULT_BASE_IS_MOOF).u32(track.trackId()).end(); // 8.8.7
    w.fullBox("tfdt", 1, 0).u64(baseDecodeTime).end(); // 8.8.12, version 1: 64-bit baseMediaDecodeTime
    int flags = DATA_OFFSET | SAMPLE_DURATION | SAMPLE_SIZE | SAMPLE_FLAGS | (video ? SAMPLE_COMPOSITION_OFFSET : 0);
    // 8.8.8: version 1 makes sample_composition_time_offset signed (B-frames before their reference)
    w.fullBox("trun", video ? 1 : 0, flags).u32(t.samples().size());
    int dataOffsetAt = w.position();
    w.u32(0);
    for (Mp4Sample s : t.samples()) {
      w.u32(s.duration()).u32(s.frame().data().length);
      w.u32(s.frame().keyframe() ? SYNC_SAMPLE_FLAGS : NON_SYNC_SAMPLE_FLAGS);
      if (video) {
        long offset = track.toTimescale(s.frame().pts()) - track.toTimescale(s.frame().dts());
        if (offset != (int) offset) {
          throw new IllegalArgumentException("track " + track.trackId() + ": composition offset " + offset
              + " does not fit 32 bits: " + s.frame());
        }
        w.u32(offset & 0xffff_ffffL);
      }
    }
    w.end().end();
    return dataOffsetAt;
  }
}

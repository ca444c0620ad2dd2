package io.headwater.media.mp4.codec;

import io.headwater.media.Codec;
import io.headwater.media.MediaKind;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a CMAF header, the HLS Media Initialization Section of fMP4 segments (RFC 8216 3.3): ftyp, then a moov
 * whose tracks have empty sample tables and an mvex announcing movie fragments. The HLS packager writes one per
 * rendition whenever a track's codec configuration changes, and names it in EXT-X-MAP.
 *
 * <p>Brands (ISO/IEC 14496-12 4.3): major 'iso6', the ISO BMFF level that covers every structure our segments use
 * (tfdt, default-base-is-moof, version-1 trun with signed composition offsets, styp); compatible 'iso6', 'cmfc'
 * (the structural brand of ISO/IEC 23000-19 CMAF: no samples in moov, fragments with tfdt and so on) and 'mp41'
 * for readers that only look for an MP4 brand, plus 'av01' when a track is AV1 (AV1-ISOBMFF 2.1). No CMAF media
 * profile brand is claimed: those constrain profiles and levels this writer passes through unchecked.
 */
public final class InitSegment {
  /** mvhd timescale; nothing in a fragmented file is timed by it, as every duration here is 0. */
  private static final int MOVIE_TIMESCALE = 1000;
  /** ISO 639-2/T "und" packed as three 5-bit letters (ISO/IEC 14496-12 8.4.2.3). */
  private static final int LANGUAGE_UND = ('u' - 0x60) << 10 | ('n' - 0x60) << 5 | ('d' - 0x60);
  /** tkhd flags track_enabled | track_in_movie (ISO/IEC 14496-12 8.3.2.3). */
  private static final int TRACK_ENABLED_IN_MOVIE = 0x000003;
  private static final int MAX_TRACKS = 16;

  private InitSegment() {}

  /**
   * ftyp and moov for these tracks, in this order (track_IDs as given).
   *
   * @throws IllegalArgumentException for no tracks, repeated track_IDs or a configuration no sample entry can carry
   */
  public static byte[] encode(List<Mp4Track> tracks) {
    if (tracks.isEmpty() || tracks.size() > MAX_TRACKS) {
      throw new IllegalArgumentException("an init segment has 1 to " + MAX_TRACKS + " tracks, not " + tracks.size());
    }
    Set<Integer> ids = new HashSet<>();
    int maxId = 0;
    for (Mp4Track t : tracks) {
      if (!ids.add(t.trackId())) {
        throw new IllegalArgumentException("track_ID " + t.trackId() + " is used twice");
      }
      maxId = Math.max(maxId, t.trackId());
    }
    BoxWriter w = new BoxWriter();
    ftyp(w, tracks.stream().anyMatch(t -> t.config().codec() == Codec.AV1));
    w.box("moov");
    mvhd(w, maxId == Integer.MAX_VALUE ? 0xffff_ffffL : maxId + 1L);
    for (Mp4Track t : tracks) {
      trak(w, t);
    }
    w.box("mvex");
    for (Mp4Track t : tracks) {
      // ISO/IEC 14496-12 8.8.3: defaults are all overridden per sample in trun, so only the description index
      w.fullBox("trex", 0, 0).u32(t.trackId()).u32(1).u32(0).u32(0).u32(0).end();
    }
    return w.end().end().toByteArray();
  }

  private static void ftyp(BoxWriter w, boolean av1) {
    w.box("ftyp").fourCc("iso6").u32(0).fourCc("iso6").fourCc("cmfc").fourCc("mp41");
    if (av1) {
      w.fourCc("av01");
    }
    w.end();
  }

  /** ISO/IEC 14496-12 8.2.2, version 0: times 0 (unknown), duration 0 (fragmented, open-ended). */
  private static void mvhd(BoxWriter w, long nextTrackId) {
    w.fullBox("mvhd", 0, 0)
        .u32(0).u32(0) // creation_time, modification_time
        .u32(MOVIE_TIMESCALE).u32(0) // timescale, duration
        .u32(0x0001_0000).u16(0x0100) // rate 1.0, volume 1.0
        .zeros(2 + 8) // reserved
        .unityMatrix()
        .zeros(24) // pre_defined[6]
        .u32(nextTrackId)
        .end();
  }

  private static void trak(BoxWriter w, Mp4Track t) {
    boolean video = t.kind() == MediaKind.VIDEO;
    w.box("trak");
    // ISO/IEC 14496-12 8.3.2 tkhd, version 0: width and height are the displayed size in 16.16 fixed point
    w.fullBox("tkhd", 0, TRACK_ENABLED_IN_MOVIE)
        .u32(0).u32(0) // creation_time, modification_time
        .u32(t.trackId()).u32(0) // track_ID, reserved
        .u32(0) // duration
        .zeros(8) // reserved[2]
        .u16(0).u16(0) // layer, alternate_group
        .u16(video ? 0 : 0x0100).u16(0) // volume: 1.0 for audio; reserved
        .unityMatrix()
        .u32((long) t.config().width() << 16).u32((long) t.config().height() << 16)
        .end();
    w.box("mdia");
    // ISO/IEC 14496-12 8.4.2 mdhd
    w.fullBox("mdhd", 0, 0).u32(0).u32(0).u32(t.timescale()).u32(0).u16(LANGUAGE_UND).u16(0).end();
    // ISO/IEC 14496-12 8.4.3 hdlr: pre_defined, handler_type, reserved[3], a null-terminated name
    w.fullBox("hdlr", 0, 0).u32(0).fourCc(video ? "vide" : "soun").zeros(12)
        .bytes((video ? "VideoHandler\0" : "SoundHandler\0").getBytes(StandardCharsets.US_ASCII)).end();
    w.box("minf");
    if (video) {
      w.fullBox("vmhd", 0, 1).u16(0).zeros(6).end(); // 12.1.2: flags 1, graphicsmode copy, opcolor 0
    } else {
      w.fullBox("smhd", 0, 0).u16(0).u16(0).end(); // 12.2.2: balance centre, reserved
    }
    // 8.7.1/8.7.2: one data reference, flag 1 = media in this file
    w.box("dinf").fullBox("dref", 0, 0).u32(1).fullBox("url ", 0, 1).end().end().end();
    w.box("stbl");
    w.fullBox("stsd", 0, 0).u32(1);
    SampleEntries.write(w, t);
    w.end();
    // 8.6.1.2, 8.7.4, 8.7.3.2, 8.7.5: empty tables; every sample lives in a movie fragment (8.8.1)
    w.fullBox("stts", 0, 0).u32(0).end();
    w.fullBox("stsc", 0, 0).u32(0).end();
    w.fullBox("stsz", 0, 0).u32(0).u32(0).end();
    w.fullBox("stco", 0, 0).u32(0).end();
    w.end().end().end().end(); // stbl, minf, mdia, trak
  }
}

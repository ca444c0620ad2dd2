package io.headwater.media.hls.codec;

import io.headwater.media.hls.codec.MasterPlaylist.AudioRendition;
import io.headwater.media.hls.codec.MasterPlaylist.Resolution;
import io.headwater.media.hls.codec.MasterPlaylist.Variant;
import io.headwater.media.hls.codec.MediaPlaylist.HintType;
import io.headwater.media.hls.codec.MediaPlaylist.NextSegment;
import io.headwater.media.hls.codec.MediaPlaylist.Part;
import io.headwater.media.hls.codec.MediaPlaylist.PreloadHint;
import io.headwater.media.hls.codec.MediaPlaylist.RenditionReport;
import io.headwater.media.hls.codec.MediaPlaylist.Segment;
import io.headwater.media.hls.codec.MediaPlaylist.ServerControl;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Golden vectors: each row is a playlist model and the exact text the writer renders for it, and the parser
 * must read that text back into the same model. The same texts seed the parser's fuzz target
 * (PlaylistParserFuzzTestInputs/). Every parser or writer bug becomes a row here.
 */
final class PlaylistVectors {
  private PlaylistVectors() {}

  record MediaRow(String name, MediaPlaylist model, String text) {
    @Override
    public String toString() {
      return name;
    }
  }

  record MasterRow(String name, MasterPlaylist model, String text) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** For {@code @MethodSource}: the media rows and the master rows. */
  static final String MEDIA_ROWS = "io.headwater.media.hls.codec.PlaylistVectors#media";
  static final String MASTER_ROWS = "io.headwater.media.hls.codec.PlaylistVectors#master";

  static List<MediaRow> media() {
    return MEDIA;
  }

  static List<MasterRow> master() {
    return MASTER;
  }

  static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  static Instant at(double seconds) {
    return T0.plusMillis(Math.round(seconds * 1000));
  }

  static Segment segment(long msn, double duration) {
    return Segment.of("seg" + msn + ".m4s", duration);
  }

  static Segment segment(long msn, double duration, Instant pdt) {
    return new Segment("seg" + msn + ".m4s", duration, pdt, false, List.of(), null);
  }

  /** n parts of one segment, the first independent, each partDuration long. */
  static List<Part> parts(long msn, int n, double partDuration) {
    List<Part> parts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      parts.add(new Part("seg" + msn + ".part" + i + ".m4s", partDuration, i == 0));
    }
    return parts;
  }

  static Segment withParts(long msn, int n, double partDuration) {
    return new Segment("seg" + msn + ".m4s", n * partDuration, null, false, parts(msn, n, partDuration), null);
  }

  static final ServerControl LOW_LATENCY_CONTROL = new ServerControl(true, 1.5, null, 12.0);

  /** LL-HLS with 2 s segments of four 0.5 s parts; segments 22 and 23 keep their parts, 24 is in progress. */
  static MediaPlaylist lowLatency() {
    return new MediaPlaylist(2, 20, 0, true, "init.mp4", LOW_LATENCY_CONTROL, 0.5, 0,
        List.of(segment(20, 2.0), segment(21, 2.0), withParts(22, 4, 0.5), withParts(23, 4, 0.5)),
        NextSegment.of(parts(24, 2, 0.5)), new PreloadHint(HintType.PART, "seg24.part2.m4s"),
        List.of(new RenditionReport("../720p/index.m3u8", 24, 1), new RenditionReport("../360p/index.m3u8", 24, 0)),
        false);
  }

  static final List<MediaRow> MEDIA = List.of(
      new MediaRow("plain live window",
          MediaPlaylist.live(2, 100, 0, "init.mp4",
              List.of(segment(100, 2.0, at(0)), segment(101, 2.0, at(2)), segment(102, 1.96667, at(4))), false),
          """
          #EXTM3U
          #EXT-X-VERSION:6
          #EXT-X-TARGETDURATION:2
          #EXT-X-MEDIA-SEQUENCE:100
          #EXT-X-DISCONTINUITY-SEQUENCE:0
          #EXT-X-INDEPENDENT-SEGMENTS
          #EXT-X-MAP:URI="init.mp4"
          #EXT-X-PROGRAM-DATE-TIME:2026-03-01T12:00:00.000Z
          #EXTINF:2.000,
          seg100.m4s
          #EXT-X-PROGRAM-DATE-TIME:2026-03-01T12:00:02.000Z
          #EXTINF:2.000,
          seg101.m4s
          #EXT-X-PROGRAM-DATE-TIME:2026-03-01T12:00:04.000Z
          #EXTINF:1.96667,
          seg102.m4s
          """),
      new MediaRow("publisher reconnected: a discontinuity with a new init segment",
          MediaPlaylist.live(4, 7, 0, "v1/init.mp4", List.of(segment(7, 4.0, at(0)), segment(8, 3.5, at(4)),
              new Segment("seg9.m4s", 4.0, at(30), true, List.of(), "v2/init.mp4"), segment(10, 4.0, at(34))), false),
          """
          #EXTM3U
          #EXT-X-VERSION:6
          #EXT-X-TARGETDURATION:4
          #EXT-X-MEDIA-SEQUENCE:7
          #EXT-X-DISCONTINUITY-SEQUENCE:0
          #EXT-X-INDEPENDENT-SEGMENTS
          #EXT-X-MAP:URI="v1/init.mp4"
          #EXT-X-PROGRAM-DATE-TIME:2026-03-01T12:00:00.000Z
          #EXTINF:4.000,
          seg7.m4s
          #EXT-X-PROGRAM-DATE-TIME:2026-03-01T12:00:04.000Z
          #EXTINF:3.500,
          seg8.m4s
          #EXT-X-DISCONTINUITY
          #EXT-X-MAP:URI="v2/init.mp4"
          #EXT-X-PROGRAM-DATE-TIME:2026-03-01T12:00:30.000Z
          #EXTINF:4.000,
          seg9.m4s
          #EXT-X-PROGRAM-DATE-TIME:2026-03-01T12:00:34.000Z
          #EXTINF:4.000,
          seg10.m4s
          """),
      new MediaRow("two discontinuities slid out; the third is still listed",
          MediaPlaylist.live(4, 12, 2, "v2/init.mp4", List.of(segment(12, 4.0), segment(13, 4.0),
              new Segment("seg14.m4s", 3.2, null, true, List.of(), "v3/init.mp4")), false),
          """
          #EXTM3U
          #EXT-X-VERSION:6
          #EXT-X-TARGETDURATION:4
          #EXT-X-MEDIA-SEQUENCE:12
          #EXT-X-DISCONTINUITY-SEQUENCE:2
          #EXT-X-INDEPENDENT-SEGMENTS
          #EXT-X-MAP:URI="v2/init.mp4"
          #EXTINF:4.000,
          seg12.m4s
          #EXTINF:4.000,
          seg13.m4s
          #EXT-X-DISCONTINUITY
          #EXT-X-MAP:URI="v3/init.mp4"
          #EXTINF:3.200,
          seg14.m4s
          """),
      new MediaRow("LL-HLS: parts, preload hint, blocking reload, rendition reports", lowLatency(),
          """
          #EXTM3U
          #EXT-X-VERSION:6
          #EXT-X-TARGETDURATION:2
          #EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.500,CAN-SKIP-UNTIL=12.000
          #EXT-X-PART-INF:PART-TARGET=0.500
          #EXT-X-MEDIA-SEQUENCE:20
          #EXT-X-DISCONTINUITY-SEQUENCE:0
          #EXT-X-INDEPENDENT-SEGMENTS
          #EXT-X-MAP:URI="init.mp4"
          #EXTINF:2.000,
          seg20.m4s
          #EXTINF:2.000,
          seg21.m4s
          #EXT-X-PART:DURATION=0.500,URI="seg22.part0.m4s",INDEPENDENT=YES
          #EXT-X-PART:DURATION=0.500,URI="seg22.part1.m4s"
          #EXT-X-PART:DURATION=0.500,URI="seg22.part2.m4s"
          #EXT-X-PART:DURATION=0.500,URI="seg22.part3.m4s"
          #EXTINF:2.000,
          seg22.m4s
          #EXT-X-PART:DURATION=0.500,URI="seg23.part0.m4s",INDEPENDENT=YES
          #EXT-X-PART:DURATION=0.500,URI="seg23.part1.m4s"
          #EXT-X-PART:DURATION=0.500,URI="seg23.part2.m4s"
          #EXT-X-PART:DURATION=0.500,URI="seg23.part3.m4s"
          #EXTINF:2.000,
          seg23.m4s
          #EXT-X-PART:DURATION=0.500,URI="seg24.part0.m4s",INDEPENDENT=YES
          #EXT-X-PART:DURATION=0.500,URI="seg24.part1.m4s"
          #EXT-X-PRELOAD-HINT:TYPE=PART,URI="seg24.part2.m4s"
          #EXT-X-RENDITION-REPORT:URI="../720p/index.m3u8",LAST-MSN=24,LAST-PART=1
          #EXT-X-RENDITION-REPORT:URI="../360p/index.m3u8",LAST-MSN=24,LAST-PART=0
          """),
      new MediaRow("LL-HLS at stream start: parts of the first segment only",
          new MediaPlaylist(2, 0, 0, true, "init.mp4", new ServerControl(true, 1.5, 6.0, null), 0.5, 0, List.of(),
              NextSegment.of(parts(0, 1, 0.5)), new PreloadHint(HintType.PART, "seg0.part1.m4s"), List.of(), false),
          """
          #EXTM3U
          #EXT-X-VERSION:6
          #EXT-X-TARGETDURATION:2
          #EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.500,HOLD-BACK=6.000
          #EXT-X-PART-INF:PART-TARGET=0.500
          #EXT-X-MEDIA-SEQUENCE:0
          #EXT-X-DISCONTINUITY-SEQUENCE:0
          #EXT-X-INDEPENDENT-SEGMENTS
          #EXT-X-MAP:URI="init.mp4"
          #EXT-X-PART:DURATION=0.500,URI="seg0.part0.m4s",INDEPENDENT=YES
          #EXT-X-PRELOAD-HINT:TYPE=PART,URI="seg0.part1.m4s"
          """),
      new MediaRow("LL-HLS reconnect: the segment in progress starts a discontinuity with a new init",
          new MediaPlaylist(2, 21, 0, true, "init.mp4", LOW_LATENCY_CONTROL, 0.5, 0,
              List.of(segment(21, 2.0), withParts(22, 4, 0.5), withParts(23, 3, 0.5)),
              new NextSegment(at(60), true, parts(24, 1, 0.33334), "v2/init.mp4"),
              new PreloadHint(HintType.PART, "seg24.part1.m4s"), List.of(), false),
          """
          #EXTM3U
          #EXT-X-VERSION:6
          #EXT-X-TARGETDURATION:2
          #EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.500,CAN-SKIP-UNTIL=12.000
          #EXT-X-PART-INF:PART-TARGET=0.500
          #EXT-X-MEDIA-SEQUENCE:21
          #EXT-X-DISCONTINUITY-SEQUENCE:0
          #EXT-X-INDEPENDENT-SEGMENTS
          #EXT-X-MAP:URI="init.mp4"
          #EXTINF:2.000,
          seg21.m4s
          #EXT-X-PART:DURATION=0.500,URI="seg22.part0.m4s",INDEPENDENT=YES
          #EXT-X-PART:DURATION=0.500,URI="seg22.part1.m4s"
          #EXT-X-PART:DURATION=0.500,URI="seg22.part2.m4s"
          #EXT-X-PART:DURATION=0.500,URI="seg22.part3.m4s"
          #EXTINF:2.000,
          seg22.m4s
          #EXT-X-PART:DURATION=0.500,URI="seg23.part0.m4s",INDEPENDENT=YES
          #EXT-X-PART:DURATION=0.500,URI="seg23.part1.m4s"
          #EXT-X-PART:DURATION=0.500,URI="seg23.part2.m4s"
          #EXTINF:1.500,
          seg23.m4s
          #EXT-X-DISCONTINUITY
          #EXT-X-MAP:URI="v2/init.mp4"
          #EXT-X-PROGRAM-DATE-TIME:2026-03-01T12:01:00.000Z
          #EXT-X-PART:DURATION=0.33334,URI="seg24.part0.m4s",INDEPENDENT=YES
          #EXT-X-PRELOAD-HINT:TYPE=PART,URI="seg24.part1.m4s"
          """),
      new MediaRow("LL-HLS delta update: EXT-X-SKIP needs version 9",
          new MediaPlaylist(2, 20, 0, true, null, LOW_LATENCY_CONTROL, 0.5, 2,
              List.of(withParts(22, 4, 0.5), withParts(23, 4, 0.5)), NextSegment.of(parts(24, 1, 0.5)),
              new PreloadHint(HintType.PART, "seg24.part1.m4s"), List.of(), false),
          """
          #EXTM3U
          #EXT-X-VERSION:9
          #EXT-X-TARGETDURATION:2
          #EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.500,CAN-SKIP-UNTIL=12.000
          #EXT-X-PART-INF:PART-TARGET=0.500
          #EXT-X-MEDIA-SEQUENCE:20
          #EXT-X-DISCONTINUITY-SEQUENCE:0
          #EXT-X-INDEPENDENT-SEGMENTS
          #EXT-X-SKIP:SKIPPED-SEGMENTS=2
          #EXT-X-PART:DURATION=0.500,URI="seg22.part0.m4s",INDEPENDENT=YES
          #EXT-X-PART:DURATION=0.500,URI="seg22.part1.m4s"
          #EXT-X-PART:DURATION=0.500,URI="seg22.part2.m4s"
          #EXT-X-PART:DURATION=0.500,URI="seg22.part3.m4s"
          #EXTINF:2.000,
          seg22.m4s
          #EXT-X-PART:DURATION=0.500,URI="seg23.part0.m4s",INDEPENDENT=YES
          #EXT-X-PART:DURATION=0.500,URI="seg23.part1.m4s"
          #EXT-X-PART:DURATION=0.500,URI="seg23.part2.m4s"
          #EXT-X-PART:DURATION=0.500,URI="seg23.part3.m4s"
          #EXTINF:2.000,
          seg23.m4s
          #EXT-X-PART:DURATION=0.500,URI="seg24.part0.m4s",INDEPENDENT=YES
          #EXT-X-PRELOAD-HINT:TYPE=PART,URI="seg24.part1.m4s"
          """),
      new MediaRow("ended: EXT-X-ENDLIST after the recording timeout",
          MediaPlaylist.live(2, 340, 1, "v2/init.mp4", List.of(segment(340, 2.0), segment(341, 0.8)), true),
          """
          #EXTM3U
          #EXT-X-VERSION:6
          #EXT-X-TARGETDURATION:2
          #EXT-X-MEDIA-SEQUENCE:340
          #EXT-X-DISCONTINUITY-SEQUENCE:1
          #EXT-X-INDEPENDENT-SEGMENTS
          #EXT-X-MAP:URI="v2/init.mp4"
          #EXTINF:2.000,
          seg340.m4s
          #EXTINF:0.800,
          seg341.m4s
          #EXT-X-ENDLIST
          """),
      new MediaRow("MPEG-TS window: no EXT-X-MAP, version 3",
          new MediaPlaylist(6, 0, 0, false, null, null, null, 0, List.of(Segment.of("a/0.ts", 6.006),
              Segment.of("a/1.ts", 5.50551)), null, null, List.of(), false),
          """
          #EXTM3U
          #EXT-X-VERSION:3
          #EXT-X-TARGETDURATION:6
          #EXT-X-MEDIA-SEQUENCE:0
          #EXT-X-DISCONTINUITY-SEQUENCE:0
          #EXTINF:6.006,
          a/0.ts
          #EXTINF:5.50551,
          a/1.ts
          """));

  static final Variant SOURCE = new Variant("source/index.m3u8", 6_500_000, 6_000_000L, "avc1.640028,mp4a.40.2",
      new Resolution(1920, 1080), 29.97, null);
  static final Variant P720 = new Variant("720p/index.m3u8", 3_200_000, 3_000_000L, "avc1.64001f,mp4a.40.2",
      new Resolution(1280, 720), 29.97, null);

  static final List<MasterRow> MASTER = List.of(
      new MasterRow("source and 720p", new MasterPlaylist(6, true, List.of(), List.of(SOURCE, P720)),
          """
          #EXTM3U
          #EXT-X-VERSION:6
          #EXT-X-INDEPENDENT-SEGMENTS
          #EXT-X-STREAM-INF:BANDWIDTH=6500000,AVERAGE-BANDWIDTH=6000000,CODECS="avc1.640028,mp4a.40.2",RESOLUTION=1920x1080,FRAME-RATE=29.970
          source/index.m3u8
          #EXT-X-STREAM-INF:BANDWIDTH=3200000,AVERAGE-BANDWIDTH=3000000,CODECS="avc1.64001f,mp4a.40.2",RESOLUTION=1280x720,FRAME-RATE=29.970
          720p/index.m3u8
          """),
      new MasterRow("separate audio rendition, variant without optional attributes",
          new MasterPlaylist(9, false,
              List.of(new AudioRendition("aac", "main", "und", true, true, "2", "audio/index.m3u8")),
              List.of(new Variant("video/index.m3u8", 2_000_000, null, "avc1.64001f,mp4a.40.2", null, null, "aac"),
                  new Variant("low/index.m3u8", 800_000, null, null, null, null, null))),
          """
          #EXTM3U
          #EXT-X-VERSION:9
          #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="main",LANGUAGE="und",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2",URI="audio/index.m3u8"
          #EXT-X-STREAM-INF:BANDWIDTH=2000000,CODECS="avc1.64001f,mp4a.40.2",AUDIO="aac"
          video/index.m3u8
          #EXT-X-STREAM-INF:BANDWIDTH=800000
          low/index.m3u8
          """));
}

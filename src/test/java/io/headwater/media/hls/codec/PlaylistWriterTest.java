package io.headwater.media.hls.codec;

import static io.headwater.media.hls.codec.PlaylistVectors.P720;
import static io.headwater.media.hls.codec.PlaylistVectors.SOURCE;
import static io.headwater.media.hls.codec.PlaylistVectors.lowLatency;
import static io.headwater.media.hls.codec.PlaylistVectors.parts;
import static io.headwater.media.hls.codec.PlaylistVectors.segment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.headwater.media.hls.codec.MasterPlaylist.AudioRendition;
import io.headwater.media.hls.codec.MasterPlaylist.Variant;
import io.headwater.media.hls.codec.MediaPlaylist.HintType;
import io.headwater.media.hls.codec.MediaPlaylist.NextSegment;
import io.headwater.media.hls.codec.MediaPlaylist.Part;
import io.headwater.media.hls.codec.MediaPlaylist.PreloadHint;
import io.headwater.media.hls.codec.MediaPlaylist.RenditionReport;
import io.headwater.media.hls.codec.MediaPlaylist.Segment;
import io.headwater.media.hls.codec.MediaPlaylist.ServerControl;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PlaylistWriterTest {
  @ParameterizedTest(name = "{0}")
  @MethodSource(PlaylistVectors.MEDIA_ROWS)
  void writesTheMediaVector(PlaylistVectors.MediaRow row) {
    assertEquals(row.text(), PlaylistWriter.write(row.model()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(PlaylistVectors.MASTER_ROWS)
  void writesTheMasterVector(PlaylistVectors.MasterRow row) {
    assertEquals(row.text(), PlaylistWriter.write(row.model()));
  }

  /** A model the writer must refuse, and a fragment of the reason it gives. */
  record Refusal(String name, Supplier<String> write, String fragment) {
    @Override
    public String toString() {
      return name;
    }
  }

  static MediaPlaylist window(String map, List<Segment> segments) {
    return MediaPlaylist.live(2, 1, 0, map, segments, false);
  }

  static MediaPlaylist ll(ServerControl control, Double partTarget, int skipped, List<Segment> segments,
      NextSegment next, PreloadHint hint, boolean endList) {
    return new MediaPlaylist(2, 20, 0, true, "init.mp4", control, partTarget, skipped, segments, next, hint,
        List.of(), endList);
  }

  static final ServerControl CONTROL = PlaylistVectors.LOW_LATENCY_CONTROL;
  static final List<Segment> LL_SEGMENTS = lowLatency().segments();
  static final NextSegment LL_NEXT = lowLatency().next();

  static Stream<Refusal> refusals() {
    return Stream.of(
        new Refusal("EXTINF rounds above the target duration",
            () -> PlaylistWriter.write(window("init.mp4", List.of(segment(1, 2.0), segment(2, 2.5)))),
            "segment 2: EXTINF 2.500 rounds to 3, above EXT-X-TARGETDURATION 2"),
        new Refusal("part above the part target", () -> PlaylistWriter.write(ll(CONTROL, 0.5, 0,
            LL_SEGMENTS, NextSegment.of(List.of(new Part("p.m4s", 0.50001, true))), null, false)),
            "part 24.0: DURATION 0.50001 is above PART-TARGET 0.500"),
        new Refusal("segment URI with a quote",
            () -> PlaylistWriter.write(window(null, List.of(Segment.of("seg\"1.m4s", 2)))), "segment 1: URI of 9"),
        new Refusal("segment URI with a newline that would add a tag",
            () -> PlaylistWriter.write(window(null, List.of(Segment.of("seg1.m4s\n#EXT-X-ENDLIST", 2)))),
            "segment 1: URI of 23 characters"),
        new Refusal("user text as a URI: a space", () -> PlaylistWriter.write(window(null,
            List.of(Segment.of("My Show.m4s", 2)))), "cannot stand in a playlist"),
        new Refusal("URI that is not ASCII",
            () -> PlaylistWriter.write(window(null, List.of(Segment.of("s\u00e9g.m4s", 2)))), "segment 1: URI"),
        new Refusal("URI starting with '#' would read as a comment",
            () -> PlaylistWriter.write(window(null, List.of(Segment.of("#seg.m4s", 2)))), "segment 1: URI"),
        new Refusal("empty URI", () -> PlaylistWriter.write(window(null, List.of(Segment.of("", 2)))),
            "segment 1: URI of 0"),
        new Refusal("part URI with a comma", () -> PlaylistWriter.write(ll(CONTROL, 0.5, 0, LL_SEGMENTS,
            NextSegment.of(List.of(new Part("p,1.m4s", 0.5, true))), null, false)), "part 24.0: URI"),
        new Refusal("map URI with a quote", () -> PlaylistWriter.write(window("in\"it.mp4", List.of(segment(1, 2)))),
            "EXT-X-MAP: URI"),
        new Refusal("preload hint URI with a quote", () -> PlaylistWriter.write(ll(CONTROL, 0.5, 0,
            LL_SEGMENTS, LL_NEXT, new PreloadHint(HintType.PART, "a\"b"), false)), "EXT-X-PRELOAD-HINT: URI"),
        new Refusal("rendition report URI with a newline", () -> PlaylistWriter.write(new MediaPlaylist(2, 1, 0,
            false, null, null, null, 0, List.of(segment(1, 2)), null, null,
            List.of(new RenditionReport("a\nb", 1, null)), false)), "EXT-X-RENDITION-REPORT: URI"),
        new Refusal("target duration 0", () -> PlaylistWriter.write(MediaPlaylist.live(0, 0, 0, null, List.of(),
            false)), "EXT-X-TARGETDURATION 0 is below 1 second"),
        new Refusal("first segment carries its own map", () -> PlaylistWriter.write(window("init.mp4",
            List.of(new Segment("s.m4s", 2, null, true, List.of(), "v2.mp4")))), "the first listed segment"),
        new Refusal("parts without EXT-X-PART-INF", () -> PlaylistWriter.write(ll(CONTROL, null, 0,
            LL_SEGMENTS, LL_NEXT, null, false)), "without EXT-X-PART-INF"),
        new Refusal("EXT-X-PART-INF without PART-HOLD-BACK", () -> PlaylistWriter.write(ll(
            new ServerControl(true, null, null, null), 0.5, 0, LL_SEGMENTS, LL_NEXT, null, false)),
            "without PART-HOLD-BACK"),
        new Refusal("PART-HOLD-BACK under twice the part target", () -> PlaylistWriter.write(ll(
            new ServerControl(true, 0.99999, null, null), 0.5, 0, LL_SEGMENTS, LL_NEXT, null, false)),
            "PART-HOLD-BACK 0.99999 is less than twice PART-TARGET"),
        new Refusal("HOLD-BACK under three target durations", () -> PlaylistWriter.write(ll(
            new ServerControl(true, 1.5, 5.9, null), 0.5, 0, LL_SEGMENTS, LL_NEXT, null, false)),
            "HOLD-BACK 5.900 is less than three target durations"),
        new Refusal("CAN-SKIP-UNTIL under six target durations", () -> PlaylistWriter.write(ll(
            new ServerControl(true, 1.5, null, 11.0), 0.5, 0, LL_SEGMENTS, LL_NEXT, null, false)),
            "CAN-SKIP-UNTIL 11.000 is less than six target durations"),
        new Refusal("EXT-X-SERVER-CONTROL with nothing in it (fuzz finding)", () -> PlaylistWriter.write(
            new MediaPlaylist(2, 1, 0, false, null, new ServerControl(false, null, null, null), null, 0,
                List.of(segment(1, 2)), null, null, List.of(), false)), "EXT-X-SERVER-CONTROL with no attribute"),
        new Refusal("delta update without CAN-SKIP-UNTIL", () -> PlaylistWriter.write(ll(
            new ServerControl(true, 1.5, null, null), 0.5, 1, LL_SEGMENTS, LL_NEXT, null, false)),
            "EXT-X-SKIP in a playlist without CAN-SKIP-UNTIL"),
        new Refusal("preload hint after EXT-X-ENDLIST", () -> PlaylistWriter.write(ll(CONTROL, 0.5, 0,
            LL_SEGMENTS, null, new PreloadHint(HintType.PART, "next.m4s"), true)),
            "EXT-X-PRELOAD-HINT in a playlist with EXT-X-ENDLIST"),
        new Refusal("segment in progress after EXT-X-ENDLIST", () -> PlaylistWriter.write(ll(CONTROL, 0.5,
            0, LL_SEGMENTS, LL_NEXT, null, true)), "a segment in progress in a playlist with EXT-X-ENDLIST"),
        new Refusal("master without variants",
            () -> PlaylistWriter.write(new MasterPlaylist(6, true, List.of(), List.of())), "no EXT-X-STREAM-INF"),
        new Refusal("variant names an audio group nobody declares", () -> PlaylistWriter.write(new MasterPlaylist(6,
            true, List.of(), List.of(new Variant("v.m3u8", 1000, null, null, null, null, "aac")))),
            "variant 0: AUDIO names no EXT-X-MEDIA GROUP-ID"),
        new Refusal("user text as a rendition NAME", () -> PlaylistWriter.write(new MasterPlaylist(6, true,
            List.of(new AudioRendition("aac", "Main \"Audio\"", null, false, false, null, null)),
            List.of(SOURCE))), "EXT-X-MEDIA aac/? NAME is not a token"),
        new Refusal("CODECS with a quote", () -> PlaylistWriter.write(new MasterPlaylist(6, true, List.of(),
            List.of(new Variant("v.m3u8", 1000, null, "avc1\",x", null, null, null)))), "variant 0: CODECS"),
        new Refusal("AVERAGE-BANDWIDTH above BANDWIDTH", () -> PlaylistWriter.write(new MasterPlaylist(6, true,
            List.of(), List.of(new Variant("v.m3u8", 1000, 1001L, null, null, null, null)))),
            "AVERAGE-BANDWIDTH is above the peak"),
        new Refusal("variant URI with a newline", () -> PlaylistWriter.write(new MasterPlaylist(6, true, List.of(),
            List.of(P720, new Variant("v.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=1", 1, null, null, null, null, null)))),
            "variant 1: URI"),
        new Refusal("two DEFAULT=YES renditions in a group", () -> PlaylistWriter.write(new MasterPlaylist(6, true,
            List.of(new AudioRendition("aac", "a", null, true, true, null, "a.m3u8"),
                new AudioRendition("aac", "b", null, true, true, null, "b.m3u8")), List.of(SOURCE))),
            "a second DEFAULT=YES in its group"),
        new Refusal("two renditions of a group with one NAME", () -> PlaylistWriter.write(new MasterPlaylist(6, true,
            List.of(new AudioRendition("aac", "a", null, false, false, null, "a.m3u8"),
                new AudioRendition("aac", "a", null, false, false, null, "b.m3u8")), List.of(SOURCE))),
            "share a NAME"),
        new Refusal("DEFAULT=YES without AUTOSELECT=YES", () -> PlaylistWriter.write(new MasterPlaylist(6, true,
            List.of(new AudioRendition("aac", "a", null, true, false, null, null)), List.of(SOURCE))),
            "DEFAULT=YES without AUTOSELECT=YES"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refuses(Refusal refusal) {
    InvalidPlaylistException e = assertThrows(InvalidPlaylistException.class, refusal.write()::get);
    assertTrue(e.getMessage().contains(refusal.fragment()), () -> "message was: " + e.getMessage());
    assertEquals(1, e.violations().size(), () -> "one rule broken, but: " + e.violations());
  }

  @Test
  void refusalsNeverRepeatTheUriTheyRefuse() {
    var e = assertThrows(InvalidPlaylistException.class, () -> PlaylistWriter.write(
        window(null, List.of(Segment.of("seg.m4s?token=s3cr3t\"", 2)))));
    assertTrue(!e.getMessage().contains("s3cr3t"), e.getMessage());
  }

  @Test
  void extinfJustBelowTheRoundingPointIsWithinTheTargetDuration() {
    String text = PlaylistWriter.write(window("init.mp4", List.of(segment(1, 2.49999))));
    assertTrue(text.contains("#EXTINF:2.49999,\n"), text);
  }

  @Test
  void durationsRenderWithThreeToFiveDecimals() {
    assertEquals("2.000", PlaylistSyntax.decimal(2));
    assertEquals("0.33334", PlaylistSyntax.decimal(0.333336));
    assertEquals("1.500", PlaylistSyntax.decimal(1.5));
    assertEquals("0.1235", PlaylistSyntax.decimal(0.1235));
    assertEquals("10.000", PlaylistSyntax.decimal(9.999996));
    assertEquals("29.970", PlaylistSyntax.frameRate(30000.0 / 1001));
    assertEquals("60.000", PlaylistSyntax.frameRate(60));
  }

  @Test
  void programDateTimeIsUtcWithMillisecondsAndSubMillisecondsAreCut() {
    assertEquals("2026-03-01T12:00:00.123Z", PlaylistSyntax.dateTime(Instant.parse("2026-03-01T12:00:00.123999Z")));
  }

  @Test
  void versionIsTheLowestTheContentNeeds() {
    assertEquals(3, window(null, List.of(segment(1, 2))).version());
    assertEquals(6, window("init.mp4", List.of(segment(1, 2))).version());
    assertEquals(6, window(null, List.of(segment(1, 2), new Segment("s.m4s", 2, null, true, List.of(), "i.mp4")))
        .version());
    assertEquals(6, lowLatency().version()); // LL-HLS tags raise no version
    assertEquals(9, ll(CONTROL, 0.5, 1, LL_SEGMENTS, LL_NEXT, null, false).version());
  }

  @Test
  void aMapWithNoMediaYetIsStillWritten() {
    String text = PlaylistWriter.write(MediaPlaylist.live(2, 0, 0, "init.mp4", List.of(), false));
    assertTrue(text.endsWith("#EXT-X-MAP:URI=\"init.mp4\"\n"), text);
  }

  @Test
  void partsAtExactlyThePartTargetAreAccepted() {
    var parts = parts(24, 1, 0.5);
    PlaylistWriter.write(ll(CONTROL, 0.5, 0, LL_SEGMENTS, NextSegment.of(parts), null, false));
  }
}

package io.headwater.media.hls.codec;

import static io.headwater.media.hls.codec.PlaylistVectors.LOW_LATENCY_CONTROL;
import static io.headwater.media.hls.codec.PlaylistVectors.at;
import static io.headwater.media.hls.codec.PlaylistVectors.lowLatency;
import static io.headwater.media.hls.codec.PlaylistVectors.parts;
import static io.headwater.media.hls.codec.PlaylistVectors.segment;
import static io.headwater.media.hls.codec.PlaylistVectors.withParts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.headwater.media.hls.codec.MediaPlaylist.HintType;
import io.headwater.media.hls.codec.MediaPlaylist.NextSegment;
import io.headwater.media.hls.codec.MediaPlaylist.Part;
import io.headwater.media.hls.codec.MediaPlaylist.PreloadHint;
import io.headwater.media.hls.codec.MediaPlaylist.Segment;
import io.headwater.media.hls.codec.MediaPlaylist.ServerControl;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PlaylistCheckerTest {
  @ParameterizedTest(name = "{0}")
  @MethodSource(PlaylistVectors.MEDIA_ROWS)
  void theGoldenVectorsBreakNoRule(PlaylistVectors.MediaRow row) {
    assertEquals(List.of(), PlaylistChecker.check(row.model()));
  }

  /** One rule broken once, and a fragment of the sentence the checker says about it. */
  record Scenario(String name, Supplier<List<String>> check, String fragment) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** A plain window of 2-second segments first..last, each starting at its own media time. */
  static MediaPlaylist window(long first, long last) {
    return window(first, last, 0, List.of());
  }

  static MediaPlaylist window(long first, long last, long discontinuitySequence, List<Long> discontinuities) {
    List<Segment> segments = new ArrayList<>();
    LongStream.rangeClosed(first, last).forEach(msn -> segments.add(new Segment("seg" + msn + ".m4s", 2.0, null,
        discontinuities.contains(msn), List.of(), null)));
    return MediaPlaylist.live(2, first, discontinuitySequence, "init.mp4", segments, false);
  }

  static MediaPlaylist replace(MediaPlaylist p, long msn, Segment s) {
    List<Segment> segments = new ArrayList<>(p.segments());
    segments.set((int) (msn - p.firstListedSequence()), s);
    return withSegments(p, segments, p.next(), p.preloadHint());
  }

  static MediaPlaylist withSegments(MediaPlaylist p, List<Segment> segments, NextSegment next, PreloadHint hint) {
    return new MediaPlaylist(p.targetDuration(), p.mediaSequence(), p.discontinuitySequence(),
        p.independentSegments(), p.map(), p.serverControl(), p.partTarget(), p.skippedSegments(), segments, next,
        hint, p.renditionReports(), p.endList());
  }

  static MediaPlaylist ll(List<Segment> segments, NextSegment next, PreloadHint hint) {
    return withSegments(lowLatency(), segments, next, hint);
  }

  static final Segment S20 = segment(20, 2.0);
  static final Segment S21 = segment(21, 2.0);

  /** The low-latency vector one part later: segment 24 complete, 25 in progress, 20 slid out. */
  static MediaPlaylist lowLatencyLater() {
    return new MediaPlaylist(2, 21, 0, true, "init.mp4", LOW_LATENCY_CONTROL, 0.5, 0,
        List.of(S21, withParts(22, 4, 0.5), withParts(23, 4, 0.5), withParts(24, 4, 0.5)),
        NextSegment.of(parts(25, 1, 0.5)), new PreloadHint(HintType.PART, "seg25.part1.m4s"), List.of(), false);
  }

  static Stream<Scenario> scenarios() {
    List<Part> shortMiddle = List.of(new Part("a.m4s", 0.5, true), new Part("b.m4s", 0.4, false),
        new Part("c.m4s", 0.5, false), new Part("d.m4s", 0.5, false));
    return Stream.of(
        new Scenario("EXTINF above the target duration (the writer's rules are included)",
            () -> PlaylistChecker.check(replace(window(1, 3), 2, Segment.of("seg2.m4s", 2.6))),
            "segment 2: EXTINF 2.600 rounds to 3"),
        new Scenario("parts that do not add up to their segment", () -> PlaylistChecker.check(replace(lowLatency(), 22,
            new Segment("seg22.m4s", 1.9, null, false, parts(22, 4, 0.5), null))),
            "segment 22: its parts sum to 2 s, its EXTINF is 1.900"),
        new Scenario("parts kept more than three target durations from the end", () -> PlaylistChecker.check(ll(
            List.of(withParts(20, 4, 0.5), withParts(21, 4, 0.5), withParts(22, 4, 0.5), withParts(23, 4, 0.5)),
            lowLatency().next(), lowLatency().preloadHint())),
            "segment 20 still lists parts more than three target durations from the end"),
        new Scenario("parts removed out of order", () -> PlaylistChecker.check(ll(List.of(S20, S21,
            withParts(22, 4, 0.5), segment(23, 2.0)), lowLatency().next(), lowLatency().preloadHint())),
            "segment 23 lists no parts though an earlier one does"),
        new Scenario("a keyframe segment whose first part lacks INDEPENDENT", () -> PlaylistChecker.check(ll(List.of(
            S20, S21, withParts(22, 4, 0.5), new Segment("seg23.m4s", 1.0, null, false,
                List.of(new Part("x.m4s", 0.5, false), new Part("y.m4s", 0.5, false)), null)),
            lowLatency().next(), lowLatency().preloadHint())), "part 23.0 starts a segment"),
        new Scenario("keyframe hook: a segment that does not start with one", () -> PlaylistChecker.check(lowLatency(),
            PlaylistChecker.Options.DEFAULT.withKeyframes(uri -> !uri.equals("seg21.m4s"))),
            "segment 21 does not start with a keyframe"),
        new Scenario("keyframe hook: an INDEPENDENT part that does not start with one", () -> PlaylistChecker.check(
            lowLatency(), PlaylistChecker.Options.DEFAULT.withKeyframes(uri -> !uri.equals("seg23.part0.m4s"))),
            "part 23.0 has INDEPENDENT=YES but does not start with a keyframe"),
        new Scenario("a middle part under 85% of the part target", () -> PlaylistChecker.check(ll(List.of(S20, S21,
            withParts(22, 4, 0.5), new Segment("seg23.m4s", 1.9, null, false, shortMiddle, null)),
            lowLatency().next(), lowLatency().preloadHint())), "part 23.1: DURATION 0.400 is below 85%"),
        new Scenario("PART-HOLD-BACK under three part targets", () -> PlaylistChecker.check(new MediaPlaylist(2, 20, 0,
            true, "init.mp4", new ServerControl(true, 1.2, null, null), 0.5, 0, lowLatency().segments(),
            lowLatency().next(), lowLatency().preloadHint(), List.of(), false)),
            "PART-HOLD-BACK is less than three times PART-TARGET"),
        new Scenario("preload hint naming a part already listed", () -> PlaylistChecker.check(ll(
            lowLatency().segments(), lowLatency().next(), new PreloadHint(HintType.PART, "seg24.part1.m4s"))),
            "EXT-X-PRELOAD-HINT names a resource already listed"),
        new Scenario("two segments with one URI", () -> PlaylistChecker.check(replace(window(1, 3), 3,
            Segment.of("seg1.m4s", 2.0))), "segment 3 has the URI of segment 1"),
        new Scenario("a discontinuity without a date-time where dates are mapped", () -> PlaylistChecker.check(
            MediaPlaylist.live(2, 1, 0, "init.mp4", List.of(segment(1, 2.0, at(0)),
                new Segment("seg2.m4s", 2.0, null, true, List.of(), null)), false)),
            "segment 2: EXT-X-DISCONTINUITY without EXT-X-PROGRAM-DATE-TIME"),

        new Scenario("media sequence went back", () -> PlaylistChecker.checkReload(window(100, 103), window(99, 102)),
            "EXT-X-MEDIA-SEQUENCE went back from 100 to 99"),
        new Scenario("a segment removed from the end", () -> PlaylistChecker.checkReload(window(100, 103),
            window(100, 102)), "segments 103 to 103 vanished from the end"),
        new Scenario("a listed segment changed its URI", () -> PlaylistChecker.checkReload(window(100, 103),
            replace(window(101, 104), 102, Segment.of("other.m4s", 2.0))), "segment 102 changed its URI"),
        new Scenario("a listed segment changed its duration", () -> PlaylistChecker.checkReload(window(100, 103),
            replace(window(101, 104), 103, Segment.of("seg103.m4s", 1.9))), "segment 103 changed its EXTINF"),
        new Scenario("a listed segment gained a discontinuity", () -> PlaylistChecker.checkReload(window(100, 103),
            window(101, 104, 0, List.of(102L))), "segment 102 gained its EXT-X-DISCONTINUITY"),
        new Scenario("a discontinuity slid out without the sequence counting it", () -> PlaylistChecker.checkReload(
            window(100, 103, 4, List.of(100L)), window(101, 104, 4, List.of())),
            "EXT-X-DISCONTINUITY-SEQUENCE is 4, expected 5: 1 discontinuities slid out"),
        new Scenario("the discontinuity sequence counted a discontinuity that did not slide out",
            () -> PlaylistChecker.checkReload(window(100, 103, 0, List.of(101L)), window(101, 104, 1, List.of(101L))),
            "EXT-X-DISCONTINUITY-SEQUENCE is 1, expected 0"),
        new Scenario("the target duration changed", () -> PlaylistChecker.checkReload(window(100, 103),
            MediaPlaylist.live(3, 101, 0, "init.mp4", window(101, 105).segments(), false)),
            "EXT-X-TARGETDURATION changed from 2 to 3"),
        new Scenario("a segment added after EXT-X-ENDLIST", () -> PlaylistChecker.checkReload(
            MediaPlaylist.live(2, 100, 0, "init.mp4", window(100, 103).segments(), true),
            MediaPlaylist.live(2, 100, 0, "init.mp4", window(100, 104).segments(), true)),
            "the playlist changed after EXT-X-ENDLIST"),
        new Scenario("segments removed below three target durations", () -> PlaylistChecker.checkReload(
            window(100, 102), window(101, 102)), "leaving 4 s, less than three target durations"),
        new Scenario("the hinted part listed elsewhere than next", () -> PlaylistChecker.checkReload(lowLatency(), ll(
            lowLatency().segments(), NextSegment.of(List.of(parts(24, 2, 0.5).get(0), parts(24, 2, 0.5).get(1),
                new Part("other.m4s", 0.5, false), new Part("seg24.part2.m4s", 0.5, false))), null)),
            "the part hinted after part 24.1 was listed as part 24.3"),
        new Scenario("parts of the segment in progress changed", () -> PlaylistChecker.checkReload(lowLatency(), ll(
            lowLatency().segments(), NextSegment.of(List.of(parts(24, 1, 0.5).get(0), new Part("x.m4s", 0.5, false))),
            null)), "segment 24 changed the parts it had listed while in progress"),
        new Scenario("the segment in progress vanished", () -> PlaylistChecker.checkReload(lowLatency(), ll(
            lowLatency().segments(), null, null)), "segment 24, in progress with parts, vanished"),
        new Scenario("parts added to a segment listed without them", () -> PlaylistChecker.checkReload(lowLatency(),
            replace(lowLatency(), 21, withParts(21, 4, 0.5))), "segment 21 gained parts"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void reportsTheBrokenRuleOnce(Scenario s) {
    List<String> violations = s.check().get();
    assertEquals(1, violations.size(), () -> "violations: " + violations);
    assertTrue(violations.get(0).contains(s.fragment()), () -> "violation was: " + violations.get(0));
  }

  @Test
  void aLiveWindowSlidingThroughAReconnectIsClean() {
    PlaylistChecker checker = new PlaylistChecker();
    assertEquals(List.of(), checker.accept(window(100, 103, 0, List.of(102L))));
    assertEquals(List.of(), checker.accept(window(101, 104, 0, List.of(102L))));
    assertEquals(List.of(), checker.accept(window(102, 105, 0, List.of(102L))));
    assertEquals(List.of(), checker.accept(window(103, 106, 1, List.of())));
    assertEquals(List.of(), checker.accept(MediaPlaylist.live(2, 104, 1, "init.mp4", window(104, 106).segments(),
        true)));
  }

  @Test
  void aLowLatencyPlaylistAdvancingAPartAtATimeIsClean() {
    PlaylistChecker checker = new PlaylistChecker();
    assertEquals(List.of(), checker.accept(lowLatency()));
    MediaPlaylist twoMoreParts = ll(lowLatency().segments(), NextSegment.of(parts(24, 3, 0.5)),
        new PreloadHint(HintType.PART, "seg24.part3.m4s"));
    assertEquals(List.of(), checker.accept(twoMoreParts));
    assertEquals(List.of(), checker.accept(lowLatencyLater()));
  }

  @Test
  void aDeltaUpdateIsCheckedAgainstTheFullPlaylist() {
    MediaPlaylist delta = PlaylistVectors.MEDIA.stream().filter(r -> r.name().contains("delta")).findFirst()
        .orElseThrow().model();
    MediaPlaylist full = ll(lowLatency().segments(), NextSegment.of(parts(24, 1, 0.5)),
        new PreloadHint(HintType.PART, "seg24.part1.m4s"));
    assertEquals(List.of(), PlaylistChecker.checkReload(full, delta));
  }
}

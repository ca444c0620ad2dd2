package io.headwater.media.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.headwater.TestClock;
import io.headwater.media.MediaItem;
import io.headwater.media.hls.codec.MediaPlaylist;
import io.headwater.media.hls.codec.PlaylistChecker;
import io.headwater.media.hls.codec.PlaylistParser;
import io.headwater.media.mp4.codec.FragmentReader;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One rendition packaged in memory, its playlist parsed and checked by {@link PlaylistChecker} (RFC 8216 and
 * rfc8216bis rules, alone and against the previous reload) after every item, with the keyframe hook reading
 * the first sample of each segment and part.
 */
final class PackagingHarness {
  private static final Pattern SEGMENT = Pattern.compile("src/s(\\d+)\\.m4s");
  private static final Pattern PART = Pattern.compile("src/p(\\d+)\\.(\\d+)\\.m4s");

  final TestClock clock = new TestClock(Instant.parse("2026-11-25T12:00:00Z"));
  final HlsSettings settings;
  final MemoryBudget budget;
  final RenditionWindow window;
  final RenditionPackager packager;
  final List<MediaPlaylist> reloads = new ArrayList<>();
  private final PlaylistChecker checker;
  private String lastText;
  /** Violations a test expects (by their text's start), left out of the check. */
  String tolerated = "\u0000";

  PackagingHarness(boolean lowLatency) {
    this(lowLatency, settings(6, 64L << 20));
  }

  PackagingHarness(boolean lowLatency, HlsSettings settings) {
    this.settings = settings;
    this.budget = new MemoryBudget(settings.totalBudget());
    this.window = new RenditionWindow("src", settings, lowLatency, budget, clock);
    this.packager = new RenditionPackager(window, settings);
    this.checker = new PlaylistChecker(PlaylistChecker.Options.DEFAULT.withKeyframes(this::startsWithKeyframe));
  }

  static HlsSettings settings(int window, long streamBudget) {
    return new HlsSettings(Duration.ofSeconds(2), window, Duration.ofMillis(500), Duration.ofSeconds(30),
        Duration.ofSeconds(6), streamBudget, Math.max(streamBudget, 1L << 30), Duration.ofSeconds(15));
  }

  /** Feeds items, a frame interval of wall-clock time apart, checking every playlist change. */
  void feed(List<? extends MediaItem> items) {
    for (MediaItem item : items) {
      clock.advance(Duration.ofMillis(10));
      packager.accept(item, clock.instant());
      check();
    }
  }

  void check() {
    String text = window.playlist().orElse(null);
    if (text == null || text.equals(lastText)) return;
    lastText = text;
    try {
      MediaPlaylist p = new PlaylistParser().parseMedia(text);
      List<String> violations = checker.accept(p).stream().filter(v -> !v.contains(tolerated)).toList();
      assertEquals(List.of(), violations, text);
      reloads.add(p);
    } catch (Exception e) {
      throw new AssertionError(text, e);
    }
  }

  MediaPlaylist last() {
    return reloads.get(reloads.size() - 1);
  }

  /** A segment's bytes, its fragments joined. */
  byte[] segment(long msn) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    window.segment(msn).orElseThrow().forEach(out::writeBytes);
    return out.toByteArray();
  }

  private boolean startsWithKeyframe(String uri) {
    try {
      byte[] bytes;
      Matcher s = SEGMENT.matcher(uri);
      Matcher p = PART.matcher(uri);
      if (s.matches()) {
        bytes = segment(Long.parseLong(s.group(1)));
      } else if (p.matches()) {
        bytes = window.part(Long.parseLong(p.group(1)), Integer.parseInt(p.group(2))).orElseThrow();
      } else {
        throw new AssertionError("unexpected URI " + uri);
      }
      var first = FragmentReader.read(bytes).get(0).tracks().get(0);
      return first.samples().get(0).sync();
    } catch (Exception e) {
      throw new AssertionError(uri, e);
    }
  }
}

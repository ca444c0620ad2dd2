package io.headwater.media.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.headwater.TestClock;
import io.headwater.media.MediaItem;
import io.headwater.media.hls.codec.MasterPlaylist;
import io.headwater.media.hls.codec.MediaPlaylist;
import io.headwater.media.hls.codec.PlaylistChecker;
import io.headwater.media.hls.codec.PlaylistParser;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A broadcast with a ladder rung next to the source: both listed, segments aligned, rendition reports. */
class BroadcastTest {
  private final TestClock clock = new TestClock(Instant.parse("2026-11-25T12:00:00Z"));
  private final HlsSettings settings = PackagingHarness.settings(6, 64L << 20);

  private Broadcast feed(boolean lowLatency, double seconds) {
    Broadcast b = new Broadcast("0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210", settings,
        lowLatency, new MemoryBudget(1L << 30), clock);
    int g = b.generation();
    for (MediaItem item : SyntheticStream.av(0, seconds, 30, 2, true)) {
      clock.advance(Duration.ofMillis(10));
      b.accept(g, item, clock.instant());
      b.accept(g, "360p", item, clock.instant()); // a rung whose keyframes fall on the source's
    }
    return b;
  }

  @Test
  void theMasterListsEveryRenditionWithItsAttributes() throws Exception {
    Broadcast b = feed(false, 7);
    MasterPlaylist master = new PlaylistParser().parseMaster(b.masterPlaylist().orElseThrow());
    assertEquals(List.of("fedcba9876543210fedcba9876543210/src.m3u8", "fedcba9876543210fedcba9876543210/360p.m3u8"),
        master.variants().stream().map(MasterPlaylist.Variant::uri).toList());
    assertEquals("avc1.64001f,mp4a.40.2", master.variants().get(1).codecs());
  }

  @Test
  void theMasterListsTheLaddersRenditionsInTheirDeclaredOrderWhicheverDeliversFirst() throws Exception {
    Broadcast b = new Broadcast("0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210", settings,
        false, new MemoryBudget(1L << 30), clock);
    b.declare(List.of("1080p", "720p", "360p"));
    int g = b.generation();
    for (MediaItem item : SyntheticStream.av(0, 5, 30, 2, true)) {
      clock.advance(Duration.ofMillis(10));
      for (String rendition : List.of("360p", "src", "extra", "720p")) b.accept(g, rendition, item, clock.instant());
    }
    MasterPlaylist master = new PlaylistParser().parseMaster(b.masterPlaylist().orElseThrow());
    assertEquals(List.of("src", "720p", "360p", "extra"), master.variants().stream()
        .map(v -> v.uri().substring(33, v.uri().length() - 5)).toList(), "1080p got nothing and does not exist");
    assertTrue(b.rendition("1080p").isEmpty());
  }

  @Test
  void segmentsOfTheSameSequenceNumberCoverTheSameTimeAcrossRenditions() throws Exception {
    Broadcast b = feed(false, 9);
    MediaPlaylist src = new PlaylistParser().parseMedia(b.rendition("src").orElseThrow().playlist().orElseThrow());
    MediaPlaylist rung = new PlaylistParser().parseMedia(b.rendition("360p").orElseThrow().playlist().orElseThrow());
    assertEquals(src.mediaSequence(), rung.mediaSequence());
    assertEquals(src.segments().stream().map(MediaPlaylist.Segment::duration).toList(),
        rung.segments().stream().map(MediaPlaylist.Segment::duration).toList());
  }

  @Test
  void lowLatencyPlaylistsReportTheOtherRenditions() throws Exception {
    Broadcast b = feed(true, 5);
    RenditionWindow src = b.rendition("src").orElseThrow();
    String text = b.withRenditionReports(src, src.playlist().orElseThrow());
    MediaPlaylist p = new PlaylistParser().parseMedia(text);
    assertEquals(1, p.renditionReports().size(), text);
    assertEquals("360p.m3u8", p.renditionReports().get(0).uri());
    assertTrue(p.renditionReports().get(0).lastPart() != null);
    assertEquals(List.of(), PlaylistChecker.check(p));

    b.end();
    String ended = b.withRenditionReports(src, src.playlist().orElseThrow());
    assertFalse(ended.contains("RENDITION-REPORT"), "an ended playlist reports nothing");
  }
}

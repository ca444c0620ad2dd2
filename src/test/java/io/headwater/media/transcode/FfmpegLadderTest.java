package io.headwater.media.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.headwater.it.Await;
import io.headwater.media.MediaItem;
import io.headwater.media.hls.Broadcast;
import io.headwater.media.hls.HlsSettings;
import io.headwater.media.hls.HlsStreams;
import io.headwater.media.hls.codec.MasterPlaylist;
import io.headwater.media.hls.codec.MediaPlaylist;
import io.headwater.media.hls.codec.PlaylistParser;
import io.headwater.media.hub.StreamHub;
import io.headwater.media.hub.StreamHubs;
import io.headwater.media.hub.StreamProfile;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The ladder inside the stream graph, as a node runs it: a hub, HLS packaging the source and every rung, the
 * transcoder on its dispatcher. Rungs are listed in the master with their size and codecs, their segments
 * cover the source's time ranges, and a transcoder that cannot keep up drops (and reports) without costing the
 * source rendition a frame or the rungs their alignment.
 */
@ExtendWith(LogCapturingExtension.class)
class FfmpegLadderTest {
  private static final ActorTestKit actors = ActorTestKit.create();
  private static final String INPUT = "0123456789abcdef0123456789abcdef";
  private static final HlsSettings HLS = new HlsSettings(Duration.ofSeconds(2), 6, Duration.ofMillis(500),
      Duration.ofSeconds(30), Duration.ofSeconds(6), 64L << 20, 1L << 30, Duration.ofSeconds(15));
  private final List<String> reports = new CopyOnWriteArrayList<>();

  @AfterAll
  static void stop() {
    actors.shutdownTestKit();
  }

  @Test
  void everyRungIsListedAndCutWhereTheSourceIs() throws Exception {
    Broadcast b = publish(settings("ultrafast", Duration.ofSeconds(60)), SourceStreams.h264(640, 360, 9, 30));

    MasterPlaylist master = new PlaylistParser().parseMaster(b.masterPlaylist().orElseThrow());
    assertEquals(List.of("src", "240p", "180p"), master.variants().stream()
        .map(v -> v.uri().substring(v.uri().indexOf('/') + 1, v.uri().indexOf(".m3u8"))).toList());
    assertEquals(List.of("640x360", "426x240", "320x180"),
        master.variants().stream().map(v -> v.resolution().toString()).toList());
    for (MasterPlaylist.Variant v : master.variants()) {
      assertTrue(v.codecs().matches("avc1\\.[0-9a-f]{6},mp4a\\.40\\.2"), v.codecs());
      assertEquals(30.0, v.frameRate(), 0.5);
    }
    assertTrue(master.variants().get(2).bandwidth() < master.variants().get(1).bandwidth(), "180p is lighter than 240p");
    assertAligned(b);
    assertEquals(List.of(), reports);
  }

  @Test
  void aTranscoderBehindRealTimeDropsAndReportsWhileTheSourceLosesNothingAndSegmentsStayAligned() throws Exception {
    // Nine seconds handed over at once to x264's slowest preset, half a second of lag allowed: it cannot keep up.
    Broadcast b = publish(settings("veryslow", Duration.ofMillis(500)), SourceStreams.h264(640, 360, 9, 30));

    assertTrue(reports.stream().anyMatch(r -> r.startsWith("transcoding fell behind real time: ")), reports.toString());
    MediaPlaylist src = media(b, "src");
    assertEquals(9.0, src.segments().stream().mapToDouble(MediaPlaylist.Segment::duration).sum(), 0.05,
        "the source rendition has every second");
    assertAligned(b, 1);
  }

  @Test
  void aReconnectContinuesEveryRenditionAtTheSameSegmentAndTime() throws Exception {
    List<MediaItem> source = SourceStreams.h264(640, 360, 9, 30);
    Node node = new Node(settings("ultrafast", Duration.ofSeconds(60)));
    Broadcast first = node.publish(source.subList(0, source.size() / 2), "publish-1", false);
    Broadcast b = node.publish(source, "publish-2", true); // the encoder's timestamps start again

    assertTrue(first == b, "the same broadcast");
    assertAligned(b);
    for (String rendition : List.of("src", "240p", "180p")) {
      List<Long> joins = discontinuities(media(b, rendition));
      assertEquals(1, joins.size(), rendition + " has one discontinuity");
      assertEquals(joins, discontinuities(media(b, "src")), rendition + " joins where the source joins");
    }
  }

  private static List<Long> discontinuities(MediaPlaylist p) {
    List<Long> joins = new ArrayList<>();
    for (int i = 0; i < p.segments().size(); i++) if (p.segments().get(i).discontinuity()) joins.add(p.mediaSequence() + i);
    return joins;
  }

  /** Publishes {@code source} into a hub with the ladder attached; returns the broadcast once every rendition ended. */
  private Broadcast publish(TranscodeSettings settings, List<MediaItem> source) throws InterruptedException {
    return new Node(settings).publish(source, "publish-1", false);
  }

  /** What a node runs: HLS with the ladder on its hubs. */
  private final class Node {
    final HlsStreams hls;
    final StreamHubs hubs = new StreamHubs(2000, 3000, 64L << 20);

    Node(TranscodeSettings settings) {
      FfmpegLadder ladder = new FfmpegLadder(actors.system(), settings,
          (input, publish, reason) -> reports.add(reason));
      hls = new HlsStreams(actors.system(), HLS, Clock.systemUTC(), ladder);
      hubs.addListener(hls);
    }

    Broadcast publish(List<MediaItem> source, String session, boolean resumes) throws InterruptedException {
      StreamHub hub = hubs.open(INPUT, new StreamProfile(session, false, Duration.ofSeconds(60), resumes));
      // As with a live encoder, whose first GOP is still on its way when the consumers attach.
      Await.condition("HLS and the transcoder attached", Duration.ofSeconds(10), () -> hub.stats().consumers().size() == 2);
      source.forEach(hub::publish);
      hubs.close(hub, null);
      Broadcast b = hls.find(INPUT).orElseThrow();
      Await.condition("every rendition ended", Duration.ofSeconds(60), () -> b.state() != Broadcast.State.LIVE);
      return b;
    }
  }

  private static TranscodeSettings settings(String preset, Duration maxLag) {
    return new TranscodeSettings(true, preset, TranscoderTest.SETTINGS.ladder(), maxLag, 0,
        "headwater.transcode.dispatcher");
  }

  /** Same media sequence numbers, same segment durations: the same time ranges in every rendition. */
  private static void assertAligned(Broadcast b) throws Exception {
    assertAligned(b, 0);
  }

  /**
   * As {@link #assertAligned(Broadcast)}, but for the last {@code open} segments, whose ends may differ: a
   * transcoder that dropped the last frames of the stream ends its renditions at its last picture.
   */
  private static void assertAligned(Broadcast b, int open) throws Exception {
    MediaPlaylist src = media(b, "src");
    assertTrue(src.segments().size() >= 4, "segments: " + src.segments().size());
    for (String rung : List.of("240p", "180p")) {
      MediaPlaylist p = media(b, rung);
      assertEquals(src.mediaSequence(), p.mediaSequence(), rung);
      assertEquals(src.segments().size(), p.segments().size(), rung);
      int closed = src.segments().size() - open;
      assertEquals(src.segments().subList(0, closed).stream().map(MediaPlaylist.Segment::duration).toList(),
          p.segments().subList(0, closed).stream().map(MediaPlaylist.Segment::duration).toList(), rung);
    }
  }

  private static MediaPlaylist media(Broadcast b, String rendition) throws Exception {
    Optional<String> text = b.rendition(rendition).flatMap(w -> w.playlist());
    return new PlaylistParser().parseMedia(text.orElseThrow(() -> new AssertionError("no " + rendition + " playlist")));
  }
}
